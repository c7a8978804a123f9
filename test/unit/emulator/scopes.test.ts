import { describe, expect, it } from 'vitest';
import {
  isValidScope,
  normalizeScopes,
  scopeSatisfies,
  scopesToMap,
  VALID_SCOPES,
} from '../../../src/lib/scopes.js';

describe('normalizeScopes', () => {
  it('takes the map form, counting only true entries', () => {
    expect(normalizeScopes({ 'runs:read': true, 'runs:write': false, read: true })).toEqual([
      'read',
      'runs:read',
    ]);
  });

  it('ignores truthy values that are not exactly true in the map form', () => {
    expect(normalizeScopes({ read: 'yes', write: 1, execute: null, delete: true })).toEqual(['delete']);
  });

  it('takes the legacy list form, sorted and de-duplicated', () => {
    expect(normalizeScopes(['write', 'runs:read', 'read', 'write'])).toEqual(['read', 'runs:read', 'write']);
  });

  it('ignores non-string junk and empty names in a list', () => {
    expect(normalizeScopes([1, null, 'read', {}, '', ['write'], ' execute '])).toEqual(['execute', 'read']);
  });

  it('gives an empty list for empty or unusable input', () => {
    for (const input of [[], {}, null, undefined, 42, true]) expect(normalizeScopes(input)).toEqual([]);
  });

  it('gives the same list for the same grants in map form and list form (auth status, list-keys)', () => {
    const map = { admin: false, execute: true, 'runs:read': true, read: false, 'secrets:write': false };
    expect(normalizeScopes(map)).toEqual(normalizeScopes(['runs:read', 'execute']));
    expect(normalizeScopes(map)).toEqual(['execute', 'runs:read']);
  });

  it('keeps unknown but well-formed names (a newer server may grant them)', () => {
    expect(normalizeScopes({ 'reports:read': true })).toEqual(['reports:read']);
    expect(isValidScope('reports:read')).toBe(false);
  });
});

describe('VALID_SCOPES and isValidScope', () => {
  it('lists the five coarse scopes and the twenty fine ones', () => {
    expect(VALID_SCOPES).toHaveLength(25);
    expect(VALID_SCOPES.slice(0, 5)).toEqual(['read', 'write', 'execute', 'delete', 'admin']);
    expect(VALID_SCOPES).toContain('api_keys:delete');
    expect(VALID_SCOPES).toContain('audit:read');
  });

  it('accepts only those names', () => {
    expect(isValidScope('secrets:write')).toBe(true);
    expect(isValidScope('admin')).toBe(true);
    expect(isValidScope('secrets:admin')).toBe(false);
    expect(isValidScope('Secrets:read')).toBe(false);
    expect(isValidScope(7)).toBe(false);
  });
});

describe('scopeSatisfies', () => {
  it('lets a coarse action cover the same action on every resource', () => {
    expect(scopeSatisfies(['read'], 'secrets:read')).toBe(true);
    expect(scopeSatisfies(['read'], 'audit:read')).toBe(true);
    expect(scopeSatisfies(['read'], 'secrets:write')).toBe(false);
  });

  it('lets a fine scope cover only itself, never the coarse scope', () => {
    expect(scopeSatisfies(['secrets:read'], 'secrets:read')).toBe(true);
    expect(scopeSatisfies(['secrets:read'], 'read')).toBe(false);
    expect(scopeSatisfies(['secrets:read'], 'runs:read')).toBe(false);
    expect(scopeSatisfies(['secrets:read'], 'secrets:write')).toBe(false);
  });

  it('lets admin cover everything', () => {
    for (const s of VALID_SCOPES) expect(scopeSatisfies(['admin'], s)).toBe(true);
  });

  it('does not let a coarse action cover admin or an unknown action', () => {
    expect(scopeSatisfies(['read', 'write', 'execute', 'delete'], 'admin')).toBe(false);
    expect(scopeSatisfies(['read'], 'secrets:frobnicate')).toBe(false);
    expect(scopeSatisfies([], 'read')).toBe(false);
  });
});

describe('scopesToMap', () => {
  it('gives every coarse scope a boolean and adds granted fine scopes', () => {
    expect(scopesToMap(['read', 'secrets:write'])).toEqual({
      read: true,
      write: false,
      execute: false,
      delete: false,
      admin: false,
      'secrets:write': true,
    });
  });

  it('round-trips through normalizeScopes', () => {
    const granted = ['admin', 'read', 'runs:execute'];
    expect(normalizeScopes(scopesToMap(granted))).toEqual(granted);
  });
});
