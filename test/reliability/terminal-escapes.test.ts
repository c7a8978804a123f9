// Terminal escapes from a server never reach the terminal (security review item 11). A hostile
// HTTPS server (test/helpers/hostile-server.ts) puts ESC [2J, OSC 8 links, C1 CSI, BEL, CR,
// backspace, an RTL override and U+2028 in every string field of every answer, and in its
// X-Request-ID. Every command that shows server text runs in process against it (the real client
// over TLS) on a TTY and piped, with and without --json: stdout and stderr hold no raw control
// character, and each field the command shows is there, escaped. Fields docs/api.md types as numbers or
// booleans carry hostile strings in a second, ill-typed server: those answers are refused in one
// error line naming the field, escaped too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeIO } from '../../src/lib/fake-io.js';
import { type HostileServer, RAW_CONTROL, shown, startHostileServer } from '../helpers/hostile-server.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { runInProcess } from '../helpers/run-in-process.js';
import { tempDir } from '../helpers/temp-dir.js';

let server: HostileServer;
let illTyped: HostileServer;
let dir: string;
beforeAll(async () => {
  server = await startHostileServer();
  illTyped = await startHostileServer({ illTyped: true });
  dir = tempDir('fib-escapes-');
  writeFileSync(join(dir, 'def.json'), '{"nodes": []}');
  writeFileSync(join(dir, 'bulk.env'), 'GOOD=value\n');
});
afterAll(async () => {
  await server?.close();
  await illTyped?.close();
});

const REQUEST_ID = '(request req<\\u009b31m>)';

interface Case {
  argv: string[];
  /** Fields shown on a TTY and piped. */
  shows: string[];
  /** Fields shown on a TTY only (success lines). */
  ttyShows?: string[];
  /** Other text that must be there, escaped. */
  contains?: string[];
  /** Other text that must be there on a TTY. */
  ttyContains?: string[];
  stdin?: string;
  code?: number;
}

const me = ['me.user_id', 'me.org', 'me.key_name', 'me.key_id', 'me.role', 'me.scope', 'me.pattern'];
const key = ['key.id', 'key.name', 'key.prefix', 'key.scope', 'key.pattern'];
const secretRow = ['secret.name', 'secret.env', 'secret.by'];
const eventRow = ['evt.type', 'evt.wf', 'evt.user', 'evt.status', 'evt.ip', 'evt.time'];
const eventJson = [...eventRow, 'evt.id', 'evt.action', 'meta.key', 'meta.value', 'meta.node'];
const quota = ['limit'];
// The plan names a column: an upper-case header on a TTY, absent when piped.
const PLAN_HEADER = 'PLAN<\\u001b[2J\\u001b]8;;HTTPS://EVIL.TEST/\\u0007LINK';
const governance = ['gov.setting', 'gov.flag'];
const run = ['wf.id', 'run.id', 'run.status', 'run.started', 'node.a', 'node.b', 'run.error'];

const CASES: Case[] = [
  { argv: ['auth', 'status'], shows: me },
  { argv: ['auth', 'status', '--json'], shows: [...me, 'me.created'] },
  {
    argv: ['auth', 'login', '--with-token'],
    stdin: 'fib_test_login_0123456789\n',
    shows: [],
    ttyShows: ['me.user_id', 'me.org', 'me.role'],
  },
  { argv: ['auth', 'list-keys'], shows: [...key, 'key.created', 'key.used'] },
  { argv: ['auth', 'list-keys', '--json'], shows: [...key, 'key.created', 'key.used', 'key.by'] },
  {
    argv: ['auth', 'create-key', '--name', 'ci', '--scope', 'read'],
    shows: key.filter((f) => f !== 'key.prefix'),
    contains: ['fib_\\u001b[2J'],
  },
  {
    argv: ['auth', 'create-key', '--name', 'ci', '--scope', 'read', '--plain'],
    shows: [],
    contains: ['fib_\\u001b[2J'],
  },
  { argv: ['auth', 'create-key', '--name', 'ci', '--scope', 'read', '--json'], shows: [...key, 'key.by'] },
  {
    argv: ['auth', 'revoke-key', 'key_1', '--yes'],
    shows: ['revoke.detail'],
    contains: [REQUEST_ID],
    code: 5,
  },
  { argv: ['secret', 'list'], shows: [...secretRow, 'secret.updated'] },
  {
    argv: ['secret', 'list', '--json'],
    shows: [...secretRow, 'secret.created', 'rot.next'],
  },
  { argv: ['secret', 'set', 'API_KEY'], stdin: 'value\n', shows: [] },
  { argv: ['secret', 'set', '--env-file', 'DIR/bulk.env'], shows: [] },
  { argv: ['secret', 'rotation', 'API_KEY', '--every', '30d'], shows: [] },
  {
    argv: ['secret', 'delete', 'API_KEY', '--yes'],
    shows: ['delete.detail'],
    contains: [REQUEST_ID],
    code: 1,
  },
  { argv: ['secret', 'health'], shows: ['backend', 'check', 'check.reason'], code: 11 },
  { argv: ['secret', 'health', '--json'], shows: ['backend', 'check', 'check.reason'], code: 11 },
  { argv: ['workflow', 'list'], shows: ['wf.id', 'wf.name', 'wf.created'] },
  { argv: ['workflow', 'list', '--json'], shows: ['wf.id', 'wf.name', 'wf.created'] },
  {
    argv: ['workflow', 'create', 'n', '--file', 'DIR/def.json'],
    shows: ['wf.new.id'],
    ttyShows: ['wf.new.name'],
  },
  {
    argv: ['workflow', 'create', 'n', '--file', 'DIR/def.json', '--json'],
    shows: ['wf.new.id', 'wf.new.created'],
  },
  { argv: ['workflow', 'run', 'prod/etl'], shows: run },
  {
    argv: ['workflow', 'run', 'prod/etl', '--json'],
    shows: [...run.slice(1), 'run.wf', 'run.env', 'run.in'],
  },
  { argv: ['audit', 'logs'], shows: eventRow },
  { argv: ['audit', 'logs', '--format', 'ndjson'], shows: eventJson },
  { argv: ['audit', 'logs', '--json'], shows: eventJson },
  { argv: ['audit', 'export', '--format', 'ndjson', '--output', 'DIR/out.ndjson'], shows: [] },
  { argv: ['org', 'quota'], shows: quota, ttyContains: [PLAN_HEADER] },
  { argv: ['org', 'quota', '--json'], shows: [...quota, 'plan'] },
  {
    argv: ['org', 'quota', 'set', 'memory_mb=1'],
    shows: [...quota, 'discarded.field', 'discarded.value', 'discarded.reason'],
    ttyShows: ['me.org'],
  },
  { argv: ['org', 'governance'], shows: governance },
  { argv: ['org', 'governance', '--json'], shows: governance },
  { argv: ['org', 'governance', 'set', 'allow_self_approval=true'], shows: governance, ttyShows: ['me.org'] },
];

// The terminal is wide enough that a table fitted to it cuts no hostile cell: each must be seen
// whole, escaped (fitting and its … are tested on their own).
const MODES = [
  { mode: 'tty', stdoutIsTTY: true, stderrIsTTY: true, columns: 10_000 },
  { mode: 'piped', stdoutIsTTY: false, stderrIsTTY: false },
] as const;

/**
 * No raw control character on stdout or stderr. Two are the program's own: the tab between TSV
 * cells (a tab inside a cell becomes a space), and the export's progress line, redrawn in place
 * with CR and ESC [2K (it shows counts only).
 */
function expectClean(label: string, stdout: string, stderr: string, tsv = false): void {
  const out = tsv ? stdout.replaceAll('\t', ' ') : stdout;
  const err = stderr.replaceAll('\r\u001b[2K', '');
  expect(RAW_CONTROL.exec(out)?.[0], `${label}: a raw control character on stdout`).toBeUndefined();
  expect(RAW_CONTROL.exec(err)?.[0], `${label}: a raw control character on stderr`).toBeUndefined();
}

describe('every string a hostile server returns is printed escaped', () => {
  for (const c of CASES) {
    for (const m of MODES) {
      it(`${c.argv.join(' ')} (${m.mode})`, async () => {
        const argv = c.argv.map((a) => a.replace('DIR', dir));
        const r = await runInProcess(argv, { ...m, env: server.env, stdin: c.stdin });
        const label = `${argv.join(' ')} (${m.mode})`;
        expect(r.code, `${label}\n${r.stderr}`).toBe(c.code ?? 0);
        expectClean(label, r.stdout, r.stderr, !m.stdoutIsTTY);
        const all = r.stdout + r.stderr;
        const fields = [...c.shows, ...(m.stderrIsTTY ? (c.ttyShows ?? []) : [])];
        for (const field of fields) expect(all, `${label}: ${field}`).toContain(shown(field));
        const texts = [...(c.contains ?? []), ...(m.stdoutIsTTY ? (c.ttyContains ?? []) : [])];
        for (const text of texts) expect(all, label).toContain(text);
      });
    }
  }

  it('__complete offers only candidates that can be typed', async () => {
    const offered: Record<string, string> = {};
    for (const kind of ['secret', 'env', 'key', 'workflow', 'workflow-id']) {
      const r = await runInProcess(['__complete', kind], { env: server.env });
      expectClean(kind, r.stdout, r.stderr);
      offered[kind] = r.stdout;
    }
    expect(offered).toEqual({
      secret: 'PLAIN_NAME\n',
      env: '',
      key: 'key_1\n',
      workflow: 'prod/etl\n',
      'workflow-id': 'wf_2\n',
    });
  });
});

// What the refusal names: the request, then the first field that breaks docs/api.md's types.
const REFUSED = 'is not what the API promises: ';
const VERSION = `${REFUSED}/version: expected integer`;
const LIMIT = `${REFUSED}/limits/limit<\\u001b[2J\\u001b]8;;https:~1~1evil.test~1\\u0007link`;
const GOV_VALUE = `${REFUSED}/require_approval_for_external_comm: expected boolean`;
// set-bulk prints each entry's error itself, without its request id.
const ILL_TYPED: Array<{ argv: string[]; says: string; stdin?: string; requestId?: false }> = [
  { argv: ['secret', 'list'], says: `GET /api/v1/secrets ${REFUSED}/secrets/0/version: expected integer` },
  { argv: ['secret', 'list', '--json'], says: `${REFUSED}/secrets/0/version: expected integer` },
  { argv: ['secret', 'set', 'API_KEY'], stdin: 'value\n', says: `PUT /api/v1/secrets/API_KEY ${VERSION}` },
  {
    argv: ['secret', 'set', '--env-file', 'DIR/bulk.env'],
    says: `error: GOOD (line 1): the server's answer to PUT /api/v1/secrets/GOOD ${VERSION}`,
    requestId: false,
  },
  { argv: ['secret', 'rotation', 'API_KEY', '--every', '30d'], says: `/rotation ${VERSION}` },
  { argv: ['org', 'quota'], says: LIMIT },
  { argv: ['org', 'quota', '--json'], says: LIMIT },
  { argv: ['org', 'quota', 'set', 'memory_mb=1'], says: LIMIT },
  { argv: ['org', 'governance'], says: GOV_VALUE },
  { argv: ['org', 'governance', '--json'], says: GOV_VALUE },
  { argv: ['org', 'governance', 'set', 'allow_self_approval=true'], says: GOV_VALUE },
];

describe('an answer that breaks the API’s types is refused, in one escaped error line', () => {
  for (const c of ILL_TYPED) {
    for (const m of MODES) {
      it(`${c.argv.join(' ')} (${m.mode})`, async () => {
        const argv = c.argv.map((a) => a.replace('DIR', dir));
        const r = await runInProcess(argv, { ...m, env: illTyped.env, stdin: c.stdin });
        const label = `${argv.join(' ')} (${m.mode})`;
        expect(r.code, `${label}\n${r.stderr}`).toBe(1);
        expectClean(label, r.stdout, r.stderr, !m.stdoutIsTTY);
        expect(r.stdout, label).toBe('');
        expect(r.stderr, label).toContain(c.says);
        if (c.requestId !== false) expect(r.stderr, label).toContain(REQUEST_ID);
      });
    }
  }
});

describe('audit logs --follow', () => {
  for (const [label, extra, m] of [
    ['table on a TTY', [], MODES[0]],
    ['TSV piped', [], MODES[1]],
    ['--json on a TTY', ['--json'], MODES[0]],
  ] as const) {
    it(`${label}: history rows, then a hostile outage warning, escaped; Ctrl-C ends it`, async () => {
      const io = new FakeIO(m);
      // The follower polls again after the history and meets the outage (the client's retry waits
      // and the follower's pass in fake time): Ctrl-C at the first wait after its warning.
      const clock = new ManualClock();
      let interrupted: boolean | undefined;
      clock.onSleep = () => {
        if (interrupted === undefined && io.stderrText.includes('still following')) {
          interrupted = io.interrupt('SIGINT');
        }
      };
      const r = await runInProcess(['audit', 'logs', '--follow', ...extra], { io, clock, env: server.env });
      expect(interrupted).toBe(true);
      expect(r.code).toBe(130);
      expectClean(label, r.stdout, r.stderr, !m.stdoutIsTTY);
      for (const field of extra.length ? eventJson : eventRow)
        expect(r.stdout, field).toContain(shown(field));
      expect(r.stderr).toContain(shown('outage.detail'));
    });
  }
});
