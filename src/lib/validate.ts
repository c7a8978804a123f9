/**
 * Name rules of api.md, shared by the CLI (checked before any request) and the emulator.
 * Pure: no Node imports.
 */

export const SECRET_NAME_RULE = 'letters, digits and _, not starting with a digit, at most 128 characters';
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const ENVIRONMENT_RULE =
  'lowercase letters, digits and -, starting with a letter, at most 32 characters';
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Secret values are 1 byte to 64 KiB of UTF-8. */
export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

export function isValidSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isValidEnvironment(name: string): boolean {
  return ENVIRONMENT_NAME.test(name);
}
