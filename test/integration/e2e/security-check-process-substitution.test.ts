// `security check <(git show HEAD:wf.yaml)`: the shell names a pipe, `/dev/fd/63`, whose link
// points at no path (`pipe:[123]`). It said "../../dev/fd/63  cannot read: no such file or
// directory" (exit 3), and never read the text (hostile pass 14, H14a-9). Now the pipe is read to its
// end, at most 1 MiB as a named file is, judged by the credential rules, and shown as it was typed.
// The built CLI under bash.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../../helpers/repo.js';
import { expectNoSecret } from '../../helpers/security-check.js';
import { spawnCollect, waitExit } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;

/** `bash -c SCRIPT` with $CLI the built CLI, in `dir`. */
async function bash(dir: string, script: string) {
  const proc = spawnCollect(
    'bash',
    ['-c', script],
    { CLI: `${process.execPath} -- ${CLI_BIN}` },
    { cwd: dir },
  );
  proc.child.stdin.end();
  const code = await waitExit(proc, 'bash', 60_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

describe('security check <(…)', () => {
  it('a token in the pipe is found, the pipe named as typed', async () => {
    const dir = tempDir('fib-procsub-');
    writeFileSync(
      join(dir, 'wf.yaml'),
      `name: x\nversion: 1\nnodes:\n  - id: a\n    type: tool\n    api_token: ${TOKEN}\nedges: []\n`,
    );
    writeFileSync(join(dir, 'ok.yaml'), 'name: x\nversion: 1\nnodes: []\nedges: []\n');
    const r = await bash(dir, '$CLI security check --json <(cat wf.yaml) <(cat ok.yaml)');
    expect(r.code, r.stderr).toBe(11);
    const body = JSON.parse(r.stdout) as {
      findings: Array<{ path: string; rule: string; line: number }>;
      files: { scanned: string[]; unreadable: unknown[] };
    };
    expect(body.files.unreadable).toEqual([]);
    expect(body.files.scanned.length).toBe(2);
    expect(body.files.scanned.every((p) => /^\/dev\/fd\/\d+$/.test(p))).toBe(true);
    expect(body.findings.map((f) => [f.rule, f.line])).toEqual([['github-token', 6]]);
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
    const text = await bash(dir, '$CLI security check <(cat ok.yaml)');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Scanned 1 file:\n {2}\/dev\/fd\/\d+\n/m);
  });

  // SC-PIPE: `/dev/stdin` is a link to `/proc/self/fd/0`, whose target is `pipe:[123]`: it said
  // "../../dev/stdin  cannot read: no such file or directory" (exit 3) and never read the text.
  it('/dev/stdin when standard input is a pipe: read, its token found, named as typed', async () => {
    const dir = tempDir('fib-procsub-');
    writeFileSync(join(dir, 'wf.yaml'), `name: x\nversion: 1\nnodes:\n  - id: a\n    api_token: ${TOKEN}\n`);
    const r = await bash(dir, 'cat wf.yaml | $CLI security check /dev/stdin');
    expect(r.code, r.stderr).toBe(11);
    expect(r.stdout).toMatch(/^\/dev\/stdin\n {2}5:16 +error +github-token /m);
    expect(r.stdout).toContain('Scanned 1 file:\n  /dev/stdin\n');
    expect(r.stdout + r.stderr).not.toContain('no such file');
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  });

  // SC-PIPE: `-` was told to "check the path given", not how standard input is read.
  it('`-` is no path: exit 2, the hint names /dev/stdin', async () => {
    const dir = tempDir('fib-procsub-');
    const r = await bash(dir, 'echo x | $CLI security check -');
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: no such file or directory: -\nhint: to check standard input, name it /dev/stdin (`… | fibonacci security check /dev/stdin`)\n',
    ]);
  });

  // SC-PIPE: a pipe over 1 MiB was skipped (exit 0) while the same text in a file is checked for
  // token formats window by window (exit 11): a token past the first MiB passed the gate.
  it('more than 1 MiB: checked for token formats as a file of that size is, the token past 1 MiB found', async () => {
    const dir = tempDir('fib-procsub-');
    const script = `$CLI security check <(head -c 1100000 /dev/zero | tr '\\0' a; printf '\\n${TOKEN}\\n')`;
    const r = await bash(dir, script);
    expect(r.code, r.stderr).toBe(11);
    expect(r.stdout).toMatch(/^ {2}2:1 +error +github-token /m);
    expect(r.stdout).toMatch(
      /Scanned 1 file:\n {2}\/dev\/fd\/\d+ {2}\(larger than 1 MiB: checked for token formats only\)/,
    );
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  }, 60_000);

  it('endless input (`yes`): read to 32 MiB, then said to be unread, exit 3', async () => {
    const dir = tempDir('fib-procsub-');
    const r = await bash(dir, "yes 'note: aaaa' | $CLI security check /dev/stdin");
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain(
      'Could not read or parse 1 file:\n  /dev/stdin  cannot read: a pipe longer than 32 MiB is not read to its end',
    );
    expect(r.stderr).toMatch(/^error: \/dev\/stdin: cannot read: a pipe longer than 32 MiB/m);
  }, 60_000);
});
