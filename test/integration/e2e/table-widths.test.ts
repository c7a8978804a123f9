// Every command that prints a table, on a real pseudo-terminal of several widths (the BUILT CLI
// against the real emulator): no line of it is wider than the terminal, so no row wraps onto the
// next line (a 61-column `audit logs` row at 60 columns showed `succes` and `s` on two lines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { screenLines } from '../../helpers/screen.js';
import { runCli } from '../../helpers/spawn-cli.js';

const WIDTHS = [40, 50, 60, 80];
let emu: EmulatorHandle;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator();
  env = { ...emu.env, NO_COLOR: '1' };
  const made = [
    ['secret', 'set', 'PAYMENTS_PROVIDER_WEBHOOK_SIGNING_SECRET', '--value', 'v', '--env', 'production'],
    ['workflow', 'create', 'production/support-triage', '--file', 'docs/examples/support-triage.yaml'],
    ['auth', 'create-key', '--name', 'github-actions-deploy-production', '--scope', 'read,execute'],
  ];
  for (const argv of made) {
    const r = await runCli(argv, { env });
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  }
}, 120_000);
afterAll(stopAllEmulators);

/** A command, and a line its table must show at 80 columns (so an empty screen cannot pass). */
const TABLES: { argv: string[]; header: RegExp }[] = [
  { argv: ['audit', 'logs', '--limit', '3'], header: /^TIME +EVENT +TARGET +USER +STATUS/ },
  { argv: ['secret', 'list', '--env', 'production'], header: /^NAME/ },
  { argv: ['workflow', 'list'], header: /^(ID|NAME)/ },
  { argv: ['auth', 'list-keys'], header: /^ID +NAME/ },
  { argv: ['org', 'members'], header: /^USER/ },
  { argv: ['org', 'quota'], header: /^\S/ },
  { argv: ['org', 'governance'], header: /^\S/ },
  // Not a table on a terminal: one block a rule, its fix wrapped (a FIX column was cut on every row).
  { argv: ['security', 'check', '--list-rules'], header: /^fibonacci-api-key {2}error$/ },
];

describe.skipIf(!HAVE_PTY)('tables fit the terminal', () => {
  for (const { argv, header } of TABLES) {
    it(`${argv.join(' ')}: no line wider than ${WIDTHS.join(', ')} columns`, async () => {
      for (const cols of WIDTHS) {
        const r = await pty(argv, env, { cols });
        expect(r.code, r.screen).toBe(0);
        const lines = screenLines(r.screen);
        if (cols === 80)
          expect(
            lines.some((l) => header.test(l)),
            r.screen,
          ).toBe(true);
        // Past what a table can fit a block per row, whose one-word value (an id, a name) longer
        // than the line is left whole for the terminal to wrap: it still pastes whole.
        const wide = lines.filter((l) => [...l].length > cols && !/^([A-Z][a-z ]*:)? +\S+$/.test(l));
        expect(wide, `at ${cols} columns:\n${r.screen}`).toEqual([]);
      }
    }, 120_000);
  }
});
