import { stringify } from 'yaml';
import type { StoredPolicy } from '../../lib/access-policy/schema.js';
import * as access from '../../lib/api/access-policy.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { line } from '../../lib/display/messages.js';
import { orgClient } from './org-id.js';

export interface ShowOptions {
  json?: boolean | undefined;
}

/**
 * The stored policy as fibonacci.yaml spells it (network under security), with a comment saying
 * which version it is: paste it into the file and `access apply` finds nothing to change.
 */
export function policyYaml(p: StoredPolicy): string[] {
  const who = p.updated_by ?? 'nobody';
  const when = p.updated_at ?? 'never';
  const head =
    p.version === 0
      ? '# version 0: no policy has been set (these are the defaults)'
      : `# version ${p.version}, set by ${who} at ${when}`;
  const body = stringify(
    { access_control: p.access_control, security: { network: p.network } },
    { lineWidth: 0, defaultKeyType: 'PLAIN', defaultStringType: 'PLAIN' },
  );
  return [head, ...body.trimEnd().split('\n')];
}

/** `access show`: the policy the server decides by, as YAML (or the API's JSON with --json). */
export async function runShow(opts: ShowOptions, ctx: Context): Promise<void> {
  const { client, orgId } = await orgClient(ctx);
  const data = await access.accessPolicy(client, orgId);
  if (opts.json) return printJson(ctx.io, data);
  // Each line through the display layer: a name from the server prints escaped, never raw.
  for (const text of policyYaml(data)) line(ctx.io, text);
}
