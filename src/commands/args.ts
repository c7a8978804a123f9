import { InvalidArgumentError } from '@commander-js/extra-typings';

/**
 * A commander argument parser for a whole number from `min` to `max`, written in plain digits (no
 * sign, exponent or blanks, which Number() would accept); anything else fails with `message`.
 * With `max` at Number.MAX_SAFE_INTEGER the value is still exact.
 */
export function intArg(min: number, max: number, message: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(message);
    return n;
  };
}
