// The words around a confirmation at a real terminal (newcomer pass 12). `--no-input` at a
// terminal was refused with "there is no terminal to ask", though there was one and the flag was
// the reason (NC12-13); a declined `access apply` said "cancelled: cancelled; nothing was applied"
// (NC12-12). The built CLI, the real emulator, a pseudo-terminal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, ptyTyping } from '../../helpers/pty.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const made = await runCli(['auth', 'create-key', '--name', 'monitoring', '--scope', 'read', '--plain'], {
    env: emu.env,
  });
  expect(made.code, made.stderr).toBe(0);
}, 90_000);
afterAll(stopAllEmulators);

const POLICY = `access_control:
  enabled: true
  resources:
    secrets:
      "*":
        read: [{role: admin}]
`;

describe.skipIf(!HAVE_PTY)('confirmation refusals name their reason', () => {
  it('--no-input at a terminal: the flag is the reason, not a missing terminal', async () => {
    const r = await ptyTyping('$FIB auth revoke-key monitoring --no-input --no-color', emu.env, []);
    expect(r.code, r.screen).toBe(10);
    expect(r.screen).toMatch(/^error: revoking .* needs confirmation, but prompts are off \(--no-input\)$/m);
    expect(r.screen).toMatch(/^hint: pass --yes to revoke without asking$/m);
    expect(r.screen).not.toContain('no terminal');
  });

  it('CI=1 at a terminal: CI is named', async () => {
    const r = await ptyTyping('$FIB auth revoke-key monitoring --no-color', { ...emu.env, CI: '1' }, []);
    expect(r.code, r.screen).toBe(10);
    expect(r.screen).toMatch(/needs confirmation, but prompts are off \(CI is set\)$/m);
  });

  it('"n" at access apply: nothing applied, said once, not drawn as a success', async () => {
    const file = join(tempDir(), 'fibonacci.yaml');
    writeFileSync(file, POLICY);
    const r = await ptyTyping(`$FIB access apply ${file} --no-color`, emu.env, [
      { when: /Apply these changes\? \(y\/N\)/, keys: 'n\r' },
    ]);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toMatch(/^cancelled: nothing was applied$/m);
    expect(r.screen).not.toContain('cancelled: cancelled');
    expect(r.screen).not.toMatch(/[✔✓]/);
  });
});
