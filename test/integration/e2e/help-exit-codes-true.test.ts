// `fibonacci help exit-codes` through the built CLI says what the commands do: 3 is also security
// check's unreadable or unparseable file, unwritable --output and missing or bad --baseline; 1 is
// also a workflow run that started and failed. Each claim is checked against the command itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Each code's meaning, its wrapped lines joined. */
async function meanings(): Promise<Map<number, string>> {
  const r = await runCli(['help', 'exit-codes']);
  expect(r.code).toBe(0);
  const out = new Map<number, string>();
  let code = -1;
  for (const l of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s{2}(.*)$/.exec(l);
    if (m) {
      code = Number(m[1]);
      out.set(code, m[2] as string);
    } else if (l.trim() !== '') out.set(code, `${out.get(code)} ${l.trim()}`);
  }
  return out;
}

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('help exit-codes is true', () => {
  it('3 names security check’s file, --output and --baseline failures, and they are exit 3', async () => {
    const three = (await meanings()).get(3) ?? '';
    expect(three).toBe(
      'local configuration error: unreadable CA file, bad config file; for security check also a file it cannot read or parse, an --output it cannot write, a missing or bad --baseline',
    );
    const root = makeTree({ 'w.yaml': 'name: w\nnodes: []\n', 'bl.json': 'not json' });
    expect((await check(root, ['w.yaml', '--baseline', 'missing.json'])).code).toBe(3);
    expect((await check(root, ['w.yaml', '--baseline', 'bl.json'])).code).toBe(3);
    expect((await check(root, ['w.yaml', '--output', 'nodir/f.sarif'])).code).toBe(3);
  });

  it('1 names a failed run, and a failed run is exit 1', async () => {
    const one = (await meanings()).get(1) ?? '';
    expect(one).toBe('unexpected error, or a run that failed: workflow run started it and the run failed');
    const dir = tempDir('fib-exit1-');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'wf.json');
    const node = { id: 'a', type: 'tool', db: '{{secrets.NOT_SET_ANYWHERE}}' };
    writeFileSync(file, JSON.stringify({ name: 'w', version: 1, nodes: [node], edges: [] }));
    expect((await runCli(['workflow', 'create', 'test/fails', '--file', file], { env: emu.env })).code).toBe(
      0,
    );
    const run = await runCli(['workflow', 'run', 'test/fails'], { env: emu.env });
    expect(run.stderr).toMatch(/^error: run run_\w+ failed/m);
    expect(run.code).toBe(1);
  });
});
