// `security check --env E` when the online check cannot run, through the built CLI against the
// real emulator: the offline findings of the same tree are still printed, then the --env failure
// (one error line, its exit code: 4 for a key the server refuses, 7 for an API that is down), and
// the secret names are asked in one request series, not two interleaved ones.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const rng = seeded(9203);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (secret: string) =>
  [
    'name: w',
    'nodes:',
    '  - id: a',
    '    type: tool',
    `    token: ${secret}`,
    '    db: "{{secrets.DB_URL}}"',
    '',
  ].join('\n');

/** The owner key with its last character changed: well-formed, refused by the server (401). */
function wrongKey(): string {
  const key = emu.ownerKey;
  const last = key.at(-1) === 'a' ? 'b' : 'a';
  return `${key.slice(0, -1)}${last}`;
}

describe('security check --env: when the online check fails', () => {
  it('a refused key: the offline findings are printed, then one error line, exit 4', async () => {
    const secret = token();
    const root = makeTree({ 'w.yaml': workflow(secret) });
    const r = await check(root, ['--env', 'production'], {
      env: { ...emu.env, FIBONACCI_API_KEY: wrongKey() },
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^w\.yaml\n {2}5:12 +error +github-token /);
    expect(r.stdout).toContain('Scanned 1 file:\n  w.yaml\n');
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toEqual([expect.stringMatching(/^error: the --env production check did not run: /)]);
    expectNoSecret([r.stdout, r.stderr], [secret, wrongKey(), emu.ownerKey]);

    // JSON too: the report is whole JSON on stdout, the failure on stderr.
    const json = await check(root, ['--env', 'production', '--json'], {
      env: { ...emu.env, FIBONACCI_API_KEY: wrongKey() },
    });
    expect(json.code).toBe(4);
    const body = JSON.parse(json.stdout);
    expect(body.findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
    expect(body.incomplete).toMatch(/^the --env production check did not run: /);
    // SARIF: the run says it did not finish, and why.
    const sarif = await check(root, ['--env', 'production', '--format', 'sarif'], {
      env: { ...emu.env, FIBONACCI_API_KEY: wrongKey() },
    });
    expect(sarif.code).toBe(4);
    const log = expectValidSarif(sarif.stdout);
    expect(log.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(log.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text)).toContainEqual(
      expect.stringMatching(/^the --env production check did not run: /),
    );
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(['github-token']);
    expectNoSecret([json.stdout, sarif.stdout], [secret, wrongKey(), emu.ownerKey]);
  });

  it('the API down: the offline findings are printed, one retry series, exit 7', async () => {
    const root = makeTree({ 'w.yaml': workflow(token()) });
    const r = await check(root, ['--env', 'production', '--retries', '1'], {
      env: { ...emu.env, FIBONACCI_BASE_URL: 'https://127.0.0.1:9' },
    });
    expect(r.code).toBe(7);
    expect(r.stdout).toContain('github-token');
    const retries = r.stderr.split('\n').filter((l) => /\(attempt \d+ of \d+\)/.test(l));
    expect(retries).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: the --env production check did not run: /m);
  });

  it('a failed --env check writes no baseline (it would lack the online findings)', async () => {
    const root = makeTree({ 'w.yaml': workflow(token()) });
    const r = await check(root, ['--env', 'production', '--write-baseline', 'base.json'], {
      env: { ...emu.env, FIBONACCI_API_KEY: wrongKey() },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain('Recorded');
    expect(existsSync(join(root, 'base.json'))).toBe(false);
  });
});
