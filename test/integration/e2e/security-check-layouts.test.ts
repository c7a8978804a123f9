// A credential-named key's value gets the same verdict whatever the YAML layout, through the built
// CLI: the platform receives what yaml.parse composes, so a plain key with spaces or a `/`, a key in
// a flow collection over several lines, and an alias on the key's line are each the value they
// compose to. And a key in front of a 1 MB collection is read in a file's memory, not 500 times it.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const P = 'Xk9mQ2vL8pR4tW7z';

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
  column: number;
}

/** Each file's findings as `line:column rule`, for the files of `tree`, from one --json run. */
async function verdicts(tree: Record<string, string>, env?: Record<string, string>) {
  const root = makeTree(tree);
  const r = await check(root, ['--json'], { env });
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(tree).map((f) => [f, []]));
  if (r.code === 0 || r.code === 11) {
    for (const f of JSON.parse(r.stdout).findings as JsonFinding[])
      out[f.path]?.push(`${f.line}:${f.column} ${f.rule}`);
  }
  return { r, out };
}

const found = (line: number, column: number) => [`${line}:${column} generic-credential-entropy`];

describe('security check: a credential key with its value below, whatever the layout', () => {
  it('a plain key with spaces, a `/`, `@`, `+`, a letter outside ASCII; a single-quoted key with its escape', async () => {
    const { r, out } = await verdicts({
      'space.yaml': `nodes: []\nDB Password:\n  ${P}\n`,
      'spaceblk.yaml': `nodes: []\nDB Password: |\n  ${P}\n`,
      'spacedq.yaml': `nodes: []\nDB Password: "${P}\n  "\n`,
      'slash.yaml': `nodes: []\ndb/password:\n  ${P}\n`,
      'accent.yaml': `nodes: []\nclé_secret:\n  ${P}\n`,
      'at.yaml': `nodes: []\napi-key@prod:\n  ${P}\n`,
      'plus.yaml': `nodes: []\ndb+password:\n  ${P}\n`,
      'sq.yaml': `nodes: []\n'db''s password':\n  ${P}\n`,
      // The same keys with the value on their line were found already: the verdict is the layout's no more.
      'space1.yaml': `nodes: []\nDB Password: ${P}\n`,
      'sq1.yaml': `nodes: []\n'db''s password': ${P}\n`,
      // The credential-name rule reads every word of a key (`api`, `key`, `prod`), on its line or below.
      'at1.yaml': `nodes: []\napi-key@prod: ${P}\n`,
    });
    expect(r.code).toBe(11);
    expect(out).toEqual({
      'space.yaml': found(3, 3),
      'spaceblk.yaml': found(2, 14),
      'spacedq.yaml': found(2, 14),
      'slash.yaml': found(3, 3),
      'accent.yaml': found(3, 3),
      'at.yaml': found(3, 3),
      'plus.yaml': found(3, 3),
      'sq.yaml': found(3, 3),
      'space1.yaml': found(2, 14),
      'sq1.yaml': found(2, 19),
      'at1.yaml': found(2, 15),
    });
    expectNoSecret([r.stdout, r.stderr], [P]);
  });

  it('a key in a flow collection that spans lines: the collection is composed as the document composes it', async () => {
    const { r, out } = await verdicts({
      'flowml2.yaml': `nodes: []\nconfig: {name: x,\n  password:\n    ${P}}\n`,
      'flowml.yaml': `nodes: []\nconfig: {name: x,\n  region: eu, password:\n    ${P}}\n`,
      'fl1.yaml': `nodes:\n  - {password:\n    ${P}}\n`,
      'fl2.yaml': `nodes:\n  - {id: a, password:\n    ${P}}\n`,
      'fl5.yaml': `nodes: []\nk:\n- {password:\n  ${P}}\n`,
      'fseq1.yaml': `nodes: []\nk: [password:\n    ${P}]\n`,
      'flow1l.yaml': `nodes: []\nconfig: {name: x,\n  password: ${P}}\n`,
    });
    expect(r.code).toBe(11);
    expect(out).toEqual({
      'flowml2.yaml': found(4, 5),
      'flowml.yaml': found(4, 5),
      'fl1.yaml': found(3, 5),
      'fl2.yaml': found(3, 5),
      'fl5.yaml': found(4, 3),
      'fseq1.yaml': found(3, 5),
      'flow1l.yaml': found(3, 13),
    });
    expectNoSecret([r.stdout, r.stderr], [P]);
  });

  it('a workflow with both in one node is refused (it was uploaded)', async () => {
    const wf = [
      'name: d',
      'version: 1',
      'nodes:',
      '  - id: a',
      '    type: llm',
      '    model: gpt-4o-mini',
      '    prompt: "x"',
      '    settings: {region: eu,',
      '      api_token:',
      `        ${P}}`,
      '    Admin Password:',
      '      Ab3xK9mQ2vL8pR4t',
      'edges: []',
    ];
    const { r, out } = await verdicts({ 'wf.yaml': `${wf.join('\n')}\n` });
    expect([r.code, out]).toEqual([11, { 'wf.yaml': [...found(10, 9), ...found(12, 7)] }]);
    expectNoSecret([r.stdout, r.stderr], [P, 'Ab3xK9mQ2vL8pR4t']);
  });

  it('an alias on the key line is the anchored scalar, as the alias on the next line is', async () => {
    const { r, out } = await verdicts({
      'al1.yaml': `nodes: []\nx: &p ${P}\ndb_password: *p\n`,
      'al3.yaml': `nodes: []\nx: &p ${P}\nsettings: {db_password: *p}\n`,
      'al4.yaml': `nodes: []\nx: &p "${P}"\ndb_password: *p\n`,
      'al2.yaml': `nodes: []\nx: &p ${P}\ndb_password:\n  *p\n`,
      'alwf.yaml': `name: d\nversion: 1\nnodes:\n  - id: a\n    type: llm\n    prompt: "x"\n    salt: &s ${P}\n    db_password: *s\nedges: []\n`,
      // Aliases under names the rule refuses first: the anchored value is still read for the one it takes.
      'alorder.yaml': `nodes: []\nx: &p ${P}\na: [token_url: *p, key_id: *p, secret_name: *p, auth_header: *p, token_type: *p]\ndb_password: *p\n`,
    });
    expect(r.code).toBe(11);
    expect(out).toEqual({
      'al1.yaml': found(3, 14),
      'al3.yaml': found(3, 25),
      'al4.yaml': found(3, 14),
      'al2.yaml': found(4, 3),
      'alwf.yaml': found(8, 18),
      'alorder.yaml': found(4, 14),
    });
    expectNoSecret([r.stdout, r.stderr], [P]);
  });

  it('a collection value, a mapping below, a key naming no credential: nothing to report', async () => {
    const { r, out } = await verdicts({
      'seq.yaml': `nodes: []\npassword:\n  [a, ${P}]\n`,
      'map.yaml': `nodes: []\npassword:\n  user: ${P}\n`,
      'alias-seq.yaml': `nodes: []\nx: &p [${P}]\ndb_password: *p\n`,
      'host.yaml': `nodes: []\nDB Host:\n  ${P}\n`,
    });
    expect([r.code, out]).toEqual([
      0,
      { 'seq.yaml': [], 'map.yaml': [], 'alias-seq.yaml': [], 'host.yaml': [] },
    ]);
  });
});

describe('security check: a credential key before a long collection, in linear time and memory', () => {
  const seq = `[${'a,'.repeat(500_000)}a]`;
  // A heap a tenth of what composing one of these files took (about 535 MB each, more with four):
  // the scan reads them with the lexer, never composing a node per item.
  const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=96' };

  it('`password:` then a 1 MB flow sequence, four times, and `password: !!seq`: 0 findings in a small heap', async () => {
    const { r, out } = await verdicts(
      {
        'f1.yaml': `nodes: []\npassword:\n  ${seq}\n`,
        'f2.yaml': `nodes: []\npassword:\n  ${seq}\n`,
        'f3.yaml': `nodes: []\npassword:\n  ${seq}\n`,
        'f4.yaml': `nodes: []\npassword:\n  ${seq}\n`,
        'tag.yaml': `nodes: []\npassword: !!seq\n  ${seq}\n`,
      },
      SMALL_HEAP,
    );
    expect([r.code, r.stderr, out]).toEqual([
      0,
      '',
      { 'f1.yaml': [], 'f2.yaml': [], 'f3.yaml': [], 'f4.yaml': [], 'tag.yaml': [] },
    ]);
  });

  it('an alias below a credential key beside a 1 MB flow sequence: found, in a small heap', async () => {
    const alias = `nodes: []\nx: &p ${P}\ndb_password:\n  *p\nk: ${seq}\n`;
    const { r, out } = await verdicts({ 'alias.yaml': alias }, SMALL_HEAP);
    expect([r.code, out]).toEqual([11, { 'alias.yaml': found(4, 3) }]);
  });

  it('1 MiB lines of keys, flow pairs and aliases: done inside the 60 s kill', async () => {
    // Just under the 1 MiB a file may be (a larger one is skipped unread).
    const line = (unit: string) => unit.repeat(Math.floor((1024 * 1024 - 100_200) / unit.length));
    const { r, out } = await verdicts({
      'keys.yaml': `nodes: []\nk: ${line('DB Password key token ')}\n`,
      'pairs.yaml': `nodes: []\nk: [${line('password: a, ')}x]\n`,
      'colons.yaml': `nodes: []\nk: "${line('password: ')}"\n`,
      'aliases.yaml': `nodes: []\nx: &a ${'b'.repeat(100_000)}\nk: [${line('db_password: *a, ')}x]\n`,
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(out).toEqual({ 'keys.yaml': [], 'pairs.yaml': [], 'colons.yaml': [], 'aliases.yaml': [] });
    expect(r.stdout).not.toContain('larger than 1 MiB');
  });
});
