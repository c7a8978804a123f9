// `emulator add-user --name`: the key's name obeys the API's own rule (lib/validate.ts), so a key
// written out of band can never carry a name that POST /api/v1/api-keys would refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, defaultOrganization } from '../../../../src/emulator/accounts.js';
import { apiRequest } from '../../../helpers/api-request.js';
import { type InProcessEmulator, startInProcess } from '../../../helpers/in-process-emulator.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

let emu: InProcessEmulator;
beforeAll(async () => {
  emu = await startInProcess();
});
afterAll(() => emu?.close());

const keyCount = () => (emu.store.db.prepare('SELECT COUNT(*) AS n FROM api_keys').get() as { n: number }).n;

const addUser = (name: string) =>
  runInProcess([
    'emulator',
    'add-user',
    '--role',
    'viewer',
    '--data-dir',
    emu.dataDir,
    '--name',
    name,
    '--plain',
  ]);

const REFUSED: Array<[string, string]> = [
  ['empty', ''],
  ['ESC [2J', '\u001b[2J'],
  ['OSC 8 hyperlink', '\u001b]8;;https://evil.test\u0007x\u001b]8;;\u0007'],
  ['C1 CSI', 'a\u009b2Jb'],
  ['BEL', 'a\u0007b'],
  ['CR', 'ci\rprod'],
  ['backspace', 'ci\bprod'],
  ['RTL override', 'ci\u202etxt.exe'],
  ['U+2028', 'a\u2028b'],
  ['101 characters', 'k'.repeat(101)],
  // Another key's id: a list would show it as this key's name (hostile re-pass s14).
  ['a key id', 'key_0123456789abcdef01234567'],
];
const ACCEPTED: Array<[string, string]> = [
  ['plain', 'ci-cd'],
  ['non-ASCII', 'ci é 日本'],
  ['100 characters', 'k'.repeat(100)],
  // 100 code points, 200 UTF-16 units: JSON Schema's maxLength counts code points.
  ['100 astral characters', '😀'.repeat(100)],
];

describe('emulator add-user --name', () => {
  it.each(REFUSED)(
    'refuses %s: exit 2, one escaped error line and a hint, no key written',
    async (_, name) => {
      const before = keyCount();
      const r = await addUser(name);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n');
      expect(lines[0]).toMatch(
        /^error: invalid --name (?:""|\(\d+ characters, not repeated here\)): not a key name$/,
      );
      expect(lines[1]).toMatch(/^hint: a key name is 1 to 100 characters, without control characters/);
      expect(lines).toHaveLength(3);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
      expect(keyCount()).toBe(before);
    },
  );

  it.each(ACCEPTED)('accepts %s and prints the key alone', async (_, name) => {
    const r = await addUser(name);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fib_test_[A-Za-z0-9]{43}\n$/);
    const row = emu.store.db.prepare('SELECT name FROM api_keys ORDER BY rowid DESC LIMIT 1').get() as {
      name: string;
    };
    expect(row.name).toBe(name);
  });

  it("prints the user, role and key once, in the first start's owner-key line", async () => {
    const r = await runInProcess([
      'emulator',
      'add-user',
      '--role',
      'member',
      '--data-dir',
      emu.dataDir,
      '--superuser',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const row = emu.store.db
      .prepare('SELECT id, user_id FROM api_keys ORDER BY rowid DESC LIMIT 1')
      .get() as { id: string; user_id: string };
    expect(r.stdout).toMatch(
      new RegExp(
        `^member key \\(shown once; user ${row.user_id}, key ${row.id}, superuser\\): fib_test_[A-Za-z0-9]{43}\\n$`,
      ),
    );
  });

  it('follows the same rule as POST /api/v1/api-keys, name by name', async () => {
    for (const [label, name] of [...REFUSED, ...ACCEPTED]) {
      const api = await apiRequest(emu, 'POST', '/api/v1/api-keys', { body: { name, scopes: ['read'] } });
      const cli = await addUser(name);
      expect({ label, api: api.status, cli: cli.code }).toEqual({
        label,
        api: cli.code === 0 ? 201 : 422,
        cli: api.status === 201 ? 0 : 2,
      });
    }
  });

  it('and the store refuses such a name from any other caller', () => {
    const org = defaultOrganization(emu.store);
    const user = emu.store.db.prepare('SELECT id FROM users LIMIT 1').get() as { id: string };
    expect(() =>
      createApiKey(emu.store, {
        orgId: org?.id ?? '',
        userId: user.id,
        name: 'x\u001b[2J',
        scopes: ['read'],
        workflows: ['**'],
      }),
    ).toThrow(/invalid API key name/);
  });
});
