// The summary of a `security check` that scanned nothing, through the built CLI: it says what was
// read and left out and why (YAML or JSON that is no workflow definition, a directory never walked,
// a file that could not be parsed), and a skipped directory is not counted as a file. Only a walk
// that met no candidate at all says "nothing here is a workflow file".
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';

const SCANNED_NONE = /^Scanned 0 files: .*$/m;

describe('security check: the summary when nothing is scanned', () => {
  it('YAML and JSON files that are no workflow, and node_modules/: each said, none called a file it is not', async () => {
    const root = makeTree({
      'package.json': '{"name": "x", "version": "1.0.0"}\n',
      'compose.yml': 'services:\n  a:\n    image: x\n',
      'node_modules/pkg/index.js': 'x\n',
      'README.md': 'x\n',
    });
    const r = await check(root, []);
    expect(r.code).toBe(0);
    expect(r.stdout.match(SCANNED_NONE)?.[0]).toBe(
      'Scanned 0 files: 2 YAML or JSON files read are not workflow definitions, 1 directory left out (listed below)',
    );
    expect(r.stdout).toContain(
      'Skipped 2 files and 1 directory:\n  compose.yml  (not a workflow definition)\n  node_modules/  (installed packages, never walked)\n  package.json  (not a workflow definition)\n',
    );
  });

  it('a workflow that cannot be parsed (exit 3) is not "nothing here is a workflow file"', async () => {
    const root = makeTree({ 'wf.yaml': 'name: w\nnodes:\n  - id: a\n  type: [\n' });
    const r = await check(root, []);
    expect(r.code).toBe(3);
    expect(r.stdout.match(SCANNED_NONE)?.[0]).toBe(
      'Scanned 0 files: 1 file could not be read or parsed (listed below)',
    );
    expect(r.stdout).not.toContain('nothing here');
    // Where `workflow create --file` places it too (NC9-5).
    // The first problem; the others follow it (`; also …`), as create lists them.
    expect(r.stderr).toMatch(/^error: wf\.yaml:4:1: invalid YAML: bad indentation[;\n]/);
  });

  it('one JSON file that is no workflow, walked', async () => {
    const root = makeTree({ 'settings.json': '{"editor": {"tabSize": 2}}\n' });
    const r = await check(root, []);
    expect(r.stdout.match(SCANNED_NONE)?.[0]).toBe(
      'Scanned 0 files: 1 YAML or JSON file read is not a workflow definition (listed below)',
    );
    expect(r.stdout).toContain('Skipped 1 file:\n  settings.json  (not a workflow definition)\n');
  });

  it('the same file named on the command line is read for credentials: scanned, none found', async () => {
    const root = makeTree({ 'settings.json': '{"editor": {"tabSize": 2}}\n' });
    const r = await check(root, ['settings.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Scanned 1 file:\n  settings.json\n');
    expect(r.stdout).not.toContain('Skipped');
  });

  it('a tree with no candidate at all still says what it looks for', async () => {
    const root = makeTree({ 'notes.txt': 'x\n' });
    const r = await check(root, []);
    expect(r.stdout.match(SCANNED_NONE)?.[0]).toBe(
      'Scanned 0 files: nothing here is a workflow file (*.yaml, *.yml, *.json), fibonacci.yaml or .env*',
    );
  });
});
