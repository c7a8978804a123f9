// The PowerShell script: the same tables as hashtables, and one native argument completer.
// (PowerShell is not in Debian's archive, so it is checked by unit tests only, not in a real shell.)
import { valueSpec } from './bash.js';
import type { CompletionModel, FlagSpec } from './model.js';
import { CONTEXT_FLAGS } from './values.js';

/** A word that is one of CONTEXT_FLAGS, alone or as `--flag=value`. */
const CONTEXT_RE = `^(${CONTEXT_FLAGS.join('|')})(=|$)`;

/** Single-quote a string for PowerShell ('' is the only escape). */
export function psq(word: string): string {
  return `'${word.replace(/'/g, "''")}'`;
}

const list = (words: readonly string[]) => `@(${words.map(psq).join(', ')})`;
const names = (flags: readonly FlagSpec[]) => flags.flatMap((f) => f.names);

/** Render the PowerShell completion script. */
export function renderPowerShell(model: CompletionModel): string {
  const p = model.program;
  const subs: string[] = [];
  const flags: string[] = [];
  const help: string[] = [];
  const values: string[] = [];
  const args: string[] = [];
  for (const c of model.commands) {
    if (c.subcommands.length > 0) subs.push(`    ${psq(c.path)} = ${list(c.subcommands.map((s) => s.name))}`);
    for (const s of c.subcommands) help.push(`    ${psq(`${c.path}|${s.name}`)} = ${psq(s.description)}`);
    flags.push(`    ${psq(c.path)} = ${list(names(c.flags))}`);
    for (const f of c.flags) {
      for (const n of f.names) {
        help.push(`    ${psq(`${c.path}|${n}`)} = ${psq(f.description)}`);
        if (f.value) values.push(`    ${psq(`${c.path}|${n}`)} = ${psq(valueSpec(f.value))}`);
      }
    }
    c.args.forEach((a, i) => {
      if (a.value.kind !== 'none')
        args.push(`    ${psq(`${c.path}|${a.variadic ? '*' : i}`)} = ${psq(valueSpec(a.value))}`);
    });
  }
  for (const f of model.globals) {
    for (const n of f.names) {
      help.push(`    ${psq(`*|${n}`)} = ${psq(f.description)}`);
      if (f.value) values.push(`    ${psq(`*|${n}`)} = ${psq(valueSpec(f.value))}`);
    }
  }
  return `# PowerShell completion for ${p}
# Generated from the command tree (\`${p} completion powershell\`); do not edit.
# Commands, flags and fixed values are embedded below. Values that live on the server come from
# \`${p} __complete\`, which gives up after 1 s and never prompts.

$__${p}Subcommands = @{
${subs.join('\n')}
}
$__${p}Flags = @{
${flags.join('\n')}
}
$__${p}Globals = ${list(names(model.globals))}
$__${p}Help = @{
${help.join('\n')}
}
$__${p}Values = @{
${values.join('\n')}
}
$__${p}Args = @{
${args.join('\n')}
}

Register-ArgumentCompleter -Native -CommandName ${p} -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } |
        ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '' -and $words.Count -gt 0 -and $words[-1] -eq $wordToComplete) {
        $words = @($words | Select-Object -SkipLast 1)
    }
    $valueOf = { param($path, $flag)
        if ($__${p}Values.ContainsKey("$path|$flag")) { return $__${p}Values["$path|$flag"] }
        return $__${p}Values["*|$flag"]
    }
    $path = ''
    $nargs = 0
    for ($i = 1; $i -lt $words.Count; $i++) {
        $w = $words[$i]
        if ($w -like '-*=*') { continue }
        if ($w -like '-*') { if (& $valueOf $path $w) { $i++ }; continue }
        $subs = $__${p}Subcommands[$path]
        if ($nargs -eq 0 -and $subs -and $subs -contains $w) { $path = "$path $w".Trim() } else { $nargs++ }
    }
    $spec = $null
    $prev = if ($words.Count -gt 1) { $words[-1] } else { '' }
    if ($prev -like '-*' -and $words.Count -gt 1) { $spec = & $valueOf $path $prev }
    $candidates = @()
    if ($spec) {
    } elseif ($wordToComplete -like '-*') {
        $candidates = @($__${p}Flags[$path]) + $__${p}Globals
    } elseif ($nargs -eq 0 -and $__${p}Subcommands.ContainsKey($path)) {
        $candidates = $__${p}Subcommands[$path]
    } else {
        $spec = $__${p}Args["$path|$nargs"]
        if (-not $spec) { $spec = $__${p}Args["$path|*"] }
    }
    if ($spec -like 'choices:*') {
        $candidates = $spec.Substring(8) -split ' '
    } elseif ($spec -like 'dynamic:*') {
        $kind = $spec.Substring(8)
        # A flag that chooses another API or TLS identity: \`__complete\` would answer for the
        # environment's, so nothing rather than another context's names.
        if ($words | Where-Object { $_ -match '${CONTEXT_RE}' }) { return }
        $extra = @()
        $envAt = [array]::IndexOf($words, '--env')
        if ($kind -eq 'secret' -and $envAt -ge 0 -and $envAt + 1 -lt $words.Count) { $extra = @('--env', $words[$envAt + 1]) }
        $candidates = @(& $words[0] __complete $kind @extra 2>$null)
    } elseif ($spec -eq 'file' -or $spec -eq 'dir') {
        return
    }
    # A literal prefix (-like would read [ ] * ? in what was typed as wildcards). A word PowerShell
    # would read as code or split ($ \` ; ( ) quotes, spaces) goes in single-quoted, never as is:
    # \`__complete\` offers only names that follow the API's rules, this holds whatever it offered.
    $candidates | Where-Object { $_ -and $_.StartsWith($wordToComplete, [StringComparison]::OrdinalIgnoreCase) } | ForEach-Object {
        $tip = $__${p}Help["$path|$_"]
        if (-not $tip) { $tip = $__${p}Help["*|$_"] }
        if (-not $tip) { $tip = $_ }
        $text = if ($_ -cmatch '^[A-Za-z0-9_./:=,+-]+$') { $_ } else { "'" + ($_ -replace "'", "''") + "'" }
        [System.Management.Automation.CompletionResult]::new($text, $_, 'ParameterValue', $tip)
    }
}
`;
}
