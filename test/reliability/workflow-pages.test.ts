// A server that ignores `skip` (the same full page of workflows every time) or never ends its pages
// (a full page of new workflows every time) must not keep a command listing workflows forever:
// `workflow list`, `workflow run NAME` and `audit logs --workflow wf_…` end with the audit pager's
// own error line, exit 1. Before, each read ~20,000 pages in 25 s, its memory growing, and never
// exited. The built CLI against the hostile HTTPS server.
import { afterEach, describe, expect, it } from 'vitest';
import { type HostileServer, startHostileServer, type WorkflowPages } from '../helpers/hostile-server.js';
import { runCli } from '../helpers/spawn-cli.js';

const SAME =
  'error: the server returned the same items twice for /api/v1/workflows\n' +
  'hint: its pages do not move forward, so they would repeat forever; report it to whoever runs that server\n';
const ENDLESS =
  'error: the server returned more than 1000 pages for /api/v1/workflows\n' +
  'hint: its pages do not end, so they would go on forever; report it to whoever runs that server\n';

const COMMANDS: Array<[string, string[]]> = [
  ['workflow list', ['workflow', 'list']],
  ['workflow run NAME', ['workflow', 'run', 'w/none']],
  ['audit logs --workflow ID', ['audit', 'logs', '--workflow', `wf_${'9'.repeat(24)}`]],
];

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(mode: WorkflowPages, argv: string[]) {
  server = await startHostileServer({ workflowPages: mode });
  const r = await runCli(argv, { env: server.env, timeoutMs: 25_000 });
  const pages = server.requests.filter((q) => q === 'GET /api/v1/workflows').length;
  return { ...r, pages };
}

describe('workflow pages that never end', () => {
  it.each(COMMANDS)(
    '%s: a server that ignores skip is stopped at its second page, exit 1',
    async (_, argv) => {
      const r = await run('ignore-skip', argv);
      expect(r.stderr.endsWith(SAME)).toBe(true);
      expect(r.stderr.match(/^error: /gm)).toHaveLength(1);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.pages).toBe(2);
    },
    40_000,
  );

  it.each(COMMANDS)(
    '%s: a server whose pages never end is stopped at the page cap, exit 1',
    async (_, argv) => {
      const r = await run('endless', argv);
      expect(r.stderr.endsWith(ENDLESS)).toBe(true);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.pages).toBe(1001);
    },
    40_000,
  );
});
