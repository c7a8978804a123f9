// The API layer's boundaries, checked on the source: commands reach the API only through the
// resource modules of src/lib/api/ (no path of their own, no other noun's module for it), and those
// modules stay pure, so the emulator can import their shapes without the HTTP client.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/repo.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}
const rel = (f: string) => relative(REPO_ROOT, f);
const COMMANDS = join(REPO_ROOT, 'src', 'commands');
const API = join(REPO_ROOT, 'src', 'lib', 'api');
/** The transport: everything else under lib/api/ is a resource module or one of their helpers. */
const TRANSPORT = ['client.ts', 'dispatcher.ts', 'retry.ts', 'http-errors.ts', 'network-errors.ts'];

describe('the API layer', () => {
  it('no command holds an API path (help text aside)', () => {
    const offenders = files(COMMANDS)
      .filter((f) => rel(f) !== 'src/commands/help.ts')
      .filter((f) => readFileSync(f, 'utf8').includes('/api/v1'))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("no command imports another noun's module", () => {
    const nouns = readdirSync(COMMANDS, { withFileTypes: true }).filter((d) => d.isDirectory());
    const crossings = files(COMMANDS).flatMap((f) => {
      const [noun, verb] = relative(COMMANDS, f).split('/');
      if (verb === undefined) return []; // shared.ts, args.ts, help.ts: the commands' own helpers
      const imports = [...readFileSync(f, 'utf8').matchAll(/from '\.\.\/([a-z-]+)\//g)].map((m) => m[1]);
      return imports
        .filter((other) => other !== noun && nouns.some((d) => d.name === other))
        .map((other) => `${rel(f)} → ${other}/`);
    });
    expect(crossings).toEqual([]);
  });

  it('resource modules load neither undici nor the client: the emulator imports their shapes', () => {
    // A type-only import (types.ts names undici's Dispatcher) loads nothing.
    const loads = /^import (?!type )[^;]*from '(undici|\.\/client\.js|\.\/dispatcher\.js)'/m;
    const impure = files(API)
      .filter((f) => !TRANSPORT.includes(relative(API, f)))
      .filter((f) => loads.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(impure).toEqual([]);
  });
});
