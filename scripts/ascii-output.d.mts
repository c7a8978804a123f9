// Types of scripts/ascii-output.mjs for the tests that import it.
export function escapeNonAscii(text: string): {
  text: string;
  shifts: Array<Array<[number, number]> | undefined>;
};
export function shiftMappings(mappings: string, shifts: Array<Array<[number, number]> | undefined>): string;
export function isAscii(path: string): boolean;
export const asciiOutput: { name: string; setup: (build: unknown) => void };
