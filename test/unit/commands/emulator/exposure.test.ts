// `emulator start --host H` warns when other machines may reach it (hostile pass s14, HX-12:
// `--host 0.0.0.0` printed only the loopback URL, not that the LAN could reach the API too). A pure
// function: binding anything but loopback is not done on these machines.
import { describe, expect, it } from 'vitest';
import { exposure } from '../../../../src/commands/emulator/start.js';

describe('emulator start --host: who may reach it', () => {
  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', 'LOCALHOST'])(
    '%s: loopback, no warning',
    (host) => {
      expect(exposure(host)).toBeUndefined();
    },
  );

  it.each(['0.0.0.0', '::', '[::]'])('%s: every interface, said so', (host) => {
    expect(exposure(host)).toBe(
      'the emulator listens on every interface of this machine: other machines on your network can call its API (keep the owner key to yourself, or use --host 127.0.0.1)',
    );
  });

  it('an address of this machine is named', () => {
    expect(exposure('192.0.2.7')).toBe(
      'the emulator listens on 192.0.2.7: other machines on your network can call its API (keep the owner key to yourself, or use --host 127.0.0.1)',
    );
  });
});
