/**
 * A hostile Fibonacci API: real HTTPS on 127.0.0.1 that answers docs/api.md's shapes with terminal escape
 * sequences in every string field (even those the emulator would refuse), for tests that check
 * nothing from a server reaches the terminal raw. `h(field)` is the value of one field: its name,
 * then the payload, so a test can see that the field was printed (`shown(field)`) and escaped.
 * With `illTyped`, the fields docs/api.md types as numbers or booleans carry such strings too: the CLI
 * must refuse those answers (lib/api/check.ts), in one error line that is itself escaped.
 */

import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { makeCa, makeLeaf } from './certs.js';
import { startHttps, type TestServer } from './servers.js';
import { tempDir } from './temp-dir.js';

/** Clear screen, an OSC 8 hyperlink, a C1 CSI colour, BEL, CR, backspace, RTL override, U+2028. */
export const PAYLOAD =
  '\u001b[2J\u001b]8;;https://evil.test/\u0007link\u001b]8;;\u0007\u009b31m\u0007\r\b\u202e\u2028end';
/** How the payload starts once escaped (the same in a table cell, a message and JSON). */
const ESCAPED_START = '\\u001b[2J\\u001b]8;;https://evil.test/\\u0007link';

/** The hostile value of one field. */
export const h = (field: string): string => `${field}<${PAYLOAD}>`;
/** What the output holds when that field was printed, escaped. */
export const shown = (field: string): string => `${field}<${ESCAPED_START}`;

/** A character the display layer escapes; a newline is allowed (lines end with one). */
export const RAW_CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** An X-Request-ID a server can send: C1 CSI passes HTTP's header rules (ESC does not). */
export const REQUEST_ID = 'req<\u009b31m>';

const soon = () => new Date(Date.now() + 2 * 86_400_000).toISOString();

/** A field docs/api.md types as a number or boolean: `valid`, or in an ill-typed answer `h(field)`. */
type Typed = <T>(field: string, valid: T) => T | string;

const me = () => ({
  key_id: h('me.key_id'),
  key_name: h('me.key_name'),
  user_id: h('me.user_id'),
  organization_id: h('me.org'),
  role: h('me.role'),
  scopes: ['read', h('me.scope')],
  workflows: [h('me.pattern')],
  created_at: h('me.created'),
  expires_at: soon(),
});

const apiKey = () => ({
  id: h('key.id'),
  name: h('key.name'),
  prefix: h('key.prefix'),
  scopes: { [h('key.scope')]: true },
  workflows: [h('key.pattern')],
  created_at: h('key.created'),
  expires_at: soon(),
  last_used_at: h('key.used'),
  revoked_at: null,
  created_by: h('key.by'),
});

const secret = (typed: Typed) => ({
  name: h('secret.name'),
  environment: h('secret.env'),
  version: typed('secret.version', 3),
  created_at: h('secret.created'),
  updated_at: h('secret.updated'),
  updated_by: h('secret.by'),
  rotation: {
    enabled: true,
    interval_days: typed('rot.interval', 30),
    notify_before_days: typed('rot.notify', 7),
    next_rotation_at: h('rot.next'),
    days_remaining: typed('rot.days', 12),
    due: false,
  },
});

const event = (timestamp: string) => ({
  id: h('evt.id'),
  timestamp,
  event_type: h('evt.type'),
  workflow_id: h('evt.wf'),
  user_id: h('evt.user'),
  ip_address: h('evt.ip'),
  action: h('evt.action'),
  status: h('evt.status'),
  duration_ms: 1523,
  metadata: { [h('meta.key')]: h('meta.value'), nodes_executed: [h('meta.node')] },
});

const run = () => ({
  id: h('run.id'),
  workflow_id: h('run.wf'),
  status: h('run.status'),
  environment: h('run.env'),
  started_at: h('run.started'),
  completed_at: h('run.completed'),
  duration_seconds: 0.5,
  input_data: { [h('run.in')]: h('run.in.value') },
  output_data: { nodes_executed: [h('node.a'), h('node.b')] },
  error_message: h('run.error'),
});

const quota = (typed: Typed) => ({
  plan: h('plan'),
  limits: { workflow_runs_per_hour: 100, [h('limit')]: typed('limit.default', 7) },
  overrides: { [h('limit')]: typed('limit.override', 8) },
  effective: { workflow_runs_per_hour: 100, [h('limit')]: typed('limit.effective', 8) },
  discarded: [{ field: h('discarded.field'), value: h('discarded.value'), reason: h('discarded.reason') }],
});

const governance = (typed: Typed) => ({
  require_approval_for_external_comm: typed('gov.value', true),
  require_approval_for_public_writes: false,
  require_approval_for_permission_changes: true,
  allow_self_approval: false,
  [h('gov.setting')]: true,
  approval_threshold: 2,
  category_flags: { [h('gov.flag')]: true },
});

type Answer = [status: number, body: unknown];

/**
 * How GET /workflows pages: `ignore-skip` answers the same full page whatever `skip` says,
 * `endless` a full page of new workflows every time (the CLI's page cap must end it).
 */
export type WorkflowPages = 'ignore-skip' | 'endless';

/**
 * What GET /audit/events answers instead of its two hostile events: `one` plain event, or one whose
 * duration_ms and metadata are strings a spreadsheet runs (`=5`, `=7`), which the API types as an
 * integer and an object.
 */
export type EventsAnswer = 'one' | 'formula';

const plainEvent = (formula: boolean) => ({
  id: 'evt_1',
  timestamp: '2026-11-29T10:00:00Z',
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'user-1',
  ip_address: '127.0.0.1',
  action: 'set',
  status: 'success',
  duration_ms: formula ? '=5' : 5,
  metadata: formula ? '=7' : {},
});

/** A full page (100) of plain workflows, numbered from `from`. */
const workflowPage = (from: number) =>
  Array.from({ length: 100 }, (_, i) => ({
    id: `wf_${String(from + i).padStart(24, '0')}`,
    name: `w/x${from + i}`,
    is_active: true,
    created_at: '2026-01-01T00:00:00Z',
  }));

/** The API's answer for one request, hostile wherever a string goes. */
function answer(
  method: string,
  path: string,
  query: URLSearchParams,
  typed: Typed,
  pages: { mode?: WorkflowPages | undefined; served: number; events?: EventsAnswer | undefined },
): Answer {
  const route = `${method} ${path}`;
  if (route === 'GET /api/v1/audit/events' && pages.events)
    return [200, { events: [plainEvent(pages.events === 'formula')], next_cursor: null }];
  if (route === 'GET /api/v1/workflows' && pages.mode) {
    pages.served += 1;
    return [200, workflowPage(pages.mode === 'endless' ? pages.served * 100 : 0)];
  }
  if (route === 'GET /api/v1/auth/me') return [200, me()];
  // key_1 too, so that `auth revoke-key key_1` finds a key and reaches the DELETE.
  if (route === 'GET /api/v1/api-keys') return [200, { api_keys: [apiKey(), { ...apiKey(), id: 'key_1' }] }];
  if (route === 'POST /api/v1/api-keys') return [201, { ...apiKey(), key: `fib_${PAYLOAD}` }];
  if (method === 'DELETE' && path.startsWith('/api/v1/api-keys/'))
    return [403, { detail: h('revoke.detail') }];
  if (route === 'GET /api/v1/secrets')
    return [200, { secrets: [secret(typed), { ...secret(typed), name: 'PLAIN_NAME' }] }];
  if (route === 'GET /api/v1/health/secrets') {
    const checks = { list_secrets: 'ok', [h('check')]: `error: ${h('check.reason')}` };
    return [503, { status: 'unhealthy', backend: h('backend'), checks }];
  }
  if (method === 'PUT' && path.startsWith('/api/v1/secrets/')) return [200, secret(typed)];
  if (method === 'DELETE' && path.startsWith('/api/v1/secrets/'))
    return [500, { detail: h('delete.detail') }];
  if (route === 'GET /api/v1/workflows') {
    const plain = { id: h('wf.id'), name: 'prod/etl', is_active: true, created_at: h('wf.created') };
    return [
      200,
      [plain, { id: 'wf_2', name: h('wf.name'), is_active: false, created_at: '2026-01-01T00:00:00Z' }],
    ];
  }
  if (route === 'POST /api/v1/workflows') {
    return [
      201,
      { id: h('wf.new.id'), name: h('wf.new.name'), is_active: true, created_at: h('wf.new.created') },
    ];
  }
  if (method === 'POST' && path.endsWith('/execute')) return [200, run()];
  if (route === 'GET /api/v1/audit/events') {
    // A follower's polls (ascending, after an event) meet an outage whose detail is hostile too.
    if (query.get('order') === 'asc' && query.has('since')) return [503, { detail: h('outage.detail') }];
    return [200, { events: [event('2026-11-29T10:00:00Z'), event(h('evt.time'))], next_cursor: null }];
  }
  if (path.endsWith('/quota')) return [200, quota(typed)];
  if (path.endsWith('/governance')) return [200, governance(typed)];
  return [404, { detail: h(`unknown ${route}`) }];
}

export interface HostileServer {
  url: string;
  /** The CA file that makes the CLI trust this server. */
  caPath: string;
  /** An environment that points the CLI at this server with a key. */
  env: Record<string, string>;
  /** `METHOD /path` of every request answered. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Start the hostile API; `illTyped`: numbers and booleans are hostile strings too; `workflowPages`:
 * GET /workflows pages that never end (WorkflowPages); `events`: one plain or ill-typed event (EventsAnswer).
 */
export async function startHostileServer(
  options: { illTyped?: boolean; workflowPages?: WorkflowPages; events?: EventsAnswer } = {},
): Promise<HostileServer> {
  const pages = { mode: options.workflowPages, served: 0, events: options.events };
  const typed: Typed = (field, valid) => (options.illTyped ? h(field) : valid);
  const ca = await makeCa();
  const dir = tempDir('fib-hostile-');
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, ca.cert);
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://hostile.test');
    requests.push(`${req.method} ${url.pathname}`);
    req.resume();
    req.on('end', () => {
      const [status, body] = answer(req.method ?? 'GET', url.pathname, url.searchParams, typed, pages);
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': REQUEST_ID });
      res.end(JSON.stringify(body));
    });
  };
  const server: TestServer = await startHttps({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' }, handler);
  const url = `https://127.0.0.1:${server.port}`;
  const env = {
    FIBONACCI_BASE_URL: url,
    FIBONACCI_CA_CERT: caPath,
    FIBONACCI_API_KEY: 'fib_test_hostile_server_0123456789',
    FIBONACCI_MAX_RETRIES: '0',
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  return { url, caPath, env, requests, close: () => server.close() };
}
