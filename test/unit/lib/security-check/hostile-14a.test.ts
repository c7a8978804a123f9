// Hostile pass 14 (H14a-*), in process: what the credential rules found and missed, each finding's
// cases with the decoys beside them that must stay unreported.
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../bench/security-check-secrets.mjs';
import { holdsCredential } from '../../../../src/lib/security-check/credential-names.js';
import { findCredentials, pairCredentials } from '../../../../src/lib/security-check/scan-text.js';

const P = 'Xk9mQ2vL8pR4tW7zAb3';
const GHP = 'ghp_DKRYfmt07ELSZgnu18FMTahov29GNUbipw3A';
const SK = 'sk-FQbmx8JUfq1CNYju5GRcny9KVgr2DOZkv6HSdozALWhs3EPa';
const AWS = 'Zk8aQ3vL9pR5tW7zAb3cD4eF5gH6iJ7kL8mN9oPq';

/** Each finding as `rule secret@offset`. */
const found = (text: string, syntax: 'dotenv' | 'other' = 'other') =>
  findCredentials(text, syntax).map((m) => `${m.rule.id} ${m.secret}@${m.offset}`);

describe('H14a-7: blanks inside the quotes around a value', () => {
  it.each([
    [`api_key: " ${P}"`, 'generic-credential-entropy'],
    [`token: "${P} "`, 'generic-credential-entropy'],
    [`secret: ' ${P} '`, 'generic-credential-entropy'],
    [`{"token": " ${P} "}`, 'generic-credential-entropy'],
    [`{"password": "\t${P}\t"}`, 'generic-credential-entropy'],
    [`aws_secret_access_key: " ${AWS}"`, 'aws-secret-access-key'],
    [`api_key: " ${GHP}"`, 'github-token'],
    [`token: "${GHP} "`, 'github-token'],
    [`{"token": " ${SK} "}`, 'openai-api-key'],
  ])('%s: found, pointing at the value and without its blanks', (line, rule) => {
    const secret = [P, AWS, GHP, SK].find((s) => line.includes(s)) as string;
    expect(found(line)).toEqual([`${rule} ${secret}@${line.indexOf(secret)}`]);
  });

  it('in a dotenv file, and as a (key, value) pair a parser gave', () => {
    const line = `API_KEY=" ${P} "`;
    expect(found(line, 'dotenv')).toEqual([`generic-credential-entropy ${P}@${line.indexOf(P)}`]);
    expect(pairCredentials('api_key', ` ${P} `).map((m) => `${m.rule.id} ${m.secret}`)).toEqual([
      `generic-credential-entropy ${P}`,
    ]);
  });

  it('a blank inside the value still makes it prose; blanks alone are nothing', () => {
    expect(found('api_key: " rotate this every month "')).toEqual([]);
    expect(found(`note_token: " ${P.slice(0, 8)} ${P.slice(8)} "`)).toEqual([]);
    expect(found('token: "          "')).toEqual([]);
    expect(found('token: " {{secrets.API_TOKEN}} "')).toEqual([]);
  });
});

const HEX = '0123456789abcdef';
const draw = (rng: () => number, chars: string, n: number) =>
  Array.from({ length: n }, () => chars[Math.floor(rng() * chars.length)]).join('');
/** A random version-4 UUID. */
const uuid = (rng: () => number) => {
  const h = draw(rng, HEX, 32);
  const v = `${h.slice(0, 12)}4${h.slice(13, 16)}${'89ab'[Math.floor(rng() * 4)]}${h.slice(17)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
};

describe('H14a-3: a UUID or a long hex run under a credential key', () => {
  it('found every time, not by the chance of its entropy', () => {
    const rng = seeded(1403);
    const values = [
      ...Array.from({ length: 500 }, () => uuid(rng)),
      ...Array.from({ length: 500 }, () => uuid(rng).toUpperCase()),
      ...Array.from({ length: 500 }, () => draw(rng, HEX, 16)),
      ...Array.from({ length: 500 }, () => draw(rng, HEX, 16 + Math.floor(rng() * 48)).toUpperCase()),
    ];
    const missed = values.filter(
      (v) => found(`api_key: ${v}`).length !== 1 || found(`token: "${v}"`).length !== 1,
    );
    expect(missed).toEqual([]);
    expect(found('token: 550e8400-e29b-41d4-a716-446655440000')).toEqual([
      'generic-credential-entropy 550e8400-e29b-41d4-a716-446655440000@7',
    ]);
    expect(pairCredentials('secret', '550e8400-e29b-41d4-a716-446655440000')).toHaveLength(1);
  });

  it('under a key that is no credential, and values that are no draw: quiet', () => {
    for (const key of ['id', 'request_id', 'uuid', 'trace_id', 'token_id', 'commit', 'sha'])
      expect(found(`${key}: 550e8400-e29b-41d4-a716-446655440000`)).toEqual([]);
    expect(found('token: 00000000-0000-0000-0000-000000000000')).toEqual([]);
    expect(found('api_key: deadbeefdeadbeef')).toEqual([]);
    expect(found('api_key: aaaa1111bbbb2222')).toEqual([]);
  });
});

describe('H14a-4: the command-line rule, on the forms it missed', () => {
  const PW = 'Xk9m(Q2vL8pR4tW7z';
  it.each([
    ['mysql -p single-quoted', `command: mysql -u root -p'${PW}' app\n`],
    ['mysql -p double-quoted', `command: mysql -u root -p"${PW}" app\n`],
    ['curl -u in a JSON argv list', `"args": ["curl","-u","admin:${PW}","https://x"]\n`],
    ['curl -u in a flow list with blanks', `args: ["curl", "-u", "admin:${PW}"]\n`],
    ['curl -u in a YAML block list', `args:\n  - curl\n  - -u\n  - admin:${PW}\n`],
    ['a line continuation before mysql -p', `run: |\n  mysql -h db \\\n    -p${PW} app\n`],
    ['a JSON string continuation', `{"run": "mysql -h db \\\\\\n  -p${PW} app"}\n`],
    ['sshpass -p', `command: sshpass -p ${PW} ssh host\n`],
    ['sshpass -p in a JSON argv list', `["sshpass", "-p", "${PW}", "ssh", "host"]\n`],
    ['docker login -p', `command: docker login -u me -p ${PW} registry.io\n`],
    ['docker login --password', `command: docker login -u me --password ${PW} registry.io\n`],
    ['docker login continued', `run: |\n  docker login \\\n    -u me \\\n    -p ${PW} registry.io\n`],
    ['podman login -p', `command: podman login -u me -p ${PW} quay.io\n`],
    ['redis-cli -a', `command: redis-cli -h cache -a ${PW} ping\n`],
    ['redis-cli --pass', `command: redis-cli --pass ${PW} ping\n`],
    ['redis-cli -a in a YAML block list', `args:\n  - redis-cli\n  - -a\n  - ${PW}\n`],
  ])('%s: found, the password only', (_, text) => {
    expect(findCredentials(text).map((m) => `${m.rule.id} ${m.secret}`)).toEqual([
      `command-line-password ${PW}`,
    ]);
  });

  it.each([
    ['mkdir -p', `command: mkdir -p ${PW}\n`],
    ['ssh -p', 'command: ssh -p 22 host\n'],
    ['ssh -p after sshpass -f', 'command: sshpass -f pwfile ssh -p 2222 host\n'],
    ['docker login --password-stdin', 'command: docker login -u me --password-stdin registry.example.com\n'],
    ['docker run -p after a login', 'command: docker login registry.io && docker run -p 8080:80 nginx\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
    ['docker login -p a variable', 'command: docker login -u me -p ${PASS} registry.io\n'],
    ['sshpass -p a reference', 'command: sshpass -p {{secrets.SSH_PW}} ssh host\n'],
    ['redis-cli -a a variable', 'command: redis-cli -a "$REDIS_PASSWORD" ping\n'],
    ['mysql -p alone prompts', 'command: mysql -u root -p app\n'],
    ['curl -u a reference in a list', 'args: ["curl", "-u", "admin:{{secrets.PW}}"]\n'],
  ])('%s: quiet', (_, text) => {
    expect(findCredentials(text)).toEqual([]);
  });
});

describe('H14a-13: the short and camelCase forms of a credential key', () => {
  it.each([
    'passWord',
    'dbPassWord',
    'DB_PASS',
    'smtpPass',
    'dbpass',
    'passphrase',
    'GPG_PASSPHRASE',
    'keyPassPhrase',
    'DB_PW',
    'admin_pw',
    'creds',
    'aws_creds',
    'cred',
  ])('%s: a credential key, its value found', (key) => {
    expect(holdsCredential(key)).toBe(true);
    expect(found(`${key}: ${P}`)).toEqual([`generic-credential-entropy ${P}@${key.length + 2}`]);
    expect(found(`${key.toUpperCase()}=${P}`, 'dotenv')).toHaveLength(1);
  });

  it.each([
    'password_policy',
    'passwordless',
    'bypass',
    'compass',
    'passenger',
    'passport',
    'overpass',
    'pwa_name',
    'credit',
    'incredible',
    'pass_count',
  ])('%s: no credential key, its value quiet', (key) => {
    expect(holdsCredential(key)).toBe(false);
    expect(found(`${key}: ${P}`)).toEqual([]);
  });

  it('the decoys with their usual values stay quiet', () => {
    expect(found('password_policy: strict\npasswordless: true\nbypass: cache\ncompass: north\n')).toEqual([]);
  });
});

describe('H14a-15: Slack app-level and configuration tokens', () => {
  const rng = seeded(15);
  const AN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const tokens = {
    xapp: `xapp-1-A${draw(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}-${draw(rng, '0123456789', 13)}-${draw(rng, HEX, 64)}`,
    refresh: `xoxe-1-${draw(rng, AN, 146)}`,
    access: `xoxe.xoxp-1-${draw(rng, AN, 163)}`,
    bot: `xoxe.xoxb-1-${draw(rng, AN, 166)}`,
  };
  it.each(Object.entries(tokens))('%s: found whole, under any key', (_, token) => {
    expect(found(`slack_app: ${token}`)).toEqual([`slack-token ${token}@11`]);
    expect(found(`{"refresh": "${token}"}`)).toEqual([`slack-token ${token}@13`]);
  });

  it('the bot, user and legacy shapes still found; gitleaks decoys quiet', () => {
    const bot = `xoxb-263594206564-${draw(rng, AN, 24)}`;
    expect(found(`x: ${bot}`)).toEqual([`slack-token ${bot}@3`]);
    for (const decoy of [
      'xoxe-1-xxx',
      'xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere',
      'xoxe.xoxp-1-initial',
      `xapp-1-XXXXXXXXXXX-0000000000000-${'x'.repeat(64)}`,
      `xoxe-1-${draw(rng, AN, 120)}`,
    ])
      expect(found(`note: ${decoy}`)).toEqual([]);
  });
});

describe('H14a-19: generated passwords with symbols under a password key', () => {
  const MANAGER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*';
  it('16 to 32 characters of a password manager: found, all but a handful', () => {
    const rng = seeded(1419);
    for (const n of [16, 20, 24, 32]) {
      const values = Array.from({ length: 1000 }, () => draw(rng, MANAGER, n));
      const missed = values.filter((v) => found(`password: ${JSON.stringify(v)}`).length !== 1);
      // Before: 5 to 10 in 2,000 at 16 and 20 characters (a `$` first, or short runs between symbols).
      expect(missed.length, JSON.stringify(missed)).toBeLessThanOrEqual(2);
    }
  });

  it.each([
    'Tr0ub4dor&3x!Qz9',
    'YWQH4*Kuh9!$^#FQ',
    'Auiavzf*ezoo=Mlk',
    '$ZnvS0TLKnc9UQJ5',
    '$gq5GmSUKzI5wwJT',
    'qrlBI*$PNI9DX!wh',
    '$CHVR2!$B^yetPaT',
  ])('%s: found, quoted or not, in a .env too', (v) => {
    expect(found(`password: ${JSON.stringify(v)}`)).toEqual([`generic-credential-entropy ${v}@11`]);
    expect(found(`DB_PASSWORD='${v}'`, 'dotenv')).toHaveLength(1);
    expect(pairCredentials('db_password', v)).toHaveLength(1);
  });

  it.each([
    'correct-horse-battery-staple',
    'Summer2024!',
    'Change!Me!Now!Please!',
    'Password123!Password123!',
    '$DB_PASSWORD',
    '$dbPassword',
    '$DbPassword2',
    'ask-ops;rotate(monthly)',
    '((vault:secret/prod/db-password))',
    '<your-password-here>',
    'Secret[prod/db-password]',
  ])('%s: words, a variable, a placeholder or a name: quiet', (v) => {
    expect(found(`password: ${JSON.stringify(v)}`)).toEqual([]);
  });
});

describe('H14a-20: a list of names under a credential key', () => {
  it.each([
    'secrets: apiKey,dbPassword,authToken',
    'tokens: githubToken,slackToken,npmToken',
    'credentials: "awsAccessKey,awsSecretKey"',
    '{"secrets": "apiKey,dbPassword,authToken"}',
    'secret_keys: DB_PASSWORD;API_KEY;SESSION_SECRET',
    'required_secrets: api-key,db-password,auth-token',
  ])('%s: names, not a value: quiet', (line) => {
    expect(found(line)).toEqual([]);
  });

  it('a list holding a secret is still found', () => {
    expect(found(`secrets: apiKey,${P}`)).toEqual([`generic-credential-entropy apiKey,${P}@9`]);
    expect(found(`api_keys: "${P},Ab3xK9mQ2vL8pR4tW7zq"`)).toHaveLength(1);
    expect(found('SECRETS=apiKey,dbPassword,authToken', 'dotenv')).toEqual([]);
  });
});
