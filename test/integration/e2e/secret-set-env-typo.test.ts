// `secret set NAME --env prodution` where `production` exists: refused before the value is read or
// anything stored (exit 12, the near name), as `workflow run --env` refuses it; before, it silently
// created the environment `prodution` (hostile pass 14, H14b-8). `--yes` says it is a new one; at a
// terminal the CLI asks; an environment with none near is created as before. The built CLI, the
// real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataDb } from '../../helpers/db-state.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const r = await runCli(['secret', 'set', 'P', '--env', 'production'], { env: emu.env, input: 'v' });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);
afterAll(stopAllEmulators);

/** The secrets stored in `environment`. */
function storedIn(environment: string): number {
  const db = openDataDb(emu.dataDir);
  try {
    return (
      db.prepare('SELECT COUNT(*) AS n FROM secrets WHERE environment = ?').get(environment) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

const REFUSED = (env: string) =>
  `error: no environment ${env}\nhint: did you mean production? To create the environment ${env}, pass --yes\n`;

describe('secret set --env near an existing environment', () => {
  it('a typo, piped: exit 12, the near name, nothing stored', async () => {
    const r = await runCli(['secret', 'set', 'API_KEY', '--env', 'prodution'], { env: emu.env, input: 'v' });
    expect([r.code, r.stdout, r.stderr]).toEqual([12, '', REFUSED('prodution')]);
    expect(storedIn('prodution')).toBe(0);
  });

  it('the same for --env-file: nothing of the file stored', async () => {
    const file = join(tempDir('fib-set-typo-'), 'x.env');
    writeFileSync(file, 'A=1\nB=2\n');
    const r = await runCli(['secret', 'set', '--env-file', file, '--env', 'productoin'], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([12, '', REFUSED('productoin')]);
    expect(storedIn('productoin')).toBe(0);
  });

  it('--yes: the new environment is created', async () => {
    const r = await runCli(['secret', 'set', 'API_KEY', '--env', 'productio', '--yes'], {
      env: emu.env,
      input: 'v',
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(storedIn('productio')).toBe(1);
  });

  it('the environment itself, or one with none near: stored, nothing asked', async () => {
    for (const env of ['production', 'qa']) {
      const r = await runCli(['secret', 'set', 'API_KEY', '--env', env], { env: emu.env, input: 'v' });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(storedIn(env)).toBeGreaterThan(0);
    }
  });

  it.skipIf(!HAVE_PTY)(
    'at a terminal: asked before the value; no (Ctrl-C) stores nothing, exit 130',
    async () => {
      const r = await pty(['secret', 'set', 'API_KEY', '--env', 'prodction', '--no-color'], emu.env, {
        interruptWhen: /Create prodction with API_KEY\?/,
      });
      expect(r.code).toBe(130);
      expect(r.screen).toContain('There is no environment prodction; did you mean production?');
      expect(r.screen).toContain('cancelled: nothing was stored in prodction');
      expect(r.screen).not.toContain('Value');
      expect(storedIn('prodction')).toBe(0);
    },
  );
});
