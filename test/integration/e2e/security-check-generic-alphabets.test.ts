// Hostile pass 12 through the built CLI: random credentials of one alphabet under a credential key
// are found (H12-1), keys that describe a credential and values that are an address are not
// (H12-3), and passwords on command lines are found (H12-7); a found value is never printed.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const wf = (lines: string[]) =>
  `name: x\nversion: 1\nnodes:\n  - id: a\n    type: tool\n${lines.map((l) => `    ${l}`).join('\n')}\nedges: []\n`;
const rules = (stdout: string) => [...stdout.matchAll(/^ +\d+:\d+ +\w+ +([a-z0-9-]+) /gm)].map((m) => m[1]);

describe('security check: the generic rule and command lines (hostile pass 12)', () => {
  it('one-alphabet random credentials are found, none printed (exit 11)', async () => {
    const values = [
      'mxeblqpwcdxedsgaanxppuwjnimuyaxw',
      'SLCBQGLCDCFSFDEEJJMKLUWISGWEQICQ',
      '是也出有一有上了这们我上是个说这',
      'сиццоювёчрыиёдяэ',
      '86756363768494799268',
      '2b1ba5f10ab5814b138f464a',
    ];
    const root = makeTree({ 'a.yaml': wf(values.map((v, i) => `db_password_${i}: "${v}"`)) });
    const r = await check(root, ['a.yaml']);
    expect(rules(r.stdout)).toEqual(Array(values.length).fill('generic-credential-entropy'));
    expect(r.code).toBe(11);
    expectNoSecret([r.stdout, r.stderr], values);
  });

  it('ARNs, a fingerprint, a policy regex, an icon, digests and words: no finding (exit 0)', async () => {
    const root = makeTree({
      'b.yaml': wf([
        'SecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"',
        'KmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/mrk-1b40a06ee62c477f8b83d8d40a3e9afd"',
        'host_key_fingerprint: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"',
        'password_pattern: "^(?=.*[A-Z])(?=.*\\\\d)[A-Za-z\\\\d]{12,}$"',
        'app_key_icon: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="',
        'token_hash: "8c3f1d2e9b7a6054c1d3e5f7a9b2c4d6e8f0a1b3"',
        'cache_key: "node-modules-8c3f1d2e9b7a6054c1d3e5f7a9b2c4d6e8f0a1b3"',
        'db_password: "supersecretpassword"',
        'api_key: "1700000000000"',
      ]),
    });
    const r = await check(root, ['b.yaml']);
    expect(rules(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('curl -u, --user, mysql -p and an argv list: found, none printed; references are not', async () => {
    const P = 'Xk9m(Q2vL8pR4tW7z';
    const root = makeTree({
      'c.yaml': wf([
        `command: curl -u admin:${P} https://api.example.com`,
        `check: curl --user "admin:${P}" https://api.example.com`,
        `migrate: "mysql -uroot -p${P} -h db"`,
        `args: ["--password", "${P}"]`,
        'probe: curl -u "admin:$API_PASSWORD" https://api.example.com',
        'restore: mysql -uroot -p{{secrets.DB_PASSWORD}} -h db',
      ]),
    });
    const r = await check(root, ['c.yaml']);
    expect(rules(r.stdout)).toEqual(Array(4).fill('command-line-password'));
    expect(r.code).toBe(11);
    expectNoSecret([r.stdout, r.stderr], [P]);
  });
});
