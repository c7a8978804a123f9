// bin/fibonacci.cjs prints every command's help and the completion scripts from dist/cli.static
// without loading the bundle. What a user sees must not change: each output is compared, byte for
// byte with its exit code and stderr, with the full CLI of the same build (a copy of bin/ and the
// bundle without the table), through pipes, on real terminals of several widths, under the
// variables that could matter, and when stdout fails. A table from another build is never used.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { visibleTree } from '../../../src/lib/completion/help.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram } from '../../../src/program.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { HAVE_PTY } from '../../helpers/pty.js';
import { CLI_BIN, REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TABLE = join(REPO_ROOT, 'dist', 'cli.static');

interface Index {
  build: string;
  entries: Record<string, Array<[number, number, number, number]>>;
}

function readTable(file = TABLE): { index: Index; size: number; bytes: Buffer } {
  const bytes = readFileSync(file);
  const size = Number(bytes.subarray(0, 16).toString('latin1'));
  return { index: JSON.parse(bytes.subarray(16, 16 + size).toString('utf8')), size, bytes };
}

/** A copy of bin/ and dist/ in `dir`; `table` false: without dist/cli.static (the full CLI). */
function copyCli(dir: string, table: boolean): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  copyFileSync(CLI_BIN, join(dir, 'bin', 'fibonacci.cjs'));
  const files = ['cli.cjs', 'cli.cjs.map', 'cli.cjs.cache', 'cli.cjs.request.cache'];
  for (const f of [...files, ...(table ? ['cli.static'] : [])])
    if (existsSync(join(REPO_ROOT, 'dist', f)))
      copyFileSync(join(REPO_ROOT, 'dist', f), join(dir, 'dist', f));
  return join(dir, 'bin', 'fibonacci.cjs');
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(bin: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, ['--', bin, ...args], { env: cleanEnv(env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `node -- bin …args` through a shell line (redirections, ulimit), its stdout/stderr as the line sets them. */
function shell(line: string, bin: string, args: string[], env: Record<string, string> = {}): Run {
  const quoted = [process.execPath, '--', bin, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('bash', ['-c', line.replace('CLI', quoted)], { env: cleanEnv(env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `bin …args` on a real terminal `cols` wide (script(1)): every byte it showed, and the exit code. */
function onTerminal(bin: string, args: string[], cols: number): Promise<Run> {
  const command = [process.execPath, '--', bin, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', `stty cols ${cols} rows 40 2>/dev/null; ${command}`, '/dev/null'], {
    env: cleanEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdout: Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n'), stderr: '' }),
    );
  });
}

let full: string;
let index: Index;
beforeAll(() => {
  full = copyCli(tempDir('fib-full-cli-'), false);
  index = readTable().index;
});

describe('the static outputs (dist/cli.static)', () => {
  it('cover every help form of every visible command, the help topics and every shell', () => {
    const program = buildProgram({ io: new FakeIO(), env: {} });
    const paths = [[], ...visibleTree(program).map((c) => c.path)];
    const forms = paths.flatMap((p) => [
      [...p, '--help'],
      [...p, '-h'],
      ['help', ...p],
    ]);
    forms.push(['help', 'exit-codes'], ['help', 'environment']);
    for (const shell of ['bash', 'zsh', 'fish', 'powershell']) forms.push(['completion', shell]);
    expect(Object.keys(index.entries).sort()).toEqual(forms.map((f) => f.join('\0')).sort());
  });

  it('print what the full CLI prints, for every form in the table (through a pipe)', () => {
    const diffs: string[] = [];
    for (const key of Object.keys(index.entries)) {
      const args = key.split('\0');
      const fast = runBin(CLI_BIN, args);
      const slow = runBin(full, args);
      if (JSON.stringify(fast) !== JSON.stringify(slow)) diffs.push(args.join(' '));
      else if (slow.code !== 0 || slow.stdout === '' || slow.stderr !== '')
        diffs.push(`${args.join(' ')}: ${slow.code}`);
    }
    expect(diffs).toEqual([]);
  }, 300_000);

  it('print what the full CLI prints under NO_COLOR, FORCE_COLOR, another locale and FIBONACCI_* variables', () => {
    const envs: Array<Record<string, string>> = [
      { NO_COLOR: '1' },
      { FORCE_COLOR: '3', TERM: 'xterm-256color', COLORTERM: 'truecolor' },
      { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      {
        FIBONACCI_API_KEY: 'fib_test_not_a_key',
        FIBONACCI_BASE_URL: 'https://127.0.0.1:1',
        FIBONACCI_NO_INPUT: '1',
      },
      { FIBONACCI_DEBUG: '1' },
      { COLUMNS: '40' },
    ];
    for (const env of envs)
      for (const args of [['--help'], ['secret', 'set', '--help'], ['completion', 'bash']])
        expect({ env, args, run: runBin(CLI_BIN, args, env) }).toEqual({
          env,
          args,
          run: runBin(full, args, env),
        });
  }, 120_000);

  it('leave every other argv to the full CLI: an unknown extra flag or word is still a usage error, exit 2', () => {
    const other = [
      ['completion', 'bash', '--bogus'],
      ['completion', 'bash', 'extra'],
      ['help', 'secret', '--bogus'],
      ['--help', '--bogus'],
      ['secret', '--help', '--no-color'],
      ['--debug', '--help'],
      ['help', 'nope'],
    ];
    for (const args of other)
      expect({ args, fast: runBin(CLI_BIN, args) }).toEqual({ args, fast: runBin(full, args) });
    for (const args of other.slice(0, 3)) {
      const r = runBin(CLI_BIN, args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^error: .*\nhint: .*\n$/);
    }
  }, 60_000);

  describe.skipIf(!HAVE_PTY)('on a terminal', () => {
    it.each([30, 40, 64, 80, 97, 132, 250])(
      'print the full CLI’s help at %i columns',
      async (cols) => {
        for (const args of [['--help'], ['secret', 'set', '--help'], ['emulator', 'add-user', '--help']]) {
          const fast = await onTerminal(CLI_BIN, args, cols);
          expect({ args, fast }).toEqual({ args, fast: await onTerminal(full, args, cols) });
          expect(fast.code).toBe(0);
        }
      },
      60_000,
    );
  });

  it('fail on stdout as the full CLI does: /dev/full (exit 1, one error), a closed pipe (exit 0, silent)', () => {
    for (const args of [['--help'], ['completion', 'bash']]) {
      const fast = shell('CLI > /dev/full', CLI_BIN, args);
      expect(fast).toEqual(shell('CLI > /dev/full', full, args));
      expect(fast.code).toBe(1);
      expect(fast.stderr).toMatch(/^error: cannot write to standard output: .*ENOSPC.*\nhint: .*\n$/);
      const closed = 'set -o pipefail; CLI | (exec 0<&-; sleep 0.2)';
      expect(shell(closed, CLI_BIN, args)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(shell(closed, full, args)).toEqual({ code: 0, stdout: '', stderr: '' });
    }
  });

  it('say so when stdout fails after a part was written (file size limit): exit 1, never a silent cut', () => {
    const r = shell('trap \'\' XFSZ; ulimit -f 1; CLI > "$HOME/out"; echo "exit $?" >&2', CLI_BIN, [
      'completion',
      'bash',
    ]);
    expect(r.stderr).toMatch(/^error: cannot write to standard output: .*EFBIG.*\nhint: .*\nexit 1\n$/);
  });
});

describe('a table from another build', () => {
  /** A copy whose table says USAGE where the help says Usage: which one printed shows. */
  function marked(id?: string): string {
    const dir = tempDir('fib-static-');
    const bin = copyCli(dir, true);
    const { bytes, size } = readTable(join(dir, 'dist', 'cli.static'));
    const head = bytes.subarray(0, 17 + size);
    const texts = Buffer.from(
      bytes
        .subarray(17 + size)
        .toString('utf8')
        .replaceAll('Usage:', 'USAGE:'),
    );
    writeFileSync(join(dir, 'dist', 'cli.static'), Buffer.concat([head, texts]));
    if (id !== undefined) {
      const bundle = join(dir, 'dist', 'cli.cjs');
      writeFileSync(
        bundle,
        readFileSync(bundle, 'utf8').replace(/\/\/ build [0-9a-f-]{36}\n/, `// build ${id}\n`),
      );
    }
    return bin;
  }

  it('is what bin/ prints when it is this build’s (through a pipe and on a terminal)', async () => {
    const bin = marked();
    expect(runBin(bin, ['--help']).stdout).toMatch(/^USAGE: fibonacci/);
    if (HAVE_PTY)
      expect((await onTerminal(bin, ['secret', '--help'], 100)).stdout).toMatch(/^USAGE: fibonacci secret/);
  });

  it('is never used when others may write it, nor when it is not a regular file (a FIFO: no wait)', () => {
    const bin = marked();
    const table = join(dirname(dirname(bin)), 'dist', 'cli.static');
    for (const mode of [0o666, 0o664]) {
      chmodSync(table, mode);
      const r = runBin(bin, ['--help']);
      expect(r).toEqual(runBin(full, ['--help']));
      expect(r.stdout).toMatch(/^Usage: fibonacci/);
    }
    rmSync(table);
    execFileSync('mkfifo', [table]);
    const r = spawnSync(process.execPath, ['--', bin, '--help'], {
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect([r.status, r.stdout]).toEqual([0, runBin(full, ['--help']).stdout]);
  });

  it('is never used beside another bundle, even one of the same length', () => {
    const bin = marked('00000000-0000-0000-0000-000000000000');
    const r = runBin(bin, ['--help']);
    expect(r).toEqual(runBin(full, ['--help']));
    expect(r.stdout).toMatch(/^Usage: fibonacci/);
  });
});
