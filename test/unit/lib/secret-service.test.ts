// The D-Bus address of the Secret Service client (the rest runs against a real one in
// test/e2e/keychain-duplicates.test.ts).
import { describe, expect, it } from 'vitest';
import { busSocket, sdkAttributes } from '../../../src/lib/secret-service.js';

describe('busSocket', () => {
  it('takes a unix path or an abstract name, the first usable entry', () => {
    expect(busSocket('unix:path=/run/user/0/bus')).toBe('/run/user/0/bus');
    expect(busSocket('unix:path=/tmp/dbus-x,guid=abc')).toBe('/tmp/dbus-x');
    expect(busSocket('unix:abstract=/tmp/dbus-y,guid=abc')).toBe('\0/tmp/dbus-y');
    expect(busSocket('tcp:host=localhost,port=1;unix:path=/b')).toBe('/b');
  });

  it('no address, or none it can use: a SecretServiceError (the keyring module then answers)', () => {
    for (const a of [undefined, '', 'tcp:host=localhost,port=1', 'unix:tmpdir=/tmp']) {
      expect(() => busSocket(a)).toThrow(/no D-Bus session bus/);
    }
  });
});

describe('sdkAttributes', () => {
  it("are exactly the Python keyring's, so each replaces the other's item", () => {
    expect(sdkAttributes('fibonacci-sdk', 'api_key')).toEqual([
      ['application', 'Python keyring library'],
      ['service', 'fibonacci-sdk'],
      ['username', 'api_key'],
    ]);
  });
});
