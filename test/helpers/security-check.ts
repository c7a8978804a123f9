// Helpers for the `security check` end-to-end tests: fixture trees in temp dirs, the built CLI run
// inside one (paths in reports are relative to the working directory), SARIF validated against the
// OASIS schema, and the check that no secret leaks into anything the CLI printed or wrote.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './repo.js';
import { type CliResult, spawnCollect, waitExit } from './spawn-cli.js';
import { tempDir } from './temp-dir.js';

/** A temp dir holding `files` (path → content); parent directories are made as needed. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = tempDir('fib-scan-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export interface CheckRun {
  env?: Record<string, string>;
  /** Run as this user id (to make a file unreadable when the tests run as root). */
  uid?: number;
}

/** `fibonacci security check …args` run by the built CLI with `cwd` as its working directory. */
export async function check(cwd: string, args: string[], opts: CheckRun = {}): Promise<CliResult> {
  const user = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid };
  const proc = spawnCollect(process.execPath, ['--', CLI_BIN, 'security', 'check', ...args], opts.env, {
    cwd,
    ...user,
  });
  proc.child.stdin.end();
  const code = await waitExit(proc, 'security check', 60_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv2020,
) => Ajv2020;
let sarifValidator: ReturnType<Ajv2020['compile']> | undefined;

/** Validate a SARIF log against the OASIS SARIF 2.1.0 schema (test/fixtures); returns it parsed. */
export function expectValidSarif(text: string): SarifLog {
  if (!sarifValidator) {
    const schema = JSON.parse(
      readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'),
    );
    // The published schema has region's `anyOf` (startLine, charOffset or byteOffset required) inside
    // `properties`, where it names a property instead of constraining the region, and which no
    // draft 2020-12 meta-schema accepts. Put it where it was meant to be, so the rule is enforced.
    const region = schema.definitions.region;
    if (Array.isArray(region.properties.anyOf)) {
      region.anyOf = region.properties.anyOf;
      delete region.properties.anyOf;
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    sarifValidator = ajv.compile(schema);
  }
  const log = JSON.parse(text) as SarifLog;
  const ok = sarifValidator(log);
  expect(ok ? [] : sarifValidator.errors).toEqual([]);
  return log;
}

/** The parts of SARIF the tests read. */
export interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string }> } };
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications: Array<{ message: { text: string } }>;
    }>;
    artifacts: Array<{ location: { uri: string } }>;
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number };
        };
      }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

/**
 * Assert that no secret appears in `texts`: not whole, not the 8 characters after the 4 that may be
 * shown, not its last 8.
 */
export function expectNoSecret(texts: readonly string[], secrets: readonly string[]): void {
  for (const secret of secrets) {
    const pieces = [secret, secret.slice(4, 12), secret.slice(-8)];
    for (const text of texts)
      for (const piece of pieces) expect(text.includes(piece), `"${piece}…" leaked`).toBe(false);
  }
}
