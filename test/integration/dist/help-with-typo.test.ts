// The built CLI, bin/fibonacci.cjs first: its static table answers exact help forms without the
// bundle, so an unknown option beside --help must reach the bundle, which refuses it (exit 2).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/spawn-cli.js';

describe('the built CLI: --help beside an unknown option', () => {
  it.each([
    [['--help', '--bogus'], 'fibonacci'],
    [['--bogus', '--help'], 'fibonacci'],
    [['secret', 'list', '--help', '--bogus'], 'fibonacci secret list'],
    [['secret', 'list', '--bogus', '-h'], 'fibonacci secret list'],
    [['completion', 'bash', '--help', '--bogus'], 'fibonacci completion bash'],
  ])('%j: exit 2, the usual error and hint, no help on stdout', async (argv, path) => {
    const r = await runCli(argv);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: unknown option --bogus\nhint: see \`${path} --help\`\n`,
    });
  });

  it('--help alone is still the help, exit 0', async () => {
    const r = await runCli(['secret', 'list', '--help']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^Usage: fibonacci secret list/);
  });
});
