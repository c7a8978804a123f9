/**
 * For suites that need what a developer machine may lack: the single binary, a private Secret
 * Service session, man(1), script(1), GNU time, root, a tmpfs it may mount. A missing one skips its
 * suite with one printed line saying what and how to get it; under FIBONACCI_TEST_STRICT=1 or CI
 * (.ci/run sets the first once it has installed and built everything) it fails the test file (or,
 * checked inside a test, that test) instead, so CI never passes a suite that did not run.
 *
 *   const built = prerequisite('dist/fibonacci-linux-x64', existsSync(BINARY), 'run `npm run build:binary`');
 *   describe.skipIf(!built)('single binary', () => { … });
 */
import { spawnSync } from 'node:child_process';

const truthy = (v: string | undefined) => v !== undefined && !['', '0', 'false'].includes(v.toLowerCase());

/** Nothing may skip: every prerequisite must be there. */
export const STRICT = truthy(process.env.FIBONACCI_TEST_STRICT) || truthy(process.env.CI);

/** `present`, or (not strict) false after printing why the suite skips; strict: throws. */
export function prerequisite(what: string, present: boolean, remedy: string): boolean {
  if (present) return true;
  const line = `${what} is missing: ${remedy}`;
  if (STRICT) throw new Error(`${line} (FIBONACCI_TEST_STRICT or CI is set: no suite may skip)`);
  console.warn(`skipped: ${line}`);
  return false;
}

/** A program on PATH that answers `--version` with exit 0. */
export function hasProgram(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Inside scripts/with-secret-service.sh: a private D-Bus session with an unlocked throw-away keyring. */
export function secretServiceSession(): boolean {
  return prerequisite(
    'a private Secret Service session',
    process.env.FIBONACCI_TEST_SECRET_SERVICE === '1',
    'run the tests under scripts/with-secret-service.sh (CI does)',
  );
}
