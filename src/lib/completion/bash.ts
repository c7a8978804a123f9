// The bash script. Every static word is in `case` tables, so TAB runs no program; only server-side
// values run `fibonacci __complete KIND`, under `timeout 1`.

import { bashCached } from './cached-scripts.js';
import { bashContext } from './context-scripts.js';
import type { CompletionModel, FlagSpec } from './model.js';
import type { ValueSource } from './values.js';

/** Single-quote a word for bash (and zsh, which shares the syntax). */
export function sq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A value source as the one-word spec the runtime functions read: choices:a b, dynamic:env, file. */
export function valueSpec(v: ValueSource): string {
  if (v.kind === 'choices') return `choices:${v.values.join(' ')}`;
  if (v.kind === 'dynamic') return `dynamic:${v.name}`;
  return v.kind;
}

const names = (flags: readonly FlagSpec[]) => flags.flatMap((f) => f.names).join(' ');

export interface CaseTables {
  subs: string[];
  flags: string[];
  flagValues: string[];
  argValues: string[];
}

/** `case` arms shared by bash and zsh: subcommands, flags, flag values, argument values by path. */
export function caseTables(model: CompletionModel, indent = '    '): CaseTables {
  const subs: string[] = [];
  const flags: string[] = [];
  const flagValues: string[] = [];
  const argValues: string[] = [];
  for (const c of model.commands) {
    if (c.subcommands.length > 0)
      subs.push(`${indent}${sq(c.path)}) REPLY=${sq(c.subcommands.map((s) => s.name).join(' '))} ;;`);
    flags.push(`${indent}${sq(c.path)}) REPLY=${sq(names(c.flags))} ;;`);
    for (const f of c.flags) {
      if (!f.value) continue;
      for (const n of f.names)
        flagValues.push(`${indent}${sq(`${c.path}|${n}`)}) REPLY=${sq(valueSpec(f.value))} ;;`);
    }
    c.args.forEach((a, i) => {
      if (a.value.kind === 'none') return;
      const key = a.variadic ? `${sq(`${c.path}|`)}*` : sq(`${c.path}|${i}`);
      argValues.push(`${indent}${key}) REPLY=${sq(valueSpec(a.value))} ;;`);
    });
  }
  for (const f of model.globals) {
    if (!f.value) continue;
    for (const n of f.names) flagValues.push(`${indent}*${sq(`|${n}`)}) REPLY=${sq(valueSpec(f.value))} ;;`);
  }
  return { subs, flags, flagValues, argValues };
}

/** Render the bash completion script. */
export function renderBash(model: CompletionModel): string {
  const p = model.program;
  const t = caseTables(model);
  const fn = `__${p}`;
  return `# bash completion for ${p}                                  -*- shell-script -*-
# Generated from the command tree (\`${p} completion bash\`); do not edit.
# Commands, flags and fixed values are embedded below, so TAB starts no program. Values that live on
# the server (secret names, environments, key ids, workflow names) come from \`${p} __complete\`,
# which gives up after 1 s and never prompts.

${fn}_subcommands() {
  case $1 in
${t.subs.join('\n')}
    *) REPLY='' ;;
  esac
}

${fn}_flags() {
  case $1 in
${t.flags.join('\n')}
    *) REPLY='' ;;
  esac
  REPLY="$REPLY ${names(model.globals)}"
}

# "PATH|FLAG" -> how its value completes; empty for a flag without a value.
${fn}_flag_value() {
  case $1 in
${t.flagValues.join('\n')}
    *) REPLY='' ;;
  esac
}

# "PATH|INDEX" -> how the positional argument at INDEX completes.
${fn}_arg_value() {
  case $1 in
${t.argValues.join('\n')}
    *) REPLY='' ;;
  esac
}

# Server-side values: one a line from \`${p} __complete KIND ENVWORD CONTEXT-FLAGS…\`, at most 1 s,
# nothing when offline. The flags go before \`__complete\`, as words of their own.
${fn}_dynamic() {
  local -a extra=()
  [[ $2 == =* ]] && extra=(--env "\${2#=}")
  if command -v timeout >/dev/null 2>&1; then
    timeout 1 "\${words[0]}" "\${@:3}" __complete "$1" "\${extra[@]}" 2>/dev/null </dev/null
  else
    "\${words[0]}" "\${@:3}" __complete "$1" "\${extra[@]}" 2>/dev/null </dev/null
  fi
}

${bashContext(fn)}

${bashCached(fn)}
# COMPREPLY = the words of $1 (separated by spaces or newlines) that start with $2, compared as
# plain strings and offered quoted (printf %q leaves a real name as it is). Never \`compgen -W\`: it
# expands $(…), \`…\` and $var inside each word, and some words come from a server.
${fn}_words() {
  local -a list=()
  local w q
  IFS=$' \\n' read -r -d '' -a list <<<"$1" || true
  COMPREPLY=()
  for w in "\${list[@]}"; do
    if [[ $w == "$2"* ]]; then
      printf -v q %q "$w"
      COMPREPLY+=("$q")
    fi
  done
  return 0
}

${fn}_value() {
  local spec=$1 cur=$2
  case $spec in
    choices:*) ${fn}_words "\${spec#choices:}" "$cur" ;;
    dynamic:*)
      local values kind=\${spec#dynamic:} envword
      local -a ctx
      ${fn}_context || return 0
      [[ $kind == secret ]] || envword=-
      # The file is found by the exported context alone: not when a flag chose another.
      if ((\${#ctx[@]} == 0)) && ${fn}_cached "$kind" "$envword"; then
        values=$REPLY
      else
        values=$(${fn}_dynamic "$kind" "$envword" "\${ctx[@]}")
      fi
      ${fn}_words "$values" "$cur"
      ;;
    file | dir)
      if declare -F _filedir >/dev/null 2>&1; then
        if [[ $spec == dir ]]; then _filedir -d; else _filedir; fi
      else
        mapfile -t COMPREPLY < <(compgen "-\${spec:0:1}" -- "$cur")
      fi
      ;;
  esac
}

_${p}() {
  local cur prev words cword split=false
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -s -n : || return
  else
    words=("\${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=\${COMP_WORDS[COMP_CWORD]}
    prev=\${COMP_WORDS[COMP_CWORD - 1]}
    if [[ $prev == = && $cword -gt 1 ]]; then
      prev=\${COMP_WORDS[COMP_CWORD - 2]}
      split=true
    fi
  fi
  COMPREPLY=()

  # Walk the words before the cursor: descend into subcommands, skip flags and their values.
  local path='' nargs=0 i w REPLY
  for ((i = 1; i < cword; i++)); do
    w=\${words[i]}
    case $w in
      -*=* | =) continue ;;
      -*)
        ${fn}_flag_value "$path|$w"
        [[ -n $REPLY ]] && ((i++))
        continue
        ;;
    esac
    ${fn}_subcommands "$path"
    if [[ $nargs -eq 0 && " $REPLY " == *" $w "* ]]; then
      path=\${path:+$path }$w
    else
      ((nargs++))
    fi
  done

  # The value of a flag: "--flag VALUE" or "--flag=VALUE".
  if [[ $prev == -* ]]; then
    ${fn}_flag_value "$path|$prev"
    if [[ -n $REPLY ]]; then
      ${fn}_value "$REPLY" "$cur"
      # bash-completion's helper; without that package it is missing, and its 127 would be the
      # function's status, which makes bash drop the candidates.
      __ltrim_colon_completions "$cur" 2>/dev/null || true
      return 0
    fi
  fi
  [[ $split == true ]] && return

  if [[ $cur == -* ]]; then
    ${fn}_flags "$path"
    ${fn}_words "$REPLY" "$cur"
    return
  fi
  ${fn}_subcommands "$path"
  if [[ -n $REPLY && $nargs -eq 0 ]]; then
    ${fn}_words "$REPLY" "$cur"
    return
  fi
  ${fn}_arg_value "$path|$nargs"
  [[ -n $REPLY ]] && ${fn}_value "$REPLY" "$cur"
  __ltrim_colon_completions "$cur" 2>/dev/null || true
  return 0
}

complete -F _${p} ${p}
`;
}
