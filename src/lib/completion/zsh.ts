// The zsh script: the same tables as bash, shown with descriptions through _describe. Works both
// as an autoloaded `_fibonacci` in $fpath and when sourced (`source <(fibonacci completion zsh)`).
import { caseTables, sq } from './bash.js';
import { zshCached } from './cached-scripts.js';
import { zshContext } from './context-scripts.js';
import type { CompletionModel, FlagSpec } from './model.js';

// _describe takes "word:description"; a colon inside the word must be escaped.
const described = (word: string, description: string) => `${word.replace(/:/g, '\\:')}:${description}`;

function describeFlags(flags: readonly FlagSpec[]): string[] {
  return flags.flatMap((f) => f.names.map((n) => described(n, f.description)));
}

/** Render the zsh completion script. */
export function renderZsh(model: CompletionModel): string {
  const p = model.program;
  const fn = `__${p}`;
  const t = caseTables(model, '    ');
  const subDescriptions = model.commands
    .filter((c) => c.subcommands.length > 0)
    .map(
      (c) =>
        `    ${sq(c.path)}) reply=(${c.subcommands.map((s) => sq(described(s.name, s.description))).join(' ')}) ;;`,
    );
  const flagDescriptions = model.commands.map(
    (c) => `    ${sq(c.path)}) reply=(${describeFlags(c.flags).map(sq).join(' ')}) ;;`,
  );
  return `#compdef ${p}
# zsh completion for ${p}
# Generated from the command tree (\`${p} completion zsh\`); do not edit.
# Commands, flags and fixed values are embedded below, so TAB starts no program. Values that live on
# the server come from \`${p} __complete\`, which gives up after 1 s and never prompts.

${fn}_subcommands() {
  case $1 in
${t.subs.join('\n')}
    *) REPLY='' ;;
  esac
}

${fn}_described_subcommands() {
  case $1 in
${subDescriptions.join('\n')}
    *) reply=() ;;
  esac
}

${fn}_described_flags() {
  case $1 in
${flagDescriptions.join('\n')}
    *) reply=() ;;
  esac
  reply+=(${describeFlags(model.globals).map(sq).join(' ')})
}

${fn}_flag_value() {
  case $1 in
${t.flagValues.join('\n')}
    *) REPLY='' ;;
  esac
}

${fn}_arg_value() {
  case $1 in
${t.argValues.join('\n')}
    *) REPLY='' ;;
  esac
}

${zshCached(fn)}

${zshContext(fn)}

${fn}_value() {
  local spec=$1 envword=-
  local -a values extra
  case $spec in
    choices:*) values=(\${=spec#choices:}); compadd -a values ;;
    dynamic:*)
      local -a ctx
      ${fn}_context || return 0
      [[ \${spec#dynamic:} == secret ]] || envword=-
      [[ $envword == '='* ]] && extra=(--env "\${envword#=}")
      # The file is found by the exported context alone: not when a flag chose another.
      if (( ! $#ctx )) && ${fn}_cached \${spec#dynamic:} $envword; then
        values=("\${(@)reply}")
      elif (( \${+commands[timeout]} )); then
        values=(\${(f)"$(timeout 1 $words[1] $ctx __complete \${spec#dynamic:} $extra 2>/dev/null </dev/null)"})
      else
        values=(\${(f)"$($words[1] $ctx __complete \${spec#dynamic:} $extra 2>/dev/null </dev/null)"})
      fi
      compadd -a values
      ;;
    file) _files ;;
    dir) _files -/ ;;
  esac
}

_${p}() {
  local cmdpath='' w REPLY
  local -a reply
  integer i nargs=0
  # Walk the words before the cursor: descend into subcommands, skip flags and their values.
  for (( i = 2; i < CURRENT; i++ )); do
    w=$words[i]
    case $w in
      -*=*) continue ;;
      -*) ${fn}_flag_value "$cmdpath|$w"; [[ -n $REPLY ]] && (( i++ )); continue ;;
    esac
    ${fn}_subcommands "$cmdpath"
    if (( nargs == 0 )) && [[ " $REPLY " == *" $w "* ]]; then
      cmdpath=\${cmdpath:+$cmdpath }$w
    else
      (( nargs++ ))
    fi
  done

  local flag=''
  if [[ $PREFIX == -*=* ]]; then
    flag=\${PREFIX%%=*}
    compset -P '*='
  elif [[ $words[CURRENT-1] == -* ]]; then
    flag=$words[CURRENT-1]
  fi
  if [[ -n $flag ]]; then
    ${fn}_flag_value "$cmdpath|$flag"
    if [[ -n $REPLY ]]; then ${fn}_value "$REPLY"; return; fi
  fi

  if [[ $PREFIX == -* ]]; then
    ${fn}_described_flags "$cmdpath"
    _describe -t options option reply
    return
  fi
  ${fn}_described_subcommands "$cmdpath"
  if (( $#reply && nargs == 0 )); then
    _describe -t commands command reply
    return
  fi
  ${fn}_arg_value "$cmdpath|$nargs"
  [[ -n $REPLY ]] && ${fn}_value "$REPLY"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _${p} "$@"
else
  compdef _${p} ${p}
fi
`;
}
