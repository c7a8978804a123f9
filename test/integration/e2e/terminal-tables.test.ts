// Tables at a real terminal (the BUILT CLI on a pseudo-terminal of a given size, against the real
// emulator): an `audit logs` history far longer than a page prints whole, streamed with the first
// page's widths and saying so; --follow prints absolute times in a table fitted to the terminal; an
// empty result and a cut one say so; `auth list-keys` fits 120 columns. What is asserted is what
// the screen shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { screenLines } from '../../helpers/screen.js';
import { runCli } from '../../helpers/spawn-cli.js';

const EVENTS = 5000;
/** A secret name longer than the TARGET column can show at 120 columns. */
const LONG_NAME = 'PAYMENTS_PROVIDER_WEBHOOK_SIGNING_SECRET_FOR_EU';
let emu: EmulatorHandle;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator();
  env = { ...emu.env, NO_COLOR: '1' };
  const seeded = await runCli([
    'emulator',
    'seed-audit',
    '--count',
    String(EVENTS),
    '--span',
    '1d',
    '--data-dir',
    emu.dataDir,
  ]);
  expect(seeded.code, seeded.stderr).toBe(0);
  // One event with the owner's real user id and a long target, the newest of all.
  const set = await runCli(['secret', 'set', LONG_NAME, '--value', 'v', '--env', 'production'], { env });
  expect(set.code, set.stderr).toBe(0);
}, 120_000);
afterAll(stopAllEmulators);

const width = (line: string) => [...line].length;
// DURATION and IP are left out whole before a long TARGET is cut (newcomer pass 12, NC12-10).
const HEADER = /^TIME +EVENT +TARGET +USER +STATUS( +DURATION)?( +IP)?$/;

describe.skipIf(!HAVE_PTY)('audit logs at a real terminal', () => {
  it('--limit 0 prints a history of five pages whole: streamed with the first page’s widths, saying so', async () => {
    const piped = await runCli(['audit', 'logs', '--limit', '0'], { env });
    expect(piped.code, piped.stderr).toBe(0);
    const total = piped.stdout.trimEnd().split('\n').length;
    expect(total).toBeGreaterThan(EVENTS);

    const r = await pty(['audit', 'logs', '--limit', '0'], env, { cols: 120, rows: 40 });
    const lines = screenLines(r.screen);
    expect(r.code, r.screen.slice(-2000)).toBe(0);
    expect(lines[0]).toBe(
      'Long result: columns sized from the first 1,000 events; a longer cell is cut with …',
    );
    expect(lines[1]).toMatch(HEADER);
    expect(lines.filter((l) => HEADER.test(l))).toHaveLength(1);
    // Every event is a row of its own, none wider than the terminal (nothing wrapped).
    expect(lines.slice(2)).toHaveLength(total);
    expect(lines.slice(2).every((l) => / (success|failure|denied)( |$)/.test(l))).toBe(true);
    expect(Math.max(...lines.map(width))).toBeLessThanOrEqual(120);
    expect(r.screen).not.toContain('Maximum call stack');
  }, 120_000);

  it('--follow on 120 columns: RFC 3339 times, a long target cut with …, nothing wrapped', async () => {
    const r = await pty(['audit', 'logs', '--follow', '--limit', '30'], env, {
      cols: 120,
      interruptWhen: 'Ctrl-C to stop',
    });
    expect(r.code, r.screen).toBe(130);
    const lines = screenLines(r.screen);
    expect(lines[0]).toMatch(HEADER);
    const rows = lines.slice(1, 31);
    expect(rows.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}/.test(l))).toBe(true);
    // The newest event (printed last: oldest first while following) is the secret set above.
    const mine = rows[rows.length - 1] ?? '';
    expect(mine).toMatch(/ secret\.set +PAYMENTS_PROVID\S*… +user-\S+ +success( +- +127\.0\.0\.1)?$/);
    expect(lines.slice(31)).toEqual([
      'Showing the newest 30 events; there are more: use --limit 0 for all',
      'Following new events; Ctrl-C to stop',
    ]);
    expect(Math.max(...lines.map(width))).toBeLessThanOrEqual(120);
  }, 60_000);

  it('an empty result names the range on the terminal; a result cut by --limit says so', async () => {
    const empty = await pty(
      ['audit', 'logs', '--since', '2020-01-01T00:00:00Z', '--until', '2020-01-02T00:00:00Z'],
      env,
    );
    expect(empty.code, empty.screen).toBe(0);
    expect(screenLines(empty.screen)).toEqual([
      'Showing events 2020-01-01T00:00:00Z → 2020-01-02T00:00:00Z',
      'No events in 2020-01-01T00:00:00Z → 2020-01-02T00:00:00Z',
    ]);
    const cut = await pty(['audit', 'logs', '--limit', '3'], env);
    expect(cut.code, cut.screen).toBe(0);
    const lines = screenLines(cut.screen);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(HEADER);
    expect(lines[4]).toMatch(/ left out to fit 120 columns; a pipe or a wider terminal shows them$/);
    expect(lines[5]).toBe('Showing the newest 3 events; there are more: use --limit 0 for all');
  }, 60_000);
});

describe.skipIf(!HAVE_PTY)('auth list-keys at a real terminal', () => {
  it('fits 120 columns: id, name and status whole, the least needed columns left out', async () => {
    const made = await runCli(
      [
        'auth',
        'create-key',
        '--name',
        'github-actions-deploy-production',
        '--scope',
        'read,write,execute',
        '--workflows',
        'production/*',
        '--workflows',
        'staging/*',
        '--json',
      ],
      { env },
    );
    expect(made.code, made.stderr).toBe(0);
    const { id } = JSON.parse(made.stdout) as { id: string };
    const r = await pty(['auth', 'list-keys'], env, { cols: 120 });
    expect(r.code, r.screen).toBe(0);
    const lines = screenLines(r.screen);
    // The least needed columns are left out whole (revoked, created, last used, …), so every line
    // fits whatever the relative times say; id, name and status are never cut.
    expect(lines[0]).toMatch(
      /^ID +NAME +STATUS( +PREFIX)?( +SCOPES)?( +WORKFLOWS)?( +CREATED)?( +EXPIRES)?( +LAST USED)?( +REVOKED)?$/,
    );
    // Newcomer pass 14, NC-2: PREFIX (which --help promises) outlives the all-`-` REVOKED, and
    // a line says which columns were left out.
    expect(lines[0]).toMatch(/^ID +NAME +STATUS +PREFIX +/);
    expect(lines[0]).not.toMatch(/REVOKED/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^[A-Za-z, ]*REVOKED left out to fit 120 columns; a pipe or a wider terminal shows them$/,
      ),
    );
    const row = lines.find((l) => l.startsWith(`${id}  `)) ?? '';
    expect(row).toMatch(/^key_\S+ {2}github-actions-deploy-production {2}active\b/);
    expect(Math.max(...lines.map(width))).toBeLessThanOrEqual(120);
    for (const cols of [80, 100]) {
      const narrow = await pty(['auth', 'list-keys'], env, { cols });
      expect(narrow.code, narrow.screen).toBe(0);
      const shown = screenLines(narrow.screen);
      expect(Math.max(...shown.map(width)), narrow.screen).toBeLessThanOrEqual(cols);
      expect(shown.some((l) => l.startsWith(`${id}  `))).toBe(true); // the id whole, to copy
    }
  }, 60_000);
});
