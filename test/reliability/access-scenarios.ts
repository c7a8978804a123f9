// Random access policies and requests for the property tests (access-properties.test.ts), and
// the one property they check, over whatever transport a test gives: for each random policy and
// request, the emulator's answer equals the oracle's (./access-oracle.ts), and `access check`
// answers exactly what the request then got.
import fc from 'fast-check';
import { POLICIES, type RoutePolicy } from '../../src/emulator/policy.js';
import { type OraclePolicy, oracleAllows, oracleResourceRule, oracleRole } from '../helpers/access-oracle.js';

export const CUSTOM = ['alpha', 'beta', 'gamma'] as const;
/** Roles people hold: built-in, custom, and one no policy defines (decided as default_role). */
export const HOLDERS = ['admin', 'member', 'viewer', ...CUSTOM, 'gone'] as const;
export const WORKFLOWS = [
  'production/etl',
  'development/x',
  'prod/etl',
  'staging/etl',
  'production/etl/nightly',
];
const WF_PATTERNS = [
  'production/*',
  'production/etl',
  'development/*',
  '*',
  '**',
  'prod*/etl',
  '*/etl',
  'production/**',
];
const SECRET_PATTERNS = [
  '*',
  'API_*',
  'production/*',
  'production/API_KEY',
  'shared/*',
  'DB_URL',
  '*_KEY',
  'staging/X',
];
const PERMISSIONS = ['read', 'write', 'execute', 'delete', 'admin'];

const listed = fc.uniqueArray(fc.constantFrom('owner', 'admin', 'member', 'viewer', ...CUSTOM), {
  maxLength: 3,
});
const rulesFor = (patterns: string[], actions: string[]) =>
  fc.dictionary(
    fc.constantFrom(...patterns),
    fc.dictionary(
      fc.constantFrom(...actions),
      listed.map((roles) => roles.map((role) => ({ role }))),
      { maxKeys: 3 },
    ),
    { maxKeys: 4 },
  );

export const arbPolicy: fc.Arbitrary<OraclePolicy> = fc
  .record({
    enabled: fc.boolean(),
    perms: fc.tuple(...CUSTOM.map(() => fc.subarray(PERMISSIONS))),
    defaultRole: fc.constantFrom('viewer', 'member', 'admin', ...CUSTOM),
    workflows: rulesFor(WF_PATTERNS, ['read', 'write', 'execute', 'delete']),
    secrets: rulesFor(SECRET_PATTERNS, ['read', 'write', 'delete']),
  })
  .map(({ enabled, perms, defaultRole, workflows, secrets }) => ({
    access_control: {
      enabled,
      default_role: defaultRole,
      roles: CUSTOM.map((name, i) => ({ name, permissions: perms[i] as string[] })),
      resources: { workflows, secrets },
    },
  }));

/** One request: which route, on what, as whom. */
export interface Ask {
  holder: (typeof HOLDERS)[number];
  row: RoutePolicy;
  action: string;
  /** The resource the route acts on (a created workflow gets a fresh name in `path`). */
  resource: string;
  path: string;
  body?: unknown;
}

const row = (method: string, url: string) =>
  POLICIES.find((r) => r.method === method && r.url === url) as RoutePolicy;

export function arbAsk(
  ids: Map<string, { id: string; run: string }>,
  fresh: () => number,
): fc.Arbitrary<Ask> {
  const holder = fc.constantFrom(...HOLDERS);
  const workflowAsk = fc
    .record({ holder, name: fc.constantFrom(...WORKFLOWS), how: fc.constantFrom('run', 'execute', 'create') })
    .map(({ holder, name, how }): Ask => {
      const w = ids.get(name) as { id: string; run: string };
      if (how === 'run')
        return {
          holder,
          row: row('GET', '/api/v1/runs/:id'),
          action: 'read',
          resource: `workflows/${name}`,
          path: `/api/v1/runs/${w.run}`,
        };
      if (how === 'execute') {
        return {
          holder,
          row: row('POST', '/api/v1/workflows/:id/execute'),
          action: 'execute',
          resource: `workflows/${name}`,
          path: `/api/v1/workflows/${w.id}/execute`,
          body: {},
        };
      }
      const created = `${name.split('/')[0]}/n${fresh()}`;
      return {
        holder,
        row: row('POST', '/api/v1/workflows'),
        action: 'write',
        resource: `workflows/${created}`,
        path: '/api/v1/workflows',
        body: { name: created },
      };
    });
  const secretAsk = fc
    .record({
      holder,
      scope: fc.constantFrom('shared', 'production', 'staging'),
      name: fc.constantFrom('API_KEY', 'DB_URL', 'API_TOKEN', 'X'),
      how: fc.constantFrom('read', 'write', 'delete'),
    })
    .map(({ holder, scope, name, how }): Ask => {
      const q = scope === 'shared' ? '' : `?environment=${scope}`;
      const resource = `secrets/${scope}/${name}`;
      // None of these secrets exists: an allowed request answers 404 and changes nothing.
      if (how === 'read')
        return {
          holder,
          row: row('GET', '/api/v1/secrets/:name'),
          action: 'read',
          resource,
          path: `/api/v1/secrets/${name}${q}`,
        };
      if (how === 'write') {
        return {
          holder,
          row: row('PUT', '/api/v1/secrets/:name/rotation'),
          action: 'write',
          resource,
          path: `/api/v1/secrets/${name}/rotation${q}`,
          body: { enabled: false },
        };
      }
      return {
        holder,
        row: row('DELETE', '/api/v1/secrets/:name'),
        action: 'delete',
        resource,
        path: `/api/v1/secrets/${name}${q}`,
      };
    });
  return fc.oneof(workflowAsk, secretAsk);
}

export type Send = (
  method: string,
  path: string,
  key: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** How many runs the oracle allowed, refused, and refused or allowed by a resource rule. */
export const tally = { allowed: 0, refused: 0, byRule: 0 };

/** The property for one policy and request; returns what went wrong, or null. */
export async function judge(
  send: Send,
  ctx: { ownerKey: string; policyPath: string; keys: Map<string, string>; users: Map<string, string> },
  policy: OraclePolicy,
  ask: Ask,
): Promise<string | null> {
  const put = await send('PUT', ctx.policyPath, ctx.ownerKey, policy);
  if (put.status !== 200) return `PUT ${put.status} ${JSON.stringify(put.body)}`;
  const want = oracleAllows(policy, ask.holder, ask.row, ask.resource);
  tally[want ? 'allowed' : 'refused']++;
  if (oracleResourceRule(policy, oracleRole(policy, ask.holder), ask.action, ask.resource) !== undefined)
    tally.byRule++;
  const got = await send(ask.row.method, ask.path, ctx.keys.get(ask.holder) as string, ask.body);
  if (got.status === 401 || got.status >= 500) return `${ask.holder} ${ask.path}: ${got.status}`;
  if ((got.status !== 403) !== want)
    return `${ask.holder} ${ask.row.method} ${ask.resource}: oracle ${want}, emulator ${got.status} ${JSON.stringify(got.body)}`;
  const check = { action: ask.action, resource: ask.resource };
  const asOwner = await send('POST', `${ctx.policyPath}/check`, ctx.ownerKey, {
    ...check,
    user_id: ctx.users.get(ask.holder),
  });
  const asSelf = await send('POST', `${ctx.policyPath}/check`, ctx.keys.get(ask.holder) as string, check);
  for (const [who, answer] of [
    ['owner for them', asOwner],
    ['themselves', asSelf],
  ] as const) {
    const allowed = (answer.body as { allowed?: boolean }).allowed;
    if (answer.status !== 200 || allowed !== want)
      return `check by ${who} (${ask.holder} ${ask.action} ${ask.resource}): ${answer.status} ${JSON.stringify(answer.body)}, request ${got.status}`;
  }
  return null;
}
