import * as access from '../../lib/api/access-policy.js';
import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { line, warn } from '../../lib/display/messages.js';
import { styled, t } from '../../lib/display/text.js';
import { CliError, exitCodeFor } from '../../lib/errors.js';
import { verdictOnClosedPipe } from '../../lib/write-errors.js';
import { knownEnvironments, mayListEnvironments, unknownEnvironmentWarning } from '../unknown-environment.js';

export interface CheckOptions {
  /** An action of the resource's kind (index.ts checked the pair). */
  action: string;
  /** `workflows/<name>` or `secrets/<environment or shared>/<NAME>`, well-formed. */
  resource: string;
  /** Ask for this member instead of the caller (admin, owner). */
  user?: string | undefined;
  /** Ask for this role instead of the caller (admin, owner). */
  role?: string | undefined;
  json?: boolean | undefined;
}

/** Who was asked about, for --json: the caller, a member by id, or a role. */
export type Subject =
  | { type: 'caller'; role: string }
  | { type: 'user'; user_id: string; role: string }
  | { type: 'role'; role: string };

/** The answer as one sentence: for a resource rule, the rule and whether it lists the role. */
export function verdict(a: access.CheckAnswer): string {
  const word = a.allowed ? 'yes' : 'no';
  if (a.step === 'resource')
    return `${word} — ${a.decided_by} ${a.allowed ? 'lists' : 'does not list'} ${a.role}`;
  return `${word} — ${a.reason} (${a.decided_by})`;
}

/**
 * `secrets/prodution/API_KEY`: an environment that holds no secret may be a typo, and a "yes" about
 * it is read as being about production. The same warning secret list gives (unknown-environment.ts),
 * on stderr; asked only when the caller's key may list environments (no access.denied event for a
 * key that may not), and saying nothing more when the server would not list them.
 */
async function warnIfUnknownEnvironment(
  client: ApiClient,
  me: identity.Identity,
  resource: string,
  ctx: Context,
): Promise<void> {
  const environment = /^secrets\/([^/]+)\//.exec(resource)?.[1];
  if (environment === undefined || environment === 'shared' || !mayListEnvironments(me.scopes)) return;
  const known = await knownEnvironments(client);
  if (known === undefined || known.includes(environment)) return;
  warn(ctx.io, unknownEnvironmentWarning(environment, known, me.role !== 'owner'));
}

/**
 * `access check ACTION RESOURCE`: the server's answer, which is the one the request would get (the
 * same code decides both). Exit 0 for yes, 11 for no; --json keeps its fields stable for scripts.
 */
export async function runCheck(opts: CheckOptions, ctx: Context): Promise<void> {
  const client = await ctx.api();
  // The caller's identity gives the organization, and the scopes the environment check needs.
  const me = await identity.me(client);
  const orgId = me.organization_id;
  const answer = await access.checkAccess(client, orgId, {
    action: opts.action,
    resource: opts.resource,
    ...(opts.user === undefined ? {} : { user_id: opts.user }),
    ...(opts.role === undefined ? {} : { role: opts.role }),
  });
  const subject: Subject =
    opts.user !== undefined
      ? { type: 'user', user_id: opts.user, role: answer.role }
      : opts.role !== undefined
        ? { type: 'role', role: answer.role }
        : { type: 'caller', role: answer.role };
  // The answer is the exit code: known before it is printed, so `| head` cannot turn a no into 0.
  verdictOnClosedPipe(answer.allowed ? 0 : exitCodeFor('check_failed'));
  await warnIfUnknownEnvironment(client, me, opts.resource, ctx);
  if (opts.json) {
    const { allowed, reason, decided_by, step } = answer;
    printJson(ctx.io, {
      allowed,
      reason,
      decided_by,
      step,
      action: opts.action,
      resource: opts.resource,
      subject,
    });
  } else {
    const [word, rest] = verdict(answer).split(/ — (.*)/s);
    line(ctx.io, t`${styled(answer.allowed ? 'green' : 'red', word)} — ${rest}`);
  }
  if (!answer.allowed) {
    throw new CliError('check_failed', `no: ${answer.reason}`, { silent: true });
  }
}
