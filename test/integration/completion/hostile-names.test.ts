// A server decides what `fibonacci __complete` prints, and a shell puts what it prints on the
// command line. The built CLI against a hostile HTTPS server: only words that follow their kind's
// rule come out, and TAB in bash, zsh and fish (with the real CLI on PATH) runs none of the rest.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { startHttps, type TestServer } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { bashComplete, fishComplete, type ShellRun, zshComplete } from './shells.js';

const dir = tempDir('fib-hostile-names-');
const pwned = (n: number) => join(dir, `pwned${n}`);
/** Words a shell would run if it evaluated them, and words that break a name rule in other ways. */
const EVIL = [
  `$(id>${pwned(1)})`,
  `\`id>${pwned(2)}\``,
  `\${x:=$(id>${pwned(3)})}`,
  `a;id>${pwned(4)}`,
  'two words',
  'line\nbreak',
  '*',
  '--env=production',
  '',
];
const pwnedFiles = () => [1, 2, 3, 4].map(pwned).filter((f) => existsSync(f));

// Whole docs/api.md shapes (the CLI checks every answer's shape), with hostile names where names go.
const T = '2026-01-23T10:30:00Z';
function answer(path: string): unknown {
  if (path === '/api/v1/secrets') {
    const names = [...EVIL, 'API_KEY', 'DB_URL', '9_STARTS_WITH_DIGIT'];
    const meta = (name: string) => ({
      name,
      environment: null,
      version: 1,
      created_at: T,
      updated_at: T,
      updated_by: null,
      rotation: null,
    });
    return { secrets: names.map(meta) };
  }
  if (path === '/api/v1/environments') {
    const envs = [...EVIL, 'production', 'Staging'];
    return { environments: [...envs.map((name) => ({ name, secrets: 1 })), { name: null, secrets: 3 }] };
  }
  if (path === '/api/v1/api-keys')
    return {
      api_keys: [...EVIL, 'key_abc123'].map((id) => ({
        id,
        name: 'k',
        prefix: 'fib_test_ab12',
        scopes: { read: true },
        workflows: ['*'],
        created_at: T,
        expires_at: null,
        last_used_at: null,
        revoked_at: null,
        created_by: 'user-1',
      })),
    };
  if (path === '/api/v1/workflows')
    return [...EVIL, 'prod/etl', '../etc', 'wf_0123456789abcdef01234567'].map((name) => ({
      id: name === 'prod/etl' ? 'wf_0123456789abcdef01234567' : `!${name}`,
      name,
      is_active: true,
      created_at: T,
    }));
  if (path === '/api/v1/auth/me')
    return {
      key_id: 'key_abc123',
      user_id: 'user-1',
      organization_id: 'org-1',
      role: 'owner',
      scopes: {},
      workflows: [],
    };
  if (path === '/api/v1/organizations/org-1/members')
    return {
      members: [...EVIL, 'user-2', '-rf'].map((user_id) => ({
        user_id,
        name: 'n',
        role: 'member',
        created_at: T,
      })),
    };
  if (path === '/api/v1/organizations/org-1/access-policy') {
    const roles = [...EVIL, 'deployer', 'Admin', 'x'.repeat(33)].map((name) => ({ name, permissions: [] }));
    return {
      version: 1,
      updated_at: T,
      updated_by: 'user-1',
      access_control: {
        enabled: true,
        default_role: 'viewer',
        roles,
        resources: { workflows: {}, secrets: {} },
      },
      network: { ip_allowlist: [], ip_blocklist: [] },
    };
  }
  return { detail: 'Not Found' };
}

let server: TestServer;
let env: Record<string, string>;
let pathDir: string;
beforeAll(async () => {
  const ca = await makeCa();
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  server = await startHttps(
    { ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' },
    (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(path)));
    },
  );
  env = cleanEnv({
    FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
    FIBONACCI_CA_CERT: join(dir, 'ca.pem'),
    FIBONACCI_API_KEY: 'fib_test_hostileCompletion_0123456789',
  });
  pathDir = join(dir, 'bin');
  mkdirSync(pathDir);
  symlinkSync(CLI_BIN, join(pathDir, 'fibonacci'));
});
afterAll(() => server?.close());
beforeEach(() => {
  for (const n of [1, 2, 3, 4]) rmSync(pwned(n), { force: true });
});

describe('__complete offers only words that follow their kind’s rule', () => {
  it.each([
    ['secret', 'API_KEY\nDB_URL\n'],
    ['env', 'production\n'],
    ['key', 'key_abc123\n'],
    ['workflow', 'prod/etl\nwf_0123456789abcdef01234567\n'],
    ['workflow-id', 'wf_0123456789abcdef01234567\n'],
    ['role', 'owner\nadmin\nmember\nviewer\ndeployer\n'],
    ['user', 'user-2\n'],
  ])('%s', async (kind, stdout) => {
    // Twice: from the server, then from the cache it wrote (which holds the answer as it came).
    for (let i = 0; i < 2; i++) {
      expect(await runCli(['__complete', kind], { env })).toEqual({ code: 0, stdout, stderr: '' });
    }
    expect(pwnedFiles()).toEqual([]);
  });

  it('the files the scripts read hold those words only, one a line after the header', async () => {
    await runCli(['__complete', 'secret'], { env });
    const shDir = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion', 'sh');
    const bodies = readdirSync(shDir).map((f) => readFileSync(join(shDir, f), 'utf8').split('\n'));
    expect(bodies.map((b) => b.slice(1))).toContainEqual(['API_KEY', 'DB_URL', '']);
    for (const b of bodies) {
      expect(b[0]).toMatch(
        /^fibonacci-completion 1 \d+ (none|\d+:\d+:\d+\.\d{9})\/(none|\d+:\d+:\d+\.\d{9})$/,
      );
      for (const name of b.slice(1, -1)) expect(name).toMatch(/^[\w./-]+$/);
    }
  });
});

describe.each([
  ['bash', bashComplete],
  ['zsh', zshComplete],
  ['fish', fishComplete],
] as Array<[string, (line: string, o?: ShellRun) => string[]]>)(
  '%s with the real CLI',
  (_shell, complete) => {
    it('secret delete <TAB> and --env <TAB> offer the valid names only, and run nothing', async () => {
      // Warm the cache first, so the shell's 1 s limit is spent on starting the CLI only.
      await runCli(['__complete', 'secret'], { env });
      await runCli(['__complete', 'env'], { env });
      const o: ShellRun = { env: { ...env, PATH: `${pathDir}:${env.PATH}` } };
      expect(complete('fibonacci secret delete ', o)).toEqual(['API_KEY', 'DB_URL']);
      expect(complete('fibonacci secret list --env ', o)).toEqual(['production']);
      expect(pwnedFiles()).toEqual([]);
    });
  },
);
