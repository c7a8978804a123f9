// File names that are not UTF-8, through the built CLI: the walk opens each file by its real bytes
// and shows the bad bytes escaped (`\xff`) and a backslash as `\\`, so no other file has its path,
// never scans a look-alike in its place; a token after a bad byte is masked; a PATH argument that
// arrived lossy (U+FFFD) is refused.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(97);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    t: ${value}\n`;
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('security check: names that are not UTF-8', () => {
  it('reads wf\\xff.yaml by its bytes beside a look-alike wf\\u{FFFD}.yaml, and says which is which', async () => {
    const root = makeTree({ 'wf\u{FFFD}.yaml': workflow('"{{secrets.T}}"') });
    writeFileSync(bytes(root, '/wf', [0xff], '.yaml'), workflow(token()));
    mkdirSync(bytes(root, '/d', [0xfe]));
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.files.scanned).toEqual(['wf\\xff.yaml', 'wf\u{FFFD}.yaml']);
    expect(body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual([
      'wf\\xff.yaml github-token',
    ]);
    expect(body.files.unreadable).toEqual([
      expect.objectContaining({ path: 'd\\xfe', message: expect.stringMatching(/name is not UTF-8/) }),
    ]);
    expect(r.code).toBe(3);
  });

  it('a PATH argument with U+FFFD (argv decoded lossily) is a usage error', async () => {
    const root = makeTree({ 'wf\u{FFFD}.yaml': workflow('"{{secrets.T}}"') });
    const r = await check(root, ['wf\u{FFFD}.yaml']);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/^error: the path .+ has U\+FFFD in it: .+\nhint: /),
    ]);
  });

  it('the byte 0xFF and a real name `wf\\xff.yaml` are two paths in every format and in the baseline', async () => {
    const t = token();
    // A backslash, `x`, `f`, `f`: a valid name, and once the shown form of the byte.
    const root = makeTree({ 'wf\\xff.yaml': workflow(t) });
    expect((await check(root, ['--write-baseline', 'bl.json'])).code).toBe(0);
    writeFileSync(bytes(root, '/wf', [0xff], '.yaml'), workflow(t));
    const [literal, byte] = ['wf\\\\xff.yaml', 'wf\\xff.yaml'];

    const json = await check(root, ['--json']);
    const body = JSON.parse(json.stdout);
    expect(body.files.scanned).toEqual([literal, byte]);
    expect(body.findings.map((f: { path: string }) => f.path)).toEqual([literal, byte]);
    // The entry accepted for the one file does not silence the other.
    const after = await check(root, ['--json', '--baseline', 'bl.json']);
    expect(JSON.parse(after.stdout).findings.map((f: { path: string }) => f.path)).toEqual([byte]);
    expect(after.code).toBe(11);
    const baseline = JSON.parse(readFileSync(join(root, 'bl.json'), 'utf8'));
    expect(JSON.stringify(baseline)).toContain(JSON.stringify(literal));

    const text = await check(root, []);
    const lines = text.stdout.split('\n');
    expect(lines.filter((l) => l === literal || l === byte)).toEqual([literal, byte]);
    expect(text.stdout).toContain(`Scanned 2 files:\n  ${literal}\n  ${byte}\n`);
    // SARIF names each file by its bytes: the byte percent-encoded, the backslash too.
    const sarif = JSON.parse((await check(root, ['--format', 'sarif'])).stdout);
    const uris = sarif.runs[0].results.map(
      (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(['wf%5Cxff.yaml', 'wf%FF.yaml']);
  });

  it('a token right after a byte that is not UTF-8 is masked, in a directory and in a file name', async () => {
    const [a, b] = [token(), token()];
    const root = makeTree({});
    mkdirSync(bytes(root, '/d', [0xfe], a));
    writeFileSync(bytes(root, '/f', [0xfe], b, '.yaml'), workflow('"{{secrets.T}}"'));
    const json = await check(root, ['--json']);
    const body = JSON.parse(json.stdout);
    const masked = (t: string) => `${t.slice(0, 4)}${'*'.repeat(t.length - 4)}`;
    expect(body.files.unreadable.map((e: { path: string }) => e.path)).toEqual([`d\\xfe${masked(a)}`]);
    expect(body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual([
      `f\\xfe${masked(b)}.yaml github-token`,
    ]);
    const text = await check(root, []);
    const sarif = await check(root, ['--format', 'sarif']);
    expectNoSecret([json.stdout, json.stderr, text.stdout, text.stderr, sarif.stdout], [a, b]);
  });
});
