// The fish script: one `complete` line per word, guarded by the command path the cursor is in.
import { fishCached } from './cached-fish.js';
import { fishContext } from './context-scripts.js';
import type { CompletionModel, FlagSpec } from './model.js';
import type { ValueSource } from './values.js';

/** Single-quote a word for fish (backslash and quote are the only escapes inside quotes). */
export function fq(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function valueArgs(p: string, v: ValueSource | undefined): string {
  if (!v) return '';
  if (v.kind === 'choices') return ` -x -a ${fq(v.values.join(' '))}`;
  if (v.kind === 'dynamic') return ` -x -a ${fq(`(__${p}_dynamic ${v.name})`)}`;
  if (v.kind === 'file') return ' -r -F';
  if (v.kind === 'dir') return ` -x -a ${fq('(__fish_complete_directories)')}`;
  return ' -x';
}

function flagLine(p: string, f: FlagSpec, condition: string): string {
  const spellings = f.names
    .map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`))
    .join(' ');
  return `complete -c ${p}${condition} ${spellings} -d ${fq(f.description)}${valueArgs(p, f.value)}`;
}

/** Render the fish completion script. */
export function renderFish(model: CompletionModel): string {
  const p = model.program;
  const fn = `__${p}`;
  const subsCase: string[] = [];
  const valueCase: string[] = [];
  const lines: string[] = [];
  for (const c of model.commands) {
    const at = ` -n ${fq(`${fn}_at ${fq(c.path)}`)}`;
    if (c.subcommands.length > 0) {
      subsCase.push(
        `        case ${fq(c.path)}\n            echo ${fq(c.subcommands.map((s) => s.name).join(' '))}`,
      );
      const sub = ` -n ${fq(`${fn}_arg ${fq(c.path)} 0`)}`;
      for (const s of c.subcommands)
        lines.push(`complete -c ${p} -f${sub} -a ${fq(s.name)} -d ${fq(s.description)}`);
    }
    for (const f of c.flags) {
      lines.push(flagLine(p, f, at));
      if (f.value)
        for (const n of f.names) valueCase.push(`        case ${fq(`${c.path}|${n}`)}\n            echo 1`);
    }
    c.args.forEach((a, i) => {
      if (a.value.kind === 'none') return;
      const cond = ` -n ${fq(`${fn}_arg ${fq(c.path)} ${i}${a.variadic ? ' +' : ''}`)}`;
      const what = a.value.kind === 'file' ? ' -F' : valueArgs(p, a.value).replace(' -x', ' -f');
      lines.push(`complete -c ${p}${cond}${what}`);
    });
  }
  for (const f of model.globals) {
    lines.push(flagLine(p, f, ''));
    if (f.value) for (const n of f.names) valueCase.push(`        case ${fq(`*|${n}`)}\n            echo 1`);
  }
  return `# fish completion for ${p}
# Generated from the command tree (\`${p} completion fish\`); do not edit.
# Commands, flags and fixed values are embedded below, so TAB starts no program. Values that live on
# the server come from \`${p} __complete\`, which gives up after 1 s and never prompts.

function ${fn}_subcommands
    switch $argv[1]
${subsCase.join('\n')}
    end
end

# Prints 1 when the flag takes a value (so the next word is its value, not a command).
function ${fn}_flag_value
    switch $argv[1]
${valueCase.join('\n')}
    end
end

# Sets ${fn}_pos to the command path before the cursor and the number of positional arguments
# after it. Every \`complete\` line below asks, so the answer is kept for the line it was worked
# out for (a global, not printed: a command substitution per line was most of a TAB's time).
function ${fn}_position
    set -l line (commandline -cp)
    set -q ${fn}_pos[2]; and test "$${fn}_pos_line" = "$line"; and return
    set -l tokens (commandline -opc)
    set -l path ''
    set -l nargs 0
    set -l skip 0
    for w in $tokens[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $w
            case '-*=*'
                continue
            case '-*'
                test -n "$(${fn}_flag_value "$path|$w")"; and set skip 1
                continue
        end
        if test $nargs -eq 0; and contains -- $w (string split ' ' -- (${fn}_subcommands $path))
            set path (string trim -- "$path $w")
        else
            set nargs (math $nargs + 1)
        end
    end
    set -g ${fn}_pos_line $line
    set -g ${fn}_pos $path $nargs
end

function ${fn}_at
    ${fn}_position
    test "$${fn}_pos[1]" = "$argv[1]"
end

# ${fn}_arg PATH INDEX [+]: the cursor is on positional argument INDEX (or later, with +) of PATH.
function ${fn}_arg
    ${fn}_position
    test "$${fn}_pos[1]" = "$argv[1]"; or return 1
    if test "$argv[3]" = +
        test $${fn}_pos[2] -ge $argv[2]
    else
        test $${fn}_pos[2] -eq $argv[2]
    end
end

${fishCached(fn)}

${fishContext(fn)}

# Server-side values: one a line from the cache above or from \`${p} __complete KIND\`, at most
# 1 s, nothing when offline.
function ${fn}_dynamic
    # fish asks every applicable list, the arguments' too when a flag is being typed: no values then.
    string match -q -- '-*' (commandline -ct); and return 0
    ${fn}_context; or return 0
    set -l envword -
    test "$argv[1]" = secret; and set envword $${fn}_envword
    set -l extra
    string match -q -- '=*' $envword; and set extra --env (string sub -s 2 -- $envword)
    # The file is found by the exported context alone: not when a flag chose another.
    if not set -q ${fn}_ctx[1]
        ${fn}_cached $argv[1] $envword; and return 0
    end
    if command -q timeout
        timeout 1 $${fn}_cmd $${fn}_ctx __complete $argv[1] $extra 2>/dev/null </dev/null
    else
        $${fn}_cmd $${fn}_ctx __complete $argv[1] $extra 2>/dev/null </dev/null
    end
end

complete -c ${p} -e
complete -c ${p} -f
${lines.join('\n')}
`;
}
