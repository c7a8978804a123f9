// A password typed (or pasted) where a name goes: as a command, an option, a secret name, an
// environment, a scope, an event type, a key, a setting, a resource. Every refusal goes to the
// terminal's scrollback and the CI log, so none may repeat it: a name is repeated only when it is
// written as names of its kind are. Through the built CLI against the real emulator over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const set = await runCli(['secret', 'set', 'API_KEY', '--env', 'production'], {
    env: emu.env,
    input: 'v1',
  });
  expect(set.code).toBe(0);
});
afterAll(stopAllEmulators);

// Generated and human passwords: grouped, short with marks, a UUID-shaped key, letters only.
const PASSWORDS = [
  'kdhTwe-pQmbXa-ZtreHy',
  'Tr0ub4dor&3',
  'P@ssw0rd-2024!',
  'Summer2024!',
  '6a6c22e7-145a-4a24-bb59-59b4dff06322',
  'qWbnRtYuMzXcVbNmLkJhGfDs',
];

/**
 * Each place a typed word is refused, and that refusal's exit code. A password that is a valid
 * name there (`kdhTwe-pQmbXa-ZtreHy` is a workflow name) is asked about, not refused: 0.
 */
const SINKS: ReadonlyArray<readonly [string, (p: string) => string[], number | readonly number[]]> = [
  ['an unknown command', (p) => [p], 2],
  ['an unknown subcommand', (p) => ['secret', p], 2],
  ['a help topic', (p) => ['help', p], 2],
  ['an unknown option', (p) => ['auth', 'status', `--${p}`], 2],
  ['a secret name', (p) => ['secret', 'set', p], 2],
  ['a NAME=VALUE', (p) => ['secret', 'set', `${p}=x`], 2],
  ['an environment', (p) => ['secret', 'list', '--env', p], 2],
  ["security check's --env", (p) => ['security', 'check', '--env', p, '.'], 2],
  ['a scope', (p) => ['auth', 'create-key', '--name', 'ci', '--scope', p], 2],
  ['a list of scopes', (p) => ['auth', 'create-key', '--name', 'ci', '--scope', `read,${p}`], 2],
  ['an event type', (p) => ['audit', 'logs', '--event-type', p, '--limit', '1'], 0],
  ['a key to revoke', (p) => ['auth', 'revoke-key', '--yes', p], 12],
  ['a flag value', (p) => ['secret', 'rotation', 'API_KEY', '--every', p], 2],
  ['a setting value', (p) => ['org', 'quota', 'set', `memory_mb=${p}`], 2],
  ['a setting key', (p) => ['org', 'quota', 'set', `${p}=5`], 2],
  // No name (refused locally, exit 2, since newcomer s14 NC-12), or a name nothing has (12).
  ['a workflow name', (p) => ['workflow', 'run', `t/${p}`], [2, 12]],
  ['a resource secret name', (p) => ['access', 'check', 'read', `secrets/shared/${p}`], [0, 2]],
  ['a resource environment', (p) => ['access', 'check', 'read', `secrets/${p}/API_KEY`], 2],
  ['a resource workflow', (p) => ['access', 'check', 'read', `workflows/${p}`], [0, 2]],
];

describe('a password typed where a name goes is never repeated', () => {
  it.each(PASSWORDS)(
    '%s: in no refusal, at any sink',
    async (password) => {
      const seen: string[] = [];
      const wrong: string[] = [];
      for (const [sink, argv, code] of SINKS) {
        const r = await runCli(argv(password), { env: emu.env, input: 'x' });
        const out = `${r.stdout}${r.stderr}`;
        // Nor a part of it: a grouped password's groups, the parts around its marks.
        const parts = password.split(/[^A-Za-z0-9]+/).filter((part) => part.length >= 5);
        if (out.includes(password) || parts.some((part) => out.includes(part))) seen.push(`${sink}: ${out}`);
        const codes = typeof code === 'number' ? [code] : code;
        if (!codes.includes(r.code)) wrong.push(`${sink}: exit ${r.code}: ${out}`);
      }
      expect(seen).toEqual([]);
      expect(wrong).toEqual([]);
    },
    120_000,
  );
});

describe('a name typed as names are is still named', () => {
  it('an unknown command, with the known one suggested', async () => {
    const r = await runCli(['secrt'], { env: emu.env });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown command "secrt"\nhint: did you mean secret?\n',
    });
  });

  it('a mistyped environment, with the near one', async () => {
    const r = await runCli(['secret', 'list', '--env', 'prodution'], { env: emu.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('there is no environment prodution');
    expect(r.stderr).toContain('did you mean production?');
  });

  it('a mistyped scope and event type, the known ones suggested, not the typed case', async () => {
    const scope = await runCli(['auth', 'create-key', '--name', 'ci', '--scope', 'runs:reed'], {
      env: emu.env,
    });
    expect(scope.code).toBe(2);
    expect(scope.stderr).toMatch(/^error: invalid --scope "runs:reed": unknown scope runs:reed\n/);
    const event = await runCli(['audit', 'logs', '--event-type', 'Secret.Set2', '--limit', '1'], {
      env: emu.env,
    });
    expect(event.stderr).toMatch(
      /^warning: unknown event type \(11 characters, not repeated here\), did you mean secret\.set\?\n/,
    );
  });
});
