import { readFile } from 'node:fs/promises';
import * as workflows from '../../lib/api/workflows.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { line, success } from '../../lib/display/messages.js';
import { usageError } from '../../lib/errors.js';
import { parseJsonObject } from './json-input.js';

export interface CreateOptions {
  file: string;
  description?: string | undefined;
  json?: boolean | undefined;
}

async function readDefinition(path: string, ctx: Context): Promise<string> {
  if (path === '-') return (await ctx.io.readStdin()).toString('utf8');
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw usageError(
      `cannot read --file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** `workflow create NAME --file def.json`: prints the new workflow's id (or the workflow with --json). */
export async function runCreate(name: string, opts: CreateOptions, ctx: Context): Promise<void> {
  const definition = parseJsonObject(await readDefinition(opts.file, ctx), `--file ${opts.file}`);
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
