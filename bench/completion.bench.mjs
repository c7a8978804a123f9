// Completion speed. Static words (commands, flags, fixed values) are answered by the shell from the
// generated script, without starting Node: target < 20 ms for a whole shell start plus the TAB.
// Dynamic values run `fibonacci __complete`: target within its 1 s limit, cold or warm cache.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, hyperfine, startEmulator } from './lib.mjs';

export const title = 'Completion';

/** Milliseconds per TAB inside an already running bash (the part a user waits for). */
function inShellMs() {
  const script = `source completions/fibonacci.bash
COMP_WORDS=(fibonacci secret set --e); COMP_CWORD=3
s=$EPOCHREALTIME; for ((n = 0; n < 200; n++)); do _fibonacci; done; e=$EPOCHREALTIME
echo "scale=4; (\${e/./} - \${s/./}) / 200 / 1000" | bc`;
  return Number(execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' }).trim());
}

export async function run() {
  const line = 'fibonacci secret set --e';
  const statics = hyperfine(
    [
      { name: 'bash -c : (floor)', cmd: 'bash --norc --noprofile -c :' },
      {
        name: 'bash: source script + TAB',
        cmd: `env FIB_NO_BASH_COMPLETION=1 bash --norc --noprofile test/integration/completion/complete.bash completions/fibonacci.bash '${line}'`,
      },
      {
        name: 'bash + bash-completion + TAB',
        cmd: `bash --norc --noprofile test/integration/completion/complete.bash completions/fibonacci.bash '${line}'`,
      },
      {
        name: 'fish: source script + complete -C',
        cmd: `fish --no-config -c "source completions/fibonacci.fish; complete -C '${line}'"`,
      },
    ],
    { runs: 30, warmup: 3 },
  );
  const tab = inShellMs();

  const dir = mkdtempSync(join(tmpdir(), 'fib-bench-complete-'));
  const emu = await startEmulator(join(dir, 'data'));
  const key = readFileSync(join(dir, 'data', 'owner-key'), 'utf8').trim();
  const env = `FIBONACCI_BASE_URL=${emu.url} FIBONACCI_CA_CERT=${join(dir, 'data', 'ca.pem')} FIBONACCI_API_KEY=${key} XDG_CACHE_HOME=${join(dir, 'cache')}`;
  try {
    execFileSync('sh', [
      '-c',
      `env ${env} ${process.execPath} bin/fibonacci.cjs secret set DB_PASSWORD --value x 2>/dev/null`,
    ]);
    const cli = `env ${env} ${process.execPath} bin/fibonacci.cjs __complete secret`;
    const dynamic = hyperfine(
      [
        { name: '__complete secret, cold cache', cmd: `sh -c 'rm -rf ${join(dir, 'cache')}; ${cli}'` },
        { name: '__complete secret, warm cache', cmd: cli },
        {
          name: '__complete secret, offline (unroutable host)',
          cmd: `env ${env} FIBONACCI_BASE_URL=https://10.255.255.1:9 ${process.execPath} bin/fibonacci.cjs __complete secret`,
        },
      ],
      { runs: 10, warmup: 1 },
    );
    const rows = [...statics, ...dynamic].map(
      (r) => `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${r.runs} |`,
    );
    return [
      '| what | median | stddev | runs |',
      '|---|---|---|---|',
      ...rows,
      `| one TAB inside a running bash (\`_fibonacci\`, mean of 200) | ${fmt(tab)} | | 200 |`,
      '',
      'Targets: static completion < 20 ms with no Node started (the rows above include starting the shell);',
      'dynamic completion within the 1 s limit (`__complete` stops at 0.9 s; the scripts add `timeout 1`).',
    ].join('\n');
  } finally {
    emu.child.kill('SIGTERM');
  }
}
