#!/usr/bin/env bash
# Drive a bash completion function the way readline does: complete.bash SCRIPT LINE [AFTER]
# (LINE up to the cursor; a trailing space means "a new word"; AFTER the text after the cursor,
# starting with a blank). Prints COMPREPLY, one a line.
# With bash-completion loaded first when FIB_NO_BASH_COMPLETION is unset, as Debian's bash has it.
set -u
script=$1
line=$2
after=${3:-}
if [[ -z ${FIB_NO_BASH_COMPLETION:-} ]]; then
  # shellcheck disable=SC1091
  source /usr/share/bash-completion/bash_completion
fi
# shellcheck disable=SC1090
source "$script"
read -r -a COMP_WORDS <<<"$line"
[[ $line == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
if [[ -n $after ]]; then
  # As readline does with the cursor in the blanks between two words: no empty word, and
  # COMP_CWORD names the word after the cursor.
  read -r -a rest <<<"$after"
  [[ $line == *' ' ]] && unset 'COMP_WORDS[COMP_CWORD]'
  COMP_WORDS+=("${rest[@]}")
fi
COMP_LINE=$line$after
COMP_POINT=${#line}
COMP_TYPE=9
COMP_KEY=9
export COMP_WORDS COMP_CWORD COMP_LINE COMP_POINT
# A wrapper's completion (sudo's) is loaded on its first TAB, as bash-completion does.
complete -p "${COMP_WORDS[0]}" >/dev/null 2>&1 || __load_completion "${COMP_WORDS[0]}" 2>/dev/null
fn=$(complete -p "${COMP_WORDS[0]}" | sed -E 's/.*-F ([^ ]+) .*/\1/')
"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
printf "%s\n" "${COMPREPLY[@]}"
