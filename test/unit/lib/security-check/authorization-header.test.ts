// The Basic rule's false-positive controls, one by one: each row would be reported if its control
// were missing (a plain `Basic [A-Za-z0-9+/]{8,}` reports all of them).
import { describe, expect, it } from 'vitest';
import { decodeBasic, isBasicCredential } from '../../../../src/lib/security-check/authorization-header.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const rules = (text: string) => findCredentials(text).map((m) => `${m.rule.id} ${m.secret}`);

describe('basic-authorization', () => {
  it('decodes canonical base64 of printable user:password only', () => {
    expect(decodeBasic(b64('svc:Zq8wLk29Xp'))).toEqual({ user: 'svc', password: 'Zq8wLk29Xp' });
    expect(decodeBasic(b64('svc:Zq8wLk29Xp').replace(/=+$/, ''))).not.toBeNull();
    // The same bytes written with stray low bits: not what any client sends.
    expect(decodeBasic('dXNlcjpwYXNzd29yZB==')).toBeNull();
    expect(decodeBasic(b64('svc:Zq8w\u0001Lk29'))).toBeNull();
    expect(decodeBasic(b64(Buffer.from([0x73, 0x3a, 0xff, 0xfe, 0x41, 0x42])))).toBeNull();
    expect(decodeBasic(b64('no-colon-in-here'))).toBeNull();
    expect(decodeBasic(b64('Aladdin:open sesame'))).toBeNull();
  });

  it('a password that is empty, a reference or a placeholder is not a credential', () => {
    const cases: [string, boolean][] = [
      ['svc:Zq8wLk29Xp!', true],
      ['admin:hunter2', true],
      [':Zq8wLk29XpR4', true],
      ['svc:', false],
      ['admin:a', false],
      ['user:password', false],
      ['svc:xxxxxxxx', false],
      ['svc:changeme', false],
      ['svc:your-password', false],
      ['svc:<password>', false],
      ['svc:{{secrets.SVC_PASSWORD}}', false],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
      ['svc:${SVC_PASSWORD}', false],
      ['svc:$SVC_PASSWORD', false],
      // An API key as the user, with an empty password (curl -u KEY:): a key when long and random.
      [`${'sk'}_${'live'}_Zq8wLk29XpR4vTn7Yb3c:`, true],
      ['shortuser:', false],
    ];
    for (const [pair, expected] of cases) expect(isBasicCredential(b64(pair)), pair).toBe(expected);
  });

  it('finds the base64 after the scheme word in any case, and not a reference spliced onto it', () => {
    const t = b64('svc:Zq8wLk29Xp!');
    expect(rules(`Authorization: BASIC ${t}\n`)).toEqual([`basic-authorization ${t}`]);
    expect(rules(`curl -H 'Authorization: Basic ${t}' https://api.test\n`)).toEqual([
      `basic-authorization ${t}`,
    ]);
    expect(rules(`"auth": "Basic ${t}\\nnext"\n`)).toEqual([`basic-authorization ${t}`]);
    expect(rules(`Authorization: Basic ${t.slice(0, 12)}\${REST}\n`)).toEqual([]);
    expect(rules(`Authorization: Basic ${t.slice(0, 12)}{{secrets.REST}}\n`)).toEqual([]);
    expect(rules(`nonbasic ${t}\nbasic_${t}\n`)).toEqual([]);
  });
});
