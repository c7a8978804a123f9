// Colour on stderr follows stderr (the CLI contract: colour only on a TTY, never when piped): at a terminal,
// `fibonacci workflow run nope --env production 2>/tmp/c.log` wrote `ESC[31merror:ESC[39m` into
// the log, because every style followed stdout's TTY-ness (hostile pass, X2-4). Now `2>log` gets
// plain text while stdout is the terminal, `| cat` keeps a red `error:` on the terminal's stderr,
// and NO_COLOR / --no-color / FORCE_COLOR act on stderr as they do on stdout. The built CLI on a real
// pty, the real emulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, ptyTyping } from '../../helpers/pty.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ESC = '\u001b[';
const RED_ERROR = `${ESC}31merror:${ESC}39m`;
const ERROR = 'error: no workflow named nope';

let emu: EmulatorHandle;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  // A terminal that takes colour (Node's styleText asks TERM too).
  env = { ...emu.env, TERM: 'xterm-256color' };
}, 90_000);
afterAll(stopAllEmulators);

/** `workflow run nope` at a pty, with stderr redirected to a file: its exit code and the file. */
async function redirected(extra: Record<string, string> = {}, flags = '') {
  const log = join(tempDir('fib-colour-'), 'c.log');
  const r = await ptyTyping(
    `$FIB workflow run nope --env production${flags} 2>${log}; echo "RC[$?]"`,
    {
      ...env,
      ...extra,
    },
    [],
  );
  return { screen: r.screen, log: readFileSync(log, 'utf8') };
}

describe.skipIf(!HAVE_PTY)('colour on stderr follows stderr', () => {
  it('stdout at the terminal, stderr to a file: the file has no escape codes', async () => {
    const r = await redirected();
    expect(r.screen).toContain('RC[12]');
    expect(r.log).toContain(ERROR);
    expect(r.log).not.toContain('\u001b');
  });

  it('stdout piped, stderr at the terminal: error: is red there', async () => {
    const r = await ptyTyping('$FIB workflow run nope --env production | cat', env, []);
    expect(r.screen).toContain(`${RED_ERROR} no workflow named nope`);
  });

  it('NO_COLOR and --no-color: none at the terminal; FORCE_COLOR: colour in the file too', async () => {
    for (const [extra, flags] of [
      [{ NO_COLOR: '1' }, ''],
      [{}, ' --no-color'],
    ] as const) {
      const r = await ptyTyping(`$FIB workflow run nope --env production${flags}`, { ...env, ...extra }, []);
      expect(r.screen).toContain(ERROR);
      expect(r.screen).not.toContain('\u001b[31m');
    }
    expect((await redirected({ FORCE_COLOR: '1' })).log).toContain(`${RED_ERROR} no workflow named nope`);
  });
});
