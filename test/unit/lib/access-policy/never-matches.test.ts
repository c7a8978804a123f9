// Rules that can never take effect (warnings of security check and access apply), and the map
// between fibonacci.yaml's places and the API document's.
import { describe, expect, it } from 'vitest';
import { apiLoc, fileLoc, fileRuleId, policyFromFile } from '../../../../src/lib/access-policy/file.js';
import { neverMatches } from '../../../../src/lib/access-policy/never-matches.js';

const net = (ip_allowlist: unknown, ip_blocklist: unknown) => ({ network: { ip_allowlist, ip_blocklist } });

describe('neverMatches', () => {
  it('names a blocklist entry wholly inside an allowlist entry, and only those', () => {
    const found = neverMatches(
      net(
        ['10.0.0.0/8', '203.0.113.50', '2001:db8::/32'],
        ['10.1.0.0/16', '0.0.0.0/0', '203.0.113.50', '10.0.0.0/7', '::/0', '2001:db8:1::1'],
      ),
    );
    expect(found).toEqual([
      {
        loc: ['network', 'ip_blocklist', 0],
        msg: '10.1.0.0/16 is inside allowlisted 10.0.0.0/8, and the allowlist wins: this entry never blocks anything',
        type: 'never_matches',
      },
      {
        loc: ['network', 'ip_blocklist', 2],
        msg: '203.0.113.50 is also allowlisted, and the allowlist wins: this entry never blocks anything',
        type: 'never_matches',
      },
      {
        loc: ['network', 'ip_blocklist', 5],
        msg: '2001:db8:1::1 is inside allowlisted 2001:db8::/32, and the allowlist wins: this entry never blocks anything',
        type: 'never_matches',
      },
    ]);
  });

  it('never counts across families, and skips what does not parse (a mapped IPv6 entry is the validator’s to refuse)', () => {
    expect(neverMatches(net(['::/0'], ['10.0.0.1']))).toEqual([]);
    expect(neverMatches(net(['10.0.0.0/8'], ['::ffff:10.1.2.3']))).toEqual([]);
    expect(neverMatches(net(['0.0.0.0/0'], ['10.1.2.3/32']))).toHaveLength(1);
    expect(neverMatches(net(['10.0.0.0/33', 5], ['10.0.0.1', null]))).toEqual([]);
    expect(neverMatches(net('10.0.0.0/8', ['10.0.0.1']))).toEqual([]);
    expect(neverMatches('no')).toEqual([]);
  });
});

describe('fibonacci.yaml ↔ the API document', () => {
  it('sends access_control and security.network only, and names unknown top-level keys', () => {
    const doc = {
      access_control: { enabled: true },
      security: { network: { ip_allowlist: [] }, other: 1 },
      workflows: {},
      deploy: {},
    };
    expect(policyFromFile(doc)).toEqual({
      document: { access_control: { enabled: true }, network: { ip_allowlist: [] } },
      problems: [],
      unknownKeys: ['deploy'],
    });
    expect(policyFromFile([1]).document).toBeUndefined();
    expect(policyFromFile({ security: 'open' }).problems).toEqual([
      { loc: ['security'], msg: 'security must be a mapping', type: 'value_error' },
    ]);
  });

  it('maps locs and rule ids both ways', () => {
    expect(fileLoc(['network', 'ip_blocklist', 0])).toEqual(['security', 'network', 'ip_blocklist', 0]);
    expect(fileLoc(['access_control', 'roles', 0])).toEqual(['access_control', 'roles', 0]);
    expect(apiLoc(['security', 'network', 'ip_allowlist'])).toEqual(['network', 'ip_allowlist']);
    expect(apiLoc(fileLoc(['network']))).toEqual(['network']);
    expect(fileRuleId('network.ip_blocklist."0.0.0.0/0"')).toBe('security.network.ip_blocklist."0.0.0.0/0"');
  });
});
