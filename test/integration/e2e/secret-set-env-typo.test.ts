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
import { HAVE_PTY, ptyTyping } from '../../helpers/pty.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

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
    'at a terminal: asked after the masked value; no (Ctrl-C) stores nothing, exit 130',
    async () => {
      const r = await ptyTyping('$FIB secret set API_KEY --env prodction --no-color', emu.env, [
        { when: /Value for API_KEY \(prodction\):/, keys: 'typed-value\r' },
        { when: /Create prodction with API_KEY\?/, keys: '\u0003' },
      ]);
      expect(r.code, r.screen).toBe(130);
      expect(r.screen).toContain('There is no environment prodction; did you mean production?');
      expect(r.screen).toContain('cancelled: nothing was stored in prodction');
      expect(r.screen).not.toContain('typed-value');
      expect(storedIn('prodction')).toBe(0);
    },
  );

  // The value pasted as the user expects the masked prompt: before, the question came first and its
  // answer line echoed `? … Create productoon with Q1? (y/N) sk_live_…` in clear.
  it.skipIf(!HAVE_PTY)(
    'at a terminal: a value pasted at once goes to the masked prompt, never shown; yes stores it',
    async () => {
      const value = 'sk_live_PASTEDSECRETVALUE123';
      // Pasted at the first prompt that shows, whichever it is.
      const r = await ptyTyping(
        '$FIB secret set Q1 --env productoon --no-color',
        emu.env,
        [
          { when: /Value for Q1|Create productoon/, keys: `${PASTE_START}${value}${PASTE_END}\r` },
          { when: /Create productoon with Q1\? \(y\/N\)/, keys: 'y\r' },
        ],
        { timeoutMs: 10_000 },
      );
      expect(r.screen).not.toContain('PASTEDSECRET');
      expect(r.code, r.screen).toBe(0);
      expect(r.screen).toContain('Set secret Q1 (productoon, version 1)');
      expect(storedSecrets(emu.dataDir, { name: 'Q1' }).map((s) => s.value)).toEqual([value]);
    },
  );

  it.skipIf(!HAVE_PTY)('at a terminal: no stores nothing, and the value is not shown', async () => {
    const value = 'sk_live_OTHERSECRETVALUE456';
    const r = await ptyTyping('$FIB secret set Q2 --env productoom --no-color', emu.env, [
      { when: /Value for Q2 \(productoom\):/, keys: `${value}\r` },
      { when: /Create productoom with Q2\? \(y\/N\)/, keys: 'n\r' },
    ]);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).not.toContain('OTHERSECRET');
    expect(r.screen).toContain('cancelled: nothing was stored in productoom');
    expect(storedIn('productoom')).toBe(0);
  });

  // A write-only key may not list environments: the typo cannot be told, and no request is added
  // to try (it would leave an access.denied event behind every set). A terminal is told so; a pipe
  // (CI, where such keys live) stays quiet. Before, the terminal was told nothing either.
  it.skipIf(!HAVE_PTY)('a write-only key: not checked, said in one line at a terminal only', async () => {
    const made = await runCli(
      ['auth', 'create-key', '--name', 'ci-writer', '--scope', 'secrets:write', '--json'],
      { env: emu.env },
    );
    expect(made.code, made.stderr).toBe(0);
    const env = { ...emu.env, FIBONACCI_API_KEY: (JSON.parse(made.stdout) as { key: string }).key };
    const piped = await runCli(['secret', 'set', 'B', '--env', 'prodution'], { env, input: 'v' });
    expect([piped.code, piped.stdout, piped.stderr]).toEqual([0, '', '']);
    expect(storedIn('prodution')).toBe(1);

    const r = await ptyTyping('$FIB secret set B2 --env productin --no-color', env, [
      { when: /Value for B2 \(productin\):/, keys: 'v\r' },
    ]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(
      /^note: not checked whether --env productin is a typo of an existing environment: this key may not list environments$/m,
    );
    expect(storedIn('productin')).toBe(1);
  });

  // An execute-only key is refused the set (403, exit 5): the note about the skipped typo check
  // was printed before that refusal, unprefixed, though it was moot (newcomer pass 12, NC12-15).
  it.skipIf(!HAVE_PTY)('a key that may not write: the refusal alone, no note before it', async () => {
    const made = await runCli(['auth', 'create-key', '--name', 'ci-run', '--scope', 'execute', '--plain'], {
      env: emu.env,
    });
    expect(made.code, made.stderr).toBe(0);
    const env = { ...emu.env, FIBONACCI_API_KEY: made.stdout.trim() };
    const r = await ptyTyping('printf v | $FIB secret set X --env production --no-color', env, []);
    expect(r.code, r.screen).toBe(5);
    expect(r.screen).toMatch(/^error: not allowed: requires scope secrets:write/m);
    expect(r.screen).not.toMatch(/not checked/i);
  });
});
