// Planted secrets and decoys for `security check`: the unit tests and the benchmark's corpus use
// the same makers. Every token is made at run time from a seeded generator, so no real-looking key
// is ever committed, and the same seed gives the same corpus.

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

/** A seeded generator (mulberry32): `rng()` in [0, 1). */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rng, chars, n) =>
  Array.from({ length: n }, () => chars[Math.floor(rng() * chars.length)]).join('');
const b64url = (s) => Buffer.from(s).toString('base64url');
const b64 = (s) => Buffer.from(s).toString('base64');

/**
 * One maker per rule: `(rng) => ({ secret, yaml, json, env })`, where yaml/json/env are one line
 * (or, for a private key, a block) that holds the secret in that syntax.
 */
export const PLANTS = {
  'fibonacci-api-key': (r) => kv('api_token', `fib_${'live'}_${pick(r, ALNUM, 43)}`),
  'aws-access-key-id': (r) => kv('aws_key', `AKIA${pick(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`),
  'aws-secret-access-key': (r) => kv('aws_secret_access_key', pick(r, B64, 40)),
  'github-token': (r) => kv('gh', `ghp_${pick(r, ALNUM, 36)}`),
  'gitlab-token': (r) => kv('gl', `glpat-${pick(r, ALNUM, 20)}`),
  'command-line-password': (r) => {
    // curl's -u sends this pair as the Basic credential; here it is written unencoded.
    const secret = pick(r, `${ALNUM}!%&*-_.`, 20);
    const line = `curl -u svc-${pick(r, 'abcdefghijklmnopqrstuvwxyz', 6)}:${secret} https://api.internal.test/v1`;
    return {
      secret,
      yaml: `command: ${line}`,
      json: `"command": "${line}"`,
      env: `DEPLOY_COMMAND="${line}"`,
    };
  },
  'slack-token': (r) =>
    kv('slack', `xoxb-${pick(r, '0123456789', 12)}-${pick(r, '0123456789', 12)}-${pick(r, ALNUM, 24)}`),
  'slack-webhook-url': (r) =>
    kv(
      'webhook',
      `https://hooks.slack.com/services/T${pick(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/B${pick(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/${pick(r, ALNUM, 24)}`,
    ),
  'stripe-secret-key': (r) => kv('stripe', `sk_${'live'}_${pick(r, ALNUM, 32)}`),
  'anthropic-api-key': (r) => kv('anthropic', `sk-ant-api03-${pick(r, B64URL, 93)}AA`),
  'openai-api-key': (r) => kv('openai', `sk-proj-${pick(r, B64URL, 74)}T3BlbkFJ${pick(r, B64URL, 74)}`),
  'google-api-key': (r) => kv('maps', `AIza${pick(r, B64URL, 35)}`),
  'npm-token': (r) => kv('registry', `npm_${pick(r, ALNUM, 36)}`),
  'private-key': (r) => privateKey(r),
  jwt: (r) => {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify({ sub: pick(r, ALNUM, 12), iat: 1700000000 + Math.floor(r() * 1e6) }));
    return kv('session', `${head}.${body}.${pick(r, B64URL, 43)}`);
  },
  'url-credentials': (r) => {
    const password = pick(r, ALNUM, 16);
    return { ...kv('database', `postgres://app:${password}@db.internal:5432/app`), secret: password };
  },
  'basic-authorization': (r) => {
    // What `curl -u user:password` sends: the password decodes from the header.
    const user = `svc-${pick(r, 'abcdefghijklmnopqrstuvwxyz', 6)}`;
    const secret = Buffer.from(`${user}:${pick(r, `${ALNUM}!#%&*-_.`, 20)}`).toString('base64');
    return {
      secret,
      yaml: `Authorization: Basic ${secret}`,
      json: `"Authorization": "Basic ${secret}"`,
      env: `AUTH_HEADER="Basic ${secret}"`,
    };
  },
  'bearer-authorization': (r) => {
    const secret = `${pick(r, ALNUM, 40)}`;
    return {
      secret,
      yaml: `Authorization: Bearer ${secret}`,
      json: `"Authorization": "Bearer ${secret}"`,
      env: `AUTH_HEADER="Authorization: Bearer ${secret}"`,
    };
  },
  'scheme-authorization': (r) => {
    const secret = `${pick(r, ALNUM, 40)}`;
    return {
      secret,
      yaml: `Authorization: Token ${secret}`,
      json: `"Authorization": "ApiKey ${secret}"`,
      env: `AUTH_HEADER="Authorization: SSWS ${secret}"`,
    };
  },
  'generic-credential-entropy': (r) => kv('client_secret', pick(r, ALNUM, 32)),
};

function kv(key, secret) {
  return {
    secret,
    yaml: `${key}: "${secret}"`,
    json: `"${key}": "${secret}"`,
    env: `${key.toUpperCase()}=${secret}`,
  };
}

function privateKey(r) {
  const lines = Array.from({ length: 6 }, () => pick(r, B64, 64));
  const body = lines.join('\n');
  const begin = '-----BEGIN RSA PRIVATE KEY-----';
  const end = '-----END RSA PRIVATE KEY-----';
  return {
    secret: body,
    yaml: `tls_key: |\n  ${begin}\n${lines.map((l) => `  ${l}`).join('\n')}\n  ${end}`,
    json: `"tls_key": "${begin}\\n${lines.join('\\n')}\\n${end}"`,
    env: `TLS_KEY="${begin}\n${body}\n${end}"`,
  };
}

/**
 * Decoys: lines shaped like the planted ones that no rule may report (references, placeholders,
 * documentation examples, low-entropy look-alikes, names that only mention a credential).
 */
export const DECOYS = [
  'api_key: "{{secrets.API_KEY}}"',
  'Authorization: "Bearer {{secrets.API_KEY}}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
  'Authorization: Bearer ${API_TOKEN}',
  'Authorization: Bearer <your-token>',
  'Authorization: "Basic {{secrets.BASIC_AUTH}}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
  'Authorization: Basic ${BASIC_CREDENTIALS}',
  `Authorization: Basic ${b64('user:password')}`,
  `Authorization: Basic ${b64('Aladdin:open sesame')}`,
  `Authorization: Basic ${b64('xxxx:xxxx')}`,
  `Authorization: Basic ${b64('admin:')}`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference inside the encoded pair
  `Authorization: Basic ${b64('deploy:${DEPLOY_PASSWORD}')}`,
  'auth_mode: basic authentication over TLS',
  'Authorization: "Token {{secrets.API_TOKEN}}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
  'Authorization: ApiKey ${API_KEY}',
  'Authorization: Token your-api-token-goes-here',
  'Authorization: Token SERVICE_API_TOKEN_NAME',
  'auth_header: "Bearer {{secrets.API_KEY}}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
  'authHeader: Token ${API_TOKEN}',
  'Authorization: Bot discord-bot-token-kept-in-vault',
  'Authorization: Digest username="Mufasa", realm="http-auth@example.org", response="8ca523f5e9506fed4657c9700eebdbec"',
  'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request',
  'token: "your-api-key"',
  'password: changeme',
  'client_secret: xxxxxxxxxxxxxxxxxxxxxxxx',
  'aws_key: AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  `gh: ghp_${'x'.repeat(36)}`,
  `stripe: sk_${'test'}_${'0'.repeat(24)}`,
  `session: ${'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'}.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`,
  'tls_key: "-----BEGIN PRIVATE KEY-----\\nyour key here\\n-----END PRIVATE KEY-----"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
  'database: postgres://app:${DB_PASSWORD}@db.internal:5432/app',
  'database: postgres://user:password@localhost/app',
  'secret_name: OPENAI_API_KEY',
  'token_url: https://auth.internal.test/oauth/token',
  'max_tokens: 4096',
  'key_rotation: every-thirty-days-please',
  'api_key_header: X-Api-Key-Header-Name',
  'password: aaaaaaaaaaaaaaaaaaaa',
  'token: abcabcabcabcabcabcabc',
  `openai: sk-${'proj'}-REPLACE_WITH_YOUR_PROJECT_KEY_FROM_THE_DASHBOARD_OK`,
  'monkey: correct-horse-battery-staple',
  'healthcheck: curl -u "deploy:$DEPLOY_PASSWORD" https://api.internal.test/v1',
  'migrate: mysql -uroot -p -h db.internal app',
  'args: ["--password", "{{secrets.DB_PASSWORD}}", "--output", "report-2024-final.csv"]',
  'keyboard_layout: en-US-international-2024',
];
