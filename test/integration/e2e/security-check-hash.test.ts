// What `security check` publishes about a secret, through the built CLI: nothing that lets it be
// recovered. A short secret shows its length only; the hash in --json, SARIF and the baseline is a
// salted scrypt (not the SHA-256 a dictionary reverses), stable from run to run; a version 1
// baseline (plain SHA-256) is refused with a hint.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';

const PASSWORD = 'Summer24';
const wf = `name: w\nversion: "1"\nnodes:\n  - id: a\n    type: tool\n    url: "postgres://admin:${PASSWORD}@db.internal/app"\nedges: []\n`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('security check: what it publishes about a secret', () => {
  it('a short secret: no prefix anywhere; a slow salted hash, the same in JSON, SARIF and the baseline, stable', async () => {
    const root = makeTree({ 'wf.yaml': wf });
    const json = await check(root, ['--json']);
    const [f] = JSON.parse(json.stdout).findings;
    expect(f).toMatchObject({ rule: 'url-credentials', secret: { prefix: null, length: 8 } });
    expect(f.message).toMatch(/\(8 characters\)$/);
    expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(f.hash).not.toBe(sha256(PASSWORD));
    const text = await check(root, []);
    const sarif = await check(root, ['--format', 'sarif']);
    for (const out of [json.stdout, text.stdout, sarif.stdout]) expect(out).not.toContain('Summ');
    const fp = JSON.parse(sarif.stdout).runs[0].results[0].partialFingerprints;
    expect(fp).toEqual({ 'secretHash/v2': f.hash });
    await check(root, ['--write-baseline', 'bl.json']);
    const bl = JSON.parse(readFileSync(join(root, 'bl.json'), 'utf8'));
    expect(bl).toEqual({
      version: 2,
      tool: 'fibonacci security check',
      paths: 'relative to the git work tree top level, else the working directory',
      findings: [{ rule: 'url-credentials', path: 'wf.yaml', hash: f.hash }],
    });
    const again = JSON.parse((await check(root, ['--json'])).stdout).findings[0].hash;
    expect(again).toBe(f.hash);
    expect((await check(root, ['--baseline', 'bl.json'])).code).toBe(0);
  });

  it('a version 1 baseline (plain SHA-256) is refused: exit 3, one error and a hint', async () => {
    const root = makeTree({ 'wf.yaml': wf });
    const v1 = {
      version: 1,
      tool: 'fibonacci security check',
      findings: [{ rule: 'url-credentials', path: 'wf.yaml', hash: sha256(PASSWORD) }],
    };
    writeFileSync(join(root, 'old.json'), JSON.stringify(v1));
    const r = await check(root, ['--baseline', 'old.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^error: old\.json is a version 1 baseline: .+\nhint: write a new one with .+\n$/,
    );
  });
});
