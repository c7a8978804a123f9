import * as workflows from '../../lib/api/workflows.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { hint, line, success, warn } from '../../lib/display/messages.js';
import { meantShown, nearReferences } from '../../lib/secret-refs.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { refuseHardcoded } from './hardcoded.js';
import { readDefinition } from './json-input.js';

export interface CreateOptions {
  name: string;
  /** A path, or - for standard input. */
  file: string;
  description?: string | undefined;
  json?: boolean | undefined;
  /** --allow-hardcoded-credentials: create even when the gate finds a credential in the file or --description (warned). */
  allowHardcodedCredentials?: boolean | undefined;
}

/**
 * `workflow create NAME --file def.json` (or def.yaml): prints the new workflow's id (or the workflow with
 * --json). The server judges the definition: a refused one is every problem, one line each, exit 2.
 * A definition holding a hardcoded credential (the text read, from a file or standard input) is
 * refused before anything is sent (hardcoded.ts), and so is one in NAME or --description.
 */
export async function runCreate(opts: CreateOptions, ctx: Context): Promise<void> {
  const { name } = opts;
  const { definition, text } = await readDefinition(opts.file, ctx);
  // The name and description are uploaded beside the definition and shown with it: the same rules.
  await refuseHardcoded(opts.file, text, opts.allowHardcodedCredentials === true, ctx, [
    ['the workflow name', name],
    ['--description', opts.description],
  ]);
  warnMisspelt(definition, ctx);
  const client = await ctx.api();
  const created = await workflows.create(client, {
    name,
    description: opts.description ?? '',
    definition,
  });
  // Printed escaped with the error, should stdout fail now (write-errors.ts).
  doneBeforeOutput(
    `the workflow ${created.name} was created (${created.id})`,
    '`fibonacci workflow list` shows it; do not create it again',
  );
  if (opts.json) printJson(ctx.io, created);
  else line(ctx.io, created.id);
  success(ctx.io, `Created workflow ${created.name}`);
}

/**
 * `{{secret.X}}`, `{{SECRETS.X}}`: text the server sends to the tool as it is, never a secret. Said
 * before the create (which still happens: the text may be meant), with the reference it was
 * probably meant to be when that has a secret name's shape; the text itself is never repeated.
 */
function warnMisspelt(definition: unknown, ctx: Context): void {
  // One the server refuses (no secret name in a reference's form) is said by its 422 instead.
  const near = nearReferences(definition).filter((n) => n.unresolvable === undefined);
  if (near.length === 0) return;
  for (const n of near)
    warn(
      ctx.io,
      `the definition holds text that reads like a {{secrets.NAME}} reference and is not one${meantShown(n)}: the server sends it as text`,
    );
  hint(ctx.io, '`fibonacci security check` on the file shows where (rule secret-reference-misspelt)');
}
