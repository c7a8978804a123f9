# fish completion for fibonacci
# Generated from the command tree (`fibonacci completion fish`); do not edit.
# Commands, flags and fixed values are embedded below, so TAB starts no program. Values that live on
# the server come from `fibonacci __complete`, which gives up after 1 s and never prompts.

# Sets __fibonacci_pos to the command path before the cursor and the number of positional arguments
# after it; always true. The first condition of every line below: fish runs it once per TAB, and
# the lines compare the globals with `test` (a function call and a command substitution per line
# were most of a TAB's time). Only builtins and one command substitution here.
function __fibonacci_parse
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
                    case 'auth create-key|--name' 'auth create-key|--scope' 'auth create-key|--workflows' 'auth create-key|--expires-in' 'secret set|--env' 'secret set|--from-file' 'secret set|--value' 'secret set|--env-file' 'secret list|--env' 'secret delete|--env' 'secret rotation|--env' 'secret rotation|--every' 'secret rotation|--notify-before' 'workflow create|--file' 'workflow create|--description' 'workflow run|--env' 'workflow run|--input' 'workflow run|--input-file' 'audit logs|--since' 'audit logs|--until' 'audit logs|--workflow' 'audit logs|--user' 'audit logs|--event-type' 'audit logs|--status' 'audit logs|--limit' 'audit logs|--format' 'audit export|--since' 'audit export|--until' 'audit export|--workflow' 'audit export|--user' 'audit export|--event-type' 'audit export|--status' 'audit export|--format' 'audit export|--output' 'audit export|-o' 'emulator start|--host' 'emulator start|--port' 'emulator start|--data-dir' 'emulator start|--rate-limit' 'emulator start|--env-file' 'emulator add-user|--role' 'emulator add-user|--data-dir' 'emulator add-user|--name' 'emulator add-user|--scope' 'emulator add-user|--workflows' 'emulator add-user|--expires-at' 'emulator seed-audit|--count' 'emulator seed-audit|--data-dir' 'emulator seed-audit|--span' 'emulator seed-audit|--at' 'access check|--user' 'access check|--role' 'security check|--env' 'security check|--format' 'security check|--output' 'security check|--fail-on' 'security check|--baseline' 'security check|--write-baseline' '*|--api-url' '*|--ca-cert' '*|--client-cert' '*|--client-key' '*|--timeout' '*|--retries'
                        set skip 1
                end
                continue
        end
        if not set -q args[1]
            switch "$path|$w"
                case '|auth' '|secret' '|workflow' '|audit' '|emulator' '|org' '|access' '|security' '|completion' '|help' 'auth|login' 'auth|status' 'auth|logout' 'auth|token' 'auth|create-key' 'auth|list-keys' 'auth|revoke-key' 'secret|set' 'secret|list' 'secret|delete' 'secret|rotation' 'secret|health' 'workflow|create' 'workflow|list' 'workflow|run' 'audit|logs' 'audit|export' 'emulator|start' 'emulator|add-user' 'emulator|seed-audit' 'org|members' 'org|quota' 'org|governance' 'org members|set-role' 'org quota|set' 'org governance|set' 'access|apply' 'access|show' 'access|check' 'security|check' 'completion|bash' 'completion|zsh' 'completion|fish' 'completion|powershell' 'completion|install'
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
    set -g __fibonacci_pos $path (count $args)
    return 0
end

# Names cached by `__complete` for this context, read without starting Node (one sha256sum,
# one stat). Status 1 when there is none this shell can vouch for: then Node answers.
function __fibonacci_cached
    # The key passes through printf below: no trace of it, whatever $fish_trace says outside.
    set -l fish_trace
    set -l kind $argv[1]
    set -l envword $argv[2]
    for w in (commandline -opc)
        switch $w
            case --api-url '--api-url=*' --ca-cert '--ca-cert=*' --client-cert '--client-cert=*' --client-key '--client-key=*'
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
        printf '%s\0' fibonacci-completion-v1
        for n in FIBONACCI_API_KEY FIBONACCI_BASE_URL FIBONACCI_CA_CERT FIBONACCI_CLIENT_CERT FIBONACCI_CLIENT_KEY XDG_CONFIG_HOME HOME DBUS_SESSION_BUS_ADDRESS
            if set -qx $n
                printf '=%s\0' "$$n"
            else
                printf '%s\0' -
            end
        end
        printf '%s\0%s\0' "$kind" "$envword"
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
    set -l fields (stat -L -c '%u %A %i:%s:%.9Z %n' -- $chain "$cfg" "$cred" 2>/dev/null | string match -r '^(\d+) (\S+) (\S+:(\d+):\S+) (.*)$')
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
            test "$w[5]" -le 1048576; or return 1
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
    # One read of the whole file, split at newlines: linear (a loop of `set -a` is not).
    read -z -l -a -d \n lines <$f
    string match -qr '^fibonacci-completion 1 (?<written>[0-9]+) (?<stamp>.+)$' -- "$lines[1]"; or return 1
    # Now, with builtins only: the file's mtime plus its age; then how long ago it was written.
    set -l t (path mtime -- "$f"; path mtime -R -- "$f")
    set -q t[2]; or return 1
    # A written time too big for math is no number at all: refused, without a word on stderr.
    set -l age (math $t[1] + $t[2] - $written 2>/dev/null)
    test "$age" -ge 0 -a "$age" -lt 60 2>/dev/null; or return 1
    test "$stamp" = "$cs/$ks"; or return 1
    set -e lines[1]
    for name in $lines
        test -n "$name"; and printf '%s\n' $name
    end
    return 0
end

# The command word, the context flags and the --env word, from fish's own tokens of the line
# (without the assignments in front, which fish has applied for this TAB).
function __fibonacci_context
    set -g __fibonacci_ctx
    set -g __fibonacci_envword -
    # Completed through another command's completion (a wrapper: env, nice, command, sudo…): its
    # assignments and options are not applied here and its words are gone: offer nothing. TAB on
    # our own line runs __fibonacci_dynamic in one command substitution (complete's -a); a wrapper's
    # `complete -C` adds more above it. Not found in the trace: nothing either.
    set -l seen 0
    set -l outer
    for l in (status stack-trace)
        string match -q -- "in function '__fibonacci_dynamic'*" $l; and set seen 1
        test $seen = 1; and test "$l" = 'in command substitution'; and set -a outer x
    end
    test $seen = 1; and not set -q outer[2]; or return 1
    # Few command substitutions (each costs a pipe and a thread): no `math`, no `count` per word.
    set -l tokens (commandline -opc)
    # The tokens after the cursor count too (a flag typed later applies to the command), without
    # the one being completed, which stands as an empty token.
    set -l after (commandline -op)
    set -l before (count $tokens)
    set -q after[1]; and set -e after[1..$before]
    set -q after[1]; and test -n "$(commandline -ct)"; and set -e after[1]
    set -g __fibonacci_cmd $tokens[1]
    set -l flag
    for w in $tokens[2..-1] '' $after
        set -l v
        if set -q flag[1]
            set v $w
        else
            switch $w
                case --api-url --ca-cert --client-cert --client-key --env
                    set flag $w
                    continue
                case '--api-url=*' '--ca-cert=*' '--client-cert=*' '--client-key=*' '--env=*'
                    string match -qr '^(?<flag>[^=]*)=(?<v>.*)$' -- $w
                case '*'
                    continue
            end
        end
        __fibonacci_context_value $flag "$v"; or return 1
        set flag
    end
    # A flag last on the line, its value not typed yet: an empty one.
    if set -q flag[1]
        __fibonacci_context_value $flag ''; or return 1
    end
    return 0
end

# __fibonacci_context_value FLAG VALUE: keeps a plain value for __complete; status 1 = offer nothing.
function __fibonacci_context_value
    string match -qr '^[A-Za-z0-9_./:@%+,=-]*$' -- "$argv[2]"; or return 1
    if test $argv[1] = --env
        set -g __fibonacci_envword "=$argv[2]"
    else
        set -a __fibonacci_ctx "$argv[1]=$argv[2]"
    end
    return 0
end

# Server-side values: one a line from the cache above or from `fibonacci __complete KIND`, at most
# 1 s, nothing when offline.
function __fibonacci_dynamic
    # fish asks every applicable list, the arguments' too when a flag is being typed: no values then.
    string match -q -- '-*' (commandline -ct); and return 0
    __fibonacci_context; or return 0
    set -l envword -
    test "$argv[1]" = secret; and set envword $__fibonacci_envword
    set -l extra
    string match -q -- '=*' $envword; and set extra --env (string sub -s 2 -- $envword)
    # The file is found by the exported context alone: not when a flag chose another.
    if not set -q __fibonacci_ctx[1]
        __fibonacci_cached $argv[1] $envword; and return 0
    end
    if command -q timeout
        timeout 1 $__fibonacci_cmd $__fibonacci_ctx __complete $argv[1] $extra 2>/dev/null </dev/null
    else
        $__fibonacci_cmd $__fibonacci_ctx __complete $argv[1] $extra 2>/dev/null </dev/null
    end
end

complete -c fibonacci -e
complete -c fibonacci -f
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'auth' -d 'Log in, check status and manage API keys'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'secret' -d 'Set, list, delete and rotate secrets per environment'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'workflow' -d 'Create, list and run workflows (create-only: the API cannot change or delete one)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'audit' -d 'Query, follow and export audit logs'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'emulator' -d 'Run a local Fibonacci API for offline work, CI and tests'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'org' -d 'View and change your organization\'s members, quota and governance'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'access' -d 'Apply, show and test your organization\'s access policy'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'security' -d 'Find hardcoded secrets and unsafe settings (a CI gate)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'completion' -d 'Print or install the shell completion script (bash, zsh, fish, PowerShell)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\' -a "$__fibonacci_pos[2]" -eq 0' -a 'help' -d 'Show help for a command, or a topic: exit-codes, environment'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\'' -l version -s v -d 'print the version'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'login' -d 'Store an API key in the OS keychain after checking it with the API'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'status' -d 'Show the key in use: source, organization, role, scopes and expiry'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'logout' -d 'Remove the stored key from the keychain (and the plain-text file)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'token' -d 'Print the key in use, nothing else'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'create-key' -d 'Create an API key and print it once (needs admin or owner)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'list-keys' -d 'List API keys: id, name, prefix, scopes, workflows, expiry; never a key'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\' -a "$__fibonacci_pos[2]" -eq 0' -a 'revoke-key' -d 'Revoke an API key at once, named by id or name (needs admin or owner)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth login\'' -l with-token -d 'read the key from standard input'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth login\'' -l insecure-storage -d 'store the key in a plain-text file (0600) instead of the keychain'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth login\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth status\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth status\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth logout\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth token\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l name -d 'a name that says where the key is used' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l scope -d 'what the key may do; repeat or comma-separate (read, write, execute, delete, admin or resource:action)' -x -a 'read write execute delete admin workflows:read workflows:write workflows:execute workflows:delete runs:read runs:write runs:execute runs:delete secrets:read secrets:write secrets:execute secrets:delete api_keys:read api_keys:write api_keys:execute api_keys:delete audit:read audit:write audit:execute audit:delete'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l workflows -d 'workflow-name patterns the key may touch (default: those of your key)' -x -a '(__fibonacci_dynamic workflow)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l expires-in -d 'lifetime: whole days such as 30d or 2w (1 to 3650), or never' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l plain -d 'print the key alone (for $(…))'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l json -d 'print the created key as JSON, including the key'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth create-key\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth list-keys\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth list-keys\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth revoke-key\'' -l yes -d 'do not ask for confirmation (needed without a terminal)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth revoke-key\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'auth revoke-key\' -a "$__fibonacci_pos[2]" -eq 0' -f -a '(__fibonacci_dynamic key)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret\' -a "$__fibonacci_pos[2]" -eq 0' -a 'set' -d 'Store a secret value (from a prompt, standard input or a file); every set is a new version'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret\' -a "$__fibonacci_pos[2]" -eq 0' -a 'list' -d 'List secret names and metadata (version, updated, rotation); never values'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret\' -a "$__fibonacci_pos[2]" -eq 0' -a 'delete' -d 'Delete a secret and all its versions (asks first; --yes without a terminal)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret\' -a "$__fibonacci_pos[2]" -eq 0' -a 'rotation' -d 'Set or turn off a secret\'s rotation policy'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret\' -a "$__fibonacci_pos[2]" -eq 0' -a 'health' -d 'Check the secrets backend (a list and a probe read); exit 11 when unhealthy'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\'' -l env -d 'environment (default: default_environment in config.json, else the shared scope)' -x -a '(__fibonacci_dynamic env)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\'' -l from-file -d 'read the value from a file, byte for byte (- for standard input)' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\'' -l value -d 'the value itself (leaks into shell history and ps; avoid)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\'' -l env-file -d 'set every entry of a dotenv file: every line is checked first, one bad line and nothing is sent; then one request per entry (the API has no batch endpoint), stopping at the first failure' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\'' -l yes -d 'the --env is new even if near an existing one (else a typo, refused; not checked with a key that may not read secrets)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret set\' -a "$__fibonacci_pos[2]" -eq 0' -f -a '(__fibonacci_dynamic secret)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret list\'' -l env -d 'environment (default: default_environment in config.json, else the shared scope)' -x -a '(__fibonacci_dynamic env)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret list\'' -l all -d 'every scope: the shared one and each environment that holds secrets'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret list\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret list\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret delete\'' -l env -d 'environment (default: default_environment in config.json, else the shared scope)' -x -a '(__fibonacci_dynamic env)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret delete\'' -l yes -d 'do not ask for confirmation'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret delete\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret delete\' -a "$__fibonacci_pos[2]" -eq 0' -f -a '(__fibonacci_dynamic secret)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret rotation\'' -l env -d 'environment (default: default_environment in config.json, else the shared scope)' -x -a '(__fibonacci_dynamic env)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret rotation\'' -l every -d 'rotate every N days, 1 to 3650 (30d, 4w or 30)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret rotation\'' -l notify-before -d 'flag the secret this many days before it is due, 0 to 3650, less than --every (default 7d)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret rotation\'' -l off -d 'remove the rotation policy'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret rotation\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret rotation\' -a "$__fibonacci_pos[2]" -eq 0' -f -a '(__fibonacci_dynamic secret)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret health\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'secret health\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow\' -a "$__fibonacci_pos[2]" -eq 0' -a 'create' -d 'Create a workflow from its definition (JSON, or YAML for a .yaml/.yml file); workflows are create-only: a new version takes a new name'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow\' -a "$__fibonacci_pos[2]" -eq 0' -a 'list' -d 'List the workflows your key may see'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow\' -a "$__fibonacci_pos[2]" -eq 0' -a 'run' -d 'Run a workflow by name (or id) and print the run; exit 1 when the run fails (a secret it references is not set)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow create\'' -l file -d 'the definition: JSON, YAML when it ends in .yaml/.yml (- reads JSON from standard input)' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow create\'' -l description -d 'a one-line description' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow create\'' -l allow-hardcoded-credentials -d 'create it even when the file or --description holds a credential `security check` finds (each is warned about)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow create\'' -l json -d 'print the created workflow as JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow create\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow list\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow list\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow run\'' -l env -d 'where {{secrets.NAME}} resolve (then the shared scope); default: the shared scope only' -x -a '(__fibonacci_dynamic env)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow run\'' -l input -d 'input data as a JSON object (default: {})' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow run\'' -l input-file -d 'input data from a JSON file (- reads standard input)' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow run\'' -l json -d 'print the run as JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow run\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'workflow run\' -a "$__fibonacci_pos[2]" -eq 0' -f -a '(__fibonacci_dynamic workflow)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit\' -a "$__fibonacci_pos[2]" -eq 0' -a 'logs' -d 'Show audit events, newest first (or follow new ones as they happen)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit\' -a "$__fibonacci_pos[2]" -eq 0' -a 'export' -d 'Export audit events to a file (streamed, atomic, resumable) or to stdout'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l since -d 'from this time: RFC 3339, a duration (2h, 7d) or English ("1 hour ago")' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l until -d 'up to this time (same forms as --since)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l workflow -d 'only events of this workflow (its name, or its wf_… id)' -x -a '(__fibonacci_dynamic workflow)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l user -d 'only events of this user' -x -a '(__fibonacci_dynamic user)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l event-type -d 'only this event type; repeat to allow several' -x -a 'workflow.created workflow.execute secret.set secret.deleted secret.rotation_changed api_key.created api_key.revoked quota.override_set governance.settings_changed member.role_changed access.policy_changed auth.failed access.denied network.blocked quota.override_rejected quota.exceeded DEVELOPER_SHELL_EXECUTED'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l status -d 'only this outcome' -x -a 'success failure denied'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l limit -d 'at most this many events, a whole number; 0 = all' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l json -d 'print a JSON array'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l format -d 'output format' -x -a 'table json ndjson'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l follow -s f -d 'after the history, print new events as they arrive until Ctrl-C'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit logs\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l since -d 'from this time: RFC 3339, a duration (2h, 7d) or English ("1 hour ago")' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l until -d 'up to this time (same forms as --since)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l workflow -d 'only events of this workflow (its name, or its wf_… id)' -x -a '(__fibonacci_dynamic workflow)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l user -d 'only events of this user' -x -a '(__fibonacci_dynamic user)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l event-type -d 'only this event type; repeat to allow several' -x -a 'workflow.created workflow.execute secret.set secret.deleted secret.rotation_changed api_key.created api_key.revoked quota.override_set governance.settings_changed member.role_changed access.policy_changed auth.failed access.denied network.blocked quota.override_rejected quota.exceeded DEVELOPER_SHELL_EXECUTED'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l status -d 'only this outcome' -x -a 'success failure denied'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l format -d 'json (one array), ndjson (one event a line) or csv; may be left out when --output ends in .json, .ndjson, .jsonl or .csv (taken from it), needed otherwise and with -o -' -x -a 'json ndjson csv'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l output -s o -d 'file to write, or - for stdout' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l resume -d 'continue an export that stopped part-way, from its checkpoint'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'audit export\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator\' -a "$__fibonacci_pos[2]" -eq 0' -a 'start' -d 'Start the local API over TLS 1.3; runs until Ctrl-C or SIGTERM'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator\' -a "$__fibonacci_pos[2]" -eq 0' -a 'add-user' -d 'Add a user with one API key to an emulator\'s data dir and print the key'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator\' -a "$__fibonacci_pos[2]" -eq 0' -a 'seed-audit' -d 'Load a synthetic audit history straight into an emulator\'s data dir (benchmarks, demo)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l host -d 'interface to listen on' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l port -d 'port to listen on, 0 to 65535; 0 picks a free one (default: the data dir\'s last port if free, else a free one)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l data-dir -d 'database, certificates and owner key (default $XDG_DATA_HOME/fibonacci/emulator)' -x -a '(__fish_complete_directories)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l require-client-cert -d 'demand a client certificate signed by the emulator CA (mTLS)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l rate-limit -d 'requests per minute per key, 1 or more (env FIBONACCI_EMULATOR_RATE_LIMIT; default 6000)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l env-file -d 'server settings (APP_ENV, SESSION_SECRET_KEY, …) from a dotenv file; the environment wins' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator start\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l role -d 'owner, admin, member, viewer, or a custom role of the access policy' -x -a '(__fibonacci_dynamic role)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l data-dir -d 'the emulator data dir (default $XDG_DATA_HOME/fibonacci/emulator)' -x -a '(__fish_complete_directories)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l superuser -d 'make the user a platform superuser'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l name -d 'name of the user and the key (default: the role)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l scope -d 'scopes of the key (default by role); one of read, write, execute, delete, admin, workflows:read, workflows:write, workflows:execute, workflows:delete, runs:read, runs:write, runs:execute, runs:delete, secrets:read, secrets:write, secrets:execute, secrets:delete, api_keys:read, api_keys:write, api_keys:execute, api_keys:delete, audit:read, audit:write, audit:execute, audit:delete' -x -a 'read write execute delete admin workflows:read workflows:write workflows:execute workflows:delete runs:read runs:write runs:execute runs:delete secrets:read secrets:write secrets:execute secrets:delete api_keys:read api_keys:write api_keys:execute api_keys:delete audit:read audit:write audit:execute audit:delete'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l workflows -d 'workflow-name patterns the key may touch (default **)' -x -a '(__fibonacci_dynamic workflow)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l expires-at -d 'expiry of the key (RFC 3339)' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l plain -d 'print the key alone (for $(…))'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator add-user\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator seed-audit\'' -l count -d 'number of events to add, 1 or more' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator seed-audit\'' -l data-dir -d 'the emulator data dir (default $XDG_DATA_HOME/fibonacci/emulator)' -x -a '(__fish_complete_directories)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator seed-audit\'' -l span -d 'spread the events evenly over this long up to now' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator seed-audit\'' -l at -d 'give every event this one timestamp (RFC 3339) instead' -x
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'emulator seed-audit\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org\' -a "$__fibonacci_pos[2]" -eq 0' -a 'members' -d 'List the members and the role each is decided as (needs admin or owner)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org\' -a "$__fibonacci_pos[2]" -eq 0' -a 'quota' -d 'Show plan limits, overrides and the effective quota (needs admin or owner)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org\' -a "$__fibonacci_pos[2]" -eq 0' -a 'governance' -d 'Show the approval and governance settings (needs admin or owner)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members\' -a "$__fibonacci_pos[2]" -eq 0' -a 'set-role' -d 'Give a member a role, built-in or the access policy\'s (owner; an admin only below admin; never your own)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members set-role\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members set-role\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members set-role\' -a "$__fibonacci_pos[2]" -eq 0' -f -a '(__fibonacci_dynamic user)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org members set-role\' -a "$__fibonacci_pos[2]" -eq 1' -f -a '(__fibonacci_dynamic role)'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org quota\' -a "$__fibonacci_pos[2]" -eq 0' -a 'set' -d 'Override quota limits (owner); each value a whole number, at most 100× the plan default'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org quota\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org quota\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org quota set\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org quota set\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org governance\' -a "$__fibonacci_pos[2]" -eq 0' -a 'set' -d 'Change governance settings (owner); every change is audited with before/after values'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org governance\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org governance\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org governance set\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'org governance set\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access\' -a "$__fibonacci_pos[2]" -eq 0' -a 'apply' -d 'Send fibonacci.yaml\'s access_control and security.network to the server (owner): checked locally first, the changes shown, then confirmed'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access\' -a "$__fibonacci_pos[2]" -eq 0' -a 'show' -d 'Show the policy as the server holds it (version, who changed it, when); YAML you can paste into fibonacci.yaml'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access\' -a "$__fibonacci_pos[2]" -eq 0' -a 'check' -d 'May they? yes (exit 0) or no (exit 11), with the rule that decided; for you, or (admin) a member or a role'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access apply\'' -l dry-run -d 'show what would change and stop; nothing is sent'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access apply\'' -l yes -d 'apply without asking (needed without a terminal)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access apply\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access apply\' -a "$__fibonacci_pos[2]" -eq 0' -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access show\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access show\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access check\'' -l user -d 'ask for this member' -x -a '(__fibonacci_dynamic user)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access check\'' -l role -d 'ask for this role' -x -a '(__fibonacci_dynamic role)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access check\'' -l json -d 'print JSON'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access check\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access check\' -a "$__fibonacci_pos[2]" -eq 0' -f -a 'read write execute delete'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'access check\' -a "$__fibonacci_pos[2]" -eq 1' -f -a 'workflows/ secrets/'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security\' -a "$__fibonacci_pos[2]" -eq 0' -a 'check' -d 'Scan for hardcoded credentials, unsafe production .env settings and invalid fibonacci.yaml or input_schema; exit 11 on findings at or above --fail-on'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l env -d 'also check that every {{secrets.NAME}} exists in this environment or the shared scope (online; names only)' -x -a '(__fibonacci_dynamic env)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l format -d 'report format (default text)' -x -a 'text json sarif'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l json -d 'the JSON report (same as --format json)'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l output -d 'write the report to this file instead of standard output (- for stdout); a .sarif or .json name is that format unless --format says otherwise' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l fail-on -d 'exit 11 when a finding is at or above this level' -x -a 'error warning note'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l baseline -d 'do not report findings recorded in this baseline file' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l write-baseline -d 'record every current finding in this baseline file (and exit 0)' -r -F
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l list-rules -d 'list the rules (id, level, description, fix) and exit'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'security check\' -a "$__fibonacci_pos[2]" -ge 0' -F
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion\' -a "$__fibonacci_pos[2]" -eq 0' -a 'bash' -d 'Print the bash completion script'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion\' -a "$__fibonacci_pos[2]" -eq 0' -a 'zsh' -d 'Print the zsh completion script'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion\' -a "$__fibonacci_pos[2]" -eq 0' -a 'fish' -d 'Print the fish completion script'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion\' -a "$__fibonacci_pos[2]" -eq 0' -a 'powershell' -d 'Print the PowerShell completion script'
complete -c fibonacci -f -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion\' -a "$__fibonacci_pos[2]" -eq 0' -a 'install' -d 'Write the script where the shell loads it from; never edits an rc file or profile'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion bash\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion zsh\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion fish\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion powershell\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion install\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'completion install\' -a "$__fibonacci_pos[2]" -eq 0' -f -a 'bash zsh fish powershell'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'help\'' -l help -s h -d 'show help for a command'
complete -c fibonacci -n '__fibonacci_parse' -n 'test "$__fibonacci_pos[1]" = \'help\' -a "$__fibonacci_pos[2]" -ge 0' -f -a 'exit-codes environment auth secret workflow audit emulator org access security completion'
complete -c fibonacci -l api-url -d 'API base URL (default https://api.fibonacci.today)' -x
complete -c fibonacci -l ca-cert -d 'extra CA bundle (PEM) to trust' -r -F
complete -c fibonacci -l client-cert -d 'client certificate (PEM) for mTLS; needs --client-key' -r -F
complete -c fibonacci -l client-key -d 'client private key (PEM) for mTLS; needs --client-cert' -r -F
complete -c fibonacci -l timeout -d 'per-request timeout in seconds, more than 0 (default 30)' -x
complete -c fibonacci -l retries -d 'retries for idempotent requests, 0 to 10 (default 3)' -x
complete -c fibonacci -l no-color -d 'never colour output'
complete -c fibonacci -l no-input -d 'never prompt'
complete -c fibonacci -l debug -d 'print request/response lines on stderr (keys and values redacted)'
