import * as workflows from '../../lib/api/workflows.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { line, success } from '../../lib/display/messages.js';
import { readDefinitionObject } from './json-input.js';

export interface CreateOptions {
  name: string;
  /** A path, or - for standard input. */
  file: string;
  description?: string | undefined;
  json?: boolean | undefined;
}

/**
 * `workflow create NAME --file def.json` (or def.yaml): prints the new workflow's id (or the workflow with
 * --json). The server judges the definition: a refused one is every problem, one line each, exit 2.
 */
export async function runCreate(opts: CreateOptions, ctx: Context): Promise<void> {
  const { name } = opts;
  const definition = await readDefinitionObject(opts.file, ctx);
  const client = await ctx.api();
  const created = await workflows.create(client, {
    name,
    description: opts.description ?? '',
    definition,
  });
  if (opts.json) printJson(ctx.io, created);
  else line(ctx.io, created.id);
  success(ctx.io, `Created workflow ${created.name}`);
}
