// Newcomer pass 12 (NC12-2, NC12-10, NC12-11): tables at 100 and 40 columns on a real terminal (the
// BUILT CLI on a pseudo-terminal, against the real emulator). A revoked key says so at any width;
// ids, names, times and statuses are never cut: low-priority columns are left out whole first, and
// a table that still cannot fit prints one block per row; --follow gives its spare width to TARGET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { screenLines } from '../../helpers/screen.js';
import { runCli } from '../../helpers/spawn-cli.js';

const LONG_SECRET = 'PAYMENTS_PROVIDER_WEBHOOK_SIGNING_SECRET';
const LONG_KEY = 'github-actions-deploy-production';
let emu: EmulatorHandle;
let env: Record<string, string>;
let revokedId = '';
let longId = '';

const cli = async (argv: string[]) => {
  const r = await runCli(argv, { env });
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};
const keyId = async (name: string) =>
  (
    JSON.parse(await cli(['auth', 'create-key', '--name', name, '--scope', 'read,execute', '--json'])) as {
      id: string;
    }
  ).id;

beforeAll(async () => {
  emu = await startEmulator();
  env = { ...emu.env, NO_COLOR: '1' };
  await cli(['secret', 'set', LONG_SECRET, '--value', 'v', '--env', 'production']);
  await cli(['secret', 'set', 'DB_URL', '--value', 'v']);
  revokedId = await keyId('monitoring');
  longId = await keyId(LONG_KEY);
  await cli(['auth', 'revoke-key', 'monitoring', '--yes']);
}, 120_000);
afterAll(stopAllEmulators);

const width = (line: string) => [...line].length;
/**
 * Lines wider than the terminal: none, but a block's `Label: value` whose value is one word (an
 * id or a name longer than the line is left whole for the terminal to wrap, so it pastes whole).
 */
const tooWide = (lines: string[], cols: number) =>
  lines.filter((l) => width(l) > cols && !/^([A-Z][a-z ]*:)? +\S+$/.test(l) && !l.startsWith('Showing the'));

async function screen(argv: string[], cols: number): Promise<string[]> {
  const r = await pty(argv, env, { cols });
  expect(r.code, r.screen).toBe(0);
  const lines = screenLines(r.screen);
  expect(tooWide(lines, cols), r.screen).toEqual([]);
  return lines;
}

describe.skipIf(!HAVE_PTY)('tables at 100 and 40 columns', () => {
  it('auth list-keys: a STATUS column says revoked at both widths; ids and names whole', async () => {
    const wide = await screen(['auth', 'list-keys'], 100);
    expect(wide[0]).toMatch(/^ID +NAME +STATUS\b/);
    expect(wide.find((l) => l.startsWith(revokedId))).toMatch(/^key_\S+ {2}monitoring +revoked\b/);
    expect(wide.find((l) => l.startsWith(longId))).toMatch(
      new RegExp(`^key_\\S+ {2}${LONG_KEY} {2}active\\b`),
    );
    const narrow = await screen(['auth', 'list-keys'], 40);
    // One block per key: the id whole (it can be pasted into revoke-key), its state beside it.
    const at = narrow.indexOf(`Id:        ${revokedId}`);
    expect(at, narrow.join('\n')).toBeGreaterThanOrEqual(0);
    expect(narrow.slice(at + 1, at + 3)).toEqual(['Name:      monitoring', 'Status:    revoked']);
    expect(narrow).toContain(`Name:      ${LONG_KEY}`);
  }, 60_000);

  it('secret list --all: names and scopes whole at 100; a block per secret at 40', async () => {
    const wide = await screen(['secret', 'list', '--all'], 100);
    expect(wide[0]).toMatch(/^NAME +ENVIRONMENT +VERSION +UPDATED( +UPDATED BY)? +ROTATION$/);
    expect(wide.some((l) => new RegExp(`^${LONG_SECRET} {2}production {2}`).test(l))).toBe(true);
    const narrow = await screen(['secret', 'list', '--all'], 40);
    expect(narrow.join('\n')).not.toContain('…');
    expect(narrow).toContain(`Name:        ${LONG_SECRET}`);
    expect(narrow).toContain('Environment: production');
    expect(narrow).toContain('Rotation:    -');
  }, 60_000);

  it('audit logs: time, event and status never cut; a block per event at 40', async () => {
    const wide = await screen(['audit', 'logs', '--limit', '5'], 100);
    expect(wide[0]).toMatch(/^TIME +EVENT +TARGET +USER +STATUS/);
    expect(wide[1]).toMatch(/^(just now|\d+ \w+ ago) +api_key\.revoked +\S.* +success( |$)/);
    const narrow = await screen(['audit', 'logs', '--limit', '5'], 40);
    expect(narrow.join('\n')).not.toContain('…');
    expect(narrow).toContain('Event:    api_key.revoked');
    // Too long for the line: broken at its space, the id whole on the first line.
    const at = narrow.indexOf(`Target:   ${revokedId}`);
    expect(narrow[at + 1], narrow.join('\n')).toBe('          (monitoring)');
    expect(narrow).toContain('Status:   success');
  }, 60_000);

  it('audit logs --follow at 100: EVENT as wide as the longest type, the spare width to TARGET and USER', async () => {
    for (const cols of [100, 40]) {
      const r = await pty(['audit', 'logs', '--follow', '--limit', '5'], env, {
        cols,
        interruptWhen: 'Ctrl-C to stop',
      });
      expect(r.code, r.screen).toBe(130);
      const lines = screenLines(r.screen);
      expect(tooWide(lines, cols), r.screen).toEqual([]);
      if (cols === 40) {
        expect(lines).toContain('Event:    api_key.revoked');
        // Too long for the line: broken at its space, the id whole on the first line.
        const at = lines.indexOf(`Target:   ${revokedId}`);
        expect(lines[at + 1], lines.join('\n')).toBe('          (monitoring)');
        continue;
      }
      const header = lines[0] ?? '';
      expect(header).toMatch(/^TIME +EVENT +TARGET +USER +STATUS/);
      // EVENT is as wide as `governance.settings_changed` (27), so a later type is never cut, and
      // the rest of the line is TARGET's and USER's: no column is padded past what it needs but
      // them (before, EVENT took 26 and TARGET was cut to `product…`, USER to `user-2b…`).
      expect(header.indexOf('TARGET') - header.indexOf('EVENT')).toBe(27 + 2);
      const target = header.indexOf('USER') - header.indexOf('TARGET') - 2;
      const user = header.indexOf('STATUS') - header.indexOf('USER') - 2;
      expect(target + user).toBe(100 - 20 - 27 - 7 - 4 * 2);
      const revoked = lines.find((l) => l.includes('api_key.revoked')) ?? '';
      expect(revoked).toContain(`${revokedId.slice(0, target - 1)}…`);
      expect(revoked).toMatch(/ success$/);
    }
  }, 60_000);
});
