// The rest of the commands that change server state, after create-output-lost.test.ts's four: with
// `> /dev/full` each exits 1 saying what WAS done and only its output was lost (DONEOUT:
// bulk `secret set --env-file`, `access apply`, `secret rotation`, `auth revoke-key`,
// `org members set-role`, `org quota set` and `org governance set` said only "what was not written
// is lost"; `auth create-key` names the key to revoke). The built CLI against the emulator.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { CLI_BIN, REPO_ROOT } from '../../helpers/repo.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli, spawnCollect, waitExit } from '../../helpers/spawn-cli.js';
import { runWithStdio } from '../../helpers/spawn-stdio.js';

const LOST = 'but its output was lost: cannot write to standard output: no space left on device (ENOSPC)';
let emu: EmulatorHandle;
let org: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const status = await runCli(['auth', 'status'], { env: emu.env });
  org = /org-\w+/.exec(status.stdout + status.stderr)?.[0] ?? '';
}, 90_000);
afterAll(stopAllEmulators);

const full = (args: string[]) => runWithStdio(args, { env: emu.env, stdout: '/dev/full' });

describe('stdout fails after the change', () => {
  it('secret set --env-file: the names stored, exit 1', async () => {
    const dir = makeTree({ 'ci.env': 'BULK_ONE=v4lue-1\nBULK_TWO=v4lue-2\n' });
    const r = await full(['secret', 'set', '--env-file', join(dir, 'ci.env')]);
    expect(r).toEqual({
      code: 1,
      stderr:
        `error: 2 secrets were set in shared from ${join(dir, 'ci.env')} (BULK_ONE, BULK_TWO), ${LOST}\n` +
        'hint: they are stored: `fibonacci secret list` shows them; setting them again adds a version\n',
    });
  });

  it('secret rotation: set and turned off', async () => {
    const value = join(makeTree({ v: 'v4lue-Xyz-1' }), 'v');
    expect((await runCli(['secret', 'set', 'ROT_LOST', '--from-file', value], { env: emu.env })).code).toBe(
      0,
    );
    const on = await full(['secret', 'rotation', 'ROT_LOST', '--every', '30d']);
    expect(on).toEqual({
      code: 1,
      stderr: `error: the rotation policy of ROT_LOST (shared) was set, ${LOST}\nhint: \`fibonacci secret list\` shows it\n`,
    });
    const off = await full(['secret', 'rotation', 'ROT_LOST', '--off']);
    expect(off.stderr).toMatch(/^error: the rotation policy of ROT_LOST \(shared\) was turned off, but its/);
  });

  it('auth create-key names the key to revoke; auth revoke-key says it was revoked', async () => {
    const made = await full(['auth', 'create-key', '--name', 'lost-key', '--scope', 'secrets:read']);
    expect(made.code).toBe(1);
    const id = /^error: key (key_[0-9a-f]{24}) was created, but it could not be written/.exec(
      made.stderr,
    )?.[1];
    expect(made.stderr).toContain(
      `hint: the key cannot be shown again: revoke it with \`fibonacci auth revoke-key ${id} --yes\``,
    );
    const gone = await full(['auth', 'revoke-key', id as string, '--yes']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      new RegExp(
        `^error: API key lost-key \\(${id}, [^)]*\\) was revoked, ${LOST.replace(/[()]/g, '\\$&')}\\n`,
      ),
    );
    expect(gone.stderr).toContain('hint: it is refused from now on: `fibonacci auth list-keys` shows it\n');
  });

  it('org quota set, org governance set, org members set-role', async () => {
    const quota = await full(['org', 'quota', 'set', 'workflow_runs_per_hour=50']);
    expect(quota).toEqual({
      code: 1,
      stderr: `error: the quota of ${org} was updated, ${LOST}\nhint: \`fibonacci org quota\` shows it\n`,
    });
    const gov = await full(['org', 'governance', 'set', 'approval_threshold=2']);
    expect(gov.stderr).toBe(
      `error: the governance settings of ${org} were updated, ${LOST}\nhint: \`fibonacci org governance\` shows them\n`,
    );
    await emu.addUser('member');
    const members = JSON.parse(
      (await runCli(['org', 'members', '--json'], { env: emu.env })).stdout,
    ) as Array<{
      user_id: string;
      role: string;
    }>;
    const member = members.find((m) => m.role === 'member')?.user_id as string;
    const role = await full(['org', 'members', 'set-role', member, 'viewer']);
    expect(role).toEqual({
      code: 1,
      stderr: `error: ${member} is now viewer in ${org}, ${LOST}\nhint: \`fibonacci org members\` shows it\n`,
    });
  });

  it('access apply: the version now in force', async () => {
    const file = join(makeTree({}), 'fibonacci.yaml');
    // The example blocks 127.0.0.1, where the emulator runs: the copy allowlists it.
    const example = readFileSync(join(REPO_ROOT, 'docs/examples/fibonacci.yaml'), 'utf8');
    writeFileSync(
      file,
      example.replace('      - 203.0.113.50\n', '      - 203.0.113.50\n      - 127.0.0.1\n'),
    );
    const r = await full(['access', 'apply', file, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: ${file} was applied: the access policy of ${org} is version 1, ${LOST}\n` +
        'hint: `fibonacci access show` shows it; applying it again changes nothing\n',
    );
  });
});

describe("stdout's reader gone before the new key reached it (hostile pass s14, HX-4)", () => {
  /** The built CLI with its stdout a pipe whose reader is closed at once (`… | false`). */
  const readerGone = async (args: string[]) => {
    const proc = spawnCollect(process.execPath, ['--', CLI_BIN, ...args], emu.env);
    proc.child.stdout.destroy();
    proc.child.stdin.end();
    const code = await waitExit(proc, args.join(' '), 30_000);
    return { code, stderr: proc.stderr() };
  };

  it('auth create-key --plain: exit 1 naming the key to revoke, not a quiet 0', async () => {
    const r = await readerGone(['auth', 'create-key', '--name', 'piped-away', '--scope', 'admin', '--plain']);
    const id =
      /^error: key (key_[0-9a-f]{24}) was created, but it could not be written to standard output: its reader closed it \(EPIPE\)\n/.exec(
        r.stderr,
      )?.[1];
    expect([r.code, id !== undefined], r.stderr).toEqual([1, true]);
    expect(r.stderr).toContain(
      `hint: the key cannot be shown again: revoke it with \`fibonacci auth revoke-key ${id} --yes\``,
    );
  });

  it('emulator add-user --plain: exit 1 naming the user and the key', async () => {
    const r = await readerGone([
      'emulator',
      'add-user',
      '--role',
      'admin',
      '--name',
      'lost-admin',
      '--data-dir',
      emu.dataDir,
      '--plain',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /^error: user user-\w+ and key key_[0-9a-f]{24} were added, but the key could not be written to standard output: its reader closed it \(EPIPE\)\nhint: the key cannot be shown again: revoke it with `fibonacci auth revoke-key key_[0-9a-f]{24} --yes` \(against the running emulator\) and add another\n$/,
    );
  });

  it('any other command into a closed pipe stays a quiet exit 0', async () => {
    const r = await readerGone(['secret', 'list', '--all']);
    expect(r).toEqual({ code: 0, stderr: '' });
  });

  it('stdout /dev/null (or closed: Node reopens it as /dev/null): refused before any key is made, exit 2', async () => {
    const r = await runWithStdio(
      ['auth', 'create-key', '--name', 'to-nobody', '--scope', 'read', '--plain'],
      {
        env: emu.env,
        stdout: '/dev/null',
      },
    );
    expect(r).toEqual({
      code: 2,
      stderr:
        'error: standard output is /dev/null (or closed): the new key would be shown to nobody\n' +
        'hint: send it to a file or a variable, e.g. KEY=$(fibonacci auth create-key … --plain); nothing was created\n',
    });
    const user = await runWithStdio(
      ['emulator', 'add-user', '--role', 'viewer', '--name', 'nobody-sees', '--data-dir', emu.dataDir],
      {
        env: emu.env,
        stdout: '/dev/null',
      },
    );
    expect(user.code, user.stderr).toBe(2);
    const keys = await runCli(['auth', 'list-keys', '--json'], { env: emu.env });
    expect(keys.stdout).not.toMatch(/to-nobody|nobody-sees/);
  });
});
