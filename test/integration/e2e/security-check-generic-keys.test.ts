// Credential-named keys as the generic rule reads them, through the built CLI: by their words,
// whatever stands after the credential word (`Admin Password (prod)`, `api_key[0]`, `"db_password?"`),
// a digit or acronym glued on (`db_password2`, `DBPassword`, `JWTSecret`) or run together
// (`dbpassword`), in YAML (on the key's line and below it), JSON and .env; and a random lowercase
// value with a separator is no name (`key-3bx7…`, `<hex>-us6`). The decoys stay unreported.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const P = 'Xk9mQ2vL8pR4tW7z';

/** The rule of each finding in a text report. */
const rules = (stdout: string) => [...stdout.matchAll(/^ +\d+:\d+ +\w+ +([a-z0-9-]+) /gm)].map((m) => m[1]);

/** One file per key and syntax: `name → [findings]`. */
async function perKey(keys: readonly string[], value = P): Promise<Record<string, number>> {
  const files: Record<string, string> = {};
  keys.forEach((k, i) => {
    files[`y${i}.yaml`] = `nodes: []\n${JSON.stringify(k)}: ${value}\n`;
    files[`b${i}.yaml`] = `nodes: []\n${JSON.stringify(k)}:\n  ${value}\n`;
    files[`j${i}.json`] = `{"nodes": [], ${JSON.stringify(k)}: ${JSON.stringify(value)}}\n`;
  });
  const root = makeTree(files);
  const r = await check(root, ['--format', 'json']);
  const body = JSON.parse(r.stdout) as { findings: Array<{ path: string; rule: string }> };
  expectNoSecret([r.stdout, r.stderr], [value]);
  const out: Record<string, number> = {};
  keys.forEach((k, i) => {
    for (const kind of ['y', 'b', 'j'])
      out[`${kind} ${k}`] = body.findings.filter(
        (f) => f.path.startsWith(`${kind}${i}.`) && f.rule === 'generic-credential-entropy',
      ).length;
  });
  return out;
}

const all = (keys: readonly string[], n: number) =>
  Object.fromEntries(keys.flatMap((k) => ['y', 'b', 'j'].map((kind) => [`${kind} ${k}`, n])));

describe('security check: a credential key is judged by its words', () => {
  it('any character after the credential word: found on the line, below it and in JSON', async () => {
    const keys = ['Admin Password (prod)', 'api_key[0]', 'db_password?', 'password!', 'db_password%'];
    const more = ['db_password|x', 'db_password>', 'db password (prod)', 'db_password\\t', 'db_password='];
    expect(await perKey([...keys, ...more])).toEqual(all([...keys, ...more], 1));
  }, 120_000);

  it('a digit, an acronym or another word glued on: found', async () => {
    const keys = ['password2', 'db_password2', 'apiKey2', 'SECRET1', 'token1', 'API_KEY2', 'Password123'];
    const more = ['privateKey2', 'dbpassword', 'adminpassword', 'oldpassword', 'DBPassword', 'JWTSecret'];
    const rest = ['SMTPPassword', 'HMACSecret', 'GCPToken', 'dbapikey'];
    expect(await perKey([...keys, ...more, ...rest])).toEqual(all([...keys, ...more, ...rest], 1));
  }, 120_000);

  it('keys that only mention a credential, or describe one, stay unreported', async () => {
    const keys = ['keyboard', 'monkey', 'secret_name', 'token_url', 'tokenType', 'api_key_header (prod)'];
    const more = ['password_file [0]', 'turkey2', 'keynote'];
    expect(await perKey([...keys, ...more])).toEqual(all([...keys, ...more], 0));
  }, 120_000);

  it('.env: a digit or acronym glued on is found', async () => {
    const names = ['DB_PASSWORD2', 'API_KEY2', 'SECRET1', 'TOKEN1', 'DBPASSWORD', 'JWTSecret'];
    const root = makeTree({ '.env': names.map((n) => `${n}=${P}`).join('\n') });
    const r = await check(root, ['.env']);
    expect(rules(r.stdout)).toEqual(names.map(() => 'generic-credential-entropy'));
    expectNoSecret([r.stdout], [P]);
  });
});

describe('security check: a random lowercase value is no name', () => {
  it('Mailgun- and Mailchimp-style keys and random kebab or snake runs are found', async () => {
    const values = [
      'key-3bx7ynkp29jd6fds4gc373sgvjxtfm1',
      'd3b07384d113edec49eaa6238ad5ff00-us6',
      '3b07384dd113edec49eaa6238ad5ff00-us6',
      'x7k2p9m4q8v3_z5w1n6',
      'q7x2-m9k4-p3v8-z5w1',
      'X7K2P9M4Q8V3Z5W1N6',
    ];
    const root = makeTree({
      'n.yaml': `nodes: []\n${values.map((v, i) => `api_key_${i}: "${v}"`).join('\n')}\n`,
    });
    const r = await check(root, ['n.yaml']);
    expect(rules(r.stdout)).toEqual(values.map(() => 'generic-credential-entropy'));
    expectNoSecret([r.stdout], values);
  });

  it('names made of words stay unreported', async () => {
    const values = ['max-tokens-per-run', 'openai-prod-key-v2', 'gpt4-turbo-2024', 'OPENAI_API_KEY_V2'];
    const more = ['internationalization-setting', 'kms.key.rotation.policy', 'serviceAccountKeyName'];
    const root = makeTree({
      'n.yaml': `nodes: []\n${[...values, ...more].map((v, i) => `api_key_${i}: ${v}`).join('\n')}\n`,
    });
    const r = await check(root, ['n.yaml']);
    expect(rules(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });
});
