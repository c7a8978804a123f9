#!/usr/bin/env zsh
# Capture what zsh would offer on TAB: capture.zsh COMPLETIONS_DIR LINE. Runs an interactive zsh in a
# pseudo-terminal (zpty) [AFTER: text after the cursor], loads compinit with COMPLETIONS_DIR first in $fpath, replaces compadd with
# a wrapper that prints each match, then types LINE and TAB. Prints the matches, one a line.
zmodload zsh/zpty || { print -u2 'zsh/zpty missing'; exit 2 }
dir=$1 line=$2 after=${3:-}
out=$(mktemp)
zpty z zsh -f -i
zpty -w z "PROMPT= ; fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z "compadd () { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return; fi; local -a __hits; builtin compadd -A __hits \"\$@\"; print -rl -- \$__hits >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -w z "_capture_done () { print -r -- __DONE__ >> ${(q)out} }; comppostfuncs=(_capture_done)"
zpty -w z "bindkey '^I' complete-word; echo __READY__"
zpty -r -m z ready '*__READY__*' || { print -u2 'zsh did not start'; exit 2 }
# The text after the cursor is typed too, then the cursor moved back over it (^B, emacs keys).
back=''
repeat ${#after} back+=$'\x02'
zpty -w -n z "$line$after$back"$'\t'
for i in {1..100}; do
  grep -q '^__DONE__$' $out 2>/dev/null && break
  sleep 0.05
done
zpty -d z
grep -v '^__DONE__$' $out | sort -u
rm -f $out
