// `audit export` under injected faults (test/helpers/fault-proxy.ts): with no retries, a reset or a
// cut every few pages stops the export with exit 8 and the --resume command; repeating that command
// until it succeeds gives a file byte-identical to an uninterrupted export, in every format. With the
// default retries the same faults are absorbed in one run, each wait announced: at a real terminal
// on a line of its own, above the progress line rather than glued to its end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { HAVE_PTY, pty } from '../helpers/pty.js';
import { screenLines } from '../helpers/screen.js';
import { runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const EVENTS = 1500;
const PAGE = 100;
let emu: EmulatorHandle;
let proxy: FaultProxy;
let dir: string;
const until = new Date().toISOString();

beforeAll(async () => {
  const dataDir = join(tempDir('fib-export-faults-'), 'data');
  emu = await startEmulator({ dataDir, timeoutMs: 60_000 });
  const seeded = await runCli([
    'emulator',
    'seed-audit',
    '--count',
    String(EVENTS),
    '--data-dir',
    dataDir,
    '--span',
    '1d',
  ]);
  expect(seeded.code, seeded.stderr).toBe(0);
  proxy = await startFaultProxy(emu.port);
  dir = tempDir('fib-export-out-');
}, 90_000);
afterAll(async () => {
  await proxy?.close();
  await emu?.stop();
});

const args = (format: string, output: string) => [
  'audit',
  'export',
  '--format',
  format,
  '--output',
  output,
  '--until',
  until,
  '--page-size',
  String(PAGE),
];

/** Export through the proxy; every `every`-th request of this run gets `mode`. */
async function exportOnce(
  format: string,
  output: string,
  every: number,
  mode: 'reset' | 'cut',
  retries: string,
  resume: boolean,
) {
  const base = proxy.requests;
  proxy.setPlan((n) => ((n - base) % every === 0 ? { mode } : undefined));
  const env = { ...emu.env, FIBONACCI_BASE_URL: proxy.url, FIBONACCI_MAX_RETRIES: retries };
  const r = await runCli([...args(format, output), ...(resume ? ['--resume'] : [])], { env });
  proxy.setPlan(() => undefined);
  return r;
}

describe('audit export under faults', () => {
  for (const [format, mode, every] of [
    ['ndjson', 'reset', 4],
    ['csv', 'cut', 3],
    ['json', 'reset', 5],
  ] as const) {
    it(`${format}: a ${mode} every ${every} requests, resumed until complete, equals an uninterrupted export`, async () => {
      const reference = join(dir, `reference.${format}`);
      const clean = await runCli(args(format, reference), { env: emu.env });
      expect(clean.code, clean.stderr).toBe(0);

      const output = join(dir, `faulted.${format}`);
      let r = await exportOnce(format, output, every, mode, '0', false);
      let runs = 1;
      while (r.code === 8 && runs < 40) {
        expect(r.stderr).toMatch(
          /^error: [^\n]+\nhint: [^\n]*fibonacci audit export [^\n]*--resume[^\n]*\n$/m,
        );
        expect(existsSync(output), 'no partial file under the final name').toBe(false);
        r = await exportOnce(format, output, every, mode, '0', true);
        runs++;
      }
      expect(r.code, r.stderr).toBe(0);
      expect(runs).toBeGreaterThan(2);
      console.info(`audit-export-faults: ${format} complete after ${runs} runs (${runs - 1} with --resume)`);
      expect(readFileSync(output)).toEqual(readFileSync(reference));
      expect(readdirSync(dir).filter((f) => f.startsWith(`faulted.${format}`))).toEqual([
        `faulted.${format}`,
      ]);
    }, 120_000);
  }

  it('with retries the same faults are absorbed in one run, each wait announced', async () => {
    const reference = join(dir, 'reference.ndjson');
    const output = join(dir, 'retried.ndjson');
    const r = await exportOnce('ndjson', output, 4, 'reset', '3', false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^retrying in [\d.]+s: connection (reset|closed) \(attempt 2 of 4\)$/m);
    expect(readFileSync(output)).toEqual(readFileSync(reference));
    expect(readFileSync(output, 'utf8').trim().split('\n')).toHaveLength(EVENTS);
  }, 120_000);

  it.skipIf(!HAVE_PTY)(
    'at a terminal a retry notice is a line of its own, never glued to the progress line',
    async () => {
      const output = join(dir, 'terminal.ndjson');
      const base = proxy.requests;
      // Each page takes 300 ms, so the progress line is drawn between pages whatever the machine's
      // load; the fourth request is reset once, with the line up.
      proxy.setPlan((n) => (n - base === 4 ? { mode: 'reset' } : { mode: 'latency', ms: 300 }));
      const env = { ...emu.env, FIBONACCI_BASE_URL: proxy.url, NO_COLOR: '1' };
      const r = await pty(args('ndjson', output), env, { cols: 120 });
      proxy.setPlan(() => undefined);
      expect(r.code, r.screen).toBe(0);
      // The progress line was up when the notice came.
      expect(r.screen).toMatch(/Exported [\d,]+ events \([\d,]+ events\/s\)[^\n]*retrying in/);
      expect(screenLines(r.screen)).toEqual([
        `Showing events the beginning → ${until.replace(/\.\d+Z$/, 'Z')}`,
        expect.stringMatching(/^retrying in [\d.]+s: connection (reset|closed) \(attempt 2 of \d+\)$/),
        `Exported ${EVENTS.toLocaleString('en-US')} events to ${output}`,
      ]);
    },
    120_000,
  );
});
