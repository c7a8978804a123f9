/**
 * The one check every answer passes before a command sees it: the resource modules hand each body to
 * `checked()` with the shape docs/api.md promises, and get it back typed, or a CliError that says which
 * field broke the promise. One form everywhere: no casts, no field-by-field normalising.
 */
import { FormatRegistry, Kind, type Static, type TSchema } from '@sinclair/typebox';
import { Errors, type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Check } from '@sinclair/typebox/value';
import { CliError } from '../errors.js';

// The client relies on types, not on string formats: a timestamp it cannot parse is printed as it
// came (escaped, lib/display/), which beats refusing a whole list over one field. TypeBox
// refuses a format it does not know, so `date-time` is registered as "a string". The emulator's
// ajv checks formats where they matter: in what it accepts.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', () => true);

/** A JSON pointer longer than this is cut: a hostile key must not make the error line huge. */
const MAX_POINTER = 120;

/** A short name for what a schema expects: `string`, `integer`, `object`… */
function expected(schema: TSchema): string {
  return typeof schema.type === 'string' ? schema.type : String(schema[Kind] ?? 'value').toLowerCase();
}

/**
 * The innermost error worth naming. A union (`string | null`, map or list of scopes) fails as a
 * whole; when one branch has the value's JSON type and failed further down (a nested field), that
 * field is the news, else the union's alternatives are.
 */
function innermost(error: ValueError): { path: string; message: string } {
  if (error.type === ValueErrorType.Union) {
    for (const branch of error.errors) {
      const first = branch.First();
      if (first && first.path.length > error.path.length) return innermost(first);
    }
    const alternatives = ((error.schema.anyOf as TSchema[] | undefined) ?? []).map(expected);
    return { path: error.path, message: `expected ${alternatives.join(' or ')}` };
  }
  if (error.type === ValueErrorType.ObjectRequiredProperty) return { path: error.path, message: 'missing' };
  // TypeBox's own words, e.g. "Expected integer", "Expected string to match '^fib_'".
  return { path: error.path, message: error.message.charAt(0).toLowerCase() + error.message.slice(1) };
}

/** What broke the promise, as `/secrets/0/version: expected integer`. */
function describeMismatch(schema: TSchema, data: unknown, at = ''): string {
  const first = Errors(schema, data).First();
  if (!first) return 'it does not match';
  const inner = innermost(first);
  const path = `${at}${inner.path}`;
  const { message } = inner;
  if (path === '') return message;
  const pointer = path.length > MAX_POINTER ? `${path.slice(0, MAX_POINTER)}…` : path;
  return `${pointer}: ${message}`;
}

/**
 * `data` as the shape promises it, or a CliError naming the request (`GET /api/v1/secrets`), the
 * first field that does not match and the request id. Extra fields pass: servers may add fields.
 * `at`: where `data` lies in the answer (`/events/3`), for a part checked alone.
 */
export function checked<T extends TSchema>(
  schema: T,
  data: unknown,
  request: string,
  requestId: string | undefined,
  options: { hint?: string; at?: string } = {},
): Static<T> {
  if (Check(schema, data)) return data;
  const mismatch = describeMismatch(schema, data, options.at);
  throw new CliError(
    'unexpected',
    `the server's answer to ${request} is not what the API promises: ${mismatch}`,
    {
      requestId,
      hint:
        options.hint ??
        'check that --api-url (FIBONACCI_BASE_URL) is a Fibonacci API; if it is, report this with the request id',
    },
  );
}
