// One origin per API URL, however it is spelled: the key store entry and the client's host are both
// derived from it, so every spelling of one server must agree and no spelling of another may.
import { describe, expect, it } from 'vitest';
import { ANY_ORIGIN, apiOrigin, DEFAULT_ORIGIN, keyAllowedFor } from '../../../src/lib/origin.js';
import { failureSync } from '../../helpers/errors.js';

describe('apiOrigin', () => {
  const cases: Array<[string, string]> = [
    ['https://api.fibonacci.today', DEFAULT_ORIGIN],
    ['https://API.fibonacci.today:443/', DEFAULT_ORIGIN],
    ['HTTPS://Api.Fibonacci.Today', DEFAULT_ORIGIN],
    ['https://api.fibonacci.today:/', DEFAULT_ORIGIN],
    ['https://api.fibonacci.today:00443', DEFAULT_ORIGIN],
    ['https://api.fibonacci.today/v2/prefix/?q=1#frag', DEFAULT_ORIGIN],
    ['https://api%2Efibonacci.today', DEFAULT_ORIGIN],
    ['https:api.fibonacci.today', DEFAULT_ORIGIN],
    ['https:///api.fibonacci.today', DEFAULT_ORIGIN],
    // An absolute name may resolve elsewhere than the relative one (search domains): not the same.
    ['https://api.fibonacci.today./', 'https://api.fibonacci.today.'],
    ['https://api.fibonacci.today:8443', 'https://api.fibonacci.today:8443'],
    // What looks like the production host in a path or a backslash is not the host.
    ['https://evil.example/https://api.fibonacci.today', 'https://evil.example'],
    ['https:\\\\evil.example\\api.fibonacci.today', 'https://evil.example'],
    ['https://evil.example#@api.fibonacci.today', 'https://evil.example'],
    ['https://127.0.0.1:8443', 'https://127.0.0.1:8443'],
    ['https://0x7f.1:8443', 'https://127.0.0.1:8443'],
    ['https://2130706433:8443', 'https://127.0.0.1:8443'],
    ['https://[::1]:8443/', 'https://[::1]:8443'],
    ['https://[0:0:0:0:0:0:0:1]:443', 'https://[::1]'],
    ['https://[::FFFF:127.0.0.1]:8443', 'https://[::ffff:7f00:1]:8443'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ];
  it.each(cases)('%s is %s', (url, origin) => {
    expect(apiOrigin(url)).toBe(origin);
    expect(apiOrigin(new URL(url))).toBe(origin);
  });

  const refused: Array<[string, RegExp]> = [
    // Reads as the production host, names another: refused whole, and the password is not echoed.
    [
      'https://api.fibonacci.today@evil.example/',
      /^invalid API URL for evil\.example: it contains a user name/,
    ],
    ['https://user:hunter2@evil.example/', /^invalid API URL for evil\.example: it contains a user name/],
    ['http://api.fibonacci.today', /only https:\/\/ is supported/],
    ['ftp://api.fibonacci.today', /only https:\/\/ is supported/],
    ['https://api.fibonacci.today:65536', /^invalid API URL/],
    ['not a url', /^invalid API URL "not a url"$/],
  ];
  it.each(refused)('%s is a usage error', (url, message) => {
    const e = failureSync(() => apiOrigin(url));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(message);
    expect(`${e.message} ${e.hint}`).not.toContain('hunter2');
  });
});

describe('keyAllowedFor', () => {
  it('a key goes to its own origin only; FIBONACCI_API_KEY to any', () => {
    const a = 'https://127.0.0.1:8443';
    expect(keyAllowedFor({ key: 'k', origin: a }, a)).toBe(true);
    expect(keyAllowedFor({ key: 'k', origin: a }, 'https://127.0.0.1:8444')).toBe(false);
    expect(keyAllowedFor({ key: 'k', origin: DEFAULT_ORIGIN }, a)).toBe(false);
    expect(keyAllowedFor({ key: 'k', origin: ANY_ORIGIN }, a)).toBe(true);
    expect(keyAllowedFor({ key: 'k', origin: '' }, a)).toBe(false);
  });
});
