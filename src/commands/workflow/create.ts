import * as workflows from '../../lib/api/workflows.js';
import { InputTooLarge, readFileAtMost, sizeLabel } from '../../lib/bounded-read.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { line, success } from '../../lib/display/messages.js';
import { usageError } from '../../lib/errors.js';
import { parseJsonObject } from './json-input.js';

export interface CreateOptions {
  name: string;
  /** A path, or - for standard input. */
  file: string;
  description?: string | undefined;
  json?: boolean | undefined;
}

/** The most a definition may be: the API takes no request body larger than 1 MiB. */
export const DEFINITION_MAX_BYTES = 1024 * 1024;

async function readDefinition(path: string, ctx: Context): Promise<string> {
  const where = path === '-' ? 'the definition on standard input' : `--file ${path}`;
  try {
    const bytes =
      path === '-'
        ? await ctx.io.readStdin(DEFINITION_MAX_BYTES)
        : await readFileAtMost(path, DEFINITION_MAX_BYTES, where);
    return bytes.toString('utf8');
  } catch (e) {
    if (e instanceof InputTooLarge) {
      throw usageError(
        `${where} is larger than ${sizeLabel(DEFINITION_MAX_BYTES)}, the most the API accepts in one request`,
      );
    }
    throw usageError(
      `cannot read --file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** `workflow create NAME --file def.json`: prints the new workflow's id (or the workflow with --json). */
export async function runCreate(opts: CreateOptions, ctx: Context): Promise<void> {
  const { name } = opts;
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
