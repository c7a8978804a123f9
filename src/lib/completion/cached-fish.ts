// fish's side of the names cache: the same checks as bash's and zsh's (cached-scripts.ts), in
// fish's builtins; command substitutions are what costs fish most, so few of them.

import { HEADER, STAT, VARS } from './cached-scripts.js';
import { CACHE_HASH_TAG, CACHE_MAX_BYTES, CACHE_TTL_SECONDS, CONTEXT_FLAGS } from './values.js';

/** HEADER with its groups named: fish's `string match -r` sets them as locals, no substitution. */
const NAMED_HEADER = HEADER.replace('([0-9]+)', '(?<written>[0-9]+)').replace('(.+)', '(?<stamp>.+)');

/** `FN_cached KIND ENVWORD` for fish: prints the cached names, one a line. */
export function fishCached(fn: string): string {
  const flags = CONTEXT_FLAGS.map((f) => `${f} '${f}=*'`).join(' ');
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
    set -l parent "$cache/fibonacci/completion"
    set -l root "$parent/sh"
    set -l cfg "$config/fibonacci/config.json"
    set -l cred "$config/fibonacci/credentials-changed"
    begin
        printf '%s\\0' ${CACHE_HASH_TAG}
        for n in ${VARS}
            if set -qx $n
                printf '=%s\\0' "$$n"
            else
                printf '%s\\0' -
            end
        end
        printf '%s\\0%s\\0' "$kind" "$envword"
    end | sha256sum 2>/dev/null | read -l id rest
    string match -qr '^[0-9a-f]{64}$' -- "$id"; or return 1
    set -l f "$root/$id"
    test -f "$f"; and test -O "$f"; or return 1
    test -L "$f"; or test -L "$root"; or test -L "$parent"; and return 1
    # Command substitutions are what costs fish most (a pipe and a thread each): few of them here.
    # Every directory by name, then by its real path (a link may lead under another user's).
    set -l dirs
    set -l real (path resolve -- "$root")
    set -l tops "$root"
    test "$real" = "$root"; or set -a tops "$real"
    for top in $tops
        set -l d ''
        for part in (string split / -- "$top")[2..-1]
            set d "$d/$part"
            set -p dirs "$d"
        end
    end
    set -l chain "$f" $dirs /
    # Per line: the line, uid, mode, identity (inode:size:ctime), size, path.
    set -l fields (${STAT} $chain "$cfg" "$cred" 2>/dev/null | string match -r '^(\\d+) (\\S+) (\\S+:(\\d+):\\S+) (.*)$')
    set -l me $fields[2]
    set -l file 1
    for p in $chain
        set -q fields[6]; or return 1
        set -l w $fields[1..6]
        set -e fields[1..6]
        test "$w[6]" = "$p"; or return 1
        if set -q file[1]
            set -e file
            string match -q -- '-???------' "$w[3]"; or return 1
            # No bigger than Node writes one: by the size, before reading.
            test "$w[5]" -le ${CACHE_MAX_BYTES}; or return 1
        else
            test "$w[2]" = "$me" -o "$w[2]" = 0; or return 1
            # Globs, not regular expressions (each of those is compiled again at every call).
            switch $w[3]
                case 'd????????t' 'd????????T'
                    # Sticky: others may add names here, not replace this user's.
                case 'd????w????' 'd???????w?'
                    return 1
                case 'd*'
                case '*'
                    return 1
            end
        end
    end
    set -l cs none
    set -l ks none
    while set -q fields[6]
        test "$fields[6]" = "$cfg"; and set cs $fields[4]
        test "$fields[6]" = "$cred"; and set ks $fields[4]
        set -e fields[1..6]
    end
    # One read of the whole file, split at newlines: linear (a loop of \`set -a\` is not).
    read -z -l -a -d \\n lines <$f
    string match -qr '${NAMED_HEADER}' -- "$lines[1]"; or return 1
    # Now, with builtins only: the file's mtime plus its age; then how long ago it was written.
    set -l t (path mtime -- "$f"; path mtime -R -- "$f")
    set -q t[2]; or return 1
    # A written time too big for math is no number at all: refused, without a word on stderr.
    set -l age (math $t[1] + $t[2] - $written 2>/dev/null)
    test "$age" -ge 0 -a "$age" -lt ${CACHE_TTL_SECONDS} 2>/dev/null; or return 1
    test "$stamp" = "$cs/$ks"; or return 1
    set -e lines[1]
    for name in $lines
        test -n "$name"; and printf '%s\\n' $name
    end
    return 0
end`;
}
