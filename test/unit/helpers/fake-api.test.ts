// FakeApi verifies itself: a stub nobody called fails the test that made it, without a verify().
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../helpers/fake-api.js';

describe('FakeApi', () => {
  it.fails('a passing test whose stub went unused fails', () => {
    new FakeApi().on('GET', '/api/v1/auth/me', {});
  });

  it('a stub that was called passes', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', { id: 'u' });
    const client = api.factory({ baseUrl: 'https://emu.test' } as Parameters<FakeApi['factory']>[0]);
    expect(await client.get('/api/v1/auth/me')).toEqual({ id: 'u' });
  });

  it('an unstubbed call throws, naming it', async () => {
    const client = new FakeApi().factory({ baseUrl: 'https://emu.test' } as Parameters<
      FakeApi['factory']
    >[0]);
    await expect(client.get('/api/v1/secrets')).rejects.toThrow('FakeApi: no stub for GET /api/v1/secrets');
  });
});
