// What is beside a found token in a credential-named value gets the same verdict whatever the
// layout, through the built CLI: on the key's line (YAML quoted or plain, a flow mapping, JSON, a
// .env line) as in a block, and after a `,`, `;`, `@` or `=` as after a blank. The password is
// reported, and printed in no report (the token's excerpt masks the whole value). And a block of
// thousands of tokens costs the file's length, not lines x tokens: the run is capped in CPU time
// (prlimit --cpu, which load does not move), so a quadratic pass is killed, not waited for.
import { describe, expect, it } from 'vitest';
import { findCredentials } from '../../../src/lib/security-check/scan-text.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';
import { spawnCollect, waitExit } from '../../helpers/spawn-cli.js';

const P = 'Xk9mQ2vL8pR4tW7z';
const Q = 'Ab3xK9mQ2vL8pR4t';
const G = `${'ghp'}_${'a1B2c3D4e5F6g7H8i9J0'}${'k1L2m3N4o5P6q7R8'}`;

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
}

/** Each file's findings as `line rule` (one --json run), and every report's output (text, JSON, SARIF). */
async function reports(tree: Record<string, string>) {
  const root = makeTree(tree);
  const text = await check(root, []);
  const json = await check(root, ['--json']);
  const sarif = await check(root, ['--format', 'sarif']);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(tree).map((f) => [f, []]));
  for (const f of JSON.parse(json.stdout).findings as JsonFinding[]) out[f.path]?.push(`${f.line} ${f.rule}`);
  for (const list of Object.values(out)) list.sort();
  const log = expectValidSarif(sarif.stdout);
  const all = [text, json, sarif].flatMap((r) => [r.stdout, r.stderr]);
  return { codes: [text.code, json.code, sarif.code], out, results: log.runs[0]?.results.length, all };
}

const both = (line: number, rule = 'github-token') => [
  `${line} generic-credential-entropy`,
  `${line} ${rule}`,
];

describe('security check: a password beside a found token', () => {
  it('is reported on the key’s line as in a block: YAML, JSON, .env', async () => {
    const tree = {
      'u16.yaml': `nodes: []\napi_key: "${G} ${P}"\n`,
      'u14.yaml': `nodes: []\napi_key: ${G} ${P}\n`,
      'sq.yaml': `nodes: []\napi_key: '${G} ${P}'\n`,
      'flow.yaml': `nodes: []\nx: {api_key: "${G} ${P}"}\n`,
      'u17.json': `{"nodes": [], "api_key": "${G} ${P}"}\n`,
      '.env': `API_KEY="${G} ${P}"\n`,
      // The same value in the layouts that were reported already.
      'u15.yaml': `nodes: []\napi_key: |\n  ${G} ${P}\n`,
      'u18.json': `{"nodes": [], "api_key": "${G} ${P}\\n"}\n`,
    };
    const { codes, out, results, all } = await reports(tree);
    expect(codes).toEqual([11, 11, 11]);
    expect(out).toEqual({
      'u16.yaml': both(2),
      'u14.yaml': both(2),
      'sq.yaml': both(2),
      'flow.yaml': both(2),
      'u17.json': both(1),
      '.env': both(1),
      'u15.yaml': ['2 generic-credential-entropy', '3 github-token'],
      'u18.json': both(1),
    });
    expect(results).toBe(16);
    expectNoSecret(all, [P, G]);
  });

  it('after a comma, `;`, `=` or a URL’s `@host ` as after a blank', async () => {
    const tree = {
      'u3.yaml': `nodes: []\ndb_password: |\n  ${P},${G}\n`,
      'u5.yaml': `nodes: []\ndb_password: |\n  postgres://app:${P}@db ${Q}\n`,
      'semi.yaml': `nodes: []\napi_key: "${G};pw=${P}"\n`,
      'eq.json': `{"nodes": [], "api_key": "token=${G} password=${P}"}\n`,
    };
    const { codes, out, results, all } = await reports(tree);
    expect(codes).toEqual([11, 11, 11]);
    expect(out).toEqual({
      'u3.yaml': ['2 generic-credential-entropy', '3 github-token'],
      'u5.yaml': ['2 generic-credential-entropy', '3 url-credentials'],
      'semi.yaml': both(2),
      'eq.json': both(1),
    });
    expect(results).toBe(8);
    expectNoSecret(all, [P, Q, G]);
  });

  it('a value with no found token keeps its verdict: `P Q` is no literal, a region is no credential', async () => {
    const { codes, out } = await reports({
      'pq.yaml': `nodes: []\ndb_password: "${P} ${Q}"\n`,
      'region.yaml': `nodes: []\nregion: "${G} ${P}"\n`,
    });
    expect(codes).toEqual([11, 11, 11]);
    expect(out).toEqual({ 'pq.yaml': [], 'region.yaml': ['2 github-token'] });
  });
});

/** An AWS key id from a seed: AKIA and 16 characters of its alphabet. */
function akia(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let x = (seed + 1) * 2654435761;
  let out = 'AKIA';
  for (let i = 0; i < 16; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % 32];
  }
  return out;
}

describe('security check: a block of found tokens under a credential key', () => {
  it('costs the file’s length: 20,000 tokens and 100,000 more lines in one block, in seconds of CPU', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => akia(i));
    const body = [...keys.map((k) => `  ${k}`), ...Array.from({ length: 100_000 }, () => '  x')].join('\n');
    const text = `nodes: []\ndb_password: |\n${body}\n`;
    const root = makeTree({ 'mix.yaml': text });
    // Each is the text scan's finding (a few of the generated ids are too regular for the rule).
    const found = findCredentials(text).length;
    expect(found).toBeGreaterThan(19_900);
    // Before the sweep this file cost ~20 s of CPU (lines x tokens searches); after it, under one.
    const proc = spawnCollect(
      'prlimit',
      ['--cpu=10', '--', process.execPath, '--', CLI_BIN, 'security', 'check'],
      {},
      {
        cwd: root,
      },
    );
    proc.child.stdin.end();
    const code = await waitExit(proc, 'security check', 240_000);
    expect(code).toBe(11);
    expect(proc.stdout()).toContain(`  ${found - 200} more findings in this file, not listed`);
    expect(proc.stdout()).toMatch(/^201 findings \(201 errors/m);
    expectNoSecret([proc.stdout(), proc.stderr()], keys.slice(0, 50));
  }, 300_000);
});
