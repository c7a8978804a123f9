// bash without the bash-completion package (Debian's root shell, a container): the generated
// script is sourced alone and must still complete a flag's value. Its last call is bash-completion's
// __ltrim_colon_completions; missing, its 127 was the function's status and bash dropped the words.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';

const script = join(REPO_ROOT, 'completions', 'fibonacci.bash');

function complete(words: string[]): { status: number | null; stdout: string } {
  const line = `${words.join(' ')}`;
  const body = [
    `source '${script}'`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE='${line}'`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${…}, not a template
    'COMP_POINT=${#COMP_LINE}',
    `_fibonacci fibonacci '${words[words.length - 1]}' '${words[words.length - 2]}'`,
    'status=$?',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${…}, not a template
    'printf "%s\\n" "${COMPREPLY[@]}"',
    'exit $status',
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', body], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}

describe('bash completion without the bash-completion package', () => {
  it('a flag value (a static list) completes, and the function ends with 0', () => {
    const r = complete(['fibonacci', 'audit', 'logs', '--status', '']);
    expect(r).toEqual({ status: 0, stdout: 'success\nfailure\ndenied\n' });
  });

  it('a subcommand completes too', () => {
    const r = complete(['fibonacci', 'secret', 'li']);
    expect(r).toEqual({ status: 0, stdout: 'list\n' });
  });
});
