// An esbuild plugin that writes the bundle as ASCII only. esbuild escapes every non-ASCII character
// it can, but not in tagged templates (display's t`✓`, whose raw text it must keep) nor in regular
// expression literals (chrono-node's /–/). One such character makes Node decode the whole 1.4 MB
// file into a two-byte string at every start: 25M instructions, about 2.5 ms, more than all of
// `--help`'s own work after the bundle loads (bench/RESULTS.md, "One request").
//
// Each UTF-16 code unit above 0x7F becomes `\uXXXX`, which means the same character in a string, a
// template's cooked text, a regular expression (a surrogate pair too, with or without the u flag)
// and an identifier. Only a template tag reading `strings.raw` would see the difference; display's
// t reads the cooked strings, and the e2e tests read its ✓ and → as users see them.
// The source map is moved with the text: each mapping after an escape shifts right on its line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';

/** `text` with every code unit above 0x7F escaped; `shifts[line]`: [column, added] pairs, in order. */
export function escapeNonAscii(text) {
  const shifts = [];
  let line = 0;
  let column = 0;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      column = 0;
      continue;
    }
    if (code > 0x7f) {
      out += text.slice(from, i) + `\\u${code.toString(16).padStart(4, '0')}`;
      from = i + 1;
      shifts[line] = shifts[line] ?? [];
      shifts[line].push([column, 5]);
    }
    column++;
  }
  return { text: out + text.slice(from), shifts };
}

/** A source map's mappings moved by `shifts` (escapeNonAscii's). */
export function shiftMappings(mappings, shifts) {
  const lines = decode(mappings);
  shifts.forEach((pairs, line) => {
    if (!pairs || !lines[line]) return;
    for (const segment of lines[line]) {
      let added = 0;
      for (const [column, n] of pairs) if (column < segment[0]) added += n;
      segment[0] += added;
    }
  });
  return encode(lines);
}

export const asciiOutput = {
  name: 'ascii-output',
  setup(b) {
    // The files are written here, once escaped, instead of by esbuild.
    b.initialOptions.write = false;
    b.onEnd((result) => {
      if (result.errors.length > 0 || !result.outputFiles) return;
      const byPath = new Map(result.outputFiles.map((f) => [f.path, f]));
      for (const file of result.outputFiles) mkdirSync(dirname(file.path), { recursive: true });
      for (const file of result.outputFiles) {
        if (!/\.c?js$/.test(file.path)) continue;
        const { text, shifts } = escapeNonAscii(file.text);
        writeFileSync(file.path, text);
        const map = byPath.get(`${file.path}.map`);
        if (map) {
          const json = JSON.parse(map.text);
          json.mappings = shiftMappings(json.mappings, shifts);
          writeFileSync(map.path, JSON.stringify(json));
        }
      }
      for (const file of result.outputFiles) {
        if (!/\.c?js(\.map)?$/.test(file.path)) writeFileSync(file.path, file.contents);
      }
    });
  },
};

/** Whether a written file is ASCII only (the builds check their bundle with it). */
export function isAscii(path) {
  return readFileSync(path).every((byte) => byte < 0x80);
}
