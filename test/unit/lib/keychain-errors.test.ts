import { describe, expect, it } from 'vitest';
import { classifyKeychainError, KeychainUnavailableError } from '../../../src/lib/keychain-errors.js';

// What the Secret Service's failures say (from @napi-rs/keyring, dbus-native and our own client),
// and the reason the user is told.
describe('classifyKeychainError', () => {
  it.each([
    [
      'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
      'absent',
    ],
    [
      'Platform failure: DBus error: Failed to connect to socket /nonexistent: No such file or directory',
      'absent',
    ],
    ['no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS)', 'absent'],
    [
      'ReadAlias: The name org.freedesktop.secrets was not provided by any .service files (ServiceUnknown)',
      'absent',
    ],
    ["Couldn't access platform storage: Secret Service: no result found", 'locked'],
    ['there is no default keyring', 'locked'],
    ['the keyring is locked', 'locked'],
    ['something else entirely', 'other'],
  ])('%s → %s', (detail, reason) => {
    expect(classifyKeychainError(detail)).toBe(reason);
  });

  it('words each reason plainly, the remedies in the hint; an unknown failure keeps its detail', () => {
    const absent = new KeychainUnavailableError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS)');
    // Nowhere to keep a key is this machine's setup (exit 3); nowhere to read one from, no key (4).
    expect([absent.kind, absent.message]).toEqual([
      'config',
      'no Secret Service is running, so there is no system keychain to keep the key in',
    ]);
    expect(new KeychainUnavailableError('no D-Bus session bus', 'absent', 'read').kind).toBe('auth');
    expect(absent.hint).toMatch(
      /^start one .*, set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`$/,
    );
    const slow = new KeychainUnavailableError('reading the key took longer than 3s', 'timeout');
    expect(slow.message).toBe('the system keychain did not answer: reading the key took longer than 3s');
    expect(new KeychainUnavailableError('odd').message).toBe('the system keychain is not available: odd');
  });
});
