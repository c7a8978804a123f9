// `npm run demo` (scripts/demo.mjs on the BUILT CLI and its own emulator), its output piped as a log
// would be: each step shows what the CLI printed in the order it printed it. Replaying stdout after
// stderr put `access apply`'s error between its heading and its diff.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { HAVE_PTY } from '../../helpers/pty.js';
import { REPO_ROOT } from '../../helpers/repo.js';

let output = '';
let code: number | null = null;

beforeAll(async () => {
  // FIBONACCI_DEMO_KEYCHAIN=0: the FIBONACCI_API_KEY path, no keyring needed. One pipe for both
  // streams, as `npm run demo > demo.log 2>&1` gives.
  const child = spawn(
    'sh',
    ['-c', 'exec "$0" "$1" 2>&1', process.execPath, join(REPO_ROOT, 'scripts', 'demo.mjs')],
    {
      env: cleanEnv({ FIBONACCI_DEMO_KEYCHAIN: '0' }),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    output += d;
  });
  code = await new Promise((resolve) => child.once('close', resolve));
}, 240_000);

/** The lines a step printed: from its `$ command` line to the next step's. */
function step(command: string): string[] {
  const lines = output.split('\n');
  const from = lines.indexOf(`$ ${command}`);
  expect(from, `no step "$ ${command}" in:\n${output}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(from + 1);
  const to = rest.findIndex((l) => l.startsWith('$ ') || l.startsWith('\x1b[1m== '));
  return (to < 0 ? rest : rest.slice(0, to)).filter((l) => l !== '');
}

describe('npm run demo', () => {
  it('runs to the end', () => {
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toContain('emulator stopped');
  });

  it("access apply: the heading, the whole diff, then the refusal's error and hint", () => {
    const lines = step('fibonacci access apply docs/examples/fibonacci.yaml --yes');
    expect(lines[0]).toMatch(/^Changes to the access policy of \S+ \(version 0\):$/);
    const error = lines.findIndex((l) => l.startsWith('error: this policy would lock you out'));
    expect(error, lines.join('\n')).toBeGreaterThan(1);
    expect(
      lines.slice(1, error).every((l) => /^[~+-] /.test(l)),
      lines.join('\n'),
    ).toBe(true);
    expect(lines.slice(error + 1)).toEqual([
      'hint: add 127.0.0.1 to security.network.ip_allowlist',
      '(exit 2)',
    ]);
  });

  it('security check on the hardcoded file: the masked place, its caret and fix, never the token', () => {
    const token = /Bearer (sk-\S+)/.exec(
      readFileSync(join(REPO_ROOT, 'docs/examples/support-triage.hardcoded.yaml'), 'utf8'),
    )?.[1];
    expect(token).toBeDefined();
    const lines = step('fibonacci security check support-triage.hardcoded.yaml');
    const text = lines.join('\n');
    expect(lines[0]).toBe('support-triage.hardcoded.yaml');
    expect(lines[1]).toMatch(/^ {2}21:29 +error +bearer-authorization /);
    expect(lines[2]).toMatch(/^ {2}21 \| +Authorization: Bearer sk-3\*+$/);
    expect(lines[3]).toMatch(/^ {5}\| {29}\^$/);
    expect(text).toMatch(/fix: write the header as `Authorization: Bearer \{\{secrets\.API_KEY\}\}`/);
    expect(lines.at(-1)).toBe('(exit 11)');
    expect(output).not.toContain(token?.slice(4));
  });

  it.skipIf(!HAVE_PTY)('workflow create: the id, then the ✓ line, for every workflow', () => {
    for (const command of [
      'fibonacci workflow create production/etl --file etl.json',
      'fibonacci workflow create production/support-triage --file support-triage.yaml',
      'fibonacci workflow create development/etl --file etl.json',
    ]) {
      const lines = step(command);
      expect(lines, command).toEqual([
        expect.stringMatching(/^wf_\w+$/),
        expect.stringMatching(/^✓ Created workflow /),
      ]);
    }
  });
});
