import { CST, Parser } from 'yaml';
import { eachJsonString } from '../json-syntax.js';
import { SECRET_REFERENCE } from '../secret-refs.js';
import type { LineIndex } from './scan-text.js';

// The `{{secrets.NAME}}` references `--env` checks are those of the parsed definition, which is what
// the server resolves: read from each decoded string, not from the text. A reference written with
// an escape (YAML `\u0055`, `\x4d`, an escaped line break; JSON `\u0053`) is one the server sees and
// the text does not show; one in a YAML comment is text the parser drops, and the server never
// sees. A reference is placed where the text shows it, or at its string when a decode changed it.

/** A `{{secrets.NAME}}` reference, for the `--env` check. */
export interface SecretRef {
  name: string;
  line: number;
  column: number;
}

/** The references in the decoded strings (keys too) of a JSON or YAML text that parses. */
export function secretReferences(text: string, lines: LineIndex, syntax: 'json' | 'yaml'): SecretRef[] {
  // Without `secrets` or an escape no string can hold a reference.
  if (!text.includes('secrets') && !text.includes('\\')) return [];
  const refs: SecretRef[] = [];
  const add = (value: string, start: number, end: number) => {
    if (!value.includes('secrets')) return;
    const names = Array.from(value.matchAll(SECRET_REFERENCE), (m) => m[1] as string);
    if (names.length === 0) return;
    const shown = [...text.slice(start, end).matchAll(SECRET_REFERENCE)];
    const same = shown.length === names.length && shown.every((m, i) => m[1] === names[i]);
    names.forEach((name, i) => {
      refs.push({ name, ...lines.position(same ? start + (shown[i]?.index ?? 0) : start) });
    });
  };
  if (syntax === 'json')
    eachJsonString(text, ({ value, start, end }) => {
      add(value, start, end);
      return undefined;
    });
  else yamlScalars(text, add);
  return refs;
}

/**
 * Each scalar of a YAML text, decoded, with its source range: eemeli/yaml's concrete syntax tree,
 * where comments, anchors and tags are tokens of their own (no composed document is built).
 */
function yamlScalars(text: string, add: (value: string, start: number, end: number) => void): void {
  const scalar = (token: CST.Token | undefined) => {
    if (!token || !CST.isScalar(token)) return;
    const r = CST.resolveAsScalar(token, true, () => undefined);
    if (r) add(r.value, token.offset, r.range[1]);
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      scalar(item.key ?? undefined);
      scalar(item.value);
    });
  }
}
