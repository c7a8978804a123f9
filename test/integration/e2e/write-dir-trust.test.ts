// Every directory on the way to a file the CLI writes passes the one trust rule (hostile pass 15,
// H15-10): this user's or root's, not writable by others unless sticky, and a link in the way
// neither another user's nor leading to such a directory. Before, `auth login --insecure-storage`
// wrote the key into nobody's world-writable directory through a link nobody planted in a sticky
// one (rc 0). The hostile user is nobody, made the owner with chown; needs root, skipped otherwise.
import { chmodSync, chownSync, lchownSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('write-dir trust tests skipped: not running as root');

const HINT =
  'hint: another user could swap what is written there; make it yours and writable only by you, or set XDG_CONFIG_HOME to a directory of your own\n';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

/** A sticky 1777 directory like /tmp, and nobody's 0777 directory a link in it leads to. */
function planted(linkOwner: number): { sticky: string; theirs: string; link: string } {
  const root = tempDir('fib-write-dir-');
  const sticky = join(root, 'shared');
  const theirs = join(root, 'theirs');
  mkdirSync(sticky);
  chmodSync(sticky, 0o1777);
  mkdirSync(theirs);
  chmodSync(theirs, 0o777);
  chownSync(theirs, NOBODY, NOBODY);
  const link = join(sticky, 'fibonacci');
  symlinkSync(theirs, link);
  lchownSync(link, linkOwner, linkOwner);
  return { sticky, theirs, link };
}

function envWith(config: string): Record<string, string> {
  const { FIBONACCI_API_KEY: _owner, ...rest } = emu.env;
  return { ...rest, HOME: tempDir('fib-write-home-'), XDG_CONFIG_HOME: config, DBUS_SESSION_BUS_ADDRESS: '' };
}

const login = (env: Record<string, string>) =>
  runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
    env,
    input: emu.env.FIBONACCI_API_KEY ?? '',
  });

describe.skipIf(!asRoot)('directories the CLI writes in (root, a hostile user nobody)', () => {
  it("a link nobody planted in a sticky dir, to nobody's dir: login refused, nothing written", async () => {
    const { sticky, theirs, link } = planted(NOBODY);
    const r = await login(envWith(sticky));
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: refusing to use ${link} (the configuration directory): the directory ${link} is not safe: it is a symbolic link of another user (uid ${NOBODY})\n${HINT}`,
    ]);
    expect(readdirSync(theirs)).toEqual([]);
  });

  it("root's own link to nobody's dir: refused naming where it leads", async () => {
    const { sticky, theirs, link } = planted(0);
    const r = await login(envWith(sticky));
    expect([r.code, r.stderr]).toEqual([
      3,
      `error: refusing to use ${link} (the configuration directory): the directory ${theirs} (where the link ${link} leads) is not safe: it belongs to another user (uid ${NOBODY})\n${HINT}`,
    ]);
    expect(readdirSync(theirs)).toEqual([]);
  });

  it('a world-writable XDG_CONFIG_HOME: refused at login, and a key store under one later is not read', async () => {
    const open = tempDir('fib-write-open-');
    chmodSync(open, 0o777);
    const r = await login(envWith(open));
    expect([r.code, r.stderr]).toEqual([
      3,
      `error: refusing to use ${open}/fibonacci (the configuration directory): the directory ${open} is not safe: its mode 777 lets other users at it\n${HINT}`,
    ]);
    expect(readdirSync(open)).toEqual([]);

    const mine = tempDir('fib-write-mine-');
    const env = envWith(mine);
    expect((await login(env)).code).toBe(0);
    chmodSync(mine, 0o777);
    const s = await runCli(['auth', 'status'], { env });
    expect([s.code, s.stdout, s.stderr]).toEqual([
      3,
      '',
      `error: refusing to use ${mine}/fibonacci (the plain-text key store): the directory ${mine} is not safe: its mode 777 lets other users at it\n${HINT}`,
    ]);
  });

  it('a token pasted into XDG_CONFIG_HOME: the refusal gives the directory by its length, never the token', async () => {
    const token = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'}`;
    const open = join(tempDir('fib-write-token-'), token);
    mkdirSync(open);
    chmodSync(open, 0o777);
    const r = await login(envWith(open));
    const len = (p: string) => `(${[...p].length} characters, not repeated here)`;
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: refusing to use ${len(`${open}/fibonacci`)} (the configuration directory): the directory ${len(open)} is not safe: its mode 777 lets other users at it\n${HINT}`,
    ]);
    expect(r.stderr).not.toContain(token.slice(4, 12));
  });

  it('auth logout under a world-writable XDG_CONFIG_HOME: the warning says the caches were not marked stale, and why', async () => {
    const open = tempDir('fib-write-logout-');
    chmodSync(open, 0o777);
    const r = await runCli(['auth', 'logout'], {
      env: { ...envWith(open), XDG_CACHE_HOME: tempDir('fib-write-cache-') },
    });
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr.split('\n')[0]).toBe(
      `warning: did not mark the completion caches stale: the directory ${open} is not safe: its mode 777 lets other users at it; TAB may offer the previous key's names for up to a minute`,
    );
    expect(readdirSync(open)).toEqual([]);
  });

  it('audit export into a world-writable directory: refused before the lock is taken', async () => {
    const open = tempDir('fib-write-export-');
    chmodSync(open, 0o777);
    const r = await runCli(['audit', 'export', '--output', join(open, 'a.ndjson')], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: refusing to use ${open} (the directory of --output): the directory ${open} is not safe: its mode 777 lets other users at it\n` +
        'hint: another user could swap what is written there; make it yours and writable only by you, or choose another --output, in a directory only you can write to\n',
    ]);
    expect(readdirSync(open)).toEqual([]);
  });

  it("the completion cache under nobody's link: TAB writes nothing there", async () => {
    const { sticky, theirs } = planted(0);
    const env = { ...emu.env, XDG_CACHE_HOME: sticky, XDG_CONFIG_HOME: tempDir('fib-write-cfg-') };
    const r = await runCli(['__complete', 'secret'], { env });
    expect(r.code).toBe(0);
    expect(readdirSync(theirs)).toEqual([]);
  });
});
