// The fish script: one `complete` line per word, guarded by the command path the cursor is in,
// which one function works out once per TAB.
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
  const subWords: string[] = [];
  const valueFlags: string[] = [];
  const lines: string[] = [];
  // Every line's first condition is the same string: fish tests it once per TAB (its condition
  // cache) and before the line's own, which reads the globals it set with one builtin, no function.
  const parse = ` -n ${fq(`${fn}_parse`)}`;
  for (const c of model.commands) {
    const at = `${parse} -n ${fq(`test "$${fn}_pos[1]" = ${fq(c.path)}`)}`;
    if (c.subcommands.length > 0) {
      const sub = `${parse} -n ${fq(`test "$${fn}_pos[1]" = ${fq(c.path)} -a "$${fn}_pos[2]" -eq 0`)}`;
      for (const s of c.subcommands) {
        subWords.push(fq(`${c.path}|${s.name}`));
        lines.push(`complete -c ${p} -f${sub} -a ${fq(s.name)} -d ${fq(s.description)}`);
      }
    }
    for (const f of c.flags) {
      lines.push(flagLine(p, f, at));
      if (f.value) for (const n of f.names) valueFlags.push(fq(`${c.path}|${n}`));
    }
    c.args.forEach((a, i) => {
      if (a.value.kind === 'none') return;
      const n = `"$${fn}_pos[2]" ${a.variadic ? '-ge' : '-eq'} ${i}`;
      const cond = `${parse} -n ${fq(`test "$${fn}_pos[1]" = ${fq(c.path)} -a ${n}`)}`;
      const what = a.value.kind === 'file' ? ' -F' : valueArgs(p, a.value).replace(' -x', ' -f');
      lines.push(`complete -c ${p}${cond}${what}`);
    });
  }
  for (const f of model.globals) {
    lines.push(flagLine(p, f, ''));
    if (f.value) for (const n of f.names) valueFlags.push(fq(`*|${n}`));
  }
  // An empty list would leave `case` bare; '' never matches a word with a `|` in it.
  const cases = (words: string[]) => (words.length > 0 ? words.join(' ') : "''");
  return `# fish completion for ${p}
# Generated from the command tree (\`${p} completion fish\`); do not edit.
# Commands, flags and fixed values are embedded below, so TAB starts no program. Values that live on
# the server come from \`${p} __complete\`, which gives up after 1 s and never prompts.

# Sets ${fn}_pos to the command path before the cursor and the number of positional arguments
# after it; always true. The first condition of every line below: fish runs it once per TAB, and
# the lines compare the globals with \`test\` (a function call and a command substitution per line
# were most of a TAB's time). Only builtins and one command substitution here.
function ${fn}_parse
    set -l path ''
    set -l args
    set -l skip 0
    for w in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case '-*=*'
                continue
            case '-*'
                # A flag that takes a value: the next word is its value, not a command.
                switch "$path|$w"
                    case ${cases(valueFlags)}
                        set skip 1
                end
                continue
        end
        if not set -q args[1]
            switch "$path|$w"
                case ${cases(subWords)}
                    if test -n "$path"
                        set path "$path $w"
                    else
                        set path $w
                    end
                    continue
            end
        end
        set -a args $w
    end
    set -g ${fn}_pos $path (count $args)
    return 0
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
