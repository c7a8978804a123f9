// `--env prodution` (no such environment, one near it): what to do next names the environment
// meant, never the command that would create the secret in the mistyped one (newcomer pass 7):
// security check's missing-secret fix, and `workflow run`'s refusal before the run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const r = await runCli(['secret', 'set', 'API_KEY', '--env', 'production'], {
    env: emu.env,
    input: 'value-never-read\n',
  });
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(async () => {
  await emu.stop();
});

const WORKFLOW =
  'name: w\nversion: 1\nnodes:\n  - id: a\n    type: tool\n    key: "{{secrets.CRM_KEY}}"\nedges: []\n';

describe('a mistyped --env', () => {
  it('security check: the fix names the environment meant, not `secret set … --env prodution`', async () => {
    const root = makeTree({ 'w.yaml': WORKFLOW });
    const r = await check(root, ['--env', 'prodution'], { env: emu.env });
    expect(r.code, r.stderr).toBe(11);
    expect(r.stderr).toContain('did you mean production?');
    expect(r.stdout).toContain('fix: there is no environment prodution: did you mean `--env production`?');
    expect(r.stdout).not.toContain('--env prodution`');
    // A real environment keeps the command that creates the secret.
    const right = await check(root, ['--env', 'production'], { env: emu.env });
    expect(right.stdout).toContain('fibonacci secret set CRM_KEY --env production');
  });

  it('workflow run: the typo is refused with the right --env, never `secret list --env prodution`', async () => {
    const file = join(tempDir('fib-env-typo-'), 'w.yaml');
    writeFileSync(file, WORKFLOW);
    const created = await runCli(['workflow', 'create', 'test/env-typo', '--file', file], { env: emu.env });
    expect(created.code, created.stderr).toBe(0);
    const r = await runCli(['workflow', 'run', 'test/env-typo', '--env', 'prodution'], { env: emu.env });
    expect([r.code, r.stdout]).toEqual([12, '']);
    expect(r.stderr).toBe('error: no environment prodution\nhint: did you mean production?\n');
    expect(r.stderr).not.toContain('secret list --env prodution');
    const known = await runCli(['workflow', 'run', 'test/env-typo', '--env', 'production'], { env: emu.env });
    expect(known.code).toBe(1);
    expect(known.stderr).toContain('`fibonacci secret list --env production` shows the secrets set there');
  });
});
