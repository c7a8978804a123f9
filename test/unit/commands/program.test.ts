import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/lib/errors.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram, GLOBAL_OPTIONS_WITH_VALUES, nounFor } from '../../../src/program.js';
import { FakeApi } from '../../helpers/fake-api.js';
import { runInProcess } from '../../helpers/run-in-process.js';

describe('nounFor: which part of the tree an argv needs', () => {
  it.each([
    [['--help'], ''],
    [[], ''],
    [['auth', 'status'], 'auth'],
    [['--debug', 'secret', 'set', 'X'], 'secret'],
    [['--api-url', 'https://x', 'audit', 'logs'], 'audit'],
    [['--api-url=https://x', 'org', 'quota'], 'org'],
    [['help', 'secret', 'set'], undefined],
    [['secrte'], undefined],
    [['--', 'auth'], undefined],
  ])('%j → %j', (argv, noun) => {
    expect(nounFor(argv)).toBe(noun);
  });

  it('skips the value of exactly the root options that take one', () => {
    const program = buildProgram({ io: new FakeIO(), env: {} });
    const withValues = program.options
      .filter((o) => o.required || o.optional)
      .flatMap((o) => [o.long, o.short].filter((n): n is string => n !== undefined));
    expect(new Set(withValues)).toEqual(GLOBAL_OPTIONS_WITH_VALUES);
  });
});

describe('the partial tree', () => {
  const deps = () => ({ io: new FakeIO(), env: {} });

  it('lists exactly what the whole tree lists in the root help (descriptions cannot drift)', () => {
    expect(buildProgram(deps(), '').helpInformation()).toBe(buildProgram(deps()).helpInformation());
  });

  it('builds the verbs of the noun asked for, and only those', () => {
    const program = buildProgram(deps(), 'secret');
    const byName = (n: string) => program.commands.find((c) => c.name() === n);
    expect(byName('secret')?.commands.map((c) => c.name())).toContain('set');
    expect(byName('auth')?.commands).toEqual([]);
  });
});

describe('the run path', () => {
  const env = { FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789' };
  const notFound = () => new CliError('unexpected', 'not found', { status: 404, requestId: 'req_1' });

  it('closes the client a command made, whether the command succeeds or throws', async () => {
    const ok = new FakeApi().on('DELETE', '/api/v1/secrets/API_KEY', undefined);
    expect((await runInProcess(['secret', 'delete', 'API_KEY', '--yes'], { env, api: ok })).code).toBe(0);
    expect(ok.closed).toBe(1);
    const failing = new FakeApi().on('DELETE', '/api/v1/secrets/NOPE', notFound());
    expect((await runInProcess(['secret', 'delete', 'NOPE', '--yes'], { env, api: failing })).code).toBe(12);
    expect(failing.closed).toBe(1);
  });

  it('a client that fails to close changes neither the error nor the exit code', async () => {
    const argv = ['secret', 'delete', 'NOPE', '--yes'];
    const plain = await runInProcess(argv, {
      env,
      api: new FakeApi().on('DELETE', '/api/v1/secrets/NOPE', notFound()),
    });
    const api = new FakeApi().on('DELETE', '/api/v1/secrets/NOPE', notFound());
    const make = api.factory;
    api.factory = (o) => ({
      ...make(o),
      close: async () => {
        throw new Error('socket already gone');
      },
    });
    const r = await runInProcess(argv, { env, api });
    expect(plain.code).toBe(12);
    expect(r).toMatchObject({ code: plain.code, stdout: plain.stdout, stderr: plain.stderr });
  });
});
