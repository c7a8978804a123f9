// The shell side of the names cache (shell-cache.ts is Node's): find this context's file by the same
// hash, believe it only as Node would, only while it is fresh and config.json is still the one it
// was resolved against. Any doubt is status 1, and `__complete` answers as before (and writes the
// file). The key reaches sha256sum only through a pipe from the builtin printf: never argv, never a
// file. Trust: no link; a file of this user that others may neither read nor write; directories of
// this user or root that others may not write (a sticky one aside), each one up to /, by name and by
// real path; no bigger than Node writes one (CACHE_MAX_BYTES). One `stat`
// (GNU; another prints nothing, so TAB asks Node) says it all, each line tagged with its path.
import { CACHE_HASH_TAG, CACHE_MAX_BYTES, CACHE_TTL_SECONDS, CONTEXT_FLAGS, CONTEXT_VARS } from './values.js';

export const VARS = CONTEXT_VARS.join(' ');
export const STAT = `stat -L -c '%u %A %i:%s:%.9Z %n' --`;
export const HEADER = `^fibonacci-completion 1 ([0-9]+) (.+)$`;
const FILE_MODE = '-???------';
const DIR_OPEN = ['d????w????', 'd???????w?'];
const DIR_STICKY = 'd????????[tT]';

/** `FN_cached KIND ENVWORD` for bash: REPLY = the cached names, space-separated. */
export function bashCached(fn: string): string {
  const flags = CONTEXT_FLAGS.map((f) => `${f} | ${f}=*`).join(' | ');
  return `# Names cached by \`__complete\` for this context, read without starting Node (one sha256sum,
# one stat). Status 1 when there is none this shell can vouch for: then Node answers.
${fn}_cached() {
  # The key passes through printf below: no xtrace of it (\`local -\` restores the options after).
  local -
  set +x
  local kind=$1 envword=$2 IFS=$' \\t\\n' n w id root cfg cred f d out now i uid mode size cs=none ks=none
  local -a chain st lines
  for w in "\${words[@]}"; do
    case $w in ${flags}) return 1 ;; esac
  done
  # A relative XDG directory is ignored (the XDG spec), as Node ignores it; a relative HOME: Node.
  root=\${XDG_CACHE_HOME:-}
  [[ $root == /* ]] || root=\${HOME:-}/.cache
  cfg=\${XDG_CONFIG_HOME:-}
  [[ $cfg == /* ]] || cfg=\${HOME:-}/.config
  [[ $root == /* && $cfg == /* ]] || return 1
  root=$root/fibonacci/completion/sh
  cred=$cfg/fibonacci/credentials-changed
  cfg=$cfg/fibonacci/config.json
  id=$(
    {
      printf '%s\\0' ${CACHE_HASH_TAG}
      for n in ${VARS}; do
        if [[ -v $n && \${!n@a} == *x* ]]; then printf '=%s\\0' "\${!n}"; else printf '%s\\0' -; fi
      done
      printf '%s\\0%s\\0' "$kind" "$envword"
    } | sha256sum 2>/dev/null
  ) || return 1
  f=$root/\${id%% *}
  [[ -f $f && ! -L $f && ! -L $root && ! -L \${root%/*} ]] || return 1
  # Every directory by name, then by its real path (a link may lead under another user's).
  w=$(builtin cd -P -- "$root" 2>/dev/null && builtin pwd -P) || return 1
  chain=("$f")
  d=$root
  while [[ -n $d ]]; do
    chain+=("$d")
    d=\${d%/*}
  done
  d=$w
  [[ $d == "$root" ]] && d=''
  while [[ -n $d ]]; do
    chain+=("$d")
    d=\${d%/*}
  done
  chain+=(/)
  out=$(${STAT} "\${chain[@]}" "$cfg" "$cred" 2>/dev/null)
  mapfile -t st <<<"$out"
  for ((i = 0; i < \${#st[@]}; i++)); do
    w=\${st[i]}
    uid=\${w%% *} w=\${w#* } mode=\${w%% *} w=\${w#* }
    if ((i >= \${#chain[@]})); then
      [[ \${w#* } == "$cfg" ]] && cs=\${w%% *}
      [[ \${w#* } == "$cred" ]] && ks=\${w%% *}
      continue
    fi
    [[ \${w#* } == "\${chain[i]}" ]] || return 1
    if ((i == 0)); then
      [[ $uid == "$EUID" && $mode == ${FILE_MODE} ]] || return 1
      # No bigger than Node writes one (its read would cost seconds): by the size, before reading.
      size=\${w#*:} size=\${size%%:*}
      [[ $size =~ ^[0-9]+$ ]] && ((size <= ${CACHE_MAX_BYTES})) || return 1
    else
      [[ $uid == "$EUID" || $uid == 0 ]] || return 1
      [[ $mode == d* ]] || return 1
      if [[ $mode != ${DIR_STICKY} ]]; then
        [[ $mode == ${DIR_OPEN[0]} || $mode == ${DIR_OPEN[1]} ]] && return 1
      fi
    fi
  done
  ((i >= \${#chain[@]})) || return 1
  mapfile -t lines <"$f"
  [[ \${lines[0]-} =~ ${HEADER.replaceAll(' ', '\\ ')} ]] || return 1
  printf -v now '%(%s)T' -1
  ((now >= BASH_REMATCH[1] && now - BASH_REMATCH[1] < ${CACHE_TTL_SECONDS})) || return 1
  [[ \${BASH_REMATCH[2]} == "$cs/$ks" ]] || return 1
  REPLY=\${lines[*]:1}
  return 0
}`;
}

/** `FN_cached KIND ENVWORD` for zsh: reply = the cached names. */
export function zshCached(fn: string): string {
  const flags = CONTEXT_FLAGS.map((f) => `${f}|${f}=*`).join('|');
  return `# Names cached by \`__complete\` for this context, read without starting Node (one sha256sum,
# one stat). Status 1 when there is none this shell can vouch for: then Node answers.
${fn}_cached() {
  # Options of its own, xtrace off among them: the key passes through printf below.
  emulate -L zsh
  setopt no_xtrace
  local kind=$1 envword=$2 n w id root cfg cred f d out uid mode cs=none ks=none
  local -a chain st lines
  integer i
  for w in $words; do
    case $w in (${flags}) return 1 ;; esac
  done
  # A relative XDG directory is ignored (the XDG spec), as Node ignores it; a relative HOME: Node.
  root=$XDG_CACHE_HOME
  [[ $root == /* ]] || root=$HOME/.cache
  cfg=$XDG_CONFIG_HOME
  [[ $cfg == /* ]] || cfg=$HOME/.config
  [[ $root == /* && $cfg == /* ]] || return 1
  root=$root/fibonacci/completion/sh
  cred=$cfg/fibonacci/credentials-changed
  cfg=$cfg/fibonacci/config.json
  zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null || return 1
  id=$(
    {
      printf '%s\\0' ${CACHE_HASH_TAG}
      for n in ${VARS}; do
        if [[ \${(tP)n} == *-export* ]]; then printf '=%s\\0' "\${(P)n}"; else printf '%s\\0' -; fi
      done
      printf '%s\\0%s\\0' "$kind" "$envword"
    } | sha256sum 2>/dev/null
  ) || return 1
  f=$root/\${id%% *}
  [[ -f $f && ! -L $f && ! -L $root && ! -L \${root%/*} ]] || return 1
  # Every directory by name, then by its real path (a link may lead under another user's).
  chain=("$f")
  for d in $root \${root:A}; do
    while [[ -n $d ]]; do
      chain+=("$d")
      d=\${d%/*}
    done
  done
  chain+=(/)
  out=$(${STAT} "\${chain[@]}" "$cfg" "$cred" 2>/dev/null)
  st=("\${(@f)out}")
  for (( i = 1; i <= $#st; i++ )); do
    w=$st[i]
    uid=\${w%% *} w=\${w#* } mode=\${w%% *} w=\${w#* }
    if (( i > $#chain )); then
      [[ \${w#* } == "$cfg" ]] && cs=\${w%% *}
      [[ \${w#* } == "$cred" ]] && ks=\${w%% *}
      continue
    fi
    [[ \${w#* } == "$chain[i]" ]] || return 1
    if (( i == 1 )); then
      [[ $uid == "$EUID" && $mode == ${FILE_MODE} ]] || return 1
      # No bigger than Node writes one: by the size, before reading.
      n=\${w#*:} n=\${n%%:*}
      [[ $n == <-> ]] && (( n <= ${CACHE_MAX_BYTES} )) || return 1
    else
      [[ $uid == "$EUID" || $uid == 0 ]] || return 1
      [[ $mode == d* ]] || return 1
      if [[ $mode != ${DIR_STICKY} ]]; then
        [[ $mode == ${DIR_OPEN[0]} || $mode == ${DIR_OPEN[1]} ]] && return 1
      fi
    fi
  done
  (( i > $#chain )) || return 1
  lines=("\${(@f)$(<$f)}")
  [[ $lines[1] =~ '${HEADER}' ]] || return 1
  (( EPOCHSECONDS >= match[1] && EPOCHSECONDS - match[1] < ${CACHE_TTL_SECONDS} )) || return 1
  [[ $match[2] == "$cs/$ks" ]] || return 1
  reply=("\${(@)lines[2,-1]:#}")
  return 0
}`;
}
