// `audit export --output -` on a terminal against the hostile server of test/helpers/hostile-server.ts
// (ESC [2J, OSC 8, BEL, C1 CSI, CR, backspace, U+202E and U+2028 in every field of every event): the
// built CLI (npm run build first) in a real pseudo-terminal (util-linux `script`) shows every field,
// escaped, no raw control character, and still means the same events (json and ndjson parse to them,
// csv keeps one record a line). Piped, the same export is data: byte for byte what --output FILE
// writes, the server's characters raw.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeUnprintable } from '../../src/lib/errors.js';
import { cleanEnv } from '../helpers/clean-env.js';
import {
  type HostileServer,
  h,
  PAYLOAD,
  RAW_CONTROL,
  shown,
  startHostileServer,
} from '../helpers/hostile-server.js';
import { CLI_BIN } from '../helpers/repo.js';
import { runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const HAVE_SCRIPT = spawnSync('script', ['--version']).status === 0;
const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
const FORMATS = ['json', 'ndjson', 'csv'] as const;
const FIELDS = ['evt.id', 'evt.type', 'evt.wf', 'evt.user', 'evt.ip', 'evt.action', 'evt.status', 'evt.time'];

/** The built CLI with stdout on a pseudo-terminal (stderr to a file): what the terminal received. */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number; screen: string }> {
  const errFile = join(tempDir('fib-pty-'), 'stderr');
  const command = [process.execPath, '--', CLI_BIN, ...args].map(quote).join(' ');
  const child = spawn(
    'script',
    ['-qec', `stty cols 200 2>/dev/null; ${command} 2>${quote(errFile)}`, '/dev/null'],
    {
      env: cleanEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin.end();
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      // The line discipline turns each LF into CR LF; the CSV's own CR LF arrives as CR CR LF.
      const screen = Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n').replaceAll('\r\n', '\n');
      resolve({ code: code ?? -1, screen });
    });
  });
}

/** The built CLI with stdout on a pipe; its bytes as they came (the server runs in this process). */
function runPiped(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, ['--', CLI_BIN, ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }));
  });
}

describe.skipIf(!HAVE_SCRIPT)('audit export --output - on a terminal, against a hostile server', () => {
  let server: HostileServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startHostileServer();
    env = { ...server.env, NO_COLOR: '1' };
  });
  afterAll(() => server?.close());

  /** The export to a file: the server's bytes, the reference for both runs below. */
  async function fileExport(format: string): Promise<Buffer> {
    const out = join(tempDir(), `audit.${format}`);
    const r = await runCli(['audit', 'export', '--format', format, '--output', out], { env });
    expect(r.code, r.stderr).toBe(0);
    return readFileSync(out);
  }

  it.each(FORMATS)('%s: every field shown escaped, no raw control character', async (format) => {
    const run = await onTerminal(['audit', 'export', '--format', format, '--output', '-'], env);
    expect(run.code, run.screen).toBe(0);
    expect(RAW_CONTROL.exec(run.screen)?.[0], 'a raw control character reached the terminal').toBeUndefined();
    for (const f of FIELDS) expect(run.screen, f).toContain(shown(f));
    expect(run.screen).toContain(shown('meta.value'));

    // Still the same events: json and ndjson parse to exactly what the file holds.
    const reference = (await fileExport(format)).toString('utf8');
    if (format === 'json') expect(JSON.parse(run.screen)).toEqual(JSON.parse(reference));
    if (format === 'ndjson') {
      const lines = (text: string) =>
        text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l));
      expect(lines(run.screen)).toEqual(lines(reference));
    }
    if (format === 'csv') {
      // One record a line (the header and two events), each cell the file's cell, escaped.
      expect(run.screen.trimEnd().split('\n')).toHaveLength(3);
      const cells = parse(reference, { relax_quotes: true }) as string[][];
      const shownCells = parse(run.screen) as string[][];
      expect(shownCells).toEqual(cells.map((row) => row.map(escapeUnprintable)));
    }
  });

  it.each(FORMATS)('%s piped: byte for byte the file export, the server’s characters raw', async (format) => {
    const reference = await fileExport(format);
    const piped = await runPiped(['audit', 'export', '--format', format, '--output', '-'], env);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout.equals(reference)).toBe(true);
    // JSON keeps C1, U+202E and U+2028 as the server sent them; CSV holds the decoded ESC and BEL too.
    const raw = piped.stdout.toString('utf8');
    for (const c of ['\u009b', '\u202e', '\u2028']) expect(raw).toContain(c);
    if (format === 'csv') expect(raw).toContain(h('evt.type').replace(/"/g, '""'));
    else expect(raw).not.toContain('\u001b');
    expect(PAYLOAD).toContain('\u001b');
  });
});
