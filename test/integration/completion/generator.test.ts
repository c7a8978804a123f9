// The generator on a commander tree built here, so these hold whatever the real commands look like.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { afterAll, describe, expect, it } from 'vitest';
import { renderBash } from '../../../src/lib/completion/bash.js';
import { renderFish } from '../../../src/lib/completion/fish.js';
import { buildModel, staticChoices } from '../../../src/lib/completion/model.js';
import { renderPowerShell } from '../../../src/lib/completion/powershell.js';
import { renderZsh } from '../../../src/lib/completion/zsh.js';
import { bashComplete, fishComplete, zshComplete } from './shells.js';

function tree(): Command {
  const program = new Command('fibonacci').option('--api-url <url>', 'API base URL').helpCommand(false);
  const secret = program.command('secret').description('Manage secrets');
  secret
    .command('set')
    .description('Set a secret')
    .argument('[name]', 'secret name')
    .option('--env <env>', 'environment')
    .option('--env-file <path>', 'dotenv file')
    .action(() => {});
  secret
    .command('delete')
    .description("Delete one: it's gone")
    .argument('<name>')
    .action(() => {});
  const audit = program.command('audit').description('Audit logs');
  audit
    .command('export')
    .description('Export')
    .addOption(new Option('--format <format>', 'format').choices(['json', 'ndjson', 'csv']))
    .option('--workflow <name>', 'workflow name or id')
    .option('--data-dir <dir>', 'a dir')
    .action(() => {});
  program
    .command('__complete', { hidden: true })
    .argument('<kind>')
    .action(() => {});
  return program;
}

const model = buildModel(tree() as never);
const dir = mkdtempSync(join(tmpdir(), 'fib-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model', () => {
  it('walks commands, flags, choices and value sources; hidden commands stay out', () => {
    expect(model.commands.map((c) => c.path)).toEqual([
      '',
      'secret',
      'secret set',
      'secret delete',
      'audit',
      'audit export',
    ]);
    expect(model.globals.map((g) => g.names)).toEqual([['--api-url']]);
    expect(staticChoices(model, 'audit export', '--format')).toEqual(['json', 'ndjson', 'csv']);
    const set = model.commands.find((c) => c.path === 'secret set');
    expect(set?.flags.map((f) => [f.names[0], f.value?.kind])).toEqual([
      ['--env', 'dynamic'],
      ['--env-file', 'file'],
      ['--help', undefined],
    ]);
    expect(set?.args).toEqual([
      { name: 'name', variadic: false, value: { kind: 'dynamic', name: 'secret' } },
    ]);
    const exp = model.commands.find((c) => c.path === 'audit export');
    expect(exp?.flags[1]?.value).toEqual({ kind: 'dynamic', name: 'workflow' });
    expect(exp?.flags[2]?.value).toEqual({ kind: 'dir' });
  });
});

describe('scripts from a tree built here, in the real shells', () => {
  writeFileSync(join(dir, 'fibonacci.bash'), renderBash(model));
  writeFileSync(join(dir, '_fibonacci'), renderZsh(model));
  writeFileSync(join(dir, 'fibonacci.fish'), renderFish(model));

  it.each([
    ['fibonacci sec', ['secret']],
    ['fibonacci secret set --e', ['--env', '--env-file']],
    ['fibonacci audit export --format ', ['csv', 'json', 'ndjson']],
    ['fibonacci ', ['audit', 'secret']],
  ])('%s<TAB>', (line, expected) => {
    expect(bashComplete(line, {}, join(dir, 'fibonacci.bash'))).toEqual(expected);
    expect(zshComplete(line, {}, dir)).toEqual(expected);
    expect(fishComplete(line, {}, join(dir, 'fibonacci.fish'))).toEqual(expected);
  });

  it('quotes descriptions with quotes in them for every shell', () => {
    expect(renderFish(model)).toContain("-d 'Delete one: it\\'s gone'");
    expect(renderZsh(model)).toContain(`'delete:Delete one: it'\\''s gone'`);
    expect(renderPowerShell(model)).toContain("'secret|delete' = 'Delete one: it''s gone'");
  });

  it('PowerShell: one native completer with the same tables (no pwsh here to run it)', () => {
    const ps = renderPowerShell(model);
    expect(ps).toContain('Register-ArgumentCompleter -Native -CommandName fibonacci');
    expect(ps).toContain("'audit export|--format' = 'choices:json ndjson csv'");
    expect(ps).toContain("'secret set|0' = 'dynamic:secret'");
    expect(ps).toContain("'' = @('secret', 'audit')");
    expect(ps).not.toContain("__complete'");
    // Server words are matched as literal text and inserted quoted unless plainly safe.
    expect(ps).not.toContain('-like "$wordToComplete*"');
    expect(ps).toContain('$_.StartsWith($wordToComplete, [StringComparison]::OrdinalIgnoreCase)');
    expect(ps).toContain(
      `$text = if ($_ -cmatch '^[A-Za-z0-9_./:=,+-]+$') { $_ } else { "'" + ($_ -replace "'", "''") + "'" }`,
    );
    expect(ps).toContain("CompletionResult]::new($text, $_, 'ParameterValue', $tip)");
    // Not told of a context flag, `__complete` would answer for another API: nothing is offered.
    expect(ps).toContain(
      "if ($words | Where-Object { $_ -match '^(--api-url|--ca-cert|--client-cert|--client-key)(=|$)' }) { return }",
    );
  });
});
