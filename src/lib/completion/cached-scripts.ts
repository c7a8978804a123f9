// The shell side of the names cache (shell-cache.ts is Node's): find this context's file by the same
// hash, believe it only as Node would, only while it is fresh and config.json is still the one it
// was resolved against. Any doubt is status 1, and `__complete` answers as before (and writes the
// file). The key reaches sha256sum only through a pipe from the builtin printf: never argv, never a
// file. Trust: no link; a file of this user that others may neither read nor write; directories of
// this user or root that others may not write (a sticky one aside), each one up to /. One `stat`
// (GNU; another prints nothing, so TAB asks Node) says it all, each line tagged with its path.
import { CACHE_HASH_TAG, CACHE_MAX_BYTES, CACHE_TTL_SECONDS, CONTEXT_FLAGS, CONTEXT_VARS } from './values.js';

const VARS = CONTEXT_VARS.join(' ');
const STAT = `stat -L -c '%u %A %i:%s:%.9Z %n' --`;
const HEADER = `^fibonacci-completion 1 ([0-9]+) (.+)$`;
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
  local kind=$1 envword=$2 IFS=$' \\t\\n' n w id root cfg cred f d out now i uid mode cs=none ks=none
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
  chain=("$f")
  d=$root
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
      n=\${w#*:} n=\${n%%:*}
      [[ $n =~ ^[0-9]+$ ]] && ((n <= ${CACHE_MAX_BYTES})) || return 1
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
  chain=("$f")
  d=$root
  while [[ -n $d ]]; do
    chain+=("$d")
    d=\${d%/*}
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

/** `FN_cached KIND ENVWORD` for fish: prints the cached names, one a line. */
export function fishCached(fn: string): string {
  const flags = CONTEXT_FLAGS.map((f) => `${f} '${f}=*'`).join(' ');
  const open = `^d(.{4}w.{4}|.{7}w.)$`;
  return `# Names cached by \`__complete\` for this context, read without starting Node (one sha256sum,
# one stat). Status 1 when there is none this shell can vouch for: then Node answers.
function ${fn}_cached
    # The key passes through printf below: no trace of it, whatever $fish_trace says outside.
    set -l fish_trace
    set -l kind $argv[1]
    set -l envword $argv[2]
    for w in (commandline -opc)
        switch $w
            case ${flags}
                return 1
        end
    end
    # A relative XDG directory is ignored (the XDG spec), as Node ignores it; a relative HOME: Node.
    set -l cache "$XDG_CACHE_HOME"
    set -l config "$XDG_CONFIG_HOME"
    string match -q '/*' -- "$cache"; or set cache "$HOME/.cache"
    string match -q '/*' -- "$config"; or set config "$HOME/.config"
    string match -q '/*' -- "$cache"; and string match -q '/*' -- "$config"; or return 1
    set -l root "$cache/fibonacci/completion/sh"
    set -l cfg "$config/fibonacci/config.json"
    set -l cred "$config/fibonacci/credentials-changed"
    set -l id (begin
        printf '%s\\0' ${CACHE_HASH_TAG}
        for n in ${VARS}
            if set -qx $n
                printf '=%s\\0' "$$n"
            else
                printf '%s\\0' -
            end
        end
        printf '%s\\0%s\\0' "$kind" "$envword"
    end | sha256sum 2>/dev/null | string split -f1 ' ')
    test -n "$id"; or return 1
    set -l f "$root/$id"
    test -f "$f"; and test -O "$f"; or return 1
    test -L "$f"; or test -L "$root"; or test -L (string replace -r '/[^/]*$' '' -- "$root"); and return 1
    # Command substitutions are what costs fish most (a pipe and a thread each): few of them here.
    set -l d ''
    set -l dirs
    for part in (string split / -- "$root")[2..-1]
        set d "$d/$part"
        set -p dirs "$d"
    end
    set -l chain "$f" $dirs /
    set -l fields (string match -r '^(\\d+) (\\S+) (\\S+) (.*)$' -- (${STAT} $chain "$cfg" "$cred" 2>/dev/null))
    set -l me $fields[2]
    set -l file 1
    for p in $chain
        set -q fields[5]; or return 1
        set -l w $fields[1..5]
        set -e fields[1..5]
        test "$w[5]" = "$p"; or return 1
        if set -q file[1]
            set -e file
            string match -qr '^-.{3}-{6}$' -- "$w[3]"; or return 1
            # No bigger than Node writes one: by the size, before reading.
            set -l size (string split : -- "$w[4]")[2]
            string match -qr '^\\d+$' -- "$size"; and test "$size" -le ${CACHE_MAX_BYTES}; or return 1
        else
            test "$w[2]" = "$me" -o "$w[2]" = 0; or return 1
            string match -qr '^d' -- "$w[3]"; or return 1
            if not string match -qr '^d.{8}[tT]$' -- "$w[3]"
                string match -qr '${open}' -- "$w[3]"; and return 1
            end
        end
    end
    set -l cs none
    set -l ks none
    while set -q fields[5]
        test "$fields[5]" = "$cfg"; and set cs $fields[4]
        test "$fields[5]" = "$cred"; and set ks $fields[4]
        set -e fields[1..5]
    end
    # One read of the whole file, split at newlines: linear (a loop of \`set -a\` is not).
    read -z -l -a -d \\n lines <$f
    set -l m (string match -r '${HEADER}' -- "$lines[1]"); or return 1
    # Now, with builtins only: the file's mtime plus its age.
    set -l now (math (path mtime -- "$f") + (path mtime -R -- "$f"))
    test "$now" -ge "$m[2]"; and test (math $now - $m[2]) -lt ${CACHE_TTL_SECONDS}; or return 1
    test "$m[3]" = "$cs/$ks"; or return 1
    set -e lines[1]
    for name in $lines
        test -n "$name"; and printf '%s\\n' $name
    end
    return 0
end`;
}
