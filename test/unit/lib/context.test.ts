import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/lib/context.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { MemoryKeyStore } from '../../../src/lib/keychain.js';
import { DEFAULT_ORIGIN } from '../../../src/lib/origin.js';
import { FakeApi } from '../../helpers/fake-api.js';

const KEY = 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789';
const ENV = { XDG_CONFIG_HOME: '/nonexistent-fibonacci-test-config' };

/** A keychain that counts its reads (each is a Secret Service round trip in real life). */
class CountingKeyStore extends MemoryKeyStore {
  reads = 0;
  override async get(origin: string): Promise<string | null> {
    this.reads++;
    return super.get(origin);
  }
}

describe('the context', () => {
  it('reads the keychain once however often the key is asked for', async () => {
    const keychain = new CountingKeyStore({ [DEFAULT_ORIGIN]: KEY });
    const api = new FakeApi();
    const ctx = createContext(new FakeIO(), ENV, {}, { keychain, createApiClient: api.factory });
    expect((await ctx.credential())?.key).toBe(KEY);
    await ctx.api();
    expect((await ctx.requireCredential()).key).toBe(KEY);
    expect(keychain.reads).toBe(1);
    expect(api.clientOptions.map((o) => [o.apiKey, o.apiKeyOrigin])).toEqual([[KEY, DEFAULT_ORIGIN]]);
  });

  it('warns about the plain-text file once, and says "not logged in" without a second read', async () => {
    const io = new FakeIO();
    const keychain = new CountingKeyStore();
    const file = new CountingKeyStore({ [DEFAULT_ORIGIN]: KEY });
    const ctx = createContext(
      io,
      ENV,
      {},
      { keychain, insecureFile: file, createApiClient: new FakeApi().factory },
    );
    await ctx.credential();
    await ctx.api();
    expect(io.stderrText.match(/warning: using the key stored in plain text/g)).toHaveLength(1);
    expect([keychain.reads, file.reads]).toEqual([1, 1]);

    const empty = new CountingKeyStore();
    const none = createContext(
      new FakeIO(),
      ENV,
      {},
      { keychain: empty, insecureFile: new MemoryKeyStore() },
    );
    expect(await none.credential()).toBeNull();
    await expect(none.requireCredential()).rejects.toMatchObject({
      kind: 'auth',
      message: 'not logged in for https://api.fibonacci.today',
    });
    expect(empty.reads).toBe(1);
  });

  it('close() closes every client it made, once, and never rejects', async () => {
    const api = new FakeApi();
    const ctx = createContext(new FakeIO(), ENV, {}, { createApiClient: api.factory });
    await ctx.api({ auth: false });
    await ctx.api({ key: { key: KEY, origin: DEFAULT_ORIGIN } });
    await ctx.close();
    await ctx.close();
    expect(api.closed).toBe(2);

    const failing = createContext(
      new FakeIO(),
      ENV,
      {},
      {
        createApiClient: (o) => ({
          ...api.factory(o),
          close: async () => {
            throw new Error('socket already gone');
          },
        }),
      },
    );
    await failing.api({ auth: false });
    await expect(failing.close()).resolves.toBeUndefined();
  });
});
