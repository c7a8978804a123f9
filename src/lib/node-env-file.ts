/**
 * Node 20 reads `--env-file FILE` as its own option even after the script name (nodejs/node#54232):
 * run as `node bin/fibonacci.cjs secret set --env-file .env`, Node applies the file to the process
 * before any of our code runs. A dotenv file of secrets, often written by others, then configures
 * the runtime: NODE_OPTIONS in it runs code, FIBONACCI_API_KEY in it replaces the user's key. The
 * installed command starts Node as `node --` (the shim's shebang), and a `--` stops this; the single
 * binary is built with `execArgv: ['--']` and no NODE_OPTIONS (scripts/build-binary.mjs). What Node
 * did cannot be undone from here, but the CLI refuses to go on in an environment a data file wrote.
 */
import { readFileSync } from 'node:fs';

/**
 * Whether argv names `--env-file` or `--env-file-if-exists` (Node takes both) as an option, before a
 * `--` that ends the options.
 */
export function namesEnvFile(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    for (const flag of ['--env-file', '--env-file-if-exists'])
      if (a === flag || a.startsWith(`${flag}=`)) return true;
  }
  return false;
}

/**
 * Whether Node was started without a `--` between its own options and the script, read from the
 * process's real command line (`cmdline`: argv as the kernel saw it). Node's own options are in
 * execArgv, so the element after them is the script, or `--` when options ended there.
 */
export function startedWithoutSeparator(cmdline: readonly string[], execArgv: readonly string[]): boolean {
  return cmdline[1 + execArgv.length] !== '--';
}

/** Linux's /proc/self/cmdline, split; undefined elsewhere (no way to tell there). */
export function ownCommandLine(): string[] | undefined {
  try {
    return readFileSync('/proc/self/cmdline', 'utf8').split('\0');
  } catch {
    return undefined;
  }
}
