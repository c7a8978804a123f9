// The scan's peak memory stays flat as the tree grows only if what it allocates per file dies young.
// A file's garbage that outlives two scavenges is promoted, and no mark-compact runs during a scan
// to take it back, so the old generation (and the process's peak) grows with every such file. A
// string with an escape (`\n` in a PEM key) has its decoded values checked: that decode once built
// a document of 100 times the file's size per file, and the whole of it was promoted.
// Measured as V8 counts it (`--trace-gc-nvp`, the bytes each scavenge promotes) in the built CLI:
// neither the host's load nor its speed moves it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/repo.js';
import { spawnCollect, waitExit } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const FILES = 120;
const KEY = '-----BEGIN PRIVATE KEY-----\\nyour key here\\n-----END PRIVATE KEY-----';

/** FILES workflows of ~14 kB, half YAML and half JSON, each with one `tls_key` written as `key`. */
function corpus(key: string): string {
  const dir = tempDir('fib-scan-promote-');
  const prompt = 'review draft update retrieve answer status reply search refund approve rank '.repeat(2);
  for (let f = 0; f < FILES; f++) {
    const nodes = Array.from({ length: 40 }, (_, n) => ({ n, id: `step_${n}`, prompt: `${prompt}${n}` }));
    if (f % 2 === 1) {
      const json = nodes.map(({ n, id, prompt: p }) => ({
        id,
        type: 'llm',
        prompt: p,
        config: { temperature: 0.2, max_tokens: 500 + n },
        ...(n === 0 ? { settings: { tls_key: '<KEY>' } } : {}),
      }));
      const text = JSON.stringify({ name: `wf-${f}`, version: 1, nodes: json, edges: [] }, null, 2);
      writeFileSync(join(dir, `wf-${f}.json`), `${text.replace('"<KEY>"', `"${key}"`)}\n`);
      continue;
    }
    const lines = [`name: wf-${f}`, 'version: 1', 'nodes:'];
    for (const { n, id, prompt: p } of nodes) {
      lines.push(`  - id: ${id}`, '    type: llm', `    prompt: "${p}"`);
      lines.push(`    config: { temperature: 0.2, max_tokens: ${500 + n} }`);
      if (n === 0) lines.push('    settings:', `      tls_key: "${key}"`);
    }
    writeFileSync(join(dir, `wf-${f}.yaml`), `${[...lines, 'edges: []'].join('\n')}\n`);
  }
  return dir;
}

/** The bytes every scavenge of one `security check` run promoted, and how it exited. */
async function promoted(cwd: string): Promise<{ bytes: number; code: number; stderr: string }> {
  const out = join(tempDir('fib-scan-promote-out-'), 'report.txt');
  const proc = spawnCollect(
    process.execPath,
    ['--trace-gc-nvp', CLI_BIN, 'security', 'check', '--output', out],
    {},
    { cwd },
  );
  proc.child.stdin.end();
  const code = await waitExit(proc, 'security check', 120_000);
  let bytes = 0;
  for (const m of proc.stdout().matchAll(/gc=s .*?\bpromoted=(\d+)/g)) bytes += Number(m[1]);
  return { bytes, code, stderr: proc.stderr() };
}

describe('security check: what a file allocates dies young', () => {
  it('escaped strings in 120 YAML and JSON files promote about what the same files without escapes do', async () => {
    const escaped = await promoted(corpus(KEY));
    const plain = await promoted(corpus(KEY.replaceAll('\\n', ' ')));
    expect(escaped.stderr).toContain(`${FILES} files scanned, 0 skipped, 0 findings`);
    expect([escaped.code, plain.code]).toEqual([0, 0]);
    // Both runs promote some MB (start-up, the modules a scan loads); before the decode streamed,
    // the escaped run promoted ~40 MB more, ~350 kB a file.
    expect(plain.bytes).toBeGreaterThan(0);
    expect(escaped.bytes - plain.bytes).toBeLessThan(4 * 1024 * 1024);
  }, 300_000);
});
