// The foundation end to end: the built CLI against the real emulator (and hostile local servers)
// over TLS, asserting exactly what a user sees.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsecureFileStore } from '../../../src/lib/insecure-file.js';
import { type CertPair, makeCa, makeLeaf } from '../../helpers/certs.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { startHttps, startSilent, type TestServer } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const conn = () => ({ FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.caCertPath });

describe('login, status, logout (plain-text storage, no keychain needed)', () => {
  it('round-trips and never prints the key', async () => {
    const home = tempDir('fib-home-');
    const env = { ...conn(), HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const login = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
      env,
      input: `${emu.ownerKey}\n`,
    });
    expect(login.code).toBe(0);
    expect(login.stdout).toBe('');
    const file = new InsecureFileStore(join(home, '.config', 'fibonacci')).pathFor(new URL(emu.url).origin);
    expect(login.stderr).toBe(`warning: the key is stored in plain text in ${file}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const status = await runCli(['auth', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\n {2}✓ Logged in as user-\S+ in organization org-\S+\n/,
    );
    expect(status.stdout).toContain('  Role:       owner\n');
    expect(status.stdout).toContain(
      `  Key:        ${emu.ownerKey.slice(0, 7)}…${emu.ownerKey.slice(-3)} (owner, key_`,
    );
    expect(status.stdout).toContain(
      `  Source:     the plain-text file ${file} (key for ${new URL(emu.url).origin})\n`,
    );
    expect(status.stderr).toBe(`warning: using the key stored in plain text in ${file}\n`);

    const token = await runCli(['auth', 'token'], { env });
    expect(token.stdout).toBe(`${emu.ownerKey}\n`);

    const logout = await runCli(['auth', 'logout'], { env });
    expect(logout.code).toBe(0);
    expect(existsSync(file)).toBe(false);
    const after = await runCli(['auth', 'status'], { env });
    expect(after.code).toBe(4);
    for (const r of [login, status, logout, after]) expect(r.stdout + r.stderr).not.toContain(emu.ownerKey);
  });

  it('a key the server does not know is exit 4 with a hint, and nothing is stored', async () => {
    const home = tempDir('fib-home-');
    const env = { ...conn(), HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const bad = 'fib_test_thisKeyDoesNotExist0123456789abcdefghij';
    const r = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], { env, input: bad });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^error: the API at https:\/\/127\.0\.0\.1:\d+ rejected this key \(request req_\w+\)\nhint: check that the key is current and not revoked: ask whoever issued it .*owner-key file in its data dir or `fibonacci emulator add-user`\n$/,
    );
    expect(r.stderr).not.toContain(bad);
    expect((await runCli(['auth', 'status'], { env })).code).toBe(4);
  });

  it('a 401 on status is exit 4 with a hint', async () => {
    const r = await runCli(['auth', 'status'], {
      env: { ...conn(), FIBONACCI_API_KEY: 'fib_test_revokedOrUnknown0000000000' },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^error: the API rejected the key from FIBONACCI_API_KEY \(fib_tes…000\): invalid API key \(request req_\w+\)\n/,
    );
    // The variable wins over any login, so the hint names the variable, not `auth login`.
    expect(r.stderr).toContain('hint: set FIBONACCI_API_KEY to a current key, or unset it');
    expect(r.stderr).not.toContain('auth login');
  });

  // Newcomer pass 14, NC-19: status said "rejected … the key may be revoked or expired" where
  // `secret list` passed on the server's "API key has expired"; status is the diagnosing command.
  it("an expired key: status passes on the server's reason, as secret list does", async () => {
    const made = await runCli(
      [
        'emulator',
        'add-user',
        '--role',
        'member',
        '--name',
        'past',
        '--expires-at',
        '2020-01-01T00:00:00Z',
        '--plain',
        '--data-dir',
        emu.dataDir,
      ],
      { env: conn() },
    );
    expect(made.code, made.stderr).toBe(0);
    const past = made.stdout.trim();
    const env = { ...conn(), FIBONACCI_API_KEY: past };
    const list = await runCli(['secret', 'list'], { env });
    expect(list.stderr).toMatch(/^error: authentication failed: API key has expired \(request req_\w+\)\n/);
    const r = await runCli(['auth', 'status'], { env });
    expect([r.code, r.stdout]).toEqual([4, '']);
    const masked = `${past.slice(0, 7)}…${past.slice(-3)}`;
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: the API rejected the key from FIBONACCI_API_KEY \\(${masked}\\): API key has expired \\(request req_\\w+\\)\nhint: set FIBONACCI_API_KEY to a current key, or unset it\n$`,
      ),
    );
    expect(r.stderr).not.toContain(past);
  });

  it('--debug shows request lines with the key redacted', async () => {
    const r = await runCli(['auth', 'status', '--debug'], {
      env: { ...conn(), FIBONACCI_API_KEY: emu.ownerKey },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/debug: → GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/auth\/me/);
    expect(r.stderr).toMatch(/debug: ← 200 /);
    expect(r.stdout + r.stderr).not.toContain(emu.ownerKey);
  });
});

describe('TLS and network failures', () => {
  let ca: CertPair;
  let leaf: CertPair;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    ca = await makeCa();
    leaf = await makeLeaf(ca, { hosts: ['127.0.0.1', 'localhost'] });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const caFile = () => {
    const dir = tempDir('fib-ca-');
    writeFileSync(join(dir, 'ca.pem'), ca.cert);
    return join(dir, 'ca.pem');
  };
  const key = 'fib_test_networkTests0123456789abcdefghijkl';

  it('refuses a server that offers only TLS 1.2 (exit 7), and the key never reaches it', async () => {
    const s = await startHttps({ key: leaf.key, cert: leaf.cert, maxVersion: 'TLSv1.2' });
    servers.push(s);
    const r = await runCli(['auth', 'status'], {
      env: {
        FIBONACCI_BASE_URL: `https://127.0.0.1:${s.port}`,
        FIBONACCI_CA_CERT: caFile(),
        FIBONACCI_API_KEY: key,
      },
    });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: the server at 127\.0\.0\.1:\d+ does not support TLS 1\.3/);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses the emulator when its CA is not trusted (exit 7) with a hint', async () => {
    const r = await runCli(['auth', 'status'], {
      env: { FIBONACCI_BASE_URL: emu.url, FIBONACCI_API_KEY: key },
    });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: .*certificate.* not trusted/);
    expect(r.stderr).toContain('hint: pass its CA with --ca-cert or FIBONACCI_CA_CERT');
  });

  it('a server that accepts and never answers is a timeout (exit 7), not a hang', async () => {
    const s = await startSilent();
    servers.push(s);
    const started = Date.now();
    const r = await runCli(['auth', 'status', '--timeout', '1', '--retries', '0'], {
      env: { FIBONACCI_BASE_URL: `https://127.0.0.1:${s.port}`, FIBONACCI_API_KEY: key },
    });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: no response from 127\.0\.0\.1:\d+ within 1s/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a 503 with Retry-After: 1 is retried once, announced, then succeeds', async () => {
    let calls = 0;
    const s = await startHttps({ key: leaf.key, cert: leaf.cert }, (_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end('{"detail":"warming up"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          key_id: 'key_1',
          key_name: 'ci',
          user_id: 'user-1',
          organization_id: 'org-1',
          role: 'member',
          scopes: ['read'],
          workflows: [],
          created_at: '2026-01-01T00:00:00Z',
          expires_at: null,
        }),
      );
    });
    servers.push(s);
    const r = await runCli(['auth', 'status'], {
      env: {
        FIBONACCI_BASE_URL: `https://127.0.0.1:${s.port}`,
        FIBONACCI_CA_CERT: caFile(),
        FIBONACCI_API_KEY: key,
      },
    });
    expect(r.code).toBe(0);
    expect(calls).toBe(2);
    expect(r.stderr).toBe('retrying in 1s: 503 Service Unavailable (attempt 2 of 4)\n');
    expect(r.stdout).toContain('  Role:       member\n');
  });
});

describe('mTLS against --require-client-cert', () => {
  let mtls: EmulatorHandle;
  beforeAll(async () => {
    mtls = await startEmulator({ args: ['--require-client-cert'] });
  });
  afterAll(async () => {
    await mtls?.stop();
  });

  it('works with the client certificate and fails clearly without it', async () => {
    const base = {
      FIBONACCI_BASE_URL: mtls.url,
      FIBONACCI_CA_CERT: mtls.caCertPath,
      FIBONACCI_API_KEY: mtls.ownerKey,
    };
    const ok = await runCli(
      ['auth', 'status', '--client-cert', mtls.clientCertPath!, '--client-key', mtls.clientKeyPath!],
      {
        env: base,
      },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Role:       owner');

    const without = await runCli(['auth', 'status', '--retries', '0'], { env: base });
    expect(without.code).toBe(7);
    expect(without.stderr).toMatch(
      /^error: the server at 127\.0\.0\.1:\d+ asked for a client certificate and closed the connection without one\n/,
    );
  });

  // Newcomer pass 14, NC-17: without a certificate, 3 retries (3.6 s) of a close that repeats, and
  // the advice in the error's parentheses, with no hint line and no word of the variables.
  it('without a client certificate: not retried, and a hint naming the variables', async () => {
    const base = {
      FIBONACCI_BASE_URL: mtls.url,
      FIBONACCI_CA_CERT: mtls.caCertPath,
      FIBONACCI_API_KEY: mtls.ownerKey,
    };
    const r = await runCli(['secret', 'list'], { env: base });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 7,
      stdout: '',
      stderr:
        `error: the server at 127.0.0.1:${mtls.port} asked for a client certificate and closed the connection without one\n` +
        'hint: set FIBONACCI_CLIENT_CERT and FIBONACCI_CLIENT_KEY (or pass --client-cert and --client-key) to the certificate and key the server trusts\n',
    });
  });

  // Newcomer pass 14, NC-18: certificate and key swapped gave OpenSSL's "PEM routines::no start
  // line" and a hint naming three flags, --ca-cert among them; now the file, its source and why.
  it('certificate and key swapped: which one, from which variable, and why (exit 3)', async () => {
    const swapped = {
      FIBONACCI_BASE_URL: mtls.url,
      FIBONACCI_CA_CERT: mtls.caCertPath,
      FIBONACCI_API_KEY: mtls.ownerKey,
      FIBONACCI_CLIENT_CERT: mtls.clientKeyPath!,
      FIBONACCI_CLIENT_KEY: mtls.clientCertPath!,
    };
    const r = await runCli(['auth', 'status'], { env: swapped });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `error: FIBONACCI_CLIENT_CERT file ${mtls.clientKeyPath} holds a private key, not a certificate: swapped with FIBONACCI_CLIENT_KEY?\n` +
        'hint: FIBONACCI_CLIENT_CERT takes the certificate (BEGIN CERTIFICATE), FIBONACCI_CLIENT_KEY its private key (BEGIN PRIVATE KEY)\n',
    });
    const flags = await runCli(
      ['auth', 'status', '--client-cert', mtls.clientKeyPath!, '--client-key', mtls.clientKeyPath!],
      {
        env: {
          FIBONACCI_BASE_URL: mtls.url,
          FIBONACCI_CA_CERT: mtls.caCertPath,
          FIBONACCI_API_KEY: mtls.ownerKey,
        },
      },
    );
    expect([flags.code, flags.stderr.split('\n')[0]]).toEqual([
      3,
      `error: --client-cert file ${mtls.clientKeyPath} holds a private key, not a certificate`,
    ]);
  });
});

describe('bad input: one error line, the documented exit code, nothing stored', () => {
  it.each([
    [
      ['auth', 'status', '--ca-cert', '/nonexistent/ca.pem'],
      3,
      'error: cannot read --ca-cert file /nonexistent/ca.pem: no such file',
    ],
    [
      ['auth', 'status', '--client-key', '/tmp/k.pem'],
      2,
      'error: --client-cert and --client-key go together: only --client-key was given',
    ],
    [['auth', 'login', '--frobnicate'], 2, 'error: unknown option --frobnicate'],
  ])('fibonacci %j → exit %d', async (args, code, line) => {
    const r = await runCli(args, { env: { ...conn(), FIBONACCI_API_KEY: 'fib_test_whatever0123456789' } });
    expect(r.code).toBe(code);
    expect(r.stderr.split('\n')[0]).toBe(line);
    expect(r.stdout).toBe('');
  });

  it('an unreadable CA from the environment is exit 3 too, naming the variable', async () => {
    const dir = tempDir('fib-ca-');
    mkdirSync(join(dir, 'ca.pem'));
    const r = await runCli(['auth', 'status'], {
      env: {
        FIBONACCI_BASE_URL: emu.url,
        FIBONACCI_CA_CERT: join(dir, 'ca.pem'),
        FIBONACCI_API_KEY: emu.ownerKey,
      },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: refusing the FIBONACCI_CA_CERT file ${dir}/ca.pem: it is not a regular file\n` +
        'hint: give FIBONACCI_CA_CERT a regular file of your own\n',
    );
  });
});
