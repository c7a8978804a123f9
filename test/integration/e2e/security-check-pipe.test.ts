// A gate read through a pipe that closes early (`fibonacci security check | head`): the exit code is
// still the verdict, so a CI step with pipefail fails when the scan found something, and a baseline
// being written is not lost. A closed pipe is the quiet exit 0 only when there was nothing to fail.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { cleanEnv } from '../../helpers/clean-env.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { makeTree } from '../../helpers/security-check.js';

const rng = seeded(97);
const token = () => PLANTS['github-token']?.(rng).secret as string;

/** 300 workflow files with a token each: a report far larger than a pipe's buffer. */
function leaky(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`f${i}.yaml`] = `name: w${i}\nnodes: []\ntoken: ${token()}\n`;
  return makeTree(files);
}

/** `fibonacci security check ARGS | READER` under pipefail: the pipeline's exit code and stderr. */
function piped(cwd: string, args: string, reader: string): { code: number | null; stderr: string } {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `set -o pipefail; "${process.execPath}" -- "${CLI_BIN}" security check ${args} | ${reader} > /dev/null`,
    ],
    { cwd, env: cleanEnv({}), encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status, stderr: r.stderr };
}

describe('security check | head', () => {
  it('findings: exit 11 whatever the reader did, in text and SARIF', () => {
    const root = leaky();
    expect(piped(root, '.', 'head -n 5')).toEqual({ code: 11, stderr: '' });
    expect(piped(root, '--format sarif .', 'head -c1')).toEqual({ code: 11, stderr: '' });
    expect(piped(root, '--json .', 'head -c1')).toEqual({ code: 11, stderr: '' });
  });

  it('a baseline being written is written in full, and the run ends as the closed pipe says', () => {
    const root = leaky();
    const r = piped(root, '--write-baseline base.json .', 'head -c1');
    expect(r.code).toBe(0);
    // The note comes after the report: whether it is printed depends on when the reader left.
    expect(r.stderr).toMatch(/^(Recorded 300 findings in the baseline base\.json\n)?$/);
    expect(existsSync(join(root, 'base.json'))).toBe(true);
    const recorded = JSON.parse(readFileSync(join(root, 'base.json'), 'utf8'));
    expect(JSON.stringify(recorded).match(/github-token/g)).toHaveLength(300);
    // And with that baseline the gate passes, through the same pipe.
    expect(piped(root, '--baseline base.json .', 'head -c1')).toEqual({ code: 0, stderr: '' });
  });

  it('nothing found: the quiet exit 0', () => {
    const root = makeTree({ 'wf.yaml': 'name: w\nnodes: []\ntoken: "{{secrets.API_TOKEN}}"\n' });
    expect(piped(root, '.', 'head -c1')).toEqual({ code: 0, stderr: '' });
  });
});
