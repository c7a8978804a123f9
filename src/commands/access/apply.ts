import { diffPolicy } from '../../lib/access-policy/diff.js';
import { fileLoc, KNOWN_BLOCKS } from '../../lib/access-policy/file.js';
import { networkDecider } from '../../lib/access-policy/network.js';
import { neverMatches } from '../../lib/access-policy/never-matches.js';
import type { Policy, PolicyDocument } from '../../lib/access-policy/schema.js';
import { validatePolicy } from '../../lib/access-policy/validate.js';
import * as access from '../../lib/api/access-policy.js';
import { closest } from '../../lib/closest.js';
import type { Context } from '../../lib/context.js';
import { note, success, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { confirmOrYes } from '../shared.js';
import { policyOf, printDiff } from './diff-view.js';
import { orgClient } from './org-id.js';
import { readPolicyFile, reportProblems } from './policy-file.js';

export interface ApplyOptions {
  /** The policy file (fibonacci.yaml by default). */
  file: string;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
}

/**
 * `access apply [FILE]`: check the file locally (every problem at file:line:col, exit 2, nothing
 * sent), show how it differs from the server's policy, confirm, and PUT it with If-Match on the
 * version the diff was made against, so a change in between is refused rather than overwritten.
 */
export async function runApply(opts: ApplyOptions, ctx: Context): Promise<void> {
  const file = await readPolicyFile(ctx.io, opts.file);
  if (file.unknownKeys.length > 0) {
    // A near block's name (`acess_control`) is said: the user meant it sent, and it is not.
    const near = file.unknownKeys.map((k) => closest(k, KNOWN_BLOCKS)).find((k) => k !== undefined);
    warn(
      ctx.io,
      t`${file.path}: unknown top-level keys left alone (not sent): ${file.unknownKeys.join(', ')}${near === undefined ? '' : ` (did you mean ${near}?)`}`,
    );
  }
  const checked = validatePolicy(file.document);
  if (!checked.ok) return reportProblems(ctx.io, file, checked.problems, 'found');
  for (const p of neverMatches(file.document)) {
    const { line, column } = file.positions.locate(fileLoc(p.loc));
    warn(ctx.io, t`${file.path}:${line}:${column}: ${p.msg}`);
  }

  const { client, orgId } = await orgClient(ctx);
  const current = await access.accessPolicy(client, orgId);
  const diff = diffPolicy(policyOf(current), checked.policy);
  if (diff.empty) {
    note(ctx.io, t`No changes: ${file.path} matches the policy of ${orgId} (version ${current.version})`);
    return;
  }
  note(ctx.io, t`Changes to the access policy of ${orgId} (version ${current.version}):`);
  printDiff(ctx.io, diff);
  if (opts.dryRun) {
    lockoutAhead(checked.policy.network, ctx);
    note(ctx.io, 'Dry run: nothing was sent');
    return;
  }
  await confirmOrYes(ctx, opts.yes, {
    doing: `applying ${file.path} to organization ${orgId}`,
    verb: 'apply it',
    question: 'Apply these changes?',
    cancelled: 'nothing was applied',
  });
  const outcome = await access.putAccessPolicy(
    client,
    orgId,
    file.document as PolicyDocument,
    current.version,
  );
  if ('problems' in outcome) {
    const problems = outcome.problems.map((p) => ({ ...p, type: 'server' }));
    return reportProblems(ctx.io, file, problems, 'refused by the server');
  }
  if ('changed' in outcome) {
    // A PUT retried after its first attempt landed meets its own change: that is no conflict.
    if (!diffPolicy(policyOf(outcome.changed), checked.policy).empty)
      throw access.policyChanged(outcome.changed.version, outcome.requestId);
    applied(orgId, outcome.changed.version, file.path);
    return success(
      ctx.io,
      t`Access policy of ${orgId} is version ${outcome.changed.version}, as in ${file.path}`,
    );
  }
  applied(orgId, outcome.policy.version, file.path);
  success(ctx.io, t`Access policy of ${orgId} is now version ${outcome.policy.version}`);
}

/** Said with the error, should stdout fail now (write-errors.ts): the policy is in force. */
function applied(orgId: string, version: number, path: string): void {
  doneBeforeOutput(
    `${shownPathBare(path)} was applied: the access policy of ${orgId} is version ${version}`,
    '`fibonacci access show` shows it; applying it again changes nothing',
  );
}

/**
 * The server refuses (409) network rules that would block the caller's own address, which only it
 * sees. A dry run against a loopback API (the emulator) knows that address, the loopback one, and
 * fails as the apply would; against any other API it says the check is still to come.
 */
function lockoutAhead(network: Policy['network'], ctx: Context): void {
  if (network.ip_blocklist.length === 0) return;
  const host = new URL(ctx.settings.baseUrl).hostname;
  const own =
    /^127\./.test(host) || host === 'localhost' ? '127.0.0.1' : host === '[::1]' ? '::1' : undefined;
  if (own === undefined) {
    note(
      ctx.io,
      'note: the server also refuses network rules that would block your own address, which a dry run cannot see: make sure ip_allowlist holds it',
    );
    return;
  }
  const verdict = networkDecider(network)(own);
  if (!verdict.blocked) return;
  const by = verdict.decided_by ? ` by security.${verdict.decided_by}` : '';
  throw new CliError(
    'usage',
    `this policy would lock you out: your address ${own} (as the server would see it) would be blocked${by}`,
    { hint: `add ${own} to security.network.ip_allowlist; nothing was sent` },
  );
}
