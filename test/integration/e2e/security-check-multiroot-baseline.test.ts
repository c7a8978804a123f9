// security check with several roots, through the built CLI: a baseline entry is for one root (a
// baseline written for one repository keeps matching it alone), SARIF gives two roots' results two
// fingerprints, `x.sarif.json` is SARIF by its name, and a JSON file that merely starts with the
// check's name is listed like any other file the check did not scan.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../helpers/security-check.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = `${'ghp'}_${'Mw3RtY7uIo1PaS5dFg9HjK2lZx4CvB6nQe8W'}`;
const WF = `{"name":"w","version":1,"nodes":[{"id":"a","type":"llm","prompt":"use ${TOKEN} now"}],"edges":[]}\n`;

/** `<tmp>/repoA` and `<tmp>/repoB`, git repositories each holding workflows/a.json with TOKEN. */
function twoRepos(): string {
  const parent = tempDir('fib-multiroot-');
  for (const repo of ['repoA', 'repoB']) {
    mkdirSync(join(parent, repo, 'workflows'), { recursive: true });
    writeFileSync(join(parent, repo, 'workflows', 'a.json'), WF);
    execFileSync('git', ['init', '-q', join(parent, repo)]);
  }
  return parent;
}

interface Json {
  findings: Array<{ root: string; path: string }>;
  totals: { suppressed_baseline: number };
}
const json = (stdout: string) => JSON.parse(stdout) as Json;

describe('a baseline entry is for one root', () => {
  it("repoA's baseline (beside both) silences repoA's finding only when repoB is checked too", async () => {
    const parent = twoRepos();
    expect((await check(parent, ['repoA', '--write-baseline', 'bl.json'])).code).toBe(0);
    const r = await check(parent, ['repoA', 'repoB', '--baseline', 'bl.json', '--json']);
    expect(r.code).toBe(11);
    const body = json(r.stdout);
    expect(body.findings.map((f) => f.root)).toEqual([join(parent, 'repoB')]);
    expect(body.totals.suppressed_baseline).toBe(1);
  });

  it("a baseline inside repoA is repoA's, whatever order the PATHs come in", async () => {
    const parent = twoRepos();
    const bl = join('repoA', '.fibonacci-baseline.json');
    expect((await check(parent, ['repoA', '--write-baseline', bl])).code).toBe(0);
    const r = await check(parent, ['repoB', 'repoA', '--baseline', bl, '--json']);
    expect(r.code).toBe(11);
    expect(json(r.stdout).findings.map((f) => f.root)).toEqual([join(parent, 'repoB')]);
    // Alone, repoA is silent with its own baseline, as before.
    expect((await check(parent, ['repoA', '--baseline', bl])).code).toBe(0);
  });

  // H14a-6: a baseline in none of the roots once stood for the first PATH's, whichever that was at
  // read time, so repoA's entry silenced repoB's same-named file when repoB came first.
  it("a baseline beside both roots, written for repoA, is repoA's whatever order the PATHs come in", async () => {
    const parent = twoRepos();
    expect((await check(parent, ['repoA', '--write-baseline', 'bl.json'])).code).toBe(0);
    const written = JSON.parse(readFileSync(join(parent, 'bl.json'), 'utf8')) as {
      findings: Array<{ root?: string; path: string }>;
    };
    expect(written.findings).toEqual([expect.objectContaining({ root: 'repoA', path: 'workflows/a.json' })]);
    for (const order of [
      ['repoB', 'repoA'],
      ['repoA', 'repoB'],
    ]) {
      const r = await check(parent, [...order, '--baseline', 'bl.json', '--json']);
      expect(r.code, order.join(' ')).toBe(11);
      const body = json(r.stdout);
      expect(body.findings.map((f) => f.root)).toEqual([join(parent, 'repoB')]);
      expect(body.totals.suppressed_baseline).toBe(1);
    }
    // repoB alone: repoA's entry silences nothing there.
    const alone = await check(parent, ['repoB', '--baseline', 'bl.json']);
    expect(alone.code).toBe(11);
    expect(alone.stdout).toContain('baseline bl.json: 0 of 1 entry matched');
    expect((await check(parent, ['repoA', '--baseline', 'bl.json'])).code).toBe(0);
  });

  it('a baseline in none of the roots whose entry names no root (written before) matches nothing', async () => {
    const parent = twoRepos();
    expect((await check(parent, ['repoA', '--write-baseline', 'bl.json'])).code).toBe(0);
    const written = JSON.parse(readFileSync(join(parent, 'bl.json'), 'utf8')) as {
      findings: Array<{ root?: string }>;
    };
    for (const e of written.findings) delete e.root;
    writeFileSync(join(parent, 'bl.json'), JSON.stringify(written));
    const r = await check(parent, ['repoB', 'repoA', '--baseline', 'bl.json', '--json']);
    expect(r.code).toBe(11);
    expect(json(r.stdout).findings.map((f) => f.root)).toEqual([
      join(parent, 'repoB'),
      join(parent, 'repoA'),
    ]);
  });

  it('a baseline written for both roots names the second root and matches both', async () => {
    const parent = twoRepos();
    expect((await check(parent, ['repoA', 'repoB', '--write-baseline', 'bl.json'])).code).toBe(0);
    const written = JSON.parse(readFileSync(join(parent, 'bl.json'), 'utf8')) as {
      findings: Array<{ root?: string }>;
    };
    // Beside both, in neither: each entry names its root (H14a-6).
    expect(written.findings.map((e) => e.root)).toEqual(['repoA', 'repoB']);
    expect((await check(parent, ['repoA', 'repoB', '--baseline', 'bl.json'])).code).toBe(0);
  });
});

describe('SARIF with several roots', () => {
  it('two roots, the same secret at the same path: two fingerprints', async () => {
    const parent = twoRepos();
    const out = join(parent, 'o.sarif');
    expect((await check(parent, ['repoA', 'repoB', '--format', 'sarif', '--output', out])).code).toBe(11);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }>;
    };
    const prints = sarif.runs[0]?.results.map((x) => Object.values(x.partialFingerprints)[0]) ?? [];
    expect(prints.length).toBe(2);
    expect(new Set(prints).size).toBe(2);
  });

  it.each([[[]], [['--format', 'sarif']]])('--output x.sarif.json %j: SARIF, no warning', async (extra) => {
    const parent = twoRepos();
    const out = join(parent, 'r.sarif.json');
    const r = await check(parent, ['repoA', ...extra, '--output', out]);
    expect(r.code).toBe(11);
    expect(r.stderr).not.toMatch(/warning/);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0');
  });
});

describe("a file that only starts with the check's name is not taken for the check's own", () => {
  it('listed as skipped or unreadable; a baseline the check wrote is still not listed', async () => {
    const dir = tempDir('fib-ownhead-');
    writeFileSync(join(dir, 'creds.json'), `{"name": "fibonacci security check", "token": "${TOKEN}"}\n`);
    writeFileSync(join(dir, 'weird.json'), `  {\n"tool" :"fibonacci security check"}\n{"aws":"${TOKEN}"}`);
    writeFileSync(join(dir, 'wf.json'), WF);
    expect((await check(dir, ['.', '--write-baseline', 'bl.json'])).code).toBe(0);
    const r = await check(dir, ['.', '--baseline', 'bl.json']);
    expect(r.stdout).toMatch(/^ {2}creds\.json {2}\(not a workflow definition\)$/m);
    expect(r.stdout).toMatch(/^ {2}weird\.json\b/m);
    expect(r.stdout).not.toMatch(/^ {2}bl\.json\b/m);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
