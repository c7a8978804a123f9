import { describe, expect, it } from 'vitest';
import { placeShown, schemaPlaceShown, schemaQuoted } from '../../../../src/lib/security-check/mention.js';

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

// An input_schema's own text is shown, JSON-escaped, unless it looks like a credential (H14c-9).
describe('schemaQuoted and schemaPlaceShown: schema text', () => {
  it('shows a pattern, a format with a space, an escaped quote; hides a token, a password, a long text', () => {
    // As input-schema-words.ts writes it (JSON.stringify: the backslash doubled), and unchanged.
    expect(schemaQuoted(`must match the pattern ${JSON.stringify('^[A-Z]{2}-\\d{4}$')}`)).toBe(
      'must match the pattern "^[A-Z]{2}-\\\\d{4}$"',
    );
    expect(schemaQuoted('unknown format "date time"')).toBe('unknown format "date time"');
    expect(schemaQuoted('must be one of "say \\"hi\\"", "b"')).toBe('must be one of "say \\"hi\\"", "b"');
    expect(schemaQuoted('must be "a\\u001b[2Jb"')).toBe('must be "a\\u001b[2Jb"');
    const token = `ghp_${'Zk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gD3aKe'}`;
    expect(schemaQuoted(`unknown format "${token}"`)).toBe('unknown format a value of 40 characters');
    expect(schemaQuoted(`unknown format "${'Tr0ub4'}dor-3"`)).toBe('unknown format a value of 11 characters');
    expect(schemaQuoted(`must be "${'x'.repeat(201)}"`)).toBe('must be a value of 201 characters');
  });

  it('keeps a patternProperties key on the place, cuts one that looks like a credential', () => {
    expect(schemaPlaceShown(['patternProperties', '^x-[a-z]+$', 'type'])).toEqual({
      loc: ['patternProperties', '^x-[a-z]+$', 'type'],
      cut: false,
    });
    expect(schemaPlaceShown(['properties', `${'Tr0ub4'}dor-3`, 'type'])).toEqual({
      loc: ['properties'],
      cut: true,
    });
  });
});
