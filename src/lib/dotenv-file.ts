import { parse } from 'dotenv';
import { InputTooLarge, readFileAtMost, sizeLabel } from './bounded-read.js';
import { usageError } from './errors.js';
import { utf8 } from './secret-input.js';

/** One `NAME=value` entry of a dotenv file, in file order. */
export interface DotenvEntry {
  name: string;
  value: string;
}

/**
 * The most a dotenv file may hold: 64 full-size secret values, or thousands of ordinary ones. Its
 * entries are sent one request each, so this bounds only what is read into memory at once.
 */
export const DOTENV_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Read a dotenv file with the `dotenv` package's parser (quotes, escapes, `export`, comments and
 * multi-line quoted values as dotenv defines them). Unreadable, invalid UTF-8 or entry-less files
 * are usage errors that name the file; values are never quoted in a message.
 */
export async function readDotenvFile(path: string): Promise<DotenvEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFileAtMost(path, DOTENV_MAX_BYTES, `--env-file ${path}`);
  } catch (e) {
    if (e instanceof InputTooLarge) {
      throw usageError(
        `--env-file ${path} is larger than ${sizeLabel(DOTENV_MAX_BYTES)}, the most a dotenv file may be`,
        'split it into several files',
      );
    }
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw usageError(`cannot read --env-file ${path}: ${code}`, 'check the path');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw usageError(`--env-file ${path} is not valid UTF-8`);
  }
  const entries = Object.entries(parse(text)).map(([name, value]) => ({ name, value }));
  if (entries.length === 0) {
    throw usageError(`--env-file ${path} has no entries`, 'expected lines such as API_KEY=value');
  }
  return entries;
}
