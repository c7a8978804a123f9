import { InputTooLarge, readFileAtMost, sizeLabel } from './bounded-read.js';
import type { Context } from './context.js';
import { warn } from './display/messages.js';
import { CliError, usageError } from './errors.js';
import { describeFsError } from './files.js';
import { shownPathBare } from './shown-value.js';
import { SECRET_VALUE_MAX_BYTES } from './validate.js';

// Secret values (docs/secrets.md): the one rule every command that takes a value follows.
//   1. --from-file FILE reads the file byte for byte (`-` = stdin; stdin that is the terminal
//      gets the masked prompt of rule 3, since the terminal would echo the value as typed, read
//      until Ctrl-D, minus one trailing newline; /dev/null and an empty pipe are as in rule 2).
//   2. Otherwise, stdin that is not a TTY is read to EOF, minus exactly one trailing \n or \r\n;
//      empty there is an empty value (exit 2). stdin that is /dev/null supplied nothing: rule 4.
//   3. Otherwise a masked prompt, when prompting is possible.
//   4. Otherwise exit 10, naming the flags that would have supplied the value.
// `--value V` also works, with a warning. The value never appears in any message.

export interface SecretInputOptions {
  /** `--from-file FILE|-`. */
  fromFile?: string | undefined;
  /** `--value V` (compatibility; warns). */
  value?: string | undefined;
  /** What the value is for, in prompts and messages: `API_KEY`. */
  label: string;
  /** Where it goes, in the prompt only: `production` gives `Value for API_KEY (production):`. */
  where?: string | undefined;
  /** The command to show in the stdin example of the hint: `fibonacci secret set API_KEY`. */
  command: string;
}

/** Warning printed (after `warning: `) whenever a value arrives through argv. */
export const VALUE_FLAG_WARNING =
  '--value leaves the secret in your shell history and in `ps` output; prefer --from-file or standard input';

/**
 * Strict UTF-8: invalid bytes throw instead of becoming U+FFFD in a stored value. A leading BOM is
 * kept: a value is its bytes (`--from-file` reads the file byte for byte), and TextDecoder drops
 * one by default, so `\xEF\xBB\xBFv` from a file or a pipe was stored as `v` (hostile pass 15,
 * H15-4). A file of KEY=VALUE lines decodes with utf8Text, where a BOM marks the file's encoding.
 */
export const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 for a whole text file (.env): its leading BOM is the file's mark, not its first name's. */
export const utf8Text = new TextDecoder('utf-8', { fatal: true });

/** Strip exactly one trailing `\n` or `\r\n` (a pipe's final newline is not part of the value). */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

function decode(bytes: Buffer, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw usageError(`the value from ${where} is not valid UTF-8`, 'secret values are UTF-8 text');
  }
}

/** Check a value the way the API will (1 byte to 64 KiB of UTF-8); the message never quotes it. */
export function checkSecretValue(value: string, label: string): string {
  if (value === '') throw usageError(`the value for ${label} is empty: nothing was stored`);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > SECRET_VALUE_MAX_BYTES) {
    throw usageError(
      `the value for ${label} is ${bytes} bytes; secret values are at most ${SECRET_VALUE_MAX_BYTES} bytes (64 KiB)`,
    );
  }
  return value;
}

/**
 * Bytes a value may take as read: the value's own limit, plus the one newline that a pipe adds and
 * that is stripped (`\r\n`) for stdin without --from-file. Reading stops one byte past it.
 */
function readLimit(stripsNewline: boolean): number {
  return SECRET_VALUE_MAX_BYTES + (stripsNewline ? 2 : 0);
}

/** The limit, named in the one error line (the input itself is never quoted). */
function tooLarge(where: string): CliError {
  return usageError(
    `${where} is larger than ${sizeLabel(SECRET_VALUE_MAX_BYTES)} (${SECRET_VALUE_MAX_BYTES} bytes), the most a secret value may be`,
  );
}

async function readStdinValue(ctx: Context, stripsNewline: boolean): Promise<Buffer> {
  try {
    return await ctx.io.readStdin(readLimit(stripsNewline));
  } catch (e) {
    if (e instanceof InputTooLarge) throw tooLarge('the value on standard input');
    throw e;
  }
}

/**
 * `--from-file -` when stdin is the terminal: the terminal would echo the value as it is typed or
 * pasted, and nothing would say what is awaited. So it is the masked prompt, saying what to paste.
 */
async function promptAtTerminal(opts: SecretInputOptions, ctx: Context): Promise<string> {
  if (!ctx.io.canPrompt()) throw inputNeeded(opts, ctx.io.noPromptReason());
  const where = opts.where === undefined ? '' : ` (${opts.where})`;
  // Enter is a newline here (a PEM typed or pasted unmarked stays whole) and Ctrl-D ends the value;
  // the one newline before Ctrl-D is dropped, as a pipe's is.
  const value = await ctx.io.promptSecret(
    `Value for ${opts.label}${where}: paste the value, then press Ctrl-D`,
    { multiline: true },
  );
  return stripOneNewline(value);
}

/**
 * `--from-file -` on a pipe or a file: byte for byte (no newline stripped), otherwise the same
 * standard input as without the flag: the null device supplied nothing (exit 10), an empty pipe is
 * an empty value on standard input (exit 2), in the same words.
 */
async function readStdinAsIs(opts: SecretInputOptions, ctx: Context): Promise<string> {
  if (ctx.io.stdinIsNullDevice) throw inputNeeded(opts, 'there is no terminal to prompt on');
  const value = decode(await readStdinValue(ctx, false), 'standard input');
  if (value === '') throw emptyOnStdin(opts);
  return value;
}

async function readFileValue(path: string, opts: SecretInputOptions, ctx: Context): Promise<string> {
  if (path === '-' && ctx.io.stdinIsTTY) return promptAtTerminal(opts, ctx);
  if (path === '-') return readStdinAsIs(opts, ctx);
  const shown = shownPathBare(path);
  try {
    return decode(await readFileAtMost(path, readLimit(false), `--from-file ${shown}`), shown);
  } catch (e) {
    if (e instanceof InputTooLarge) throw tooLarge(`--from-file ${shown}`);
    if (e instanceof CliError) throw e;
    throw usageError(
      `cannot read --from-file ${shown}: ${describeFsError(e)}`,
      'check the path, or pass - to read standard input',
    );
  }
}

/** Obtain a secret value by that rule, checked for emptiness and size before any request. */
export async function readSecretValue(opts: SecretInputOptions, ctx: Context): Promise<string> {
  if (opts.fromFile !== undefined && opts.value !== undefined) {
    throw usageError('--from-file and --value cannot be used together', 'give the value one way');
  }
  let value: string;
  if (opts.fromFile !== undefined) {
    value = await readFileValue(opts.fromFile, opts, ctx);
  } else if (opts.value !== undefined) {
    warn(ctx.io, VALUE_FLAG_WARNING);
    value = opts.value;
  } else if (!ctx.io.stdinIsTTY && ctx.io.stdinIsNullDevice) {
    // </dev/null (or a closed stdin, or a runner's "no input"): nothing was supplied at all.
    throw inputNeeded(opts, 'there is no terminal to prompt on');
  } else if (!ctx.io.stdinIsTTY) {
    // A pipe or a file is input, even an empty one: `printf "" |` or `printf %s "$UNSET" |` gives
    // the empty value (exit 2), not "no terminal" with a hint to run what was just run.
    const bytes = await readStdinValue(ctx, true);
    value = stripOneNewline(decode(bytes, 'standard input'));
    if (value === '') throw emptyOnStdin(opts);
  } else if (ctx.io.canPrompt()) {
    const where = opts.where === undefined ? '' : ` (${opts.where})`;
    value = await ctx.io.promptSecret(`Value for ${opts.label}${where}:`);
  } else {
    throw inputNeeded(opts, ctx.io.noPromptReason());
  }
  return checkSecretValue(value, opts.label);
}

function emptyOnStdin(opts: SecretInputOptions): CliError {
  return usageError(
    `the value for ${opts.label} on standard input is empty: nothing was stored`,
    'the command before the pipe printed nothing (is the variable set?)',
  );
}

function inputNeeded(opts: SecretInputOptions, why: string): CliError {
  return new CliError('input_needed', `a value for ${opts.label} is needed but ${why}`, {
    hint: `pass it with --from-file FILE, --value V, or on standard input: printf %s "$VALUE" | ${opts.command}`,
  });
}
