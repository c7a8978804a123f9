// Completion speed. Static words (commands, flags, fixed values) are answered by the shell from the
// generated script, without starting Node: target < 20 ms for a whole shell start plus the TAB.
// Dynamic values run `fibonacci __complete` on a cold cache (target: within its 1 s limit); on a
// warm one the script reads the names cache itself: target < 20 ms per TAB with no Node started
// (the `fibonacci` on PATH here leaves a mark when run, and the bench fails if it was).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const DYN = 'fibonacci secret delete ';

/** Per shell: the whole run (start, load the script, one TAB) and one TAB inside a running shell. */
function warmTabs(dir) {
  const loops = 50;
  const zshLoad = `compdef() { :; }; source completions/_fibonacci; words=(fibonacci secret delete '')`;
  return {
    bash: {
      whole: `bash --norc --noprofile test/integration/completion/complete.bash completions/fibonacci.bash '${DYN}'`,
      inShell: `source completions/fibonacci.bash
COMP_WORDS=(fibonacci secret delete ''); COMP_CWORD=3
s=$EPOCHREALTIME; for ((n = 0; n < ${loops}; n++)); do _fibonacci; done; e=$EPOCHREALTIME
echo "scale=4; (\${e/./} - \${s/./}) / ${loops} / 1000" | bc`,
    },
    // compadd exists only inside a completion widget: the rows time the function that replaces
    // Node (find, check and read the cache), which is what a warm TAB adds to zsh's own work.
    zsh: {
      whole: `zsh -f -c "${zshLoad}; __fibonacci_cached secret - && print -l $reply"`,
      inShell: `${zshLoad}; zmodload zsh/datetime
s=$EPOCHREALTIME; for ((n = 0; n < ${loops}; n++)); do __fibonacci_cached secret - || exit 1; done
print $(( (EPOCHREALTIME - s) * 1000 / ${loops} ))`,
    },
    fish: {
      whole: `fish --no-config -c "source completions/fibonacci.fish; complete -C '${DYN}'"`,
      inShell: `source completions/fibonacci.fish; set s (date +%s%N)
for n in (seq ${loops}); set -e __fibonacci_pos; complete -C '${DYN}' >/dev/null; end
math "($(date +%s%N) - $s) / ${loops} / 1000000"`,
    },
    // What any TAB costs fish with this script (subcommand words, no dynamic value): the floor.
    fishStatic: `source completions/fibonacci.fish; set s (date +%s%N)
for n in (seq ${loops}); set -e __fibonacci_pos; complete -C 'fibonacci secret ' >/dev/null; end
math "($(date +%s%N) - $s) / ${loops} / 1000000"`,
    mark: join(dir, 'node-ran'),
  };
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
      { name: 'zsh -f -c : (floor)', cmd: 'zsh -f -c :' },
      { name: 'fish --no-config -c : (floor)', cmd: 'fish --no-config -c :' },
    ],
    { runs: 30, warmup: 3 },
  );
  const tab = inShellMs();

  const dir = mkdtempSync(join(tmpdir(), 'fib-bench-complete-'));
  const emu = await startEmulator(join(dir, 'data'));
  const key = readFileSync(join(dir, 'data', 'owner-key'), 'utf8').trim();
  // NODE_EXTRA_CA_CERTS unset, as in the request table (Node 20 loads it before any command runs).
  const env = `-u NODE_EXTRA_CA_CERTS FIBONACCI_BASE_URL=${emu.url} FIBONACCI_CA_CERT=${join(dir, 'data', 'ca.pem')} FIBONACCI_API_KEY=${key} XDG_CACHE_HOME=${join(dir, 'cache')}`;
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
    // A warm TAB, per shell: the names cache `__complete` just wrote, and a `fibonacci` that marks.
    const tabs = warmTabs(dir);
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'fibonacci'),
      `#!/bin/sh\ntouch '${tabs.mark}'\nexec '${process.execPath}' bin/fibonacci.cjs "$@"\n`,
      {
        mode: 0o755,
      },
    );
    const shellEnv = `env ${env} HOME=${dir} PATH=${bin}:${process.env.PATH} FIB_NO_BASH_COMPLETION=1`;
    const warm = [];
    const inShell = [];
    for (const shell of ['bash', 'zsh', 'fish']) {
      const t = tabs[shell];
      execFileSync('sh', ['-c', `${shellEnv} fibonacci __complete secret >/dev/null`]);
      rmSync(tabs.mark, { force: true });
      warm.push(
        ...hyperfine(
          [
            {
              name: `${shell}: whole run, warm cache, no Node`,
              cmd: `${shellEnv} ${t.whole}`,
            },
          ],
          { runs: 30, warmup: 3 },
        ),
      );
      const exe =
        shell === 'bash'
          ? ['bash', '--norc', '--noprofile']
          : shell === 'zsh'
            ? ['zsh', '-f']
            : ['fish', '--no-config'];
      const ms = execFileSync('sh', ['-c', `${shellEnv} ${exe.join(' ')} -c "$0"`, t.inShell], {
        encoding: 'utf8',
      });
      inShell.push([`warm dynamic TAB inside a running ${shell}`, Number(ms.trim())]);
      if (shell === 'fish') {
        const floor = execFileSync('sh', ['-c', `${shellEnv} fish --no-config -c "$0"`, tabs.fishStatic], {
          encoding: 'utf8',
        });
        inShell.push(['static TAB inside a running fish (`secret <TAB>`: the floor)', Number(floor.trim())]);
      }
      if (existsSync(tabs.mark)) throw new Error(`${shell}: a warm TAB started Node`);
    }
    const coldScript = join(dir, 'cold.sh');
    writeFileSync(coldScript, `rm -rf '${join(dir, 'cache')}'\nexec ${tabs.bash.whole}\n`);
    const cold = hyperfine(
      [
        {
          name: 'bash: whole run, cold cache (the script runs __complete)',
          cmd: `${shellEnv} sh ${coldScript}`,
        },
      ],
      { runs: 10, warmup: 1 },
    );
    const rows = [...statics, ...dynamic, ...warm, ...cold].map(
      (r) => `| ${r.name} | ${fmt(r.median_ms)} | ±${fmt(r.stddev_ms)} | ${fmt(r.cpu_ms)} | ${r.runs} |`,
    );
    const loops = inShell.map(([what, ms]) => `| one ${what} (mean of 50) | ${fmt(ms)} | | | 50 |`);
    return [
      '| what | median | stddev | CPU (user + sys, mean) | runs |',
      '|---|---|---|---|---|',
      ...rows,
      `| one TAB inside a running bash (\`_fibonacci\`, mean of 200) | ${fmt(tab)} | | | 200 |`,
      ...loops,
      '',
      'Targets: static completion < 20 ms with no Node started (the rows above include starting the shell);',
      'a warm dynamic TAB < 20 ms with no Node started (the bench fails if one started); a cold one',
      'within the 1 s limit (`__complete` stops at 0.9 s; the scripts add `timeout 1`). The zsh rows',
      'time `__fibonacci_cached` (what replaces Node), since compadd needs a completion widget. On a',
      'shared host the CPU column (the shell and every program it ran) moves less than the wall clock.',
    ].join('\n');
  } finally {
    emu.child.kill('SIGTERM');
  }
}
