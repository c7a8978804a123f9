// `fibonacci security check` through the built CLI: which files it reads. .gitignore honoured, no
// symbolic link followed out of the tree, binary files skipped and listed, oversized ones checked for
// token formats and listed with a note, unreadable
// and unparseable files exit 3 naming the file (with line and column).
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';
import { tempDir } from '../../helpers/temp-dir.js';

const rng = seeded(11);
const secret = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${value}\n`;

async function report(cwd: string, args: string[] = []) {
  const r = await check(cwd, ['--json', ...args]);
  return { code: r.code, stderr: r.stderr, body: JSON.parse(r.stdout) };
}

describe('security check: the walk', () => {
  it('honours .gitignore (nested files, negation, ignored directories) and never walks .git or node_modules', async () => {
    const root = makeTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'secrets/\n*.local.yaml\n!keep.local.yaml\n',
      'secrets/leak.yaml': workflow(secret()),
      'a.local.yaml': workflow(secret()),
      'keep.local.yaml': workflow('"{{secrets.TOKEN}}"'),
      'sub/.gitignore': 'generated.yaml\n',
      'sub/generated.yaml': workflow(secret()),
      'sub/real.yaml': workflow('"{{secrets.TOKEN}}"'),
      'node_modules/pkg/w.yaml': workflow(secret()),
      '.git/w.yaml': workflow(secret()),
    });
    const { code, body } = await report(root);
    expect([code, body.files.scanned, body.findings]).toEqual([0, ['keep.local.yaml', 'sub/real.yaml'], []]);
    // From a subdirectory, the repository's top-level .gitignore still applies.
    const below = await report(join(root, 'secrets'));
    expect(below.body.files.scanned).toEqual([]);
  });

  it('follows no symbolic link out of the tree, nor into a directory; lists each as skipped', async () => {
    const outside = tempDir('fib-outside-');
    const leaked = secret();
    writeFileSync(join(outside, 'w.yaml'), workflow(leaked));
    const root = makeTree({ 'inside.yaml': workflow('"{{secrets.TOKEN}}"') });
    symlinkSync(join(outside, 'w.yaml'), join(root, 'out.yaml'));
    symlinkSync(outside, join(root, 'outdir'));
    mkdirSync(join(root, 'd'));
    symlinkSync(join(root, 'd'), join(root, 'loop'));
    symlinkSync(join(root, 'inside.yaml'), join(root, 'alias.yaml'));
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect([r.code, body.findings]).toEqual([0, []]);
    expect(body.files.scanned).toEqual(['alias.yaml', 'inside.yaml']);
    expect(body.files.skipped).toEqual([
      { path: 'loop', reason: 'symbolic link to a directory (not followed)' },
      { path: 'out.yaml', reason: 'symbolic link out of the scanned tree (not followed)' },
      { path: 'outdir', reason: 'symbolic link to a directory out of the scanned tree (not followed)' },
    ]);
    expectNoSecret([r.stdout, r.stderr], [leaked]);
  });

  it('skips binary files, checks oversized ones for token formats (H15-2), says so in every format', async () => {
    const bigToken = secret();
    const big = workflow(bigToken) + `# ${'x'.repeat(1024 * 1024)}\n`;
    // Not UTF-8 is not binary: one Latin-1 byte in a comment must not hide the file's token.
    const hidden = secret();
    const nulHidden = secret();
    const root = makeTree({
      'bin.yaml': Buffer.concat([Buffer.from('nodes: [\u0000]\n'), Buffer.alloc(64)]),
      'big.yaml': big,
      'latin1.yaml': Buffer.from(`nodes: []\n# caf\xe9\nname: ${hidden}\n`, 'latin1'),
      // dotenv and Node's --env-file read every entry of a .env with a NUL: never skipped as binary.
      '.env': Buffer.from(`# x\u0000y\nGH=${nulHidden}\n`),
      'ok.yaml': workflow('"{{secrets.TOKEN}}"'),
    });
    const { code, body } = await report(root);
    expect(code).toBe(11);
    expect(body.files).toEqual({
      scanned: ['.env', 'big.yaml', 'latin1.yaml', 'ok.yaml'],
      partial: [{ path: 'big.yaml', note: 'larger than 1 MiB: checked for token formats only' }],
      skipped: [{ path: 'bin.yaml', reason: 'binary' }],
      unreadable: [],
    });
    expect(body.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual([
      '.env:2',
      'big.yaml:5',
      'latin1.yaml:3',
    ]);
    expectNoSecret([JSON.stringify(body)], [hidden, nulHidden, bigToken]);
    const text = await check(root, []);
    expect(text.stdout).toContain(
      '  big.yaml  (larger than 1 MiB: checked for token formats only)\n  latin1.yaml\n  ok.yaml\nSkipped 1 file:\n  bin.yaml  (binary)\n',
    );
    const sarif = JSON.parse((await check(root, ['--format', 'sarif'])).stdout);
    expect(
      sarif.runs[0].invocations[0].toolExecutionNotifications.map(
        (n: { message: { text: string } }) => n.message.text,
      ),
    ).toEqual([
      'partly checked big.yaml: larger than 1 MiB: checked for token formats only',
      'skipped bin.yaml: binary',
    ]);
  });

  it('walks only workflow-shaped .yaml/.json files; one that is not is listed as skipped', async () => {
    const root = makeTree({
      'package.json': `{"name": "x", "token": "${secret()}"}`,
      'compose.yaml': `services:\n  db:\n    password: ${secret()}\n`,
      'notes.txt': secret(),
      'wf.json': '{"definition": {"name": "a", "nodes": []}}',
    });
    const all = await report(root);
    expect([all.code, all.body.files.scanned, all.body.files.skipped]).toEqual([
      0,
      ['wf.json'],
      [
        { path: 'compose.yaml', reason: 'not a workflow definition' },
        { path: 'package.json', reason: 'not a workflow definition' },
      ],
    ]);
  });

  // Newcomer pass 9 (NC9-28): a file named on the command line that held no workflow was skipped,
  // and `security check $CHANGED_FILES` passed with a GitHub token in notes.txt or deploy.sh.
  it('a file named on the command line is judged for credentials whatever it holds', async () => {
    const root = makeTree({
      'package.json': `{"name": "x", "token": "${secret()}"}`,
      'compose.yaml': `services:\n  db:\n    password: ${secret()}\n`,
      'notes.txt': `token: ${secret()}\n`,
      'deploy.sh': `export GITHUB_TOKEN=${secret()}\n`,
      'clean.txt': 'nothing to see\n',
    });
    const names = ['clean.txt', 'compose.yaml', 'deploy.sh', 'notes.txt', 'package.json'];
    const named = await report(root, names);
    expect(named.code, named.stderr).toBe(11);
    expect(named.body.files.scanned).toEqual(names);
    expect(named.body.files.skipped).toEqual([]);
    const found = (named.body.findings as { path: string; rule: string }[]).map((f) => [f.path, f.rule]);
    expect(found).toEqual([
      ['compose.yaml', 'github-token'],
      ['deploy.sh', 'github-token'],
      ['notes.txt', 'github-token'],
      ['package.json', 'github-token'],
    ]);
  });
});

describe('security check: files it cannot read or parse (exit 3)', () => {
  it('an unparseable YAML or JSON file: exit 3 naming the file, line and column; the report lists it', async () => {
    const leaked = secret();
    const root = makeTree({
      'broken.yaml': `name: w\nnodes:\n  - id: a\n    token: "${leaked}\n  bad: [1, 2\n`,
      'broken.json': '{"nodes": [\n  {"id": "a",}\n]}\n',
      'fine.yaml': workflow('"{{secrets.TOKEN}}"'),
    });
    const r = await check(root, []);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^error: broken\.json:2:14: invalid JSON: a property name in double quotes was expected \(and 1 more file\)\nhint: .+\n$/,
    );
    expect(r.stdout).toMatch(
      /Could not read or parse 2 files:\n {2}broken\.json:2:14 {2}invalid JSON: .+\n {2}broken\.yaml:\d+:\d+ {2}invalid YAML: .+\n/,
    );
    expect(r.stdout).toContain('Scanned 1 file:\n  fine.yaml\n');
    expectNoSecret([r.stdout, r.stderr], [leaked]);
    const one = await check(root, ['broken.yaml']);
    expect(one.stderr).toMatch(
      /^error: broken\.yaml:6:1: invalid YAML: a missing colon, comma, dash or closing quote\nhint: /,
    );
  });

  // A directory that cannot be read (mode 000): its .gitignore, which may not exist, was listed as
  // one more file that could not be read ("locked/.gitignore  cannot read: permission denied").
  it('an unreadable directory is listed once, with no .gitignore of its own', async () => {
    const root = makeTree({ 'ok.yaml': 'name: w\nnodes: []\n', 'locked/a.yaml': 'name: w\nnodes: []\n' });
    chmodSync(join(root, 'locked'), 0o000);
    chmodSync(root, 0o755);
    const home = tempDir('fib-home-');
    chmodSync(home, 0o755);
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const asRoot = process.getuid?.() === 0;
    const r = await check(root, ['.'], asRoot ? { uid: 65534, env } : { env });
    chmodSync(join(root, 'locked'), 0o755);
    expect(r.code).toBe(3);
    // A directory is counted as one (it was "1 file").
    expect(r.stdout).toContain(
      'Could not read or parse 1 directory:\n  locked  cannot read directory: permission denied\n',
    );
    expect(r.stdout + r.stderr).not.toContain('.gitignore  cannot read');
    expect(r.stderr).toBe(
      'error: locked: cannot read directory: permission denied\nhint: fix or exclude the file (.gitignore); the report lists every file that could not be read or parsed\n',
    );
  });

  it('files and directories that could not be read are counted each as what it is', async () => {
    const root = makeTree({ 'a.yaml': 'name: w\nnodes: []\n', 'b/c.yaml': 'name: w\nnodes: []\n' });
    chmodSync(join(root, 'a.yaml'), 0o000);
    chmodSync(join(root, 'b'), 0o000);
    chmodSync(root, 0o755);
    const home = tempDir('fib-home-');
    chmodSync(home, 0o755);
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const asRoot = process.getuid?.() === 0;
    const r = await check(root, ['.'], asRoot ? { uid: 65534, env } : { env });
    chmodSync(join(root, 'b'), 0o755);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      'Scanned 0 files: 1 file and 1 directory could not be read or parsed (listed below)\n',
    );
    expect(r.stdout).toContain(
      'Could not read or parse 1 file and 1 directory:\n  a.yaml  cannot read: permission denied\n  b  cannot read directory: permission denied\n',
    );
    expect(r.stderr).toMatch(/^error: a\.yaml: cannot read: permission denied \(and 1 more directory\)\n/);
  });

  it('an unreadable file or a missing path: exit 3, named', async () => {
    const root = makeTree({ 'locked.yaml': workflow('"{{secrets.TOKEN}}"') });
    chmodSync(join(root, 'locked.yaml'), 0o000);
    chmodSync(root, 0o755);
    // root reads any file: run as nobody then, with a home nobody may read.
    const home = tempDir('fib-home-');
    chmodSync(home, 0o755);
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const asRoot = process.getuid?.() === 0;
    const r = await check(root, ['locked.yaml'], asRoot ? { uid: 65534, env } : { env });
    expect([r.code, r.stderr]).toEqual([
      3,
      'error: locked.yaml: cannot read: permission denied\nhint: fix or exclude the file (.gitignore); the report lists every file that could not be read or parsed\n',
    ]);
    // A PATH that is not there is a typo in the command: exit 2, before any scan.
    const missing = await check(root, ['nope/']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([
      2,
      '',
      'error: no such file or directory: nope/\nhint: check the path given to security check\n',
    ]);
    const empty = makeTree({ 'notes.txt': 'nothing to see' });
    const none = await check(empty, ['.']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain(
      'Scanned 0 files: nothing here is a workflow file (*.yaml, *.yml, *.json), fibonacci.yaml or .env*',
    );
  });
});

describe('security check: a nodes key however it is written', () => {
  // The cheap test before parsing was narrower than the parser: a `nodes` key single-quoted or
  // spelled with an escape made the file "not a workflow", its token never read (hostile pass 10,
  // H10-19), while `workflow create --file` uploads it.
  it('\'nodes\', "no\\u0064es" and "\\x6eodes": scanned, the token found; a broken template that says nodes is skipped', async () => {
    const [a, b, c] = [secret(), secret(), secret()];
    const root = makeTree({
      'sq.yaml': `name: d\n'nodes':\n  - id: a\n    type: llm\n    api_token: ${a}\n`,
      'esc.json': `{"name":"d","no\\u0064es":[{"id":"a","type":"llm","api_token":"${b}"}]}\n`,
      'esc.yaml': `name: d\n"\\x6eodes":\n  - id: a\n    type: llm\n    api_token: ${c}\n`,
      'helm.yaml': 'a: {{ .Values.x }}\nnodes here\n  bad: [\n',
    });
    const r = await report(root);
    expect(r.code).toBe(11);
    expect(r.body.files.scanned).toEqual(['esc.json', 'esc.yaml', 'sq.yaml']);
    expect(r.body.files.skipped).toEqual([{ path: 'helm.yaml', reason: 'not a workflow definition' }]);
    expect(r.body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual([
      'esc.json github-token',
      'esc.yaml github-token',
      'sq.yaml github-token',
    ]);
  });
});

describe('security check: overlapping paths', () => {
  it('`. workflows workflows/a.yaml`: each file scanned and reported once', async () => {
    const root = makeTree({ 'workflows/a.yaml': `nodes: []\ntoken: ${secret()}\n`, 'b.yaml': 'nodes: []\n' });
    const r = await report(root, ['.', 'workflows', 'workflows/a.yaml']);
    expect(r.code).toBe(11);
    expect(r.body.files.scanned).toEqual(['b.yaml', 'workflows/a.yaml']);
    expect(r.body.findings).toHaveLength(1);
  });
});
