import { describe, expect, it } from 'vitest';
import { placeShown } from '../../../../src/lib/security-check/mention.js';

// A 422's loc names the user's keys; one that may be a token is cut, with everything after it.
describe('placeShown: which keys a loc may name', () => {
  it.each(['approval_threshold', 'max_concurrent_runs', 'soc2_controls', 'input_schema', 'retry_after_30'])(
    'keeps the API-style field name %s',
    (key) => {
      expect(placeShown(['definition', key, 0])).toEqual({ loc: ['definition', key, 0], cut: false });
    },
  );

  it.each([
    // prefix + lowercase hex: field-name shaped, entropy under 4 bits, no rule knows the format
    [`shpat_${'79d89a0da0c41aebb8f010b8e9a5b5ab'}`],
    [`shpss_${'0a1b2c3d4e5f60718293a4b5c6d7e8f9'}`],
    ['key_9f86d081884c7d659a2feaa0c55ad015'],
    [`ghp_${'Zq8Wm2Kx7Rt4Yb9Nc3Vd6Lf1Hj5Gs0Pa2Ek7U'}`],
    ['db_password_xk9mq2vl8pr4tw'],
  ])('cuts the loc before the token-shaped key %s', (key) => {
    expect(placeShown(['input', key, 'x'])).toEqual({ loc: ['input'], cut: true });
  });
});
