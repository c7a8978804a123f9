# PowerShell completion for fibonacci
# Generated from the command tree (`fibonacci completion powershell`); do not edit.
# Commands, flags and fixed values are embedded below. Values that live on the server come from
# `fibonacci __complete`, which gives up after 1 s and never prompts.

$__fibonacciSubcommands = @{
    '' = @('auth', 'secret', 'workflow', 'audit', 'emulator', 'org', 'security', 'completion', 'help')
    'auth' = @('login', 'status', 'logout', 'token', 'create-key', 'list-keys', 'revoke-key')
    'secret' = @('set', 'list', 'delete', 'rotation', 'health')
    'workflow' = @('create', 'list', 'run')
    'audit' = @('logs', 'export')
    'emulator' = @('start', 'add-user', 'seed-audit')
    'org' = @('quota', 'governance')
    'org quota' = @('set')
    'org governance' = @('set')
    'security' = @('check')
    'completion' = @('bash', 'zsh', 'fish', 'powershell', 'install')
}
$__fibonacciFlags = @{
    '' = @('--version', '-v', '--help', '-h')
    'auth' = @('--help', '-h')
    'auth login' = @('--with-token', '--insecure-storage', '--help', '-h')
    'auth status' = @('--json', '--help', '-h')
    'auth logout' = @('--help', '-h')
    'auth token' = @('--help', '-h')
    'auth create-key' = @('--name', '--scope', '--workflows', '--expires-in', '--plain', '--json', '--help', '-h')
    'auth list-keys' = @('--json', '--help', '-h')
    'auth revoke-key' = @('--yes', '--help', '-h')
    'secret' = @('--help', '-h')
    'secret set' = @('--env', '--from-file', '--value', '--env-file', '--help', '-h')
    'secret list' = @('--env', '--json', '--help', '-h')
    'secret delete' = @('--env', '--yes', '--help', '-h')
    'secret rotation' = @('--env', '--every', '--notify-before', '--off', '--help', '-h')
    'secret health' = @('--json', '--help', '-h')
    'workflow' = @('--help', '-h')
    'workflow create' = @('--file', '--description', '--json', '--help', '-h')
    'workflow list' = @('--json', '--help', '-h')
    'workflow run' = @('--input', '--json', '--help', '-h')
    'audit' = @('--help', '-h')
    'audit logs' = @('--since', '--until', '--workflow', '--user', '--event-type', '--status', '--limit', '--json', '--format', '--follow', '-f', '--help', '-h')
    'audit export' = @('--since', '--until', '--workflow', '--user', '--event-type', '--status', '--format', '--output', '-o', '--resume', '--help', '-h')
    'emulator' = @('--help', '-h')
    'emulator start' = @('--host', '--port', '--data-dir', '--require-client-cert', '--rate-limit', '--env-file', '--help', '-h')
    'emulator add-user' = @('--role', '--data-dir', '--superuser', '--name', '--scope', '--workflows', '--expires-at', '--help', '-h')
    'emulator seed-audit' = @('--count', '--data-dir', '--span', '--at', '--help', '-h')
    'org' = @('--help', '-h')
    'org quota' = @('--json', '--help', '-h')
    'org quota set' = @('--json', '--help', '-h')
    'org governance' = @('--json', '--help', '-h')
    'org governance set' = @('--json', '--help', '-h')
    'security' = @('--help', '-h')
    'security check' = @('--env', '--format', '--json', '--output', '--fail-on', '--baseline', '--write-baseline', '--list-rules', '--help', '-h')
    'completion' = @('--help', '-h')
    'completion bash' = @('--help', '-h')
    'completion zsh' = @('--help', '-h')
    'completion fish' = @('--help', '-h')
    'completion powershell' = @('--help', '-h')
    'completion install' = @('--help', '-h')
    'help' = @('--help', '-h')
}
$__fibonacciGlobals = @('--api-url', '--ca-cert', '--client-cert', '--client-key', '--timeout', '--retries', '--no-color', '--no-input', '--debug')
$__fibonacciHelp = @{
    '|auth' = 'Log in, check status and manage API keys'
    '|secret' = 'Set, list, delete and rotate secrets per environment'
    '|workflow' = 'Create, list and run workflows'
    '|audit' = 'Query, follow and export audit logs'
    '|emulator' = 'Run a local Fibonacci API for offline work, CI and tests'
    '|org' = 'View and change your organization''s quota and governance'
    '|security' = 'Find hardcoded secrets and unsafe settings (a CI gate)'
    '|completion' = 'Print or install the shell completion script (bash, zsh, fish, PowerShell)'
    '|help' = 'Show help for a command, or a topic: exit-codes, environment'
    '|--version' = 'print the version'
    '|-v' = 'print the version'
    '|--help' = 'show help for a command'
    '|-h' = 'show help for a command'
    'auth|login' = 'Store an API key in the OS keychain after checking it with the API'
    'auth|status' = 'Show the key in use: source, organization, role, scopes and expiry'
    'auth|logout' = 'Remove the stored key from the keychain (and the plain-text file)'
    'auth|token' = 'Print the key in use, nothing else'
    'auth|create-key' = 'Create an API key and print it once (admin or owner)'
    'auth|list-keys' = 'List API keys: id, name, prefix, scopes, workflows, expiry; never a key'
    'auth|revoke-key' = 'Revoke an API key at once, named by id or name (admin or owner)'
    'auth|--help' = 'show help for a command'
    'auth|-h' = 'show help for a command'
    'auth login|--with-token' = 'read the key from standard input'
    'auth login|--insecure-storage' = 'store the key in a plain-text file (0600) instead of the keychain'
    'auth login|--help' = 'show help for a command'
    'auth login|-h' = 'show help for a command'
    'auth status|--json' = 'print JSON'
    'auth status|--help' = 'show help for a command'
    'auth status|-h' = 'show help for a command'
    'auth logout|--help' = 'show help for a command'
    'auth logout|-h' = 'show help for a command'
    'auth token|--help' = 'show help for a command'
    'auth token|-h' = 'show help for a command'
    'auth create-key|--name' = 'a name that says where the key is used'
    'auth create-key|--scope' = 'what the key may do; repeat or comma-separate (read, write, execute, delete, admin or resource:action)'
    'auth create-key|--workflows' = 'workflow-name patterns the key may touch (default: those of your key)'
    'auth create-key|--expires-in' = 'lifetime: whole days such as 30d or 2w, or never'
    'auth create-key|--plain' = 'print the key alone (for $(…))'
    'auth create-key|--json' = 'print the created key as JSON, including the key'
    'auth create-key|--help' = 'show help for a command'
    'auth create-key|-h' = 'show help for a command'
    'auth list-keys|--json' = 'print JSON'
    'auth list-keys|--help' = 'show help for a command'
    'auth list-keys|-h' = 'show help for a command'
    'auth revoke-key|--yes' = 'do not ask for confirmation (needed without a terminal)'
    'auth revoke-key|--help' = 'show help for a command'
    'auth revoke-key|-h' = 'show help for a command'
    'secret|set' = 'Store a secret value (from a prompt, standard input or a file); every set is a new version'
    'secret|list' = 'List secret names and metadata (version, updated, rotation); never values'
    'secret|delete' = 'Delete a secret and all its versions (asks first; --yes without a terminal)'
    'secret|rotation' = 'Set or turn off a secret''s rotation policy'
    'secret|health' = 'Check the secrets backend (a list and a probe read); exit 11 when unhealthy'
    'secret|--help' = 'show help for a command'
    'secret|-h' = 'show help for a command'
    'secret set|--env' = 'environment (default: default_environment in config.json, else the shared scope)'
    'secret set|--from-file' = 'read the value from a file, byte for byte (- for standard input)'
    'secret set|--value' = 'the value itself (leaks into shell history and ps; avoid)'
    'secret set|--env-file' = 'set every entry of a dotenv file'
    'secret set|--help' = 'show help for a command'
    'secret set|-h' = 'show help for a command'
    'secret list|--env' = 'environment (default: default_environment in config.json, else the shared scope)'
    'secret list|--json' = 'print JSON'
    'secret list|--help' = 'show help for a command'
    'secret list|-h' = 'show help for a command'
    'secret delete|--env' = 'environment (default: default_environment in config.json, else the shared scope)'
    'secret delete|--yes' = 'do not ask for confirmation'
    'secret delete|--help' = 'show help for a command'
    'secret delete|-h' = 'show help for a command'
    'secret rotation|--env' = 'environment (default: default_environment in config.json, else the shared scope)'
    'secret rotation|--every' = 'rotate every N days (30d, 4w or 30)'
    'secret rotation|--notify-before' = 'flag the secret this long before it is due (default 7d)'
    'secret rotation|--off' = 'remove the rotation policy'
    'secret rotation|--help' = 'show help for a command'
    'secret rotation|-h' = 'show help for a command'
    'secret health|--json' = 'print JSON'
    'secret health|--help' = 'show help for a command'
    'secret health|-h' = 'show help for a command'
    'workflow|create' = 'Create a workflow from a JSON definition'
    'workflow|list' = 'List the workflows your key may see'
    'workflow|run' = 'Run a workflow by name (or id) and print the run'
    'workflow|--help' = 'show help for a command'
    'workflow|-h' = 'show help for a command'
    'workflow create|--file' = 'the definition as JSON (- reads standard input)'
    'workflow create|--description' = 'a one-line description'
    'workflow create|--json' = 'print the created workflow as JSON'
    'workflow create|--help' = 'show help for a command'
    'workflow create|-h' = 'show help for a command'
    'workflow list|--json' = 'print JSON'
    'workflow list|--help' = 'show help for a command'
    'workflow list|-h' = 'show help for a command'
    'workflow run|--input' = 'input data as a JSON object'
    'workflow run|--json' = 'print the run as JSON'
    'workflow run|--help' = 'show help for a command'
    'workflow run|-h' = 'show help for a command'
    'audit|logs' = 'Show audit events, newest first (or follow new ones as they happen)'
    'audit|export' = 'Export audit events to a file (streamed, atomic, resumable) or to stdout'
    'audit|--help' = 'show help for a command'
    'audit|-h' = 'show help for a command'
    'audit logs|--since' = 'from this time: RFC 3339, a duration (2h, 7d) or English ("1 hour ago")'
    'audit logs|--until' = 'up to this time (same forms as --since)'
    'audit logs|--workflow' = 'only events of this workflow (its name, or its wf_… id)'
    'audit logs|--user' = 'only events of this user'
    'audit logs|--event-type' = 'only this event type; repeat to allow several'
    'audit logs|--status' = 'only this outcome'
    'audit logs|--limit' = 'at most this many events; 0 = all'
    'audit logs|--json' = 'print a JSON array'
    'audit logs|--format' = 'output format'
    'audit logs|--follow' = 'after the history, print new events as they arrive until Ctrl-C'
    'audit logs|-f' = 'after the history, print new events as they arrive until Ctrl-C'
    'audit logs|--help' = 'show help for a command'
    'audit logs|-h' = 'show help for a command'
    'audit export|--since' = 'from this time: RFC 3339, a duration (2h, 7d) or English ("1 hour ago")'
    'audit export|--until' = 'up to this time (same forms as --since)'
    'audit export|--workflow' = 'only events of this workflow (its name, or its wf_… id)'
    'audit export|--user' = 'only events of this user'
    'audit export|--event-type' = 'only this event type; repeat to allow several'
    'audit export|--status' = 'only this outcome'
    'audit export|--format' = 'json (one array), ndjson (one event a line) or csv'
    'audit export|--output' = 'file to write, or - for stdout'
    'audit export|-o' = 'file to write, or - for stdout'
    'audit export|--resume' = 'continue an export that stopped part-way, from its checkpoint'
    'audit export|--help' = 'show help for a command'
    'audit export|-h' = 'show help for a command'
    'emulator|start' = 'Start the local API over TLS 1.3; runs until Ctrl-C or SIGTERM'
    'emulator|add-user' = 'Add a user with one API key to an emulator''s data dir and print the key'
    'emulator|seed-audit' = 'Load a synthetic audit history straight into an emulator''s data dir (benchmarks, demo)'
    'emulator|--help' = 'show help for a command'
    'emulator|-h' = 'show help for a command'
    'emulator start|--host' = 'interface to listen on'
    'emulator start|--port' = 'port to listen on; 0 picks a free one'
    'emulator start|--data-dir' = 'database, certificates and owner key (default $XDG_DATA_HOME/fibonacci/emulator)'
    'emulator start|--require-client-cert' = 'demand a client certificate signed by the emulator CA (mTLS)'
    'emulator start|--rate-limit' = 'requests per minute per key (env FIBONACCI_EMULATOR_RATE_LIMIT; default 6000)'
    'emulator start|--env-file' = 'server settings (APP_ENV, SESSION_SECRET_KEY, …) from a dotenv file; the environment wins'
    'emulator start|--help' = 'show help for a command'
    'emulator start|-h' = 'show help for a command'
    'emulator add-user|--role' = 'owner, admin, member, viewer, or a custom role of the access policy'
    'emulator add-user|--data-dir' = 'the emulator data dir (default $XDG_DATA_HOME/fibonacci/emulator)'
    'emulator add-user|--superuser' = 'make the user a platform superuser'
    'emulator add-user|--name' = 'name of the user and the key (default: the role)'
    'emulator add-user|--scope' = 'scopes of the key (default by role); one of read, write, execute, delete, admin, workflows:read, workflows:write, workflows:execute, workflows:delete, runs:read, runs:write, runs:execute, runs:delete, secrets:read, secrets:write, secrets:execute, secrets:delete, api_keys:read, api_keys:write, api_keys:execute, api_keys:delete, audit:read, audit:write, audit:execute, audit:delete'
    'emulator add-user|--workflows' = 'workflow-name patterns the key may touch (default **)'
    'emulator add-user|--expires-at' = 'expiry of the key (RFC 3339)'
    'emulator add-user|--help' = 'show help for a command'
    'emulator add-user|-h' = 'show help for a command'
    'emulator seed-audit|--count' = 'number of events to add'
    'emulator seed-audit|--data-dir' = 'the emulator data dir (default $XDG_DATA_HOME/fibonacci/emulator)'
    'emulator seed-audit|--span' = 'spread the events evenly over this long up to now'
    'emulator seed-audit|--at' = 'give every event this one timestamp (RFC 3339) instead'
    'emulator seed-audit|--help' = 'show help for a command'
    'emulator seed-audit|-h' = 'show help for a command'
    'org|quota' = 'Show plan limits, overrides and the effective quota (admin or owner)'
    'org|governance' = 'Show the approval and governance settings (admin or owner)'
    'org|--help' = 'show help for a command'
    'org|-h' = 'show help for a command'
    'org quota|set' = 'Override quota limits (owner); negative or non-numeric values are discarded'
    'org quota|--json' = 'print JSON'
    'org quota|--help' = 'show help for a command'
    'org quota|-h' = 'show help for a command'
    'org quota set|--json' = 'print JSON'
    'org quota set|--help' = 'show help for a command'
    'org quota set|-h' = 'show help for a command'
    'org governance|set' = 'Change governance settings (owner); every change is audited with before/after values'
    'org governance|--json' = 'print JSON'
    'org governance|--help' = 'show help for a command'
    'org governance|-h' = 'show help for a command'
    'org governance set|--json' = 'print JSON'
    'org governance set|--help' = 'show help for a command'
    'org governance set|-h' = 'show help for a command'
    'security|check' = 'Scan for hardcoded credentials, unsafe production .env settings and invalid fibonacci.yaml or input_schema; exit 11 on findings at or above --fail-on'
    'security|--help' = 'show help for a command'
    'security|-h' = 'show help for a command'
    'security check|--env' = 'also check that every {{secrets.NAME}} exists in this environment or the shared scope (online; names only)'
    'security check|--format' = 'report format (default text)'
    'security check|--json' = 'the JSON report (same as --format json)'
    'security check|--output' = 'write the report to this file instead of standard output'
    'security check|--fail-on' = 'exit 11 when a finding is at or above this level'
    'security check|--baseline' = 'do not report findings recorded in this baseline file'
    'security check|--write-baseline' = 'record every current finding in this baseline file (and exit 0)'
    'security check|--list-rules' = 'list the rules (id, level, description, fix) and exit'
    'security check|--help' = 'show help for a command'
    'security check|-h' = 'show help for a command'
    'completion|bash' = 'Print the bash completion script'
    'completion|zsh' = 'Print the zsh completion script'
    'completion|fish' = 'Print the fish completion script'
    'completion|powershell' = 'Print the PowerShell completion script'
    'completion|install' = 'Write the script where the shell loads it from; never edits an rc file or profile'
    'completion|--help' = 'show help for a command'
    'completion|-h' = 'show help for a command'
    'completion bash|--help' = 'show help for a command'
    'completion bash|-h' = 'show help for a command'
    'completion zsh|--help' = 'show help for a command'
    'completion zsh|-h' = 'show help for a command'
    'completion fish|--help' = 'show help for a command'
    'completion fish|-h' = 'show help for a command'
    'completion powershell|--help' = 'show help for a command'
    'completion powershell|-h' = 'show help for a command'
    'completion install|--help' = 'show help for a command'
    'completion install|-h' = 'show help for a command'
    'help|--help' = 'show help for a command'
    'help|-h' = 'show help for a command'
    '*|--api-url' = 'API base URL (default https://api.fibonacci.today)'
    '*|--ca-cert' = 'extra CA bundle (PEM) to trust'
    '*|--client-cert' = 'client certificate (PEM) for mTLS; needs --client-key'
    '*|--client-key' = 'client private key (PEM) for mTLS; needs --client-cert'
    '*|--timeout' = 'per-request timeout in seconds (default 30)'
    '*|--retries' = 'retries for idempotent requests (default 3)'
    '*|--no-color' = 'never colour output'
    '*|--no-input' = 'never prompt'
    '*|--debug' = 'print request/response lines on stderr (keys and values redacted)'
}
$__fibonacciValues = @{
    'auth create-key|--name' = 'none'
    'auth create-key|--scope' = 'choices:read write execute delete admin workflows:read workflows:write workflows:execute workflows:delete runs:read runs:write runs:execute runs:delete secrets:read secrets:write secrets:execute secrets:delete api_keys:read api_keys:write api_keys:execute api_keys:delete audit:read audit:write audit:execute audit:delete'
    'auth create-key|--workflows' = 'dynamic:workflow'
    'auth create-key|--expires-in' = 'none'
    'secret set|--env' = 'dynamic:env'
    'secret set|--from-file' = 'file'
    'secret set|--value' = 'none'
    'secret set|--env-file' = 'file'
    'secret list|--env' = 'dynamic:env'
    'secret delete|--env' = 'dynamic:env'
    'secret rotation|--env' = 'dynamic:env'
    'secret rotation|--every' = 'none'
    'secret rotation|--notify-before' = 'none'
    'workflow create|--file' = 'file'
    'workflow create|--description' = 'none'
    'workflow run|--input' = 'none'
    'audit logs|--since' = 'none'
    'audit logs|--until' = 'none'
    'audit logs|--workflow' = 'dynamic:workflow'
    'audit logs|--user' = 'none'
    'audit logs|--event-type' = 'choices:workflow.created workflow.execute secret.set secret.deleted secret.rotation_changed api_key.created api_key.revoked quota.override_set governance.settings_changed member.role_changed access.policy_changed auth.failed access.denied network.blocked quota.override_rejected quota.exceeded DEVELOPER_SHELL_EXECUTED'
    'audit logs|--status' = 'choices:success failure denied'
    'audit logs|--limit' = 'none'
    'audit logs|--format' = 'choices:table json ndjson'
    'audit export|--since' = 'none'
    'audit export|--until' = 'none'
    'audit export|--workflow' = 'dynamic:workflow'
    'audit export|--user' = 'none'
    'audit export|--event-type' = 'choices:workflow.created workflow.execute secret.set secret.deleted secret.rotation_changed api_key.created api_key.revoked quota.override_set governance.settings_changed member.role_changed access.policy_changed auth.failed access.denied network.blocked quota.override_rejected quota.exceeded DEVELOPER_SHELL_EXECUTED'
    'audit export|--status' = 'choices:success failure denied'
    'audit export|--format' = 'choices:json ndjson csv'
    'audit export|--output' = 'file'
    'audit export|-o' = 'file'
    'emulator start|--host' = 'none'
    'emulator start|--port' = 'none'
    'emulator start|--data-dir' = 'dir'
    'emulator start|--rate-limit' = 'none'
    'emulator start|--env-file' = 'file'
    'emulator add-user|--role' = 'none'
    'emulator add-user|--data-dir' = 'dir'
    'emulator add-user|--name' = 'none'
    'emulator add-user|--scope' = 'choices:read write execute delete admin workflows:read workflows:write workflows:execute workflows:delete runs:read runs:write runs:execute runs:delete secrets:read secrets:write secrets:execute secrets:delete api_keys:read api_keys:write api_keys:execute api_keys:delete audit:read audit:write audit:execute audit:delete'
    'emulator add-user|--workflows' = 'dynamic:workflow'
    'emulator add-user|--expires-at' = 'none'
    'emulator seed-audit|--count' = 'none'
    'emulator seed-audit|--data-dir' = 'dir'
    'emulator seed-audit|--span' = 'none'
    'emulator seed-audit|--at' = 'none'
    'security check|--env' = 'dynamic:env'
    'security check|--format' = 'choices:text json sarif'
    'security check|--output' = 'file'
    'security check|--fail-on' = 'choices:error warning note'
    'security check|--baseline' = 'file'
    'security check|--write-baseline' = 'file'
    '*|--api-url' = 'none'
    '*|--ca-cert' = 'file'
    '*|--client-cert' = 'file'
    '*|--client-key' = 'file'
    '*|--timeout' = 'none'
    '*|--retries' = 'none'
}
$__fibonacciArgs = @{
    'auth revoke-key|0' = 'dynamic:key'
    'secret set|0' = 'dynamic:secret'
    'secret delete|0' = 'dynamic:secret'
    'secret rotation|0' = 'dynamic:secret'
    'workflow run|0' = 'dynamic:workflow'
    'security check|*' = 'file'
    'completion install|0' = 'choices:bash zsh fish powershell'
    'help|*' = 'choices:exit-codes environment auth secret workflow audit emulator org security completion'
}

Register-ArgumentCompleter -Native -CommandName fibonacci -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } |
        ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '' -and $words.Count -gt 0 -and $words[-1] -eq $wordToComplete) {
        $words = @($words | Select-Object -SkipLast 1)
    }
    $valueOf = { param($path, $flag)
        if ($__fibonacciValues.ContainsKey("$path|$flag")) { return $__fibonacciValues["$path|$flag"] }
        return $__fibonacciValues["*|$flag"]
    }
    $path = ''
    $nargs = 0
    for ($i = 1; $i -lt $words.Count; $i++) {
        $w = $words[$i]
        if ($w -like '-*=*') { continue }
        if ($w -like '-*') { if (& $valueOf $path $w) { $i++ }; continue }
        $subs = $__fibonacciSubcommands[$path]
        if ($nargs -eq 0 -and $subs -and $subs -contains $w) { $path = "$path $w".Trim() } else { $nargs++ }
    }
    $spec = $null
    $prev = if ($words.Count -gt 1) { $words[-1] } else { '' }
    if ($prev -like '-*' -and $words.Count -gt 1) { $spec = & $valueOf $path $prev }
    $candidates = @()
    if ($spec) {
    } elseif ($wordToComplete -like '-*') {
        $candidates = @($__fibonacciFlags[$path]) + $__fibonacciGlobals
    } elseif ($nargs -eq 0 -and $__fibonacciSubcommands.ContainsKey($path)) {
        $candidates = $__fibonacciSubcommands[$path]
    } else {
        $spec = $__fibonacciArgs["$path|$nargs"]
        if (-not $spec) { $spec = $__fibonacciArgs["$path|*"] }
    }
    if ($spec -like 'choices:*') {
        $candidates = $spec.Substring(8) -split ' '
    } elseif ($spec -like 'dynamic:*') {
        $kind = $spec.Substring(8)
        $extra = @()
        $envAt = [array]::IndexOf($words, '--env')
        if ($kind -eq 'secret' -and $envAt -ge 0 -and $envAt + 1 -lt $words.Count) { $extra = @('--env', $words[$envAt + 1]) }
        $candidates = @(& $words[0] __complete $kind @extra 2>$null)
    } elseif ($spec -eq 'file' -or $spec -eq 'dir') {
        return
    }
    # A literal prefix (-like would read [ ] * ? in what was typed as wildcards). A word PowerShell
    # would read as code or split ($ ` ; ( ) quotes, spaces) goes in single-quoted, never as is:
    # `__complete` offers only names that follow the API's rules, this holds whatever it offered.
    $candidates | Where-Object { $_ -and $_.StartsWith($wordToComplete, [StringComparison]::OrdinalIgnoreCase) } | ForEach-Object {
        $tip = $__fibonacciHelp["$path|$_"]
        if (-not $tip) { $tip = $__fibonacciHelp["*|$_"] }
        if (-not $tip) { $tip = $_ }
        $text = if ($_ -cmatch '^[A-Za-z0-9_./:=,+-]+$') { $_ } else { "'" + ($_ -replace "'", "''") + "'" }
        [System.Management.Automation.CompletionResult]::new($text, $_, 'ParameterValue', $tip)
    }
}
