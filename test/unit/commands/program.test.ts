import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/lib/errors.js';
import { FakeApi } from '../../helpers/fake-api.js';
import { runInProcess } from '../../helpers/run-in-process.js';

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
