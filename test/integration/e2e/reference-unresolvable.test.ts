// A {{secrets.NAME}} reference whose NAME is no secret name (H14c-11): `{{secrets.lower-case}}`,
// `{{secrets.A.B}}`, `{{secrets.}}` can never resolve, and a run used to "complete" sending the
// text to its tool. Now `workflow create` is refused (422, exit 2, one line per bad reference at its
// node, nothing stored) and `security check` reports each as an error (exit 11), with or without
// --env. The spaced form `{{ secrets.X }}` is a reference everywhere: resolved by a run, checked by
// --env, accepted by create. The built CLI against the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const definition = (a: string, b: string) =>
  JSON.stringify({
    name: 'w',
    version: 1,
    nodes: [
      { id: 'a', type: 'llm', prompt: a },
      { id: 'b', type: 'tool', url: b },
    ],
    edges: [],
  });
const BAD = definition('use {{secrets.lower-case}} and {{secrets.A.B}}', '{{ secrets.X }} {{secrets.}}');
const SPACED = definition('use {{ secrets.X }}', 'https://example.com/{{secrets.X}}');

const RULE = 'letters, digits and _, not starting with a digit, at most 128 characters';

let emu: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  dir = tempDir('fib-unresolvable-');
  writeFileSync(join(dir, 'bad.json'), BAD);
  writeFileSync(join(dir, 'spaced.json'), SPACED);
  const set = await runCli(['secret', 'set', 'X', '--env', 'production', '--value', 'x-value'], {
    env: emu.env,
  });
  expect(set.code, set.stderr).toBe(0);
}, 90_000);
afterAll(stopAllEmulators);

describe('a {{secrets.…}} reference around no secret name', () => {
  it('workflow create is refused, one line per bad reference, and nothing is stored', async () => {
    const r = await runCli(['workflow', 'create', 'bad/refs', '--file', join(dir, 'bad.json')], {
      env: emu.env,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  definition.'));
    expect(lines).toEqual([
      `  definition.nodes.0: node "a" holds a {{secrets.…}} reference with the name "lower-case", which no secret can have (${RULE}): it could never resolve, and a run would send it as text`,
      `  definition.nodes.0: node "a" holds a {{secrets.…}} reference with the name "A.B", which no secret can have (${RULE}): it could never resolve, and a run would send it as text`,
      `  definition.nodes.1: node "b" holds a {{secrets.…}} reference with no name, which no secret can have (${RULE}): it could never resolve, and a run would send it as text`,
    ]);
    expect(r.stderr).toMatch(/^error: the definition of bad\/refs is not valid \(request req_\w+\)\n/);
    // Said by the server's answer, not also by create's misspelling warning.
    expect(r.stderr).not.toContain('warning:');
    const list = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect(list.stdout).not.toContain('bad/refs');
  });

  it('security check reports each as an error, with and without --env', async () => {
    const root = makeTree({ 'wf.json': BAD });
    for (const args of [
      ['--json', 'wf.json'],
      ['--json', '--env', 'production', 'wf.json'],
    ]) {
      const r = await check(root, args, { env: emu.env });
      expect(r.code, r.stderr).toBe(11);
      const findings = (
        JSON.parse(r.stdout) as { findings: { rule: string; level: string; message: string }[] }
      ).findings;
      const bad = findings.filter((f) => f.rule === 'secret-reference-misspelt');
      expect(bad.map((f) => f.level)).toEqual(['error', 'error', 'error']);
      expect(bad[0]?.message).toContain(
        'the server refuses the workflow (did you mean {{secrets.lower_case}}?)',
      );
      // X is set in production: the spaced reference is found there, so --env adds nothing.
      expect(findings.filter((f) => f.rule === 'secret-reference-missing')).toEqual([]);
    }
  });

  it('the spaced form is a reference everywhere: created, checked by --env, resolved by a run', async () => {
    const root = makeTree({ 'wf.json': SPACED });
    expect((await check(root, ['wf.json'])).code).toBe(0);
    expect((await check(root, ['--env', 'production', 'wf.json'], { env: emu.env })).code).toBe(0);
    const staging = await check(root, ['--env', 'staging', 'wf.json'], { env: emu.env });
    expect(staging.code).toBe(11);
    expect(staging.stdout).toContain('{{secrets.X}} is not set in staging nor in the shared scope');
    const made = await runCli(['workflow', 'create', 'spaced/refs', '--file', join(dir, 'spaced.json')], {
      env: emu.env,
    });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).not.toContain('warning');
    const run = await runCli(['workflow', 'run', 'spaced/refs', '--env', 'production', '--json'], {
      env: emu.env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed' });
    const shared = await runCli(['workflow', 'run', 'spaced/refs'], { env: emu.env });
    expect(shared.stderr).toContain('secret X is not set in the shared scope');
  });
});
