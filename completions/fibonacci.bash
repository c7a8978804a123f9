# bash completion for fibonacci                                  -*- shell-script -*-
# Generated from the command tree (`fibonacci completion bash`); do not edit.
# Commands, flags and fixed values are embedded below, so TAB starts no program. Values that live on
# the server (secret names, environments, key ids, workflow names) come from `fibonacci __complete`,
# which gives up after 1 s and never prompts.

__fibonacci_subcommands() {
  case $1 in
    '') REPLY='auth secret workflow audit emulator org access security completion help' ;;
    'auth') REPLY='login status logout token create-key list-keys revoke-key' ;;
    'secret') REPLY='set list delete rotation health' ;;
    'workflow') REPLY='create list run' ;;
    'audit') REPLY='logs export' ;;
    'emulator') REPLY='start add-user seed-audit' ;;
    'org') REPLY='members quota governance' ;;
    'org members') REPLY='set-role' ;;
    'org quota') REPLY='set' ;;
    'org governance') REPLY='set' ;;
    'access') REPLY='apply show check' ;;
    'security') REPLY='check' ;;
    'completion') REPLY='bash zsh fish powershell install' ;;
    *) REPLY='' ;;
  esac
}

__fibonacci_flags() {
  case $1 in
    '') REPLY='--version -v --help -h' ;;
    'auth') REPLY='--help -h' ;;
    'auth login') REPLY='--with-token --insecure-storage --help -h' ;;
    'auth status') REPLY='--json --help -h' ;;
    'auth logout') REPLY='--help -h' ;;
    'auth token') REPLY='--help -h' ;;
    'auth create-key') REPLY='--name --scope --workflows --expires-in --plain --json --help -h' ;;
    'auth list-keys') REPLY='--json --help -h' ;;
    'auth revoke-key') REPLY='--yes --help -h' ;;
    'secret') REPLY='--help -h' ;;
    'secret set') REPLY='--env --from-file --value --env-file --yes --help -h' ;;
    'secret list') REPLY='--env --all --json --help -h' ;;
    'secret delete') REPLY='--env --yes --help -h' ;;
    'secret rotation') REPLY='--env --every --notify-before --off --help -h' ;;
    'secret health') REPLY='--json --help -h' ;;
    'workflow') REPLY='--help -h' ;;
    'workflow create') REPLY='--file --description --allow-hardcoded-credentials --json --help -h' ;;
    'workflow list') REPLY='--json --help -h' ;;
    'workflow run') REPLY='--env --input --input-file --json --help -h' ;;
    'audit') REPLY='--help -h' ;;
    'audit logs') REPLY='--since --until --workflow --user --event-type --status --limit --json --format --follow -f --help -h' ;;
    'audit export') REPLY='--since --until --workflow --user --event-type --status --format --output -o --resume --help -h' ;;
    'emulator') REPLY='--help -h' ;;
    'emulator start') REPLY='--host --port --data-dir --require-client-cert --rate-limit --env-file --help -h' ;;
    'emulator add-user') REPLY='--role --data-dir --superuser --name --scope --workflows --expires-at --plain --help -h' ;;
    'emulator seed-audit') REPLY='--count --data-dir --span --at --help -h' ;;
    'org') REPLY='--help -h' ;;
    'org members') REPLY='--json --help -h' ;;
    'org members set-role') REPLY='--json --help -h' ;;
    'org quota') REPLY='--json --help -h' ;;
    'org quota set') REPLY='--json --help -h' ;;
    'org governance') REPLY='--json --help -h' ;;
    'org governance set') REPLY='--json --help -h' ;;
    'access') REPLY='--help -h' ;;
    'access apply') REPLY='--dry-run --yes --help -h' ;;
    'access show') REPLY='--json --help -h' ;;
    'access check') REPLY='--user --role --json --help -h' ;;
    'security') REPLY='--help -h' ;;
    'security check') REPLY='--env --format --json --output --fail-on --baseline --write-baseline --list-rules --help -h' ;;
    'completion') REPLY='--help -h' ;;
    'completion bash') REPLY='--help -h' ;;
    'completion zsh') REPLY='--help -h' ;;
    'completion fish') REPLY='--help -h' ;;
    'completion powershell') REPLY='--help -h' ;;
    'completion install') REPLY='--help -h' ;;
    'help') REPLY='--help -h' ;;
    *) REPLY='' ;;
  esac
  REPLY="$REPLY --api-url --ca-cert --client-cert --client-key --timeout --retries --no-color --no-input --debug"
}

# "PATH|FLAG" -> how its value completes; empty for a flag without a value.
__fibonacci_flag_value() {
  case $1 in
    'auth create-key|--name') REPLY='none' ;;
    'auth create-key|--scope') REPLY='choices:read write execute delete admin workflows:read workflows:write workflows:execute workflows:delete runs:read runs:write runs:execute runs:delete secrets:read secrets:write secrets:execute secrets:delete api_keys:read api_keys:write api_keys:execute api_keys:delete audit:read audit:write audit:execute audit:delete' ;;
    'auth create-key|--workflows') REPLY='dynamic:workflow' ;;
    'auth create-key|--expires-in') REPLY='none' ;;
    'secret set|--env') REPLY='dynamic:env' ;;
    'secret set|--from-file') REPLY='file' ;;
    'secret set|--value') REPLY='none' ;;
    'secret set|--env-file') REPLY='file' ;;
    'secret list|--env') REPLY='dynamic:env' ;;
    'secret delete|--env') REPLY='dynamic:env' ;;
    'secret rotation|--env') REPLY='dynamic:env' ;;
    'secret rotation|--every') REPLY='none' ;;
    'secret rotation|--notify-before') REPLY='none' ;;
    'workflow create|--file') REPLY='file' ;;
    'workflow create|--description') REPLY='none' ;;
    'workflow run|--env') REPLY='dynamic:env' ;;
    'workflow run|--input') REPLY='none' ;;
    'workflow run|--input-file') REPLY='file' ;;
    'audit logs|--since') REPLY='none' ;;
    'audit logs|--until') REPLY='none' ;;
    'audit logs|--workflow') REPLY='dynamic:workflow' ;;
    'audit logs|--user') REPLY='dynamic:user' ;;
    'audit logs|--event-type') REPLY='choices:workflow.created workflow.execute secret.set secret.deleted secret.rotation_changed api_key.created api_key.revoked quota.override_set governance.settings_changed member.role_changed access.policy_changed auth.failed access.denied network.blocked quota.override_rejected quota.exceeded DEVELOPER_SHELL_EXECUTED' ;;
    'audit logs|--status') REPLY='choices:success failure denied' ;;
    'audit logs|--limit') REPLY='none' ;;
    'audit logs|--format') REPLY='choices:table json ndjson' ;;
    'audit export|--since') REPLY='none' ;;
    'audit export|--until') REPLY='none' ;;
    'audit export|--workflow') REPLY='dynamic:workflow' ;;
    'audit export|--user') REPLY='dynamic:user' ;;
    'audit export|--event-type') REPLY='choices:workflow.created workflow.execute secret.set secret.deleted secret.rotation_changed api_key.created api_key.revoked quota.override_set governance.settings_changed member.role_changed access.policy_changed auth.failed access.denied network.blocked quota.override_rejected quota.exceeded DEVELOPER_SHELL_EXECUTED' ;;
    'audit export|--status') REPLY='choices:success failure denied' ;;
    'audit export|--format') REPLY='choices:json ndjson csv' ;;
    'audit export|--output') REPLY='file' ;;
    'audit export|-o') REPLY='file' ;;
    'emulator start|--host') REPLY='none' ;;
    'emulator start|--port') REPLY='none' ;;
    'emulator start|--data-dir') REPLY='dir' ;;
    'emulator start|--rate-limit') REPLY='none' ;;
    'emulator start|--env-file') REPLY='file' ;;
    'emulator add-user|--role') REPLY='dynamic:role' ;;
    'emulator add-user|--data-dir') REPLY='dir' ;;
    'emulator add-user|--name') REPLY='none' ;;
    'emulator add-user|--scope') REPLY='choices:read write execute delete admin workflows:read workflows:write workflows:execute workflows:delete runs:read runs:write runs:execute runs:delete secrets:read secrets:write secrets:execute secrets:delete api_keys:read api_keys:write api_keys:execute api_keys:delete audit:read audit:write audit:execute audit:delete' ;;
    'emulator add-user|--workflows') REPLY='dynamic:workflow' ;;
    'emulator add-user|--expires-at') REPLY='none' ;;
    'emulator seed-audit|--count') REPLY='none' ;;
    'emulator seed-audit|--data-dir') REPLY='dir' ;;
    'emulator seed-audit|--span') REPLY='none' ;;
    'emulator seed-audit|--at') REPLY='none' ;;
    'access check|--user') REPLY='dynamic:user' ;;
    'access check|--role') REPLY='dynamic:role' ;;
    'security check|--env') REPLY='dynamic:env' ;;
    'security check|--format') REPLY='choices:text json sarif' ;;
    'security check|--output') REPLY='file' ;;
    'security check|--fail-on') REPLY='choices:error warning note' ;;
    'security check|--baseline') REPLY='file' ;;
    'security check|--write-baseline') REPLY='file' ;;
    *'|--api-url') REPLY='none' ;;
    *'|--ca-cert') REPLY='file' ;;
    *'|--client-cert') REPLY='file' ;;
    *'|--client-key') REPLY='file' ;;
    *'|--timeout') REPLY='none' ;;
    *'|--retries') REPLY='none' ;;
    *) REPLY='' ;;
  esac
}

# "PATH|INDEX" -> how the positional argument at INDEX completes.
__fibonacci_arg_value() {
  case $1 in
    'auth revoke-key|0') REPLY='dynamic:key' ;;
    'secret set|0') REPLY='dynamic:secret' ;;
    'secret delete|0') REPLY='dynamic:secret' ;;
    'secret rotation|0') REPLY='dynamic:secret' ;;
    'workflow run|0') REPLY='dynamic:workflow' ;;
    'org members set-role|0') REPLY='dynamic:user' ;;
    'org members set-role|1') REPLY='dynamic:role' ;;
    'access apply|0') REPLY='file' ;;
    'access check|0') REPLY='choices:read write execute delete' ;;
    'access check|1') REPLY='choices:workflows/ secrets/' ;;
    'security check|'*) REPLY='file' ;;
    'completion install|0') REPLY='choices:bash zsh fish powershell' ;;
    'help|'*) REPLY='choices:exit-codes environment auth secret workflow audit emulator org access security completion' ;;
    *) REPLY='' ;;
  esac
}

# Server-side values: one a line from `fibonacci __complete KIND ENVWORD CONTEXT-FLAGS…`, at most 1 s,
# nothing when offline. The flags go before `__complete`, as words of their own.
__fibonacci_dynamic() {
  local -a extra=()
  [[ $2 == =* ]] && extra=(--env "${2#=}")
  if command -v timeout >/dev/null 2>&1; then
    timeout 1 "${words[0]}" "${@:3}" __complete "$1" "${extra[@]}" 2>/dev/null </dev/null
  else
    "${words[0]}" "${@:3}" __complete "$1" "${extra[@]}" 2>/dev/null </dev/null
  fi
}

# The words before the cursor split at blanks only (COMP_WORDS also splits at = and :, which a
# URL holds, unless bash-completion put them back): the context flags and the --env word.
__fibonacci_context() {
  local -a lw
  local i n w v flag
  ctx=() envword=-
  # Reached through the completion of a command that runs it as another user or with a reset
  # environment (sudo, doas, su, runuser, pkexec): the context here is not the command's.
  for w in "${FUNCNAME[@]:1}"; do
    case $w in _sudo | _doas | _su | _runuser | _pkexec | _comp_cmd_sudo | _comp_cmd_doas | _comp_cmd_su | _comp_cmd_runuser | _comp_cmd_pkexec) return 1 ;; esac
  done
  local -a rest
  read -r -a lw <<<"${COMP_LINE:0:COMP_POINT}"
  n=${#lw[@]}
  [[ ${COMP_LINE:0:COMP_POINT} == *[[:blank:]] ]] || ((n--))
  # The words after the cursor count too (a flag typed later on the line applies to the command),
  # without the rest of the word the cursor is in, which stands as an empty word.
  read -r -a rest <<<"${COMP_LINE:COMP_POINT}"
  [[ -z ${COMP_LINE:COMP_POINT:1} || ${COMP_LINE:COMP_POINT:1} == [[:blank:]] ]] || rest=("${rest[@]:1}")
  lw=("${lw[@]:0:n}" '' "${rest[@]}")
  n=${#lw[@]}
  for ((i = 1; i < n; i++)); do
    w=${lw[i]} v=''
    case $w in
      --api-url | --ca-cert | --client-cert | --client-key | --env)
        flag=$w
        ((++i < n)) && v=${lw[i]}
        ;;
      --api-url=* | --ca-cert=* | --client-cert=* | --client-key=* | --env=*) flag=${w%%=*} v=${w#*=} ;;
      *) continue ;;
    esac
    [[ $v =~ ^[A-Za-z0-9_./:@%+,=-]*$ ]] || return 1
    if [[ $flag == --env ]]; then envword="=$v"; else ctx+=("$flag=$v"); fi
  done
  return 0
}

# Names cached by `__complete` for this context, read without starting Node (one sha256sum,
# one stat). Status 1 when there is none this shell can vouch for: then Node answers.
__fibonacci_cached() {
  # The key passes through printf below: no xtrace of it (`local -` restores the options after).
  local -
  set +x
  local kind=$1 envword=$2 IFS=$' \t\n' n w id root cfg cred f d out now i uid mode size cs=none ks=none
  local -a chain st lines
  for w in "${words[@]}"; do
    case $w in --api-url | --api-url=* | --ca-cert | --ca-cert=* | --client-cert | --client-cert=* | --client-key | --client-key=*) return 1 ;; esac
  done
  # A relative XDG directory is ignored (the XDG spec), as Node ignores it; a relative HOME: Node.
  root=${XDG_CACHE_HOME:-}
  [[ $root == /* ]] || root=${HOME:-}/.cache
  cfg=${XDG_CONFIG_HOME:-}
  [[ $cfg == /* ]] || cfg=${HOME:-}/.config
  [[ $root == /* && $cfg == /* ]] || return 1
  root=$root/fibonacci/completion/sh
  cred=$cfg/fibonacci/credentials-changed
  cfg=$cfg/fibonacci/config.json
  id=$(
    {
      printf '%s\0' fibonacci-completion-v1
      for n in FIBONACCI_API_KEY FIBONACCI_BASE_URL FIBONACCI_CA_CERT FIBONACCI_CLIENT_CERT FIBONACCI_CLIENT_KEY XDG_CONFIG_HOME HOME DBUS_SESSION_BUS_ADDRESS; do
        if [[ -v $n && ${!n@a} == *x* ]]; then printf '=%s\0' "${!n}"; else printf '%s\0' -; fi
      done
      printf '%s\0%s\0' "$kind" "$envword"
    } | sha256sum 2>/dev/null
  ) || return 1
  f=$root/${id%% *}
  [[ -f $f && ! -L $f && ! -L $root && ! -L ${root%/*} ]] || return 1
  # Every directory by name, then by its real path (a link may lead under another user's).
  w=$(builtin cd -P -- "$root" 2>/dev/null && builtin pwd -P) || return 1
  chain=("$f")
  d=$root
  while [[ -n $d ]]; do
    chain+=("$d")
    d=${d%/*}
  done
  d=$w
  [[ $d == "$root" ]] && d=''
  while [[ -n $d ]]; do
    chain+=("$d")
    d=${d%/*}
  done
  chain+=(/)
  out=$(stat -L -c '%u %A %i:%s:%.9Z %n' -- "${chain[@]}" "$cfg" "$cred" 2>/dev/null)
  mapfile -t st <<<"$out"
  for ((i = 0; i < ${#st[@]}; i++)); do
    w=${st[i]}
    uid=${w%% *} w=${w#* } mode=${w%% *} w=${w#* }
    if ((i >= ${#chain[@]})); then
      [[ ${w#* } == "$cfg" ]] && cs=${w%% *}
      [[ ${w#* } == "$cred" ]] && ks=${w%% *}
      continue
    fi
    [[ ${w#* } == "${chain[i]}" ]] || return 1
    if ((i == 0)); then
      [[ $uid == "$EUID" && $mode == -???------ ]] || return 1
      # No bigger than Node writes one (its read would cost seconds): by the size, before reading.
      size=${w#*:} size=${size%%:*}
      [[ $size =~ ^[0-9]+$ ]] && ((size <= 1048576)) || return 1
    else
      [[ $uid == "$EUID" || $uid == 0 ]] || return 1
      [[ $mode == d* ]] || return 1
      if [[ $mode != d????????[tT] ]]; then
        [[ $mode == d????w???? || $mode == d???????w? ]] && return 1
      fi
    fi
  done
  ((i >= ${#chain[@]})) || return 1
  mapfile -t lines <"$f"
  [[ ${lines[0]-} =~ ^fibonacci-completion\ 1\ ([0-9]+)\ (.+)$ ]] || return 1
  printf -v now '%(%s)T' -1
  ((now >= BASH_REMATCH[1] && now - BASH_REMATCH[1] < 60)) || return 1
  [[ ${BASH_REMATCH[2]} == "$cs/$ks" ]] || return 1
  REPLY=${lines[*]:1}
  return 0
}
# COMPREPLY = the words of $1 (separated by spaces or newlines) that start with $2, compared as
# plain strings and offered quoted (printf %q leaves a real name as it is). Never `compgen -W`: it
# expands $(…), `…` and $var inside each word, and some words come from a server.
__fibonacci_words() {
  local -a list=()
  local w q
  IFS=$' \n' read -r -d '' -a list <<<"$1" || true
  COMPREPLY=()
  for w in "${list[@]}"; do
    if [[ $w == "$2"* ]]; then
      printf -v q %q "$w"
      COMPREPLY+=("$q")
    fi
  done
  return 0
}

__fibonacci_value() {
  local spec=$1 cur=$2
  case $spec in
    choices:*) __fibonacci_words "${spec#choices:}" "$cur" ;;
    dynamic:*)
      local values kind=${spec#dynamic:} envword
      local -a ctx
      __fibonacci_context || return 0
      [[ $kind == secret ]] || envword=-
      # The file is found by the exported context alone: not when a flag chose another.
      if ((${#ctx[@]} == 0)) && __fibonacci_cached "$kind" "$envword"; then
        values=$REPLY
      else
        values=$(__fibonacci_dynamic "$kind" "$envword" "${ctx[@]}")
      fi
      __fibonacci_words "$values" "$cur"
      ;;
    file | dir)
      if declare -F _filedir >/dev/null 2>&1; then
        if [[ $spec == dir ]]; then _filedir -d; else _filedir; fi
      else
        mapfile -t COMPREPLY < <(compgen "-${spec:0:1}" -- "$cur")
      fi
      ;;
  esac
}

_fibonacci() {
  local cur prev words cword split=false
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -s -n : || return
  else
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [[ $prev == = && $cword -gt 1 ]]; then
      prev=${COMP_WORDS[COMP_CWORD - 2]}
      split=true
    fi
  fi
  COMPREPLY=()

  # Walk the words before the cursor: descend into subcommands, skip flags and their values.
  local path='' nargs=0 i w REPLY
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    case $w in
      -*=* | =) continue ;;
      -*)
        __fibonacci_flag_value "$path|$w"
        [[ -n $REPLY ]] && ((i++))
        continue
        ;;
    esac
    __fibonacci_subcommands "$path"
    if [[ $nargs -eq 0 && " $REPLY " == *" $w "* ]]; then
      path=${path:+$path }$w
    else
      ((nargs++))
    fi
  done

  # The value of a flag: "--flag VALUE" or "--flag=VALUE".
  if [[ $prev == -* ]]; then
    __fibonacci_flag_value "$path|$prev"
    if [[ -n $REPLY ]]; then
      __fibonacci_value "$REPLY" "$cur"
      # bash-completion's helper; without that package it is missing, and its 127 would be the
      # function's status, which makes bash drop the candidates.
      __ltrim_colon_completions "$cur" 2>/dev/null || true
      return 0
    fi
  fi
  [[ $split == true ]] && return

  if [[ $cur == -* ]]; then
    __fibonacci_flags "$path"
    __fibonacci_words "$REPLY" "$cur"
    return
  fi
  __fibonacci_subcommands "$path"
  if [[ -n $REPLY && $nargs -eq 0 ]]; then
    __fibonacci_words "$REPLY" "$cur"
    return
  fi
  __fibonacci_arg_value "$path|$nargs"
  [[ -n $REPLY ]] && __fibonacci_value "$REPLY" "$cur"
  __ltrim_colon_completions "$cur" 2>/dev/null || true
  return 0
}

complete -F _fibonacci fibonacci
