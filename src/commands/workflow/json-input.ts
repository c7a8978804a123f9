import { usageError } from '../../lib/errors.js';

/** Parse a flag's JSON text into an object; a usage error quoting the flag otherwise. */
export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw usageError(`${flag} is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError(`${flag} must be a JSON object ({…})`);
  }
  return value as Record<string, unknown>;
}
