import { isUtf8 } from 'node:buffer';
import { InputTooLarge, readFileAtMost, sizeLabel } from '../../lib/bounded-read.js';
import type { Context } from '../../lib/context.js';
import { note } from '../../lib/display/messages.js';
import { CliError, usageError } from '../../lib/errors.js';
import { describeFsError } from '../../lib/files.js';
import { MAX_NESTING, nestsTooDeep } from '../../lib/json-depth.js';
import { duplicateKey, jsonSyntaxError } from '../../lib/json-syntax.js';
import { definitionSyntax } from '../../lib/security-check/file-kinds.js';
import { shownPathBare } from '../../lib/shown-value.js';
import type { WorkflowYamlProblem } from '../../lib/workflow-yaml.js';
import type { NotPlain } from '../../lib/yaml-plain-data.js';

// Objects from the user: a definition (`create --file`, JSON or, for a .yaml/.yml file, YAML: the
// form `security check` scans) or a run's input (`run --input-file`, JSON), from a file or standard
// input, read bounded.

/** The most such a file may be: the API takes no request body larger than 1 MiB. */
export const JSON_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Parse a flag's JSON text into an object; a usage error quoting the flag otherwise. `notJsonHint`:
 * the hint when the text is no JSON at all (standard input takes JSON only, unlike a .yaml file).
 */
export function parseJsonObject(text: string, flag: string, notJsonHint?: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never V8's message: it quotes the text, which may hold a secret.
    const at = jsonSyntaxError(text);
    throw usageError(
      `${flag} is not valid JSON (line ${at.line}, column ${at.column}: ${at.words})`,
      notJsonHint,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError(`${flag} must be a JSON object ({…})`);
  }
  notTooDeep(value, flag);
  const twice = duplicateKey(text);
  if (twice)
    throw usageError(
      `${flag} is not valid JSON (line ${twice.line}, column ${twice.column}: ${twice.words})`,
    );
  return value as Record<string, unknown>;
}

/** `value`, or a usage error when it nests objects and arrays more than MAX_NESTING deep. */
function notTooDeep<T extends object>(value: T, flag: string): T {
  if (nestsTooDeep(value)) throw usageError(`${flag} is nested more than ${MAX_NESTING} levels deep`);
  return value;
}

/**
 * Parse YAML text into an object, as lib/workflow-yaml.ts reads it (the reader `security check`
 * decides with): the `yaml` package, which refuses alias bombs, asked to print nothing. An error or
 * a warning is refused by its place and its code (BAD_INDENT, TAG_RESOLVE_FAILED), never its text,
 * which quotes the document. A warning is refused too: `pw: !Tr0ub4dor` is a password the parser
 * took for a tag, not what the definition meant.
 */
export async function parseYamlObject(text: string, flag: string): Promise<Record<string, unknown>> {
  // Loaded with the parser only when a YAML file is read.
  const yaml = await import('../../lib/workflow-yaml.js');
  const read = yaml.readWorkflowYaml(text);
  const refusal = read.refusal;
  if (refusal !== undefined && 'tooLarge' in refusal) {
    throw usageError(`${flag} is ${yaml.tooLargeWords(refusal.tooLarge)}`, TOO_LARGE_HINT);
  }
  if (refusal !== undefined) {
    // Every problem at once, so the file is fixed in one round rather than one problem per run.
    const all = yaml.workflowYamlProblems(text);
    if (all.length > 1) throw severalProblems(all, flag);
    const [only = refusal] = all;
    if ('syntax' in only) {
      throw usageError(`${flag} is not valid YAML (${place(only.syntax)}: ${only.syntax.words})`);
    }
    throw usageError(`${flag} ${place(only.notPlain)}: ${notPlainWords(only.notPlain)}`, NOT_PLAIN_HINT);
  }
  const value = read.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError(`${flag} must be a mapping (an object)`);
  }
  return notTooDeep(value as Record<string, unknown>, flag);
}

const TOO_LARGE_HINT =
  'a definition holds at most that many values, lists and mappings: move bulk data out of it (into a run input or a file the workflow reads)';

const NOT_PLAIN_HINT =
  'write it as a string, a finite number, true/false, null, a list or a mapping (no !!binary, !!timestamp, !!set, !!omap)';

const place = (p: { line: number; column: number }) => `line ${p.line}, column ${p.column}`;

/** `nodes.2.blob is binary data (!!binary), which …`: by key path and kind, never the value. */
function notPlainWords(odd: NotPlain): string {
  const where =
    odd.path.length === 0 ? 'the document' : odd.path.map((p) => shownPathBare(String(p))).join('.');
  return `${where} is ${odd.what}, which a definition (JSON) cannot hold`;
}

/** The most problems listed; a file with more is a file of another kind, said by the count. */
const MAX_LISTED = 50;

function severalProblems(all: readonly WorkflowYamlProblem[], flag: string): CliError {
  const lines = all
    .slice(0, MAX_LISTED)
    .map((p) =>
      'syntax' in p
        ? `${place(p.syntax)}: not valid YAML: ${p.syntax.words}`
        : `${place(p.notPlain)}: ${notPlainWords(p.notPlain)}`,
    );
  if (all.length > MAX_LISTED) lines.push(`… and ${all.length - MAX_LISTED} more`);
  return new CliError('usage', `${flag} has ${all.length} problems: nothing was sent`, {
    details: lines,
    hint: all.some((p) => 'notPlain' in p) ? NOT_PLAIN_HINT : undefined,
  });
}

/**
 * Read `path` (`-`: standard input) as a definition: YAML for a .yaml/.yml name, JSON otherwise (the
 * gate's definitionSyntax); with the text it was parsed from, which the gate judges before upload.
 */
export async function readDefinition(
  path: string,
  ctx: Context,
): Promise<{ definition: Record<string, unknown>; text: string }> {
  const text = await readBounded(path, '--file', 'the definition', ctx);
  const definition =
    definitionSyntax(path) === 'yaml'
      ? await parseYamlObject(text, `--file ${shownPathBare(path)}`)
      : path === '-'
        ? // A newcomer typed YAML at `--file -` (newcomer pass 10): only --help said it reads JSON.
          parseJsonObject(
            text,
            'the definition on standard input',
            'standard input takes a JSON definition; for YAML, save it to a file and pass --file FILE.yaml',
          )
        : parseJsonObject(text, `--file ${shownPathBare(path)}`);
  return { definition, text };
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
  const text = await readBounded(path, flag, what, ctx);
  return parseJsonObject(text, path === '-' ? `${what} on standard input` : `${flag} ${shownPathBare(path)}`);
}

/** The text of `path` (`-`: standard input), at most JSON_FILE_MAX_BYTES. */
async function readBounded(path: string, flag: string, what: string, ctx: Context): Promise<string> {
  // A path is named as every error names one: by its length when it holds a token (shown-value.ts).
  const where = path === '-' ? `${what} on standard input` : `${flag} ${shownPathBare(path)}`;
  let bytes: Buffer;
  try {
    bytes =
      path === '-' ? await readStdin(what, ctx) : await readFileAtMost(path, JSON_FILE_MAX_BYTES, where);
  } catch (e) {
    if (e instanceof InputTooLarge) {
      throw usageError(
        `${where} is larger than ${sizeLabel(JSON_FILE_MAX_BYTES)}, the most the API accepts in one request`,
      );
    }
    // Ctrl-C at a terminal's read (readStdin) is that, not a file that cannot be read; a stdin that
    // cannot be read (a directory, write-only) says so in its own line already.
    if (e instanceof CliError) throw e;
    throw usageError(`cannot read ${flag} ${shownPathBare(path)}: ${describeFsError(e)}`);
  }
  // What security check does not read as text (it lists such a file as skipped) is never sent: a
  // decode would put U+FFFD in place of a bad byte, and a NUL is in no JSON or YAML text.
  if (!isUtf8(bytes)) throw usageError(`${where} is not valid UTF-8`);
  if (bytes.includes(0)) throw usageError(`${where} holds a NUL byte, which no JSON or YAML text has`);
  return bytes.toString('utf8');
}

/**
 * Standard input, at most JSON_FILE_MAX_BYTES. At a terminal the read would wait without a word for
 * text typed there, so it says what it waits for and how to end it; Ctrl-C ends the wait as it ends
 * the secret prompt (`error: interrupted`, exit 130) rather than killing the process unannounced.
 */
async function readStdin(what: string, ctx: Context): Promise<Buffer> {
  if (!ctx.io.stdinIsTTY) return ctx.io.readStdin(JSON_FILE_MAX_BYTES);
  note(ctx.io, `reading ${what} from stdin; end with Ctrl-D`);
  let undo = () => {};
  const interrupted = new Promise<never>((_resolve, reject) => {
    undo = ctx.io.onInterrupt(() => reject(new CliError('interrupted', 'interrupted')));
  });
  try {
    return await Promise.race([ctx.io.readStdin(JSON_FILE_MAX_BYTES), interrupted]);
  } finally {
    undo();
  }
}
