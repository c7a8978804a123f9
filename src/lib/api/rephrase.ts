import { CliError, type CliErrorOptions, type ErrorKind } from '../errors.js';

/**
 * The API's 404: the thing asked for does not exist (or the path is not served). Not a 404 that
 * http-errors.ts worded as a wrong API URL (a usage error): the thing may well exist.
 */
export const notFound = (e: CliError): boolean => e.status === 404 && e.kind !== 'usage';

/**
 * Rethrow `e` as a friendlier error when it is a CliError that `when` picks, else rethrow it as it
 * is. The request id always carries over: it is what support asks for.
 */
export function rephrase(
  e: unknown,
  when: (e: CliError) => boolean,
  kind: ErrorKind,
  message: string,
  options: Omit<CliErrorOptions, 'requestId'> = {},
): never {
  if (e instanceof CliError && when(e)) {
    throw new CliError(kind, message, { ...options, requestId: e.requestId });
  }
  throw e;
}
