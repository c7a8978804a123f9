// The BUILT CLI (`npm run build` first) in a real pseudo-terminal (util-linux `script`), against the
// hostile server of test/helpers/hostile-server.ts and against the real emulator for the hostile
// text it accepts (node names) or that the CLI refuses (a quota value). The captured bytes are what
// a terminal would have received: no raw control character, each field there, escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import {
  type HostileServer,
  h,
  PAYLOAD,
  RAW_CONTROL,
  shown,
  startHostileServer,
} from '../helpers/hostile-server.js';
import { HAVE_PTY, type PtyRun, pty as runOnPty } from '../helpers/pty.js';

/**
 * On a terminal wide enough that no table fitted to it cuts a hostile cell (each field must be
 * seen whole, escaped; fitting is tested on its own); `until`: once the screen shows it, Ctrl-C.
 */
const pty = (args: string[], env: Record<string, string>, until?: string): Promise<PtyRun> =>
  runOnPty(args, env, { cols: 1000, interruptWhen: until });

function expectClean(run: PtyRun, label: string): void {
  expect(
    RAW_CONTROL.exec(run.screen)?.[0],
    `${label}: a raw control character reached the terminal`,
  ).toBeUndefined();
}

describe.skipIf(!HAVE_PTY)('in a real terminal, against a hostile server', () => {
  let server: HostileServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startHostileServer();
    env = { ...server.env, NO_COLOR: '1' };
  });
  afterAll(() => server?.close());

  const CASES: Array<[string[], string[], number]> = [
    [['auth', 'status'], ['me.user_id', 'me.org', 'me.key_name', 'me.role', 'me.scope', 'me.pattern'], 0],
    [['auth', 'list-keys'], ['key.id', 'key.name', 'key.prefix', 'key.used'], 0],
    [['auth', 'revoke-key', 'key_1', '--yes'], ['revoke.detail'], 5],
    [['secret', 'list'], ['secret.name', 'secret.env', 'secret.by'], 0],
    [['secret', 'set', 'API_KEY', '--value', 'v'], [], 0],
    [['secret', 'health'], ['backend', 'check', 'check.reason'], 11],
    [['workflow', 'run', 'prod/etl'], ['wf.id', 'run.id', 'run.status', 'node.a', 'node.b', 'run.error'], 0],
    [['audit', 'logs'], ['evt.type', 'evt.wf', 'evt.user', 'evt.status', 'evt.ip', 'evt.time'], 0],
    [['org', 'quota', 'set', 'memory_mb=1'], ['plan', 'discarded.field', 'discarded.value', 'limit'], 0],
    [['org', 'governance'], ['gov.setting', 'gov.flag'], 0],
  ];

  it.each(CASES)('%j', async (args, fields, code) => {
    const run = await pty(args, env);
    expect(run.code, run.screen).toBe(code);
    expectClean(run, args.join(' '));
    for (const f of fields) expect(run.screen, f).toContain(shown(f));
  });

  it('audit logs --follow: rows, then the outage warning; Ctrl-C ends it with 130', async () => {
    const run = await pty(['audit', 'logs', '--follow'], env, 'still following');
    expect(run.code, run.screen).toBe(130);
    expectClean(run, 'audit logs --follow');
    for (const f of ['evt.type', 'evt.user', 'evt.time', 'outage.detail'])
      expect(run.screen).toContain(shown(f));
  });

  it('with colour on, the only escape sequences are the CLI’s own SGR colours', async () => {
    const run = await pty(['auth', 'status'], { ...server.env, TERM: 'xterm-256color' });
    expect(run.code).toBe(0);
    expect(run.screen).toMatch(/\u001b\[3\dm/);
    expectClean({ ...run, screen: run.screen.replace(/\u001b\[\d+m/g, '') }, 'auth status, coloured');
    expect(run.screen).toContain(shown('me.user_id'));
  });
});

describe.skipIf(!HAVE_PTY)('in a real terminal, against a hostile server whose types are wrong', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer({ illTyped: true });
  });
  afterAll(() => server?.close());

  it('the refusal names the field, escaped', async () => {
    const run = await pty(['secret', 'list'], { ...server.env, NO_COLOR: '1' });
    expect(run.code, run.screen).toBe(1);
    expectClean(run, 'secret list');
    expect(run.screen).toContain(
      "error: the server's answer to GET /api/v1/secrets is not what the API promises: /secrets/0/version: expected integer (request req<\\u009b31m>)",
    );
    for (const f of ['quota', 'governance']) {
      const refused = await pty(['org', f], { ...server.env, NO_COLOR: '1' });
      expect(refused.code, refused.screen).toBe(1);
      expectClean(refused, `org ${f}`);
      expect(refused.screen).toContain('is not what the API promises: /');
    }
  });
});

describe.skipIf(!HAVE_PTY)('in a real terminal, against the emulator', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator();
    const definition = {
      name: 'x',
      version: 1,
      nodes: [{ id: 'n1', type: 'llm', name: h('node') }],
      edges: [],
    };
    const made = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'prod/etl', definition },
    });
    expect(made.status).toBe(201);
  }, 60_000);
  afterAll(() => emu?.stop());

  it('a node name it accepts: workflow run and the audit event it records', async () => {
    const ran = await pty(['workflow', 'run', 'prod/etl'], { ...emu.env, NO_COLOR: '1' });
    expect(ran.code, ran.screen).toBe(0);
    expectClean(ran, 'workflow run');
    expect(ran.screen).toMatch(new RegExp(`Nodes: +${shown('node').replace(/[\\[\]().*+?^$|/]/g, '\\$&')}`));
    const logs = await pty(['audit', 'logs', '--event-type', 'workflow.execute', '--json'], emu.env);
    expect(logs.code).toBe(0);
    expectClean(logs, 'audit logs --json');
    expect(logs.screen).toContain(shown('node'));
  });

  it('a quota value that is not a whole number: refused before any request, not repeated', async () => {
    const run = await pty(['org', 'quota', 'set', `memory_mb=${PAYLOAD}`], { ...emu.env, NO_COLOR: '1' });
    expect(run.code, run.screen).toBe(2);
    expectClean(run, 'org quota set');
    expect(run.screen).toMatch(
      /error: invalid setting \(\d+ characters, not repeated here\): memory_mb must be a whole number/,
    );
  });
});
