// `fibonacci org …` spawned from the built CLI against the real emulator over TLS (npm run build first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

describe('org commands against the emulator', () => {
  it('sets and shows quota overrides; the ceiling is exit 2', async () => {
    const set = await runCli(['org', 'quota', 'set', 'workflow_runs_per_hour=5000', 'memory_mb=8192'], {
      env: emu.env,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe(
      'workflow_runs_per_hour\t1000\t5000\t5000\nconcurrent_executions\t10\t-\t10\nmemory_mb\t4096\t8192\t8192\n',
    );
    const json = await runCli(['org', 'quota', '--json'], { env: emu.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ overrides: { workflow_runs_per_hour: 5000 } });

    const over = await runCli(['org', 'quota', 'set', 'concurrent_executions=1001'], { env: emu.env });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(
      /^error: concurrent_executions: 1001 is above the ceiling 1000 \(100× the pro plan default 10\) \(request req_\w+\)\n$/,
    );
  });

  it('a value that is not a whole number, or an unknown limit: exit 2, no request, the override kept', async () => {
    const before = emu.accessLog().length;
    for (const value of ['abc', '2.5', '-1']) {
      const r = await runCli(['org', 'quota', 'set', `memory_mb=${value}`], { env: emu.env });
      expect([r.code, r.stdout, r.stderr]).toEqual([
        2,
        '',
        `error: invalid setting "memory_mb=${value}": memory_mb must be a whole number (0 or more)\nhint: e.g. memory_mb=8192\n`,
      ]);
    }
    const unknown = await runCli(['org', 'quota', 'set', 'foo=1'], { env: emu.env });
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'error: invalid setting "foo=1": foo is not a quota limit\nhint: limits: workflow_runs_per_hour, concurrent_executions, memory_mb\n',
    ]);
    expect(emu.accessLog().slice(before)).toEqual([]);
    const json = await runCli(['org', 'quota', '--json'], { env: emu.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ overrides: { memory_mb: 8192 } });
  });

  it('changes governance as the owner; an admin gets exit 5', async () => {
    const set = await runCli(
      ['org', 'governance', 'set', 'approval_threshold=3', 'category_flags.finance=true'],
      {
        env: emu.env,
      },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('approval_threshold\t3\n');
    expect(set.stdout).toContain('category_flags.finance\ttrue\n');
    const admin = await emu.addUser('admin');
    const denied = await runCli(['org', 'governance', 'set', 'approval_threshold=1'], {
      env: { ...emu.env, FIBONACCI_API_KEY: admin },
    });
    expect(denied.code).toBe(5);
    expect(denied.stderr).toMatch(/^error: not allowed: requires role owner/);
    const read = await runCli(['org', 'governance', '--json'], {
      env: { ...emu.env, FIBONACCI_API_KEY: admin },
    });
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ approval_threshold: 3 });
  });
});
