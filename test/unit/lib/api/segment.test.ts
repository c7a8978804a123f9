// A value becomes exactly one path segment, or is refused before any request: `revoke-key ..`
// would otherwise DELETE /api/v1/ with the key attached (the URL parser removes dot segments).
import { afterEach, describe, expect, it } from 'vitest';
import * as apiKeys from '../../../../src/lib/api/api-keys.js';
import { segment } from '../../../../src/lib/api/segment.js';
import { type Harness, harness } from './mock.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.agent.close();
  h = undefined;
});

describe('segment', () => {
  it('encodes separators into the one segment', () => {
    expect(segment('../secrets/DB', 'key id')).toBe('..%2Fsecrets%2FDB');
    expect(segment('key_x?a#b', 'key id')).toBe('key_x%3Fa%23b');
    expect(segment('...', 'key id')).toBe('...');
  });

  it.each(['', '.', '..', '%2e', '%2E%2e', '.%2E'])(
    'refuses %j: exit 2, naming what it should be',
    (value) => {
      expect(() => segment(value, 'key id')).toThrow(
        expect.objectContaining({ kind: 'usage', message: `invalid key id "${value}": not a name or an id` }),
      );
    },
  );

  it('revoke-key .. sends nothing', async () => {
    h = harness();
    await expect(apiKeys.revoke(h.client, '..')).rejects.toMatchObject({ kind: 'usage' });
    expect(h.seen).toEqual([]);
  });
});
