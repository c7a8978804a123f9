// UX pass 14 (T-BLOCK): a table measured its cells in code points, but a terminal gives a Chinese,
// Japanese or Korean character two columns. A member named 数据库管理员数据库管理员 (12 characters, 24
// columns) pushed ROLE and JOINED 12 columns right on its row, and such a row could run past the
// terminal and wrap. Now cells are measured in terminal columns: the columns line up on every row
// and no line is wider than the terminal. The BUILT CLI on a pseudo-terminal, the real emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { screenLines } from '../../helpers/screen.js';
import { runCli } from '../../helpers/spawn-cli.js';

const WIDE_NAME = '数据库管理员数据库管理员';
const KANA_KEY = 'デプロイ用キー';
let emu: EmulatorHandle;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator();
  env = { ...emu.env, NO_COLOR: '1' };
  const add = await runCli([
    'emulator',
    'add-user',
    '--role',
    'viewer',
    '--name',
    WIDE_NAME,
    '--data-dir',
    emu.dataDir,
    '--plain',
  ]);
  expect(add.code, add.stderr).toBe(0);
  const key = await runCli(['auth', 'create-key', '--name', KANA_KEY, '--scope', 'read', '--plain'], { env });
  expect(key.code, key.stderr).toBe(0);
}, 60_000);
afterAll(stopAllEmulators);

/** Columns a line takes on the terminal: these CJK characters are two each. */
const columns = (line: string) => [...line].reduce((n, c) => n + (/[\u3000-\u9fff]/.test(c) ? 2 : 1), 0);
/** The terminal column where the last `word` starts on `line`. */
const columnOf = (line: string, word: string) => columns(line.slice(0, line.lastIndexOf(word)));

async function screen(argv: string[], cols: number): Promise<string[]> {
  const r = await pty(argv, env, { cols });
  expect(r.code, r.screen).toBe(0);
  const lines = screenLines(r.screen).filter((l) => l !== '');
  expect(
    lines.filter((l) => columns(l) > cols),
    r.screen,
  ).toEqual([]);
  return lines;
}

describe.skipIf(!HAVE_PTY)('a table with wide (CJK) characters lines up on a terminal', () => {
  it('org members at 100 columns: ROLE and JOINED start at the same column on every row', async () => {
    const lines = await screen(['org', 'members'], 100);
    const [header, ...rows] = lines;
    const wide = rows.find((l) => l.includes(WIDE_NAME)) ?? '';
    const owner = rows.find((l) => / owner +(just now|\d+ seconds? ago)$/.test(l)) ?? '';
    expect(wide).toMatch(/ viewer +just now$|viewer +\d+ seconds? ago$/);
    expect(columnOf(wide, 'viewer')).toBe(columnOf(header ?? '', 'ROLE'));
    expect(columnOf(owner, 'owner')).toBe(columnOf(header ?? '', 'ROLE'));
    expect(columnOf(wide, 'viewer')).toBe(columnOf(header ?? '', 'NAME') + columns(WIDE_NAME) + 2);
  });

  it('auth list-keys at 200 columns: the kana name is whole and STATUS lines up', async () => {
    const lines = await screen(['auth', 'list-keys'], 200);
    const [header, ...rows] = lines;
    const kana = rows.find((l) => l.includes(KANA_KEY)) ?? '';
    expect(kana).not.toContain('…');
    for (const row of rows) expect(columnOf(row, 'active'), row).toBe(columnOf(header ?? '', 'STATUS'));
  });
});
