import { parse } from 'dotenv';
import { InputTooLarge, readFileAtMost, sizeLabel } from './bounded-read.js';
import { type DotenvProblem, scanDotenv } from './dotenv-lines.js';
import { usageError } from './errors.js';
import { describeFsError } from './files.js';
import { utf8Text } from './secret-input.js';
import { shownPathBare } from './shown-value.js';

/** One `NAME=value` entry of a dotenv file, in file order, with the line its name stands on. */
export interface DotenvEntry {
  name: string;
  value: string;
  line: number;
}

/** A dotenv file read whole: its entries, and every line that is not one (none: the file is good). */
export interface DotenvFile {
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

/**
 * The most a dotenv file may hold: 64 full-size secret values, or thousands of ordinary ones. Its
 * entries are sent one request each, so this bounds only what is read into memory at once.
 */
export const DOTENV_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Read a dotenv file with the `dotenv` package's parser (quotes, escapes, `export`, comments and
 * multi-line quoted values as dotenv defines them), and find by number each line that parser would
 * have skipped or misread (dotenv-lines.ts). Unreadable, invalid UTF-8 or entry-less files are
 * usage errors that name the file; values are never quoted in a message.
 */
export async function readDotenvFile(path: string): Promise<DotenvFile> {
  // The path as typed may be a token pasted in its place: shown as every refused path is.
  const shown = shownPathBare(path);
  let bytes: Buffer;
  try {
    bytes = await readFileAtMost(path, DOTENV_MAX_BYTES, `--env-file ${shown}`);
  } catch (e) {
    if (e instanceof InputTooLarge) {
      throw usageError(
        `--env-file ${shown} is larger than ${sizeLabel(DOTENV_MAX_BYTES)}, the most a dotenv file may be`,
        'split it into several files',
      );
    }
    throw usageError(`cannot read --env-file ${shown}: ${describeFsError(e)}`, 'check the path');
  }
  let text: string;
  try {
    text = utf8Text.decode(bytes);
  } catch {
    throw usageError(`--env-file ${shown} is not valid UTF-8`);
  }
  const { entries: lines, problems } = scanDotenv(text);
  if (lines.length === 0 && problems.length === 0) {
    throw usageError(`--env-file ${shown} has no entries`, 'expected lines such as API_KEY=value');
  }
  const values = parse(text);
  const entries: DotenvEntry[] = [];
  for (const { name, line } of lines) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) problems.push({ line, problem: `the value of ${name} cannot be read` });
    else entries.push({ name, value, line });
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}
