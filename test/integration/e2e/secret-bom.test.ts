// A value is its bytes: a leading UTF-8 BOM read from --from-file or standard input is stored, as
// --value and the API keep it (hostile pass 15, H15-4: TextDecoder drops a BOM by default, and the
// value was stored without it). A .env file's leading BOM marks the file's encoding and is not part
// of its first name; inside it a value is what dotenv (and so the application) reads: a quoted one
// keeps its BOM, an unquoted one is trimmed. Checked in the emulator's store.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';
import { tempDir } from '../../helpers/temp-dir.js';

const BOM = '\uFEFF';
let emu: EmulatorHandle;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator();
  dir = tempDir('fib-bom-');
}, 60_000);
afterAll(async () => {
  await emu?.stop();
});

const stored = (name: string) =>
  storedSecrets(emu.dataDir, { name }).find((s) => s.environment === 'nl')?.value ?? null;

describe('a value that starts with a BOM', () => {
  it('is stored with it from --from-file, a pipe and --value', async () => {
    const file = join(dir, 'bom.value');
    writeFileSync(file, `${BOM}bom-file`);
    const fromFile = await runCli(['secret', 'set', 'BOM_F', '--env', 'nl', '--from-file', file], {
      env: emu.env,
    });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const piped = await runCli(['secret', 'set', 'BOM_S', '--env', 'nl'], {
      env: emu.env,
      input: Buffer.from(`${BOM}bom-pipe\n`),
    });
    expect(piped.code, piped.stderr).toBe(0);
    const flag = await runCli(['secret', 'set', 'BOM_V', '--env', 'nl', '--value', `${BOM}bom-v`], {
      env: emu.env,
    });
    expect(flag.code, flag.stderr).toBe(0);
    expect([stored('BOM_F'), stored('BOM_S'), stored('BOM_V')]).toEqual([
      `${BOM}bom-file`,
      `${BOM}bom-pipe`,
      `${BOM}bom-v`,
    ]);
  });

  it('a .env file: its leading BOM is the file’s; a value is what dotenv reads', async () => {
    const file = join(dir, 'bom.env');
    writeFileSync(file, `${BOM}BOM_E1=first\nBOM_E2="${BOM}second"\nBOM_E3=${BOM}third\n`);
    const r = await runCli(['secret', 'set', '--env', 'nl', '--env-file', file, '--yes'], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect([stored('BOM_E1'), stored('BOM_E2'), stored('BOM_E3')]).toEqual([
      'first',
      `${BOM}second`,
      'third',
    ]);
  });
});
