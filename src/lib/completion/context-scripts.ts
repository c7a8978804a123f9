// The context a command line gives its command, read by the scripts so that `__complete` answers
// for the API and key the command will run with, not the shell's exported one.
// - The global flags that choose the API or the TLS identity (CONTEXT_FLAGS) are forwarded to
//   `__complete` as words of their own, `--flag=value`, never evaluated. A value with anything but
//   plain URL and path characters (a quote, `$`, `~`, a glob…) would mean something else once the
//   shell expands it on Enter, so then TAB offers nothing rather than guess.
// - Assignments in front of the command (`FIBONACCI_BASE_URL=… fibonacci …`): fish applies them,
//   exported, while it completes, and leaves them out of `commandline -o`: the hash and Node see them.
//   zsh keeps them out of $words and the environment but has them in $LBUFFER: one that assigns a
//   CONTEXT_VARS variable makes TAB offer nothing. bash shows a completion function neither
//   (COMP_WORDS and COMP_LINE start at the command): docs/architecture.md says so.
// - A wrapper in front (`env VAR=… fibonacci`, `env -i`, `env -u VAR`, `nice env …`, `sudo`): fish
//   completes the rest through another command's completion (`complete -C` on the words from
//   fibonacci on), with none of the wrapper's assignments or options applied and the words before
//   gone from `commandline`: the context is unknown, so TAB offers nothing there. zsh has the words
//   in $LBUFFER: only plain wrappers (WRAPPERS) and assignments of other variables are let through.
//   bash reaches the script through sudo's completion with the line from fibonacci on: its FUNCNAME
//   names the wrapper's function, and then TAB offers nothing.
// - The --env word, as `--env NAME` or `--env=NAME` (the last one wins, as in the CLI).
import { CONTEXT_FLAGS, CONTEXT_VARS } from './values.js';

/** What a forwarded value may hold: the characters of a URL or a path that no shell expands. */
const PLAIN = '^[A-Za-z0-9_./:@%+,=-]*$';
const WITH_VALUE = [...CONTEXT_FLAGS, '--env'];
/** Words in front of the command that leave its environment as it is (no option: `env -i` clears it). */
const WRAPPERS = ['env', 'command', 'builtin', 'exec', 'nice', 'nohup', 'time', 'noglob', 'nocorrect'];

/** `FN_context` for bash: sets the caller's `ctx` (flags for Node) and `envword`; 1 = offer nothing. */
export function bashContext(fn: string): string {
  return `# The words before the cursor split at blanks only (COMP_WORDS also splits at = and :, which a
# URL holds, unless bash-completion put them back): the context flags and the --env word.
${fn}_context() {
  local -a lw
  local i n w v flag
  ctx=() envword=-
  # Reached through the completion of a command that runs it as another user or with a reset
  # environment (sudo, doas, su, runuser, pkexec): the context here is not the command's.
  for w in "\${FUNCNAME[@]:1}"; do
    case $w in _sudo | _doas | _su | _runuser | _pkexec | _comp_cmd_sudo | _comp_cmd_doas | _comp_cmd_su | _comp_cmd_runuser | _comp_cmd_pkexec) return 1 ;; esac
  done
  local -a rest
  read -r -a lw <<<"\${COMP_LINE:0:COMP_POINT}"
  n=\${#lw[@]}
  [[ \${COMP_LINE:0:COMP_POINT} == *[[:blank:]] ]] || ((n--))
  # The words after the cursor count too (a flag typed later on the line applies to the command),
  # without the rest of the word the cursor is in, which stands as an empty word.
  read -r -a rest <<<"\${COMP_LINE:COMP_POINT}"
  [[ -z \${COMP_LINE:COMP_POINT:1} || \${COMP_LINE:COMP_POINT:1} == [[:blank:]] ]] || rest=("\${rest[@]:1}")
  lw=("\${lw[@]:0:n}" '' "\${rest[@]}")
  n=\${#lw[@]}
  for ((i = 1; i < n; i++)); do
    w=\${lw[i]} v=''
    case $w in
      ${WITH_VALUE.join(' | ')})
        flag=$w
        ((++i < n)) && v=\${lw[i]}
        ;;
      ${WITH_VALUE.map((f) => `${f}=*`).join(' | ')}) flag=\${w%%=*} v=\${w#*=} ;;
      *) continue ;;
    esac
    [[ $v =~ ${PLAIN} ]] || return 1
    if [[ $flag == --env ]]; then envword="=$v"; else ctx+=("$flag=$v"); fi
  done
  return 0
}`;
}

/** `FN_context` for zsh: sets the caller's `ctx` and `envword`; status 1 = offer nothing. */
export function zshContext(fn: string): string {
  return `# The context flags and the --env word from $words; an assignment of a context variable in front
# of the command (zsh completes without it) from $LBUFFER, zsh's own split of it, never evaluated.
${fn}_context() {
  local w v flag MATCH MBEGIN MEND
  local -a match mbegin mend
  integer i
  ctx=() envword=-
  for w in \${(z)LBUFFER}; do
    case $w in (${CONTEXT_VARS.map((n) => `${n}=*`).join('|')}) return 1 ;; esac
  done
  # The words in front of the command: plain wrappers and other assignments only, else nothing.
  for w in \${(z)LBUFFER}; do
    [[ $w == $words[1] ]] && break
    case $w in
      (${WRAPPERS.join('|')}) ;;
      ([A-Za-z_]*=*) ;;
      (*) return 1 ;;
    esac
  done
  # Every word of the line but the one being completed: a flag after the cursor applies too.
  for (( i = 2; i <= $#words; i++ )); do
    (( i == CURRENT )) && continue
    w=$words[i] v=''
    case $w in
      (${WITH_VALUE.join('|')})
        flag=$w
        (( ++i <= $#words && i != CURRENT )) && v=$words[i]
        ;;
      (${WITH_VALUE.map((f) => `${f}=*`).join('|')}) flag=\${w%%=*} v=\${w#*=} ;;
      (*) continue ;;
    esac
    [[ $v =~ '${PLAIN}' ]] || return 1
    if [[ $flag == --env ]]; then envword="=$v"; else ctx+=("$flag=$v"); fi
  done
  return 0
}`;
}

/**
 * `FN_context` for fish: sets the globals FN_cmd (the command word), FN_ctx and FN_envword;
 * status 1 = offer nothing.
 */
export function fishContext(fn: string): string {
  return `# The command word, the context flags and the --env word, from fish's own tokens of the line
# (without the assignments in front, which fish has applied for this TAB).
function ${fn}_context
    set -g ${fn}_ctx
    set -g ${fn}_envword -
    # Completed through another command's completion (a wrapper: env, nice, command, sudo…): its
    # assignments and options are not applied here and its words are gone: offer nothing. TAB on
    # our own line runs ${fn}_dynamic in one command substitution (complete's -a); a wrapper's
    # \`complete -C\` adds more above it. Not found in the trace: nothing either.
    set -l seen 0
    set -l outer
    for l in (status stack-trace)
        string match -q -- "in function '${fn}_dynamic'*" $l; and set seen 1
        test $seen = 1; and test "$l" = 'in command substitution'; and set -a outer x
    end
    test $seen = 1; and not set -q outer[2]; or return 1
    # Few command substitutions (each costs a pipe and a thread): no \`math\`, no \`count\` per word.
    set -l tokens (commandline -opc)
    # The tokens after the cursor count too (a flag typed later applies to the command), without
    # the one being completed, which stands as an empty token.
    set -l after (commandline -op)
    set -l before (count $tokens)
    set -q after[1]; and set -e after[1..$before]
    set -q after[1]; and test -n "$(commandline -ct)"; and set -e after[1]
    set -g ${fn}_cmd $tokens[1]
    set -l flag
    for w in $tokens[2..-1] '' $after
        set -l v
        if set -q flag[1]
            set v $w
        else
            switch $w
                case ${WITH_VALUE.join(' ')}
                    set flag $w
                    continue
                case ${WITH_VALUE.map((f) => `'${f}=*'`).join(' ')}
                    string match -qr '^(?<flag>[^=]*)=(?<v>.*)$' -- $w
                case '*'
                    continue
            end
        end
        ${fn}_context_value $flag "$v"; or return 1
        set flag
    end
    # A flag last on the line, its value not typed yet: an empty one.
    if set -q flag[1]
        ${fn}_context_value $flag ''; or return 1
    end
    return 0
end

# ${fn}_context_value FLAG VALUE: keeps a plain value for __complete; status 1 = offer nothing.
function ${fn}_context_value
    string match -qr '${PLAIN}' -- "$argv[2]"; or return 1
    if test $argv[1] = --env
        set -g ${fn}_envword "=$argv[2]"
    else
        set -a ${fn}_ctx "$argv[1]=$argv[2]"
    end
    return 0
end`;
}
