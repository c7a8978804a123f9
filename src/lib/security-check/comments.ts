import { Parser } from 'yaml';

// Where a file's comments are, so that a `fibonacci:ignore` counts only inside one: never inside a
// string value (a prompt the workflow sends at run time, or the secret's own string). YAML comments
// come from eemeli/yaml's concrete syntax tree (a `#` at a line's start or after whitespace, outside
// quoted and block scalars); it is asked only when the file mentions the directive. A .env file's
// comments follow dotenv's own grammar. JSON has no comments: nothing in it is a directive.

/** One comment: its offsets in the text, and whether it is alone on its line. */
export interface Comment {
  start: number;
  end: number;
  alone: boolean;
}

export type Syntax = 'yaml' | 'env' | 'json';

/** The syntax of a file by its name (`.json` has no comments; .env files have their own). */
export function syntaxOf(path: string, isEnv: boolean): Syntax {
  if (isEnv) return 'env';
  return /\.json$/i.test(path) ? 'json' : 'yaml';
}

/** The comments of `text`, in order. */
export function comments(text: string, syntax: Syntax): Comment[] {
  const spans = syntax === 'yaml' ? yamlComments(text) : syntax === 'env' ? envComments(text) : [];
  return spans.map(([start, end]) => ({ start, end, alone: aloneOnLine(text, start) }));
}

function aloneOnLine(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, start));
}

function yamlComments(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push([token.offset, token.offset + token.source.length]);
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'source') visit(value);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return out.sort((a, b) => a[0] - b[0]);
}

// dotenv's line grammar (its LINE expression), with the comment captured: a quoted value may span
// lines; an unquoted one ends at the first `#`.
const ENV_LINE =
  /^[ \t]*(?:export[ \t]+)?[\w.-]+(?:[ \t]*=[ \t]*?|:[ \t]+?)(?:[ \t]*'(?:\\'|[^'])*'|[ \t]*"(?:\\"|[^"])*"|[ \t]*`(?:\\`|[^`])*`|[^#\r\n]+)?[ \t]*(#[^\r\n]*)?\r?$|^[ \t]*(#[^\r\n]*)\r?$/dgm;

function envComments(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  ENV_LINE.lastIndex = 0;
  for (let m = ENV_LINE.exec(text); m !== null; m = ENV_LINE.exec(text)) {
    if (m[0] === '') ENV_LINE.lastIndex++;
    const span = m.indices?.[1] ?? m.indices?.[2];
    if (span) out.push([span[0], span[1]]);
  }
  return out;
}
