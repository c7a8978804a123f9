// `workflow create --description` (and NAME) is uploaded with the definition, stored and shown to every key
// that may read the workflow: a credential in it used to be uploaded without a word (exit 0, and
// `workflow list --json` returned it). Now it gets the refusal a credential in --file gets, from the
// same rules (hardcoded.ts): exit 2, "nothing was created", the flag and the rule, the value masked;
// --allow-hardcoded-credentials creates it with a warning. The built CLI against the real emulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const STRIPE = `${'sk_live'}_51H8xKq2eZvKYlo2C9aB7cD3eF4gH5iJ6kL7mN8o`;
const HARDCODED = readFileSync(join(REPO_ROOT, 'docs/examples/support-triage.hardcoded.yaml'), 'utf8');

let emu: EmulatorHandle;
let root: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  root = makeTree({
    'clean.yaml': readFileSync(join(REPO_ROOT, 'docs/examples/support-triage.yaml'), 'utf8'),
    'hard.yaml': HARDCODED,
  });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = (name: string, file: string, more: string[]) =>
  runCli(['workflow', 'create', name, '--file', join(root, file), ...more], { env: emu.env });
const posts = () =>
  emu.accessLog().filter((l) => l.method === 'POST' && l.path === '/api/v1/workflows').length;
const listed = async () => (await runCli(['workflow', 'list', '--json'], { env: emu.env })).stdout;

describe('workflow create refuses a credential in --description as it does one in --file', () => {
  it('exit 2, nothing on stdout, the flag and rule with the value masked, nothing sent', async () => {
    const before = posts();
    const r = await create('production/desc', 'clean.yaml', ['--description', STRIPE]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --description holds a hardcoded credential: nothing was created\n' +
        '  --description stripe-secret-key (sk_l…, 48 characters)\n' +
        "hint: a workflow's name and description are stored and shown to every key that may read it: leave the credential out; --allow-hardcoded-credentials creates it anyway\n",
    });
    expect(posts()).toBe(before);
    const list = await listed();
    expect(list).not.toContain('production/desc');
    expect(list).not.toContain(STRIPE);
  });

  it('a credential inside prose, and one in the file too: one error naming both', async () => {
    const r = await create('production/both', 'hard.yaml', [
      '--description',
      `nightly, uses ${STRIPE} for refunds`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const f = join(root, 'hard.yaml');
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      `error: --file ${f} and --description hold 2 hardcoded credentials: nothing was created`,
      `  ${f}:21:29 bearer-authorization (sk-3…, 43 characters)`,
      '  --description stripe-secret-key (sk_l…, 48 characters)',
    ]);
    expect(r.stderr).not.toContain(STRIPE.slice(8, 20));
    expect(await listed()).not.toContain('production/both');
  });

  it('--allow-hardcoded-credentials: created, the credential warned about, never printed', async () => {
    const r = await create('production/allowed-desc', 'clean.yaml', [
      '--description',
      STRIPE,
      '--allow-hardcoded-credentials',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wf_\w+\n$/);
    expect(r.stderr).toBe(
      'warning: hardcoded credential at --description stripe-secret-key (sk_l…, 48 characters)\n',
    );
    expect(await listed()).toContain('production/allowed-desc');
  });

  it('a credential in the workflow NAME: refused the same way, nothing sent', async () => {
    const before = posts();
    const r = await create(`production/${STRIPE}`, 'clean.yaml', []);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: the workflow name holds a hardcoded credential: nothing was created',
      '  the workflow name stripe-secret-key (sk_l…, 48 characters)',
    ]);
    expect(r.stderr).not.toContain(STRIPE.slice(8, 20));
    expect(posts()).toBe(before);
    expect(await listed()).not.toContain(`production/${STRIPE}`);
  });

  it('a plain description is uploaded as before', async () => {
    const r = await create('production/plain-desc', 'clean.yaml', [
      '--description',
      'Nightly triage of support mail',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await listed()).toContain('Nightly triage of support mail');
  });
});
