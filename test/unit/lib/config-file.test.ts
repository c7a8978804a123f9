import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../src/lib/closest.js';

describe("editDistance, and closest over config.json's fields", () => {
  it.each([
    ['', '', 0],
    ['kitten', 'sitting', 3],
    ['api_url', 'api_url', 0],
    ['timeout', 'timout', 1],
    ['', 'abc', 3],
  ])('%s → %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  const FIELDS = [
    'api_url',
    'ca_cert',
    'client_cert',
    'client_key',
    'timeout',
    'retries',
    'default_environment',
  ];
  it.each([
    ['apiUrl', 'api_url'],
    ['api-url', 'api_url'],
    ['timout', 'timeout'],
    ['retires', 'retries'],
    ['client_certs', 'client_cert'],
    ['defaultEnv', undefined],
    ['colour', undefined],
    ['x', undefined],
  ])('%s suggests %s', (word, expected) => {
    expect(closest(word, FIELDS)).toBe(expected);
  });
});
