// The error a call under test must fail with, for assertions on its message and exit code.
import { CliError } from '../../src/lib/errors.js';

/** Await `fn()`, which must reject with a CliError, and return that error. */
export async function failure(fn: () => Promise<unknown>): Promise<CliError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError, but the call succeeded');
}

/** Call `fn`, which must throw a CliError, and return that error. */
export function failureSync(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError, but the call succeeded');
}
