import { LineCounter } from 'yaml';
import { fileLoc, policyFromFile } from '../../lib/access-policy/file.js';
import type { Problem } from '../../lib/access-policy/validate.js';
import { InputTooLarge, readFileAtMost, sizeLabel } from '../../lib/bounded-read.js';
import { note } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { CliError, usageError } from '../../lib/errors.js';
import { describeFsError } from '../../lib/files.js';
import type { IO } from '../../lib/io.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { parseYamlDocument } from '../../lib/yaml-document.js';
import { YamlPositions } from '../../lib/yaml-positions.js';
import { firstYamlProblem } from '../../lib/yaml-syntax.js';

// fibonacci.yaml as `access apply` reads it: bounded, strict UTF-8, one YAML document (duplicate
// keys refused, aliases capped), and every problem placed at `file:line:col`, whether found here
// or by the server (its locs are the API's: `network…` is the file's `security.network…`).

/** More than any policy file needs (LIMITS in schema.ts bound the document far below this). */
export const POLICY_FILE_MAX_BYTES = 1024 * 1024;
/** What `access apply` reads when no FILE is given (access/index.ts names it too, without loading this). */
export const DEFAULT_POLICY_FILE = 'fibonacci.yaml';

export interface PolicyFile {
  path: string;
  /** The API's document: access_control and network, nothing else of the file. */
  document: Record<string, unknown>;
  unknownKeys: string[];
  positions: YamlPositions;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFileAtMost(path, POLICY_FILE_MAX_BYTES, shownPathBare(path));
  } catch (e) {
    if (e instanceof InputTooLarge)
      throw usageError(
        `${shownPathBare(path)} is larger than ${sizeLabel(POLICY_FILE_MAX_BYTES)}, too large for a policy file`,
      );
    throw usageError(`cannot read ${shownPathBare(path)}: ${describeFsError(e)}`, unreadHint(path, e));
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw usageError(`${shownPathBare(path)} is not valid UTF-8`);
  }
}

/**
 * What to do about a file that could not be read: the default one missing is a FILE to give; a
 * file the user named is a path to check (they gave it already), or one to be allowed to read.
 */
function unreadHint(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' && path === DEFAULT_POLICY_FILE)
    return `run it where ${DEFAULT_POLICY_FILE} is, or give the policy file: fibonacci access apply FILE`;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return `check the path; ${DEFAULT_POLICY_FILE} is the usual name`;
  if (code === 'EISDIR')
    return `give the file in it: fibonacci access apply ${shownPathBare(path)}/${DEFAULT_POLICY_FILE}`;
  return 'check the path and that you may read the file';
}

/** `file:line:col: message` for each problem on stderr, then the one error: nothing was sent. */
export function reportProblems(
  io: IO,
  file: { path: string; positions: YamlPositions },
  problems: readonly Problem[],
  where: string,
): never {
  for (const p of problems) {
    const { line, column } = file.positions.locate(fileLoc(p.loc));
    note(io, t`${file.path}:${line}:${column}: ${p.msg}`);
  }
  const n = problems.length;
  throw usageError(
    `${file.path}: ${n} ${n === 1 ? 'problem' : 'problems'} ${where}; nothing was applied`,
    `fix ${n === 1 ? 'it' : 'them'} and run fibonacci access apply again`,
  );
}

/** Read and parse FILE; a file that does not parse, or has no policy, is a usage error here. */
export async function readPolicyFile(io: IO, path: string): Promise<PolicyFile> {
  const text = await readText(path);
  const lines = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter: lines });
  const positions = new YamlPositions(text);
  // An error, or a warning (a `!tag` the parser could not resolve is a value the file did not
  // mean), by its place and the package's code for it (BAD_INDENT): its message may quote the file.
  const first = firstYamlProblem(doc, lines);
  if (first)
    throw usageError(`${shownPathBare(path)}:${first.line}:${first.column}: invalid YAML: ${first.words}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw usageError(`${shownPathBare(path)}: invalid YAML: too many aliases`);
  }
  const { document, problems, unknownKeys } = policyFromFile(value);
  if (!document) return reportProblems(io, { path, positions }, problems, 'found');
  if (document.access_control === undefined && document.network === undefined) {
    throw new CliError('usage', `${shownPathBare(path)} has neither access_control nor security.network`, {
      hint: 'docs/examples/fibonacci.yaml shows both blocks',
    });
  }
  return { path, document, unknownKeys, positions };
}
