// The startup matrix, as real processes: {development, staging, production} × each setting good or
// bad → the emulator starts or refuses with its message, and a refused start opens no port.
// Needs `npm run build`.
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../helpers/emulator.js';
import { freePort } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SECRET = '9f2c7a41e0b85d36c1fa4e7b0932d58c';
/** The seed's production .env, as docs/emulator.md describes it: every setting safe. */
const PRODUCTION_ENV = `# production settings
APP_ENV=production
SESSION_SECRET_KEY=${SECRET}
ENABLE_DOCS=false
ENABLE_DEVELOPER_ROUTES=false
TRUSTED_PROXY_HOSTS=10.0.0.10,10.0.0.11
SECRETS_BACKEND=db
`;

/** Whether anything accepts a TCP connection on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Start with these settings on a port picked here; expect a refusal and return its stderr. */
async function refused(env: Record<string, string>, args: string[] = [], code = 3): Promise<string> {
  const port = await freePort();
  const dataDir = join(tempDir('fib-startup-'), 'data');
  const running = runCli(['emulator', 'start', '--port', String(port), '--data-dir', dataDir, ...args], {
    env,
  });
  // Knock on the port for as long as the process lives: after it exits nothing could be listening.
  let finished = false;
  running.then(
    () => {
      finished = true;
    },
    () => {
      finished = true;
    },
  );
  let opened = false;
  while (!finished) {
    if (await listening(port)) opened = true;
    await new Promise((r) => setTimeout(r, 10));
  }
  const r = await running;
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(opened, 'the port accepted a connection during a refused start').toBe(false);
  return r.stderr;
}

const HINT_PRODUCTION =
  'hint: the emulator refused to start (APP_ENV=production): fix the setting above in the environment or the --env-file\n';
const BAD: Array<[string, Record<string, string>, string]> = [
  [
    'no session secret',
    { SESSION_SECRET_KEY: '' },
    'SESSION_SECRET_KEY is not set; set it to a random string of at least 32 characters (e.g. `openssl rand -hex 32`)',
  ],
  [
    'a short session secret',
    { SESSION_SECRET_KEY: 'short' },
    'SESSION_SECRET_KEY has 5 characters; use at least 32 (e.g. `openssl rand -hex 32`)',
  ],
  [
    'docs on',
    { ENABLE_DOCS: 'true' },
    'ENABLE_DOCS=true exposes /docs and /openapi.json; set ENABLE_DOCS=false',
  ],
  [
    'developer routes on',
    { ENABLE_DEVELOPER_ROUTES: 'true' },
    'ENABLE_DEVELOPER_ROUTES=true exposes /api/v1/dev/shell; set ENABLE_DEVELOPER_ROUTES=false',
  ],
];

describe('emulator start: production', () => {
  it("starts with the seed's production .env given as --env-file, without warnings", async () => {
    const file = join(tempDir(), 'prod.env');
    writeFileSync(file, PRODUCTION_ENV);
    const emu = await startEmulator({ args: ['--env-file', file] });
    expect(emu.stderr()).toBe('');
    expect(await emu.stop()).toBe(0);
  });

  it.each(BAD)(
    'refuses each single violation of the production .env: %s',
    async (_name, override, message) => {
      const file = join(tempDir(), 'prod.env');
      writeFileSync(file, PRODUCTION_ENV);
      // The environment wins over the file, so each case changes one setting of a good file.
      const stderr = await refused(override, ['--env-file', file]);
      expect(stderr).toBe(`error: ${message}\n${HINT_PRODUCTION}`);
    },
  );

  it('reports every violation at once, not only the first', async () => {
    const stderr = await refused({
      APP_ENV: 'production',
      ENABLE_DOCS: 'true',
      ENABLE_DEVELOPER_ROUTES: 'true',
    });
    expect(stderr).toBe(
      [
        "warning: TRUSTED_PROXY_HOSTS is not set: X-Forwarded-For is ignored and audit ip_address is the socket peer; set it to your load balancers' IPs",
        `error: ${BAD[0]?.[2]}`,
        `error: ${BAD[2]?.[2]}`,
        `error: ${BAD[3]?.[2]}`,
        'hint: the emulator refused to start (APP_ENV=production): fix the settings above in the environment or the --env-file',
        '',
      ].join('\n'),
    );
  });

  it('refuses an --env-file it cannot read (nothing listening)', async () => {
    // Node 20 would read `--env-file` as its own flag and exit 9 before any JS runs; the bin shim
    // runs `node --`, so our own config error answers on every Node line.
    const stderr = await refused({}, ['--env-file', '/nonexistent/prod.env'], 3);
    expect(stderr).toBe(
      'error: cannot read --env-file /nonexistent/prod.env: no such file\nhint: check the path given to --env-file\n',
    );
  });
});

describe('emulator start: staging and development', () => {
  it('staging: the same findings are warnings and the server starts', async () => {
    const emu = await startEmulator({
      env: {
        APP_ENV: 'staging',
        SESSION_SECRET_KEY: 'short',
        ENABLE_DOCS: 'true',
        ENABLE_DEVELOPER_ROUTES: 'true',
      },
    });
    expect(emu.stderr()).toBe([BAD[1], BAD[2], BAD[3]].map((b) => `warning: ${b?.[2]}\n`).join(''));
    expect(await emu.stop()).toBe(0);
  });

  it('development: the same settings start silently', async () => {
    const emu = await startEmulator({
      env: { SESSION_SECRET_KEY: '', ENABLE_DOCS: 'true', ENABLE_DEVELOPER_ROUTES: 'true' },
    });
    expect(emu.stderr()).toBe('');
    expect(await emu.stop()).toBe(0);
  });

  it.each(['development', 'staging', 'production'])(
    '%s: an unknown SECRETS_BACKEND, or aws_secrets_manager without AWS_REGION, is fatal',
    async (appEnv) => {
      const good = { APP_ENV: appEnv, SESSION_SECRET_KEY: SECRET, TRUSTED_PROXY_HOSTS: '10.0.0.1' };
      const hint = `hint: the emulator refused to start${appEnv === 'development' ? '' : ` (APP_ENV=${appEnv})`}: fix the setting above in the environment or the --env-file\n`;
      expect(await refused({ ...good, SECRETS_BACKEND: 'vault' })).toBe(
        `error: SECRETS_BACKEND="vaul…" (5 characters) is unknown; set it to db or aws_secrets_manager\n${hint}`,
      );
      expect(await refused({ ...good, SECRETS_BACKEND: 'aws_secrets_manager' })).toBe(
        `error: SECRETS_BACKEND=aws_secrets_manager needs AWS_REGION; set it, e.g. AWS_REGION=eu-west-1\n${hint}`,
      );
    },
  );

  it('an unknown APP_ENV is fatal', async () => {
    expect(await refused({ APP_ENV: 'prod' })).toBe(
      'error: APP_ENV="prod" is unknown; set it to development, staging or production\nhint: the emulator refused to start: fix the setting above in the environment or the --env-file\n',
    );
  });
});
