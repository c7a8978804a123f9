import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  networkDecider,
  parseNetworkEntry,
} from '../../../../src/lib/access-policy/network.js';

const decider = (ip_allowlist: string[], ip_blocklist: string[]) =>
  networkDecider({ ip_allowlist, ip_blocklist });

describe('clientAddress', () => {
  it('counts IPv4-mapped IPv6 as IPv4, in either spelling, and canonicalises IPv6', () => {
    expect(clientAddress('::ffff:127.0.0.2')).toEqual({ family: 4, address: '127.0.0.2' });
    expect(clientAddress('::FFFF:a00:1')).toEqual({ family: 4, address: '10.0.0.1' });
    expect(clientAddress('0:0:0:0:0:ffff:c0a8:101')).toEqual({ family: 4, address: '192.168.1.1' });
    expect(clientAddress('2001:DB8:0:0::1')).toEqual({ family: 6, address: '2001:db8::1' });
    expect(clientAddress('fe80::1%eth0')).toEqual({ family: 6, address: 'fe80::1' });
  });

  it('gives null for text that is no address', () => {
    for (const raw of ['unknown', '1.2.3.4:80', '[::1]', '', ' 1.2.3.4', '01.2.3.4'])
      expect(clientAddress(raw)).toBeNull();
  });
});

describe('parseNetworkEntry', () => {
  it('takes addresses and ranges of both families', () => {
    expect(parseNetworkEntry('203.0.113.50')).toMatchObject({ family: 4, prefix: 32 });
    expect(parseNetworkEntry('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseNetworkEntry('::/0')).toMatchObject({ family: 6, prefix: 0 });
    expect(parseNetworkEntry('2001:db8::1')).toMatchObject({ family: 6, prefix: 128 });
  });

  it('refuses what it cannot match exactly', () => {
    for (const bad of [
      '10.0.0.0/',
      '10.0.0.0/08',
      '10.0.0.0/8/8',
      '10.0.0.0 /8',
      '::/129',
      'localhost',
      '10.0.0.0/-1',
      '1.2.3.4/x',
    ]) {
      expect(parseNetworkEntry(bad), bad).toHaveProperty('error');
    }
  });
});

describe('networkDecider', () => {
  it('allows the allowlist, refuses the blocklist; 0.0.0.0/0 means every IPv4 address not allowlisted', () => {
    const decide = decider(['10.0.0.0/8', '203.0.113.50'], ['0.0.0.0/0']);
    expect(decide('10.1.2.3')).toMatchObject({
      blocked: false,
      decided_by: 'network.ip_allowlist."10.0.0.0/8"',
    });
    expect(decide('::ffff:10.1.2.3')).toMatchObject({ blocked: false });
    expect(decide('203.0.113.50')).toMatchObject({ blocked: false });
    expect(decide('203.0.113.51')).toMatchObject({
      blocked: true,
      decided_by: 'network.ip_blocklist."0.0.0.0/0"',
      reason: "203.0.113.51 is blocked by the organization's network policy (0.0.0.0/0)",
    });
    expect(decide('::ffff:127.0.0.1')).toMatchObject({ blocked: true });
  });

  it('keeps the families apart: 0.0.0.0/0 never blocks IPv6, ::/0 never blocks IPv4', () => {
    expect(decider([], ['0.0.0.0/0'])('::1')).toMatchObject({ blocked: false, decided_by: null });
    expect(decider([], ['::/0'])('127.0.0.1')).toMatchObject({ blocked: false });
    expect(decider([], ['::/0'])('::1')).toMatchObject({
      blocked: true,
      decided_by: 'network.ip_blocklist."::/0"',
    });
    expect(decider(['::1'], ['::/0'])('::1')).toMatchObject({ blocked: false });
    expect(decider(['2001:db8::/32'], ['::/0'])('2001:db8:ffff::9')).toMatchObject({ blocked: false });
  });

  it('refuses an unparseable address only when there is a blocklist; an allowlist alone blocks nothing', () => {
    expect(decider(['10.0.0.0/8'], [])('unknown')).toMatchObject({ blocked: false });
    expect(decider(['10.0.0.0/8'], [])('192.0.2.1')).toMatchObject({ blocked: false });
    expect(decider([], ['192.0.2.0/24'])('unknown')).toMatchObject({
      blocked: true,
      decided_by: 'network.ip_blocklist',
    });
  });
});
