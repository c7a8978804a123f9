import { InputTooLarge, readFileAtMost, sizeLabel } from '../../lib/bounded-read.js';
import type { Context } from '../../lib/context.js';
import { usageError } from '../../lib/errors.js';

// JSON objects from the user: a definition (`create --file`) or a run's input (`run --input-file`),
// from a file or standard input, read bounded.

/** The most such a file may be: the API takes no request body larger than 1 MiB. */
export const JSON_FILE_MAX_BYTES = 1024 * 1024;

/** Parse a flag's JSON text into an object; a usage error quoting the flag otherwise. */
export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw usageError(`${flag} is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError(`${flag} must be a JSON object ({…})`);
  }
  return value as Record<string, unknown>;
}

/**
 * The JSON object in `path` (`-`: standard input), read at most JSON_FILE_MAX_BYTES; `flag` names
 * the option in messages, `what` what standard input holds ("the definition").
 */
export async function readJsonObject(
  path: string,
  flag: string,
  what: string,
  ctx: Context,
): Promise<Record<string, unknown>> {
  const where = path === '-' ? `${what} on standard input` : `${flag} ${path}`;
  let bytes: Buffer;
  try {
    bytes =
      path === '-'
        ? await ctx.io.readStdin(JSON_FILE_MAX_BYTES)
        : await readFileAtMost(path, JSON_FILE_MAX_BYTES, where);
  } catch (e) {
    if (e instanceof InputTooLarge) {
      throw usageError(
        `${where} is larger than ${sizeLabel(JSON_FILE_MAX_BYTES)}, the most the API accepts in one request`,
      );
    }
    throw usageError(
      `cannot read ${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseJsonObject(bytes.toString('utf8'), path === '-' ? where : `${flag} ${path}`);
}
