// The one runtime-tuning module: which V8 flags each command gets, and when they reach V8 (a flag
// set early makes V8 reject the code caches of everything that loads after it). What the flags save
// is measured by `npm run bench` (bench/variants.mjs).
import { channel } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const setFlags = vi.hoisted(() => vi.fn());
// runtime.ts reaches node:v8 through process.getBuiltinModule, only when it sets a flag.
const builtin = process.getBuiltinModule.bind(process);
vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) =>
  id === 'node:v8' || id === 'v8'
    ? { setFlagsFromString: setFlags }
    : builtin(id)) as typeof process.getBuiltinModule);

const { FIRST_CONNECTION, poolThreadsFor, tuneRuntime, v8FlagsFor } = await import(
  '../../../src/lib/runtime.js'
);
// Unit files share one process (vitest.config.ts): the next file gets the real node:v8 back.
afterAll(() => {
  vi.restoreAllMocks();
});

describe('runtime tuning', () => {
  beforeEach(() => setFlags.mockClear());

  it('every command gets --liftoff-only at its first connection; the export and the scan their young generation flags at once', () => {
    expect(v8FlagsFor('audit export')).toEqual({
      atStart: ['--semi-space-growth-factor=1', '--minor-gc-task-trigger=15'],
      atFirstConnection: ['--liftoff-only'],
    });
    expect(v8FlagsFor('security check')).toEqual({
      atStart: ['--semi-space-growth-factor=1', '--heap-growing-percent=50'],
      atFirstConnection: ['--liftoff-only'],
    });
    for (const command of ['emulator start', 'secret list', 'auth status', 'audit logs']) {
      expect(v8FlagsFor(command), command).toEqual({ atStart: [], atFirstConnection: ['--liftoff-only'] });
    }
  });

  it('sets the start flags when called, the rest at the first connection, and each only once', async () => {
    await tuneRuntime('secret list');
    expect(setFlags).not.toHaveBeenCalled();
    channel(FIRST_CONNECTION).publish({});
    expect(setFlags.mock.calls).toEqual([['--liftoff-only']]);
    channel(FIRST_CONNECTION).publish({});
    expect(setFlags).toHaveBeenCalledTimes(1);

    setFlags.mockClear();
    await tuneRuntime('audit export');
    const atStart = [['--semi-space-growth-factor=1'], ['--minor-gc-task-trigger=15']];
    expect(setFlags.mock.calls).toEqual(atStart);
    channel(FIRST_CONNECTION).publish({});
    expect(setFlags.mock.calls).toEqual([...atStart, ['--liftoff-only']]);
  });

  it('undici (the pinned release) announces its first connection there, before the request is sent', async () => {
    let setBeforeRequest = -1;
    const server = createServer((_req, res) => {
      setBeforeRequest = setFlags.mock.calls.length;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await tuneRuntime('secret list');
      const { port } = server.address() as AddressInfo;
      const res = await request(`http://127.0.0.1:${port}/`);
      expect(await res.body.text()).toBe('ok');
      expect(setBeforeRequest).toBe(1);
      expect(setFlags.mock.calls).toEqual([['--liftoff-only']]);
    } finally {
      server.close();
    }
  });

  it("security check sizes libuv's pool to the cores beside the main thread (1 to 4); a user's value is kept", () => {
    const cores = process.getBuiltinModule('node:os').availableParallelism();
    expect(poolThreadsFor('security check', {})).toBe(Math.min(4, Math.max(1, cores - 1)));
    expect(poolThreadsFor('security check', { UV_THREADPOOL_SIZE: '8' })).toBeUndefined();
    expect(poolThreadsFor('secret list', {})).toBeUndefined();
    expect(poolThreadsFor('audit export', {})).toBeUndefined();
  });

  it("tuneRuntime('security check') sets UV_THREADPOOL_SIZE before the action, unless it is set", async () => {
    const before = process.env.UV_THREADPOOL_SIZE;
    try {
      delete process.env.UV_THREADPOOL_SIZE;
      await tuneRuntime('security check');
      expect(process.env.UV_THREADPOOL_SIZE).toBe(String(poolThreadsFor('security check', {})));
      process.env.UV_THREADPOOL_SIZE = '7';
      await tuneRuntime('security check');
      expect(process.env.UV_THREADPOOL_SIZE).toBe('7');
    } finally {
      if (before === undefined) delete process.env.UV_THREADPOOL_SIZE;
      else process.env.UV_THREADPOOL_SIZE = before;
    }
  });
});
