/** Where the repository and the CLI entry point are, for tests that read files or spawn the bin. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};

/** The CLI entry point the package's `bin` names (it loads dist/: `npm run build` first). */
export const CLI_BIN = join(REPO_ROOT, Object.values(pkg.bin)[0] ?? 'bin/fibonacci.cjs');
