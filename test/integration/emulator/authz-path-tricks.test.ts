// The authorisation matrix's path-trick half: every row of POLICIES with a path parameter × the
// tricks of ./path-tricks.ts aimed at a target the key must not reach by them (a workflow or run
// outside its patterns, another spelling of a secret, key or organization) × keys that pass the
// row's role and scope rules with each pattern, and the owner's `**`. The oracle (./authz-oracle.ts,
// never the server's rules) accepts a refusal, or a success that acted on exactly what the decoded
// parameter names and, for workflows and runs, inside the key's patterns; a key its patterns
// restrict may get a resource's 404 only for a canonical name inside them.
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES, type RoutePolicy } from '../../../src/emulator/policy.js';
import { routeParams } from '../../../src/emulator/resolution.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import {
  isCanonicalWorkflowName,
  isSecretName,
  PATTERNS,
  patternMatches,
  ROLES,
  roleAndScopeAllow,
  SCOPES,
} from './authz-oracle.js';
import { decodedOnce, type PathTrick, pathTricks } from './path-tricks.js';

const ROWS = POLICIES.filter((row) => routeParams(row.url).length > 0);
const BODIES: Record<string, unknown> = {
  'POST /api/v1/workflows/:id/execute': { input_data: {} },
  'PUT /api/v1/secrets/:name': { value: 'v' },
  'PUT /api/v1/secrets/:name/rotation': { enabled: false },
  'PATCH /api/v1/organizations/:id/members/:user_id': { role: 'viewer' },
};

let emu: EmulatorHandle;
let agent: Agent;
const workflows = new Map<string, string>(); // id → name
const f = {
  orgId: '',
  prodId: '',
  stagingId: '',
  prodRun: '',
  stagingRun: '',
  victimKey: '',
  otherKey: '',
  victimUser: '',
};
const keys = new Map<string, string>();

async function keyFor(role: string, scope: string, pattern: string): Promise<string> {
  const name = `${role}/${scope}/${pattern}`;
  if (!keys.has(name))
    keys.set(name, await emu.addUser(role as 'owner', ['--scope', scope, '--workflows', pattern]));
  return keys.get(name) as string;
}

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  agent = new Agent({ connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' }, connections: 8 });
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  f.orgId = (me.body as { organization_id: string }).organization_id;
  f.otherKey = (me.body as { key_id: string }).key_id;
  for (const name of ['production/etl', 'staging/x']) {
    const wf = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name } });
    const id = (wf.body as { id: string }).id;
    workflows.set(id, name);
    const run = await apiRequest(emu, 'POST', `/api/v1/workflows/${id}/execute`, { body: {} });
    const runId = (run.body as { id: string }).id;
    if (name === 'production/etl') Object.assign(f, { prodId: id, prodRun: runId });
    else Object.assign(f, { stagingId: id, stagingRun: runId });
  }
  const victim = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
    body: { name: 'victim', scopes: ['read'] },
  });
  f.victimKey = (victim.body as { id: string }).id;
  const member = await emu.addUser('member');
  const whoami = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: member });
  f.victimUser = (whoami.body as { user_id: string }).user_id;
}, 120_000);

afterAll(async () => {
  await agent?.close();
  await emu?.stop();
});

interface Aim {
  /** exact: only the id itself resolves; secret: any name that follows the rule, as sent. */
  kind: 'workflow' | 'run' | 'secret' | 'exact';
  target: string;
  inside: string;
}
/** What the tricks aim at, for a key holding `pattern`: always something its patterns exclude. */
function aimsFor(resolverKind: string, pattern: string): Aim[] {
  const staging = pattern === 'staging/*';
  switch (resolverKind) {
    case 'workflow':
      return [
        {
          kind: 'workflow',
          target: staging ? 'production/etl' : 'staging/x',
          inside: staging ? 'staging/x' : 'production/etl',
        },
        {
          kind: 'workflow',
          target: staging ? f.prodId : f.stagingId,
          inside: staging ? f.stagingId : f.prodId,
        },
      ];
    case 'run':
      return [
        {
          kind: 'run',
          target: staging ? f.prodRun : f.stagingRun,
          inside: staging ? f.stagingRun : f.prodRun,
        },
      ];
    case 'secret name':
      return [{ kind: 'secret', target: 'EXISTING', inside: 'OTHER' }];
    case 'API key':
      return [{ kind: 'exact', target: f.victimKey, inside: f.otherKey }];
    case 'organization':
      return [{ kind: 'exact', target: f.orgId, inside: 'org-other' }];
    case 'member':
      return [{ kind: 'exact', target: f.victimUser, inside: 'user-other' }];
    default:
      throw new Error(`no path tricks for a ${resolverKind} parameter: add its targets to this test`);
  }
}

interface Res {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** The oracle: null when the answer is a refusal or an exact, permitted resolution; else why not. */
function judge(aim: Aim, pattern: string, trick: PathTrick, res: Res): string | null {
  if (res.status >= 500 || res.status === 401) return 'server error or lost authentication';
  const decoded = decodedOnce(trick.raw);
  const restricted = pattern !== '**';
  if (res.status >= 200 && res.status < 300) {
    if (decoded === undefined) return 'succeeded on text that is not UTF-8';
    if (aim.kind === 'exact')
      return decoded === aim.target ? null : `resolved ${JSON.stringify(decoded)} to ${aim.target}`;
    if (aim.kind === 'secret') {
      const acted = typeof res.body?.name === 'string' ? res.body.name : decoded;
      if (acted !== decoded) return `acted on ${acted}, not on what was named`;
      return isSecretName(decoded) ? null : `acted on ${JSON.stringify(decoded)}, which is no secret name`;
    }
    const workflowId = String(res.body?.workflow_id);
    const name = workflows.get(workflowId) ?? '';
    const named = aim.kind === 'run' ? decoded === res.body?.id : decoded === workflowId || decoded === name;
    if (!named) return `resolved ${JSON.stringify(decoded)} to ${name}`;
    return patternMatches(pattern, name) ? null : `reached ${name} outside ${pattern}`;
  }
  const guarded = aim.kind === 'workflow' || aim.kind === 'run';
  if (res.status === 404 && restricted && guarded && res.body?.detail !== 'Not Found') {
    // The route matched and the key was told "no such thing": allowed only where it may know.
    const mayKnow = aim.kind === 'workflow' && decoded !== undefined && isCanonicalWorkflowName(decoded);
    return mayKnow && patternMatches(pattern, decoded)
      ? null
      : 'a 404 told a restricted key what does not exist';
  }
  return null;
}

async function send(row: RoutePolicy, param: string, raw: string, key: string): Promise<Res> {
  const path = row.url.replace(/:(\w+)/g, (_m, p: string) => (p === param ? raw : f.orgId));
  const body =
    BODIES[`${row.method} ${row.url}`] ?? (row.method === 'DELETE' || row.method === 'GET' ? undefined : {});
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await agent.request({
    origin: emu.url,
    path,
    method: row.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('path-trick matrix (generated from POLICIES)', () => {
  it('covers every route with a path parameter, with enough tricks to matter', () => {
    expect(ROWS.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/workflows/:id/execute',
        'GET /api/v1/runs/:id',
        'DELETE /api/v1/api-keys/:id',
      ]),
    );
    expect(pathTricks('staging/x', 'production/etl').length).toBeGreaterThan(80);
  });

  it.each(ROWS.map((row) => [`${row.method} ${row.url}`, row] as const))('%s', async (_route, row) => {
    await apiRequest(emu, 'PUT', '/api/v1/secrets/EXISTING', { body: { value: 'keep' } });
    const patterns = [...Object.values(PATTERNS), '**'];
    const cases: Array<{ param: string; aim: Aim; pattern: string; key: string; trick: PathTrick }> = [];
    for (const param of routeParams(row.url)) {
      const kind = row.params?.[param]?.kind ?? 'undeclared';
      for (const pattern of patterns) {
        const combo = ROLES.flatMap((r) => SCOPES.map((s) => [r, s] as const)).find(([r, s]) =>
          roleAndScopeAllow(row, r, s),
        );
        if (!combo) continue;
        const key = pattern === '**' ? emu.ownerKey : await keyFor(combo[0], combo[1], pattern);
        for (const aim of aimsFor(kind, pattern)) {
          for (const trick of pathTricks(aim.target, aim.inside))
            cases.push({ param, aim, pattern, key, trick });
        }
      }
    }
    // Spellings of the target itself go last: a DELETE through one must not hide what others do.
    const same = (c: (typeof cases)[number]) => decodedOnce(c.trick.raw) === c.aim.target;
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    for (const group of [cases.filter((c) => !same(c)), cases.filter(same)]) {
      for (let i = 0; i < group.length; i += 8) {
        await Promise.all(
          group.slice(i, i + 8).map(async (c) => {
            const res = await send(row, c.param, c.trick.raw, c.key);
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            const why = judge(c.aim, c.pattern, c.trick, res);
            if (why)
              failures.push(
                `${c.pattern} ${c.trick.label} (${c.trick.raw.slice(0, 60)}): ${res.status} ${why}`,
              );
          }),
        );
      }
    }
    console.info(`${row.method} ${row.url}: ${cases.length} tricks, statuses ${JSON.stringify(statuses)}`);
    expect(cases.length).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
