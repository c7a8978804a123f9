import * as orgs from '../../lib/api/orgs.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { note, success } from '../../lib/display/messages.js';
import { printRows } from '../../lib/display/table.js';
import { t } from '../../lib/display/text.js';
import { formatTime } from '../../lib/display/time.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { withOrg } from './shared.js';

export interface MembersOptions {
  json?: boolean | undefined;
}

export interface SetRoleOptions extends MembersOptions {
  user: string;
  role: string;
}

function printMembers(ctx: Context, members: readonly orgs.Member[]): void {
  const now = ctx.clock();
  printRows(
    ctx.io,
    [
      { header: 'user', value: (m: orgs.Member) => m.user_id },
      { header: 'name', value: (m) => m.name },
      { header: 'role', value: (m) => m.role },
      { header: 'joined', value: (m) => formatTime(ctx.io, m.created_at, now), drop: 1 },
    ],
    members,
  );
}

/** `org members`: who belongs to the organization and the role each is decided as (admin, owner). */
export async function runMembers(opts: MembersOptions, ctx: Context): Promise<void> {
  const { orgId, data } = await withOrg(ctx, orgs.members);
  if (opts.json) return printJson(ctx.io, data);
  if (data.length === 0) return note(ctx.io, t`No members in ${orgId}`);
  printMembers(ctx, data);
}

/**
 * `org members set-role USER ROLE`: owners give any role; admins only roles below admin, to
 * members below admin; nobody their own. The server decides and says why (403, 409, 422).
 */
export async function runSetRole(opts: SetRoleOptions, ctx: Context): Promise<void> {
  const { orgId, data } = await withOrg(ctx, (client, id) =>
    orgs.setMemberRole(client, id, opts.user, opts.role),
  );
  doneBeforeOutput(`${data.user_id} is now ${data.role} in ${orgId}`, '`fibonacci org members` shows it');
  if (opts.json) printJson(ctx.io, data);
  else printMembers(ctx, [data]);
  success(ctx.io, t`${data.user_id} is now ${data.role} in ${orgId}`);
}
