// The one runtime-tuning module: which V8 flags each command gets, and that they reach V8 only when
// the process first connects (earlier, they would make V8 reject the code caches of everything that
// loads after). What the flags save is measured by `npm run bench` (bench/variants.mjs).
import { channel } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlags = vi.hoisted(() => vi.fn());
vi.mock('node:v8', () => ({ setFlagsFromString: setFlags }));

const { FIRST_CONNECTION, tuneRuntime, v8FlagsFor } = await import('../../src/lib/runtime.js');

describe('runtime tuning', () => {
  beforeEach(() => setFlags.mockClear());

  it('every command gets --liftoff-only; the export alone keeps its young generation small', () => {
    expect(v8FlagsFor('audit export')).toEqual(['--liftoff-only', '--semi-space-growth-factor=1']);
    for (const command of ['emulator start', 'secret list', 'auth status', 'audit logs']) {
      expect(v8FlagsFor(command), command).toEqual(['--liftoff-only']);
    }
  });

  it('sets nothing when called, then exactly the command’s flags at the first connection, once', async () => {
    await tuneRuntime('audit export');
    expect(setFlags).not.toHaveBeenCalled();
    channel(FIRST_CONNECTION).publish({});
    expect(setFlags.mock.calls).toEqual([['--liftoff-only'], ['--semi-space-growth-factor=1']]);
    channel(FIRST_CONNECTION).publish({});
    expect(setFlags).toHaveBeenCalledTimes(2);
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
});
