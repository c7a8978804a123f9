import { describe, expect, it } from 'vitest';
import { proxyTrustProblems } from '../../../src/lib/proxy-trust.js';
import { evaluateSettings } from '../../../src/lib/server-rules.js';

// TRUSTED_PROXY_HOSTS judged over the whole list (hostile pass, H-X1): `0.0.0.0/1,128.0.0.0/1` trusts
// every client as `0.0.0.0/0` does, and `::ffff:0.0.0.0/96` every IPv4 client; each entry alone was
// judged and both started in production. The end-to-end proof is emulator-trust-everyone.test.ts.

const EIGHTS = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);

describe('proxyTrustProblems', () => {
  it.each<[string[], boolean, string[]]>([
    [['0.0.0.0/0'], true, ['0.0.0.0/0']],
    [['::/0'], true, ['::/0']],
    [['0.0.0.0/1', '128.0.0.0/1'], true, ['0.0.0.0/1', '128.0.0.0/1']],
    [['::/1', '8000::/1'], true, ['::/1', '8000::/1']],
    [['::ffff:0.0.0.0/96'], true, ['::ffff:0.0.0.0/96']],
    [['::ffff:0:0/96'], true, ['::ffff:0:0/96']],
    // An IPv6 range holding every IPv4-mapped address trusts every IPv4 client (proxy-addr matches
    // an IPv4 peer against it in its mapped form).
    [['::/8'], true, ['::/8']],
    [['::ffff:0.0.0.0/97', '::ffff:128.0.0.0/97'], true, ['::ffff:0.0.0.0/97', '::ffff:128.0.0.0/97']],
    // Each entry narrow enough, together everyone.
    [EIGHTS, true, []],
    [['0.0.0.0/7'], false, ['0.0.0.0/7']],
    [['::ffff:0.0.0.0/100'], false, ['::ffff:0.0.0.0/100']],
    [['2000::/3'], false, ['2000::/3']],
    [['0.0.0.0/1'], false, ['0.0.0.0/1']],
    [['10.0.0.0/8', '192.168.0.0/16', '10.0.0.1', 'fc00::/7', '::ffff:10.0.0.0/104', '::1'], false, []],
    [['fe80::1%eth0', '2001:db8::/32', '::ffff:203.0.113.9'], false, []],
    [EIGHTS.slice(1), false, []],
  ])('%j: everyone %s, too wide %j', (hosts, everyone, tooWide) => {
    expect(proxyTrustProblems(hosts)).toEqual({ everyone, tooWide });
  });
});

describe('evaluateSettings: TRUSTED_PROXY_HOSTS', () => {
  const judge = (value: string, appEnv = 'production') =>
    evaluateSettings({ APP_ENV: appEnv, TRUSTED_PROXY_HOSTS: value }).findings.filter(
      (f) => f.variable === 'TRUSTED_PROXY_HOSTS',
    );

  it('a list that covers everyone is fatal in production, naming its wide entries', () => {
    expect(judge('10.0.0.1, 0.0.0.0/1, 128.0.0.0/1')).toEqual([
      {
        severity: 'fatal',
        variable: 'TRUSTED_PROXY_HOSTS',
        message:
          "TRUSTED_PROXY_HOSTS=0.0.0.0/1, 128.0.0.0/1 trusts every client's X-Forwarded-For: any client can choose the address ip_allowlist judges and the audit log records; list only your load balancers' IPs or CIDR ranges",
      },
    ]);
  });

  it('a range wider than /8 (IPv4) or /7 (IPv6) is fatal in production, a warning elsewhere', () => {
    const message =
      "TRUSTED_PROXY_HOSTS=0.0.0.0/7, 2000::/3 is wider than any proxy list needs (an IPv4 range wider than /8, an IPv6 one wider than /7): the clients in it can choose the address ip_allowlist judges and the audit log records; list only your load balancers' IPs or CIDR ranges";
    expect(judge('0.0.0.0/7, 10.0.0.0/8, 2000::/3')).toEqual([
      { severity: 'fatal', variable: 'TRUSTED_PROXY_HOSTS', message },
    ]);
    expect(judge('0.0.0.0/7, 10.0.0.0/8, 2000::/3', 'development')).toEqual([
      { severity: 'warning', variable: 'TRUSTED_PROXY_HOSTS', message },
    ]);
  });

  it('proxies in private ranges pass', () => {
    expect(judge('10.0.0.0/8, fc00::/7, 172.16.0.0/12')).toEqual([]);
  });
});
