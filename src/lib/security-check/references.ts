import { CST, Lexer } from 'yaml';
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
 * Each scalar of a YAML text with its source range, from eemeli/yaml's lexer, one token at a time
 * (comments, anchors and tags are tokens of their own). Only a double-quoted scalar with an escape
 * is decoded: the other kinds differ from their source by line folding and indentation, whitespace
 * that SECRET_REFERENCE's names cannot hold. The lexer alone is a third of what its CST costs.
 */
function yamlScalars(text: string, add: (value: string, start: number, end: number) => void): void {
  let offset = 0;
  let plainNext = false;
  for (const source of new Lexer().lex(text)) {
    // Markers the lexer adds that are not in the text: SCALAR types the token after it.
    if (source === CST.SCALAR) {
      plainNext = true;
      continue;
    }
    if (source === CST.DOCUMENT || source === CST.FLOW_END) continue;
    const at = offset;
    offset += source.length;
    // A quoted scalar's token starts with its quote; nothing else does (CST.tokenType costs more).
    const plain = plainNext;
    plainNext = false;
    if (plain || source[0] === "'" || (source[0] === '"' && !source.includes('\\'))) add(source, at, offset);
    else if (source[0] === '"') {
      const token: CST.FlowScalar = { type: 'double-quoted-scalar', offset: at, indent: 0, source };
      add(CST.resolveAsScalar(token, true, () => undefined).value, at, offset);
    }
  }
}
