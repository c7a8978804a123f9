// A credential-named key however YAML spells it gets its value judged, through the built CLI: an
// alias used as the key (`*k : P`, the anchor holding `db_password`) is the name the platform's
// parser reads, and a tag on the line of a block collection (`settings: !!map`, `--- !!map`,
// `- !!map`) is the collection's, never its first key's. Each layout is reported where the value
// is, and the value is printed in none of the reports.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const P = 'Xk9mQ2vL8pR4tW7z';

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
}

/** Each file's findings as `line rule` (one --json run), the SARIF results, and every report's text. */
async function reports(tree: Record<string, string>) {
  const root = makeTree(tree);
  const text = await check(root, []);
  const json = await check(root, ['--json']);
  const sarif = await check(root, ['--format', 'sarif']);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(tree).map((f) => [f, []]));
  for (const f of JSON.parse(json.stdout).findings as JsonFinding[]) out[f.path]?.push(`${f.line} ${f.rule}`);
  const log = expectValidSarif(sarif.stdout);
  const all = [text, json, sarif].flatMap((r) => [r.stdout, r.stderr]);
  return { codes: [text.code, json.code, sarif.code], out, results: log.runs[0]?.results.length, all };
}

const generic = (line: number) => [`${line} generic-credential-entropy`];

describe('security check: an alias as a key', () => {
  it('is the anchored scalar: on its line, below it, in a flow mapping, as an explicit key, in a workflow', async () => {
    const tree = {
      'al1.yaml': `nodes: []\nx: &k password\n*k : ${P}\n`,
      'al4.yaml': `nodes: []\nx: &k password\n*k :\n  ${P}\n`,
      'al5.yaml': `{"nodes": [], "x": &k "password", *k : "${P}"}\n`,
      'al6.yaml': `nodes: []\nx: &k db_password\n? *k\n: ${P}\n`,
      'alblock.yaml': `nodes: []\nx: &k api_token\n*k : |\n  ${P}\n`,
      // The anchored name on a line of its own, or in a block: no credential word near the alias.
      'albelow.yaml': `nodes: []\nx: &k\n  db_password\n*k : ${P}\n`,
      'alname.yaml': `nodes: []\nx: &k |-\n  db_password\n*k : ${P}\n`,
      'alwf.yaml': `name: d\nversion: 1\nnodes:\n  - id: a\n    type: llm\n    prompt: "x"\n    kind: &k db_password\n    settings:\n      *k : ${P}\nedges: []\n`,
      // A merge key's mapping is read where it is written: its alias key is judged there.
      'merge.yaml': `nodes: []\nn: &n db_password\nbase: &b\n  *n : ${P}\nc:\n  <<: *b\n`,
      // An alias to a name the rules do not read as a credential's, or to a collection: nothing.
      'plain.yaml': 'nodes: []\nx: &k region\n*k : eu-west-1\ny: &m [password]\n',
    };
    const { codes, out, results, all } = await reports(tree);
    expect(codes).toEqual([11, 11, 11]);
    expect(out).toEqual({
      'al1.yaml': generic(3),
      'al4.yaml': generic(4),
      'al5.yaml': generic(1),
      'al6.yaml': generic(4),
      'alblock.yaml': generic(3),
      'albelow.yaml': generic(4),
      'alname.yaml': generic(4),
      'alwf.yaml': generic(9),
      'merge.yaml': generic(4),
      'plain.yaml': [],
    });
    expect(results).toBe(9);
    expectNoSecret(all, [P]);
  });
});

describe('security check: a tag on the line of a block collection', () => {
  it('is the collection’s: on a key, the document, a sequence entry, with a comment or an anchor beside it', async () => {
    const tree = {
      'tagwf2.yaml': `name: d\nversion: 1\nnodes:\n  - id: a\n    type: llm\n    prompt: "x"\n    settings: !!map\n      db_password:\n        ${P}\n      region: eu\nedges: []\n`,
      'folded.yaml': `nodes: []\nk: !!map\n  api_key: >-\n    ${P}\n`,
      'quoted.yaml': `nodes: []\nk: !!map\n  "api_key":\n    ${P}\n`,
      'verbatim.yaml': `nodes: []\nk: !<tag:yaml.org,2002:map>\n  api_token:\n    "${P}"\n`,
      'n1.yaml': `--- !!map\ndb_password:\n  ${P}\nnodes: []\n`,
      'n4.yaml': `nodes:\n- !!map\n  db_password:\n    ${P}\n`,
      'n5.yaml': `nodes: []\nk: !!map # c\n  db_password:\n    ${P}\n`,
      'n6.yaml': `nodes: []\nk: &a !!map\n  db_password:\n    ${P}\n`,
      'n7.yaml': `nodes: []\nk: !!map &a\n  api_token: |\n    ${P}\n`,
      // The tag of a scalar below its key is that scalar's.
      'str.yaml': `nodes: []\ndb_password: !!str\n  ${P}\n`,
    };
    const { codes, out, results, all } = await reports(tree);
    expect(codes).toEqual([11, 11, 11]);
    expect(out).toEqual({
      'tagwf2.yaml': generic(9),
      'folded.yaml': generic(3),
      'quoted.yaml': generic(4),
      'verbatim.yaml': generic(4),
      'n1.yaml': generic(3),
      'n4.yaml': generic(4),
      'n5.yaml': generic(4),
      'n6.yaml': generic(4),
      'n7.yaml': generic(3),
      'str.yaml': generic(3),
    });
    expect(results).toBe(10);
    expectNoSecret(all, [P]);
  });
});
