// `workflow create --file` of a definition holding a hardcoded credential, through the built CLI
// and the real emulator: the gate's own rules (the engine `security check` runs) refuse it before
// anything is sent, exit 2, naming the file, line, column and rule, never the value; the hint is
// the `security check` of that file. --allow-hardcoded-credentials creates it, with a warning each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const HARDCODED = readFileSync(join(REPO_ROOT, 'docs/examples/support-triage.hardcoded.yaml'), 'utf8');
const BEARER = /Bearer (sk-\S+)/.exec(HARDCODED)?.[1] as string;
const GH = `${'ghp'}_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z`;
const json = JSON.stringify(
  { name: 'j', version: 1, nodes: [{ id: 'a', type: 'tool', token: GH }], edges: [] },
  null,
  2,
);

let emu: EmulatorHandle;
let root: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  root = makeTree({
    'hard.yaml': HARDCODED,
    'hard.json': json,
    'clean.yaml': readFileSync(join(REPO_ROOT, 'docs/examples/support-triage.yaml'), 'utf8'),
    'ignored.yaml': HARDCODED.replace(
      '      Authorization: Bearer',
      '      # fibonacci:ignore bearer-authorization a made-up key for a test, it opens nothing\n      Authorization: Bearer',
    ),
  });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = (name: string, file: string, more: string[] = []) =>
  runCli(['workflow', 'create', name, '--file', join(root, file), ...more], { env: emu.env });
const posts = () =>
  emu.accessLog().filter((l) => l.method === 'POST' && l.path === '/api/v1/workflows').length;
const names = async () => (await runCli(['workflow', 'list', '--json'], { env: emu.env })).stdout;

describe('workflow create refuses a file with a hardcoded credential', () => {
  it('the docs example: exit 2, file:line:col and rule, the check as the hint, nothing sent', async () => {
    const before = posts();
    const r = await create('prod/hard', 'hard.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const f = join(root, 'hard.yaml');
    expect(r.stderr).toBe(
      `error: --file ${f} holds a hardcoded credential: nothing was created\n` +
        `  ${f}:21:29 bearer-authorization (sk-3…, 43 characters)\n` +
        `hint: \`fibonacci security check ${f}\` shows each one with its fix ({{secrets.NAME}} instead); --allow-hardcoded-credentials creates it anyway\n`,
    );
    expect(r.stderr).not.toContain(BEARER.slice(0, 8));
    expect(posts()).toBe(before);
    expect(await names()).not.toContain('prod/hard');
  });

  it('a JSON definition: the same rule set (github-token), the value never printed', async () => {
    const r = await create('prod/json', 'hard.json');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[1]).toMatch(
      /^ {2}\/.+\/hard\.json:8:17 github-token \(ghp_…, 41 characters\)$/,
    );
    expect(r.stderr).not.toContain(GH.slice(4, 12));
    expect(await names()).not.toContain('prod/json');
  });

  it('--allow-hardcoded-credentials: created, each credential warned about, the value never printed', async () => {
    const r = await create('prod/allowed', 'hard.yaml', ['--allow-hardcoded-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wf_\w+\n$/);
    const f = join(root, 'hard.yaml');
    expect(r.stderr).toBe(
      `warning: hardcoded credential at ${f}:21:29 bearer-authorization (sk-3…, 43 characters)\n` +
        `hint: \`fibonacci security check ${f}\` shows each one with its fix\n`,
    );
    expect(r.stderr).not.toContain(BEARER.slice(0, 8));
    expect(await names()).toContain('prod/allowed');
  });

  // H14a-10: the comment is in the very file being uploaded; it once let create send the
  // credential without the flag. It silences the gate's report, not the upload.
  it('an inline fibonacci:ignore does not let create upload it: exit 2, the hint says why', async () => {
    const r = await create('prod/ignored', 'ignored.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds a hardcoded credential: nothing was created');
    expect(r.stderr).toContain(
      "hint: a fibonacci:ignore comment silences the security check's report, not the upload",
    );
    expect(await names()).not.toContain('prod/ignored');
  });

  it('the fixed twin ({{secrets.CRM_API_KEY}}): created without a word about credentials', async () => {
    const r = await create('prod/clean', 'clean.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('credential');
  });
});
