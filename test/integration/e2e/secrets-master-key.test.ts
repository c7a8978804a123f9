// The master key through the real `emulator start`: taken from FIBONACCI_EMULATOR_MASTER_KEY (no
// file written), from --env-file likewise, and never silently replaced. When the data dir holds
// encrypted secrets and the key is missing or does not decrypt them, the start is refused (exit 3,
// one error line naming the file and the remedies, one hint) and nothing is listened on or written.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const MASTER = 'FIBONACCI_EMULATOR_MASTER_KEY';
const HINT =
  'hint: the emulator refused to start: with another master key every stored secret would be unreadable\n';

/** `emulator start` that is expected to refuse: resolves with its result. */
function refusedStart(dataDir: string, env: Record<string, string> = {}, args: string[] = []) {
  return runCli(['emulator', 'start', '--port', '0', '--data-dir', dataDir, ...args], { env });
}

/** A data dir holding one secret stored under whatever key `env` gives (the file key by default). */
async function dataDirWithSecret(env: Record<string, string> = {}, args: string[] = []) {
  const dataDir = join(tempDir(), 'data');
  const emu = await startEmulator({ dataDir, env, args });
  expect((await runCli(['secret', 'set', 'KEYED'], { env: emu.env, input: 'v' })).code).toBe(0);
  await emu.stop();
  return { dataDir, ownerKey: emu.ownerKey };
}

describe('FIBONACCI_EMULATOR_MASTER_KEY', () => {
  it('is used instead of a file, and the same key on a restart reads the secrets', async () => {
    const { dataDir, ownerKey } = await dataDirWithSecret({ [MASTER]: KEY_A });
    expect(existsSync(join(dataDir, 'master-key'))).toBe(false);
    const again = await startEmulator({ dataDir, env: { [MASTER]: KEY_A } });
    const health = await runCli(['secret', 'health'], { env: { ...again.env, FIBONACCI_API_KEY: ownerKey } });
    expect(health.code).toBe(0);
    await again.stop();
  });

  it('a wrong key refuses the start when secrets exist, naming the variable and the remedies', async () => {
    const { dataDir } = await dataDirWithSecret({ [MASTER]: KEY_A });
    const r = await refusedStart(dataDir, { [MASTER]: KEY_B });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: ${MASTER} does not decrypt the secrets stored in ${dataDir}/emulator.db; set ${MASTER} to the key they were stored with, or start on a new --data-dir\n${HINT}`,
    );
    expect(existsSync(join(dataDir, 'master-key'))).toBe(false);
  });

  it('a malformed key refuses the start, naming the variable', async () => {
    const r = await refusedStart(join(tempDir(), 'data'), { [MASTER]: 'too-short' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${MASTER} must be 64 hexadecimal characters`);
    expect(r.stderr).not.toContain('too-short');
    expect(r.stdout).not.toContain('listening');
  });
});

describe('the master-key file', () => {
  it('gone while secrets exist: refused, exit 3, and no new key is generated', async () => {
    const { dataDir } = await dataDirWithSecret();
    const file = join(dataDir, 'master-key');
    rmSync(file);
    const r = await refusedStart(dataDir);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: the master key file ${file} is missing, but ${dataDir}/emulator.db holds encrypted secrets; restore that file from a backup, set ${MASTER} to the key they were stored with, or start on a new --data-dir\n${HINT}`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('replaced by another key while secrets exist: refused, exit 3, and the file is left as it is', async () => {
    const { dataDir } = await dataDirWithSecret();
    const file = join(dataDir, 'master-key');
    writeFileSync(file, `${KEY_B}\n`, { mode: 0o600 });
    const r = await refusedStart(dataDir);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: the master key in ${file} does not decrypt the secrets stored in ${dataDir}/emulator.db; restore that file from a backup, set ${MASTER} to the key they were stored with, or start on a new --data-dir\n${HINT}`,
    );
    expect(readFileSync(file, 'utf8')).toBe(`${KEY_B}\n`);
  });

  it('gone from a data dir without secrets: a new key is generated, as on a first start', async () => {
    const dataDir = join(tempDir(), 'data');
    await (await startEmulator({ dataDir })).stop();
    rmSync(join(dataDir, 'master-key'));
    const emu = await startEmulator({ dataDir });
    expect(readFileSync(join(dataDir, 'master-key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    await emu.stop();
  });
});

describe('FIBONACCI_EMULATOR_MASTER_KEY in --env-file', () => {
  it('is honoured: no file written, the secrets read back, and a start without it is refused', async () => {
    const envFile = join(tempDir(), 'prod.env');
    writeFileSync(envFile, `# the key the secrets were stored with\n${MASTER}=${KEY_A}\n`, { mode: 0o600 });
    const { dataDir, ownerKey } = await dataDirWithSecret({}, ['--env-file', envFile]);
    expect(existsSync(join(dataDir, 'master-key'))).toBe(false);

    const again = await startEmulator({ dataDir, args: ['--env-file', envFile] });
    const health = await runCli(['secret', 'health'], { env: { ...again.env, FIBONACCI_API_KEY: ownerKey } });
    expect(health.code).toBe(0);
    await again.stop();
    expect(again.stderr()).not.toContain(KEY_A);

    const without = await refusedStart(dataDir);
    expect(without.code).toBe(3);
    expect(without.stderr).toContain(`master key file ${dataDir}/master-key is missing`);
    // The environment wins over the file, as for every setting: a wrong variable is refused.
    const overridden = await refusedStart(dataDir, { [MASTER]: KEY_B }, ['--env-file', envFile]);
    expect(overridden.code).toBe(3);
    expect(overridden.stderr).toContain(`error: ${MASTER} does not decrypt`);
  });
});
