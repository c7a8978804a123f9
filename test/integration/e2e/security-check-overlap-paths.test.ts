// Overlapping PATHs (`security check . sub`, `sub sub/wf.yaml`, `sub link-to-sub`) name each file
// once: scanned, listed and counted once in every format, whatever order they come in (hostile
// pass 14, H14a-12: a FIFO or node_modules/ under both was listed twice, and a directory named
// through a link was scanned twice, its findings reported twice). The built CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const TOKEN = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;
const WF = `name: x\nversion: 1\nnodes:\n  - id: a\n    type: tool\n    api_token: ${TOKEN}\nedges: []\n`;

function tree(): string {
  const root = makeTree({ 'sub/wf.yaml': WF, 'top.yaml': WF, 'sub/pkg.json': '{"a":1}\n' });
  mkdirSync(join(root, 'sub', 'node_modules'));
  execFileSync('mkfifo', [join(root, 'sub', 'pipe.yaml')]);
  symlinkSync('sub', join(root, 'lnk'));
  return root;
}

interface Json {
  findings: Array<{ path: string }>;
  files: { scanned: string[]; skipped: Array<{ path: string }>; unreadable: unknown[] };
  totals: { files_scanned: number; files_skipped: number; findings: number };
}

describe('overlapping PATHs: each file once', () => {
  it.each([
    [
      ['.', 'sub'],
      ['sub/wf.yaml', 'top.yaml'],
      ['lnk', 'sub/node_modules/', 'sub/pipe.yaml', 'sub/pkg.json'],
    ],
    [
      ['sub', '.'],
      ['sub/wf.yaml', 'top.yaml'],
      ['lnk', 'sub/node_modules/', 'sub/pipe.yaml', 'sub/pkg.json'],
    ],
    [['sub', 'sub/wf.yaml'], ['sub/wf.yaml'], ['sub/node_modules/', 'sub/pipe.yaml', 'sub/pkg.json']],
    [['sub/wf.yaml', 'sub'], ['sub/wf.yaml'], ['sub/node_modules/', 'sub/pipe.yaml', 'sub/pkg.json']],
    [['sub', 'lnk'], ['sub/wf.yaml'], ['sub/node_modules/', 'sub/pipe.yaml', 'sub/pkg.json']],
    [['sub/pipe.yaml', 'sub/pipe.yaml'], [], ['sub/pipe.yaml']],
  ])('%j: JSON', async (paths, scanned, skipped) => {
    const root = tree();
    const r = await check(root, [...paths, '--json']);
    const body = JSON.parse(r.stdout) as Json;
    expect(body.files.scanned).toEqual(scanned);
    expect(body.files.skipped.map((s) => s.path)).toEqual(skipped);
    expect(body.findings.map((f) => f.path)).toEqual(scanned);
    expect(body.totals).toMatchObject({
      files_scanned: scanned.length,
      files_skipped: skipped.length,
      findings: scanned.length,
    });
  });

  it('text and SARIF too', async () => {
    const root = tree();
    const text = await check(root, ['.', 'sub', 'lnk']);
    expect(text.code).toBe(11);
    expect(text.stdout).toContain('Scanned 2 files:\n  sub/wf.yaml\n  top.yaml\n');
    expect(text.stdout).toContain(
      'Skipped 2 files and 2 directories:\n  lnk  (symbolic link to a directory (not followed))\n  sub/node_modules/  (installed packages, never walked)\n  sub/pipe.yaml  (not a regular file)\n  sub/pkg.json  (not a workflow definition)\n',
    );
    expect(text.stdout).toContain('2 findings (2 errors');
    expect(text.stdout.match(/^sub\/wf\.yaml$/gm)?.length).toBe(1);
    const sarif = await check(root, ['sub', 'sub/wf.yaml', 'lnk', '--format', 'sarif']);
    const log = expectValidSarif(sarif.stdout);
    expect(log.runs[0]?.artifacts.map((a) => a.location.uri)).toEqual(['sub/wf.yaml']);
    expect(log.runs[0]?.results.length).toBe(1);
    const notes = log.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text) ?? [];
    expect(notes.filter((n) => n.includes('sub/pipe.yaml')).length).toBe(1);
  });
});
