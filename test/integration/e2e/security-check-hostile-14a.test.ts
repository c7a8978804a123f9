// Hostile pass 14 (H14a-*) through the built CLI: credentials the rules missed, and one they
// reported that is none. Each case is a file of its own, named on the command line; one JSON run
// reports them all, the text
// report masks every one, and the decoys beside them stay unreported.
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const P = 'Xk9mQ2vL8pR4tW7zAb3';
const GHP = 'ghp_DKRYfmt07ELSZgnu18FMTahov29GNUbipw3A';
const SK = 'sk-FQbmx8JUfq1CNYju5GRcny9KVgr2DOZkv6HSdozALWhs3EPa';

interface JsonFinding {
  rule: string;
  path: string;
  line: number;
  column: number;
}

/** Each file's findings as `line:column rule`, the exit codes of a JSON and a text run, and their output. */
async function scan(tree: Record<string, string>, secrets: readonly string[]) {
  const root = makeTree(tree);
  // Each file named on the command line: read by the credential rules whether or not it holds a workflow.
  const json = await check(root, ['--json', ...Object.keys(tree)]);
  const text = await check(root, Object.keys(tree));
  expectNoSecret([json.stdout, json.stderr, text.stdout, text.stderr], secrets);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(tree).map((f) => [f, []]));
  for (const f of JSON.parse(json.stdout).findings as JsonFinding[])
    out[f.path]?.push(`${f.line}:${f.column} ${f.rule}`);
  return { codes: [json.code, text.code], out, text: text.stdout };
}

describe('security check: H14a-7, blanks inside the quotes around a credential', () => {
  it('a leading or trailing blank hides nothing: found, the column at the value', async () => {
    const r = await scan(
      {
        'lead.yaml': `api_key: " ${P}"\n`,
        'trail.yaml': `token: "${P} "\n`,
        'single.yaml': `secret: ' ${P} '\n`,
        'gh.yaml': `api_key: " ${GHP}"\ntoken: "${GHP} "\n`,
        'both.json': `{"token": " ${P} ", "key": " ${SK} "}\n`,
        '.env': `API_KEY=" ${P}"\n`,
        'prose.yaml': 'api_key: " rotate this every month "\ntoken: " {{secrets.API_TOKEN}} "\n',
      },
      [P, GHP, SK],
    );
    expect(r.out).toEqual({
      'lead.yaml': ['1:12 generic-credential-entropy'],
      'trail.yaml': ['1:9 generic-credential-entropy'],
      'single.yaml': ['1:11 generic-credential-entropy'],
      'gh.yaml': ['1:12 github-token', '2:9 github-token'],
      'both.json': ['1:13 generic-credential-entropy', '1:45 openai-api-key'],
      '.env': ['1:11 generic-credential-entropy'],
      'prose.yaml': [],
    });
    expect(r.codes).toEqual([11, 11]);
    // The caret is under the value's first character, not under the blank before it.
    expect(r.text).toMatch(/1 \| api_key: " \*{19}"\n +\| {12}\^/);
  }, 60_000);
});

describe('security check: H14a-3, a UUID or a long hex run under a credential key', () => {
  it('found every time in YAML, JSON and .env; under an id key, or no draw at all, quiet', async () => {
    const U = ['fbbb8a41-98e4-485f-b7e1-15b40b76f87f', 'EEBE5C3E-5C88-4CBC-8356-634D5DF3F63A'];
    const H = ['21541e7308214152', 'c4ac2aa2f3fc4c2a9c802a4589a067a5'];
    const r = await scan(
      {
        'uuid.yaml': `token: ${U[0]}\napi_key: "${U[1]}"\n`,
        'hex.json': `{"api_key": "${H[0]}",\n "secret": "${H[1]}"}\n`,
        '.env': `SESSION_TOKEN=${U[0]}\nAPI_KEY=${H[1]}\n`,
        'ids.yaml': `id: ${U[0]}\nrequest_id: ${U[1]}\ntrace_id: ${H[1]}\ntoken: 00000000-0000-0000-0000-000000000000\napi_key: deadbeefdeadbeef\n`,
      },
      [...U, ...H],
    );
    expect(r.out).toEqual({
      'uuid.yaml': ['1:8 generic-credential-entropy', '2:11 generic-credential-entropy'],
      'hex.json': ['1:14 generic-credential-entropy', '2:13 generic-credential-entropy'],
      '.env': ['1:15 generic-credential-entropy', '2:9 generic-credential-entropy'],
      'ids.yaml': [],
    });
    expect(r.codes).toEqual([11, 11]);
  }, 60_000);
});

describe('security check: H14a-4, passwords on command lines', () => {
  it('mysql -p quoted, curl -u in an argv list, continued lines, sshpass, docker/podman login, redis-cli: found; their look-alikes quiet', async () => {
    const W = 'Xk9m(Q2vL8pR4tW7z';
    const r = await scan(
      {
        'mysql.yaml': `a: mysql -u root -p'${W}' app\nb: mysql -u root -p"${W}" app\nc: |\n  mysql -h db \\\n    -p${W} app\n`,
        'curl.json': `{"args": ["curl","-u","admin:${W}","https://x"]}\n`,
        'tools.yaml': `a: sshpass -p ${W} ssh host\nb: docker login -u me -p ${W} r.io\nc: podman login -u me --password ${W} q.io\nd: redis-cli -a ${W} ping\ne: redis-cli --pass ${W} ping\n`,
        'quiet.yaml':
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
          'a: mkdir -p build/out\nb: ssh -p 22 host\nc: docker login -u me --password-stdin r.io\nd: docker login -u me -p ${PASS} r.io\ne: sshpass -p {{secrets.SSH_PW}} ssh host\n',
      },
      [W],
    );
    expect(r.out).toEqual({
      'mysql.yaml': ['1:21 command-line-password', '2:21 command-line-password', '5:7 command-line-password'],
      'curl.json': ['1:30 command-line-password'],
      'tools.yaml': [
        '1:15 command-line-password',
        '2:26 command-line-password',
        '3:34 command-line-password',
        '4:17 command-line-password',
        '5:21 command-line-password',
      ],
      'quiet.yaml': [],
    });
    expect(r.codes).toEqual([11, 11]);
    expect(r.text).toContain('command-line-password');
  }, 60_000);
});

describe('security check: H14a-13, short and camelCase credential keys', () => {
  it('passWord, DB_PASS, passphrase, DB_PW, creds: found in YAML, JSON and .env; the decoys quiet', async () => {
    const keys = ['passWord', 'DB_PASS', 'passphrase', 'DB_PW', 'creds'];
    const r = await scan(
      {
        'keys.yaml': keys.map((k) => `${k}: ${P}\n`).join(''),
        'keys.json': `{\n${keys.map((k) => `"${k}": "${P}"`).join(',\n')}\n}\n`,
        '.env': `DB_PASS=${P}\nDB_PW=${P}\nGPG_PASSPHRASE=${P}\nAPI_CREDS=${P}\n`,
        'decoys.yaml': `password_policy: strict\npasswordless: true\nbypass: ${P}\ncompass: ${P}\npassenger: ${P}\n`,
      },
      [P],
    );
    expect(r.out).toEqual({
      'keys.yaml': keys.map((k, i) => `${i + 1}:${k.length + 3} generic-credential-entropy`),
      'keys.json': keys.map((k, i) => `${i + 2}:${k.length + 6} generic-credential-entropy`),
      '.env': [
        '1:9 generic-credential-entropy',
        '2:7 generic-credential-entropy',
        '3:16 generic-credential-entropy',
        '4:11 generic-credential-entropy',
      ],
      'decoys.yaml': [],
    });
    expect(r.codes).toEqual([11, 11]);
  }, 60_000);
});

describe('security check: H14a-15, Slack app-level and configuration tokens', () => {
  it('xapp-, xoxe.xoxp-/xoxe.xoxb- and xoxe- found under any key, shown as their first 4 characters', async () => {
    const rng = seeded(1415);
    const pick = (chars: string, n: number) =>
      Array.from({ length: n }, () => chars[Math.floor(rng() * chars.length)]).join('');
    const AN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const xapp = `xapp-1-A${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}-${pick('0123456789', 13)}-${pick('0123456789abcdef', 64)}`;
    const access = `xoxe.xoxp-1-${pick(AN, 163)}`;
    const refresh = `xoxe-1-${pick(AN, 146)}`;
    const r = await scan(
      {
        'slack.yaml': `socket_mode: ${xapp}
config: "${access}"
rotate: ${refresh}
`,
        'slack.json': `{"app": "${xapp}"}
`,
        'decoys.yaml':
          'a: xoxe-1-xxx\nb: xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere\nc: xoxe.xoxp-1-initial\n',
      },
      [xapp, access, refresh],
    );
    expect(r.out).toEqual({
      'slack.yaml': ['1:14 slack-token', '2:10 slack-token', '3:9 slack-token'],
      'slack.json': ['1:10 slack-token'],
      'decoys.yaml': [],
    });
    expect(r.codes).toEqual([11, 11]);
    expect(r.text).toContain('(xapp…, 97 characters)');
    expect(r.text).toContain('(xoxe…, 175 characters)');
  }, 60_000);
});

describe('security check: H14a-19, generated passwords under a password key', () => {
  it('found in YAML, JSON and .env, masked; words, variables and placeholders quiet', async () => {
    const G = ['Tr0ub4dor&3x!Qz9', '$ZnvS0TLKnc9UQJ5', 'qrlBI*$PNI9DX!wh', 'YWQH4*Kuh9!$^#FQ'];
    const r = await scan(
      {
        'pw.yaml': `password: "${G[0]}"\ndb_password: '${G[1]}'\n`,
        'pw.json': `{"password": "${G[2]}"}\n`,
        '.env': `SMTP_PASSWORD='${G[3]}'\n`,
        'quiet.yaml':
          'password: correct-horse-battery-staple\nadmin_password: "Change!Me!Now!Please!"\ndb_password: $DB_PASSWORD\nroot_password: "<your-password-here>"\n',
      },
      G,
    );
    expect(r.out).toEqual({
      'pw.yaml': ['1:12 generic-credential-entropy', '2:15 generic-credential-entropy'],
      'pw.json': ['1:15 generic-credential-entropy'],
      '.env': ['1:16 generic-credential-entropy'],
      'quiet.yaml': [],
    });
    expect(r.codes).toEqual([11, 11]);
  }, 60_000);
});

describe('security check: H14a-20, a list of names under a credential key', () => {
  it('camelCase, snake or kebab names joined by commas are quiet in YAML, JSON and .env; a list with a secret in it is found', async () => {
    const r = await scan(
      {
        'names.yaml':
          'secrets: apiKey,dbPassword,authToken\ncredentials: "awsAccessKey,awsSecretKey"\nsecret_keys: DB_PASSWORD;API_KEY\n',
        'names.json': '{"secrets": "apiKey,dbPassword,authToken"}\n',
        '.env': 'SECRETS=apiKey,dbPassword,authToken\n',
        'mixed.yaml': `secrets: apiKey,${P}\n`,
      },
      [P],
    );
    expect(r.out).toEqual({
      'names.yaml': [],
      'names.json': [],
      '.env': [],
      'mixed.yaml': ['1:10 generic-credential-entropy'],
    });
    expect(r.codes).toEqual([11, 11]);
  }, 60_000);
});
