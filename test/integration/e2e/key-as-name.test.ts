// A key pasted where a name goes (the classic slip: `secret set "$KEY"`) would be stored as the
// name and shown to every reader of the list and of the audit log. A name never holds a key's shape
// (`fib_live_`/`fib_test_` and 16+ key characters): the CLI refuses it without echoing it, and the
// emulator refuses it too (a client other than ours). Against the real emulator over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(stopAllEmulators);

const HINT =
  'hint: if that key is real, revoke it: `fibonacci auth list-keys`, then `fibonacci auth revoke-key ID`\n';

describe('a key is never a name', () => {
  it('secret set KEY: exit 2, the key not echoed, nothing stored', async () => {
    const r = await runCli(['secret', 'set', emu.ownerKey], { env: emu.env, input: 'v1' });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: invalid secret name: it holds an API key, and a key never goes in a name (was the key pasted here?)\n' +
        HINT,
    });
    const list = await runCli(['secret', 'list', '--json'], { env: emu.env });
    expect(list.stdout).not.toContain(emu.ownerKey.slice(9));
  });

  it('auth create-key --name KEY: exit 2, the key not echoed', async () => {
    const r = await runCli(['auth', 'create-key', '--name', `ci ${emu.ownerKey}`, '--scope', 'read'], {
      env: emu.env,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: invalid --name: it holds an API key, and a key never goes in a name (was the key pasted here?)\n' +
        HINT,
    );
  });

  // Finding X3-3: any other credential in a key's name (a Stripe key pasted into --name) was
  // created, then listed by list-keys and written into every audit event of the key. Judged by the
  // gate's rules (lib/uploaded-text.ts), as a workflow's definition is.
  it('auth create-key --name with another credential: exit 2, not echoed, no key made', async () => {
    const stripe = `${'sk_live'}_51H8xKq2eZvKYlo2C9aB7cD3eF4gH5iJ6kL7mN8o`;
    const r = await runCli(['auth', 'create-key', '--name', stripe, '--scope', 'read'], { env: emu.env });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --name holds a credential: no key was created\n' +
        '  --name stripe-secret-key (sk_l…, 48 characters)\n' +
        'hint: a key name says where the key is used, e.g. "ci-cd": it is listed by list-keys and in every audit event of the key\n',
    });
    const keys = await runCli(['auth', 'list-keys', '--json'], { env: emu.env });
    expect(keys.code).toBe(0);
    expect(keys.stdout).not.toContain(stripe.slice(8));
    // A name made of words and numbers is still a name.
    const ok = await runCli(
      ['auth', 'create-key', '--name', 'deploy bot eu-west-1 2026', '--scope', 'read', '--plain'],
      {
        env: emu.env,
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
  });

  // Finding HX-3: a key pasted as a --workflows pattern was stored, then printed whole by
  // list-keys and written into the api_key.created event.
  it('auth create-key --workflows KEY: exit 2, the key not echoed, no key made', async () => {
    const before = await runCli(['auth', 'list-keys', '--json'], { env: emu.env });
    const r = await runCli(
      ['auth', 'create-key', '--name', 'x', '--scope', 'read', '--workflows', 'production/*', emu.ownerKey],
      { env: emu.env },
    );
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: invalid --workflows (pattern 2): it holds an API key, and a key never goes in a pattern (was the key pasted here?): no key was created\n' +
        HINT,
    });
    const after = await runCli(['auth', 'list-keys', '--json'], { env: emu.env });
    expect(after.stdout).not.toContain(emu.ownerKey.slice(9));
    expect(JSON.parse(after.stdout)).toHaveLength(JSON.parse(before.stdout).length);
  });

  it('the emulator refuses a pattern holding a key: 422, unrepeated, nothing stored or recorded', async () => {
    const post = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
      body: { name: 'n', scopes: ['read'], workflows: ['ok/*', `x/${emu.ownerKey}`] },
    });
    expect(post).toMatchObject({
      status: 422,
      body: {
        detail: [
          {
            loc: ['body', 'workflows', 1],
            msg: 'Pattern holds an API key, and a key never goes in a pattern (was the key pasted here?)',
            type: 'value_error',
          },
        ],
      },
    });
    expect(post.text).not.toContain(emu.ownerKey.slice(9));
    const keys = await apiRequest(emu, 'GET', '/api/v1/api-keys');
    expect(keys.text).not.toContain(emu.ownerKey.slice(9));
    const events = await apiRequest(emu, 'GET', '/api/v1/audit/events?limit=1000');
    expect(events.text).not.toContain(emu.ownerKey.slice(9));
  });

  it('the emulator refuses both from any client: 422, and no event holds the key', async () => {
    const put = await apiRequest(emu, 'PUT', `/api/v1/secrets/${emu.ownerKey}`, { body: { value: 'v1' } });
    expect(put.status).toBe(422);
    const post = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
      body: { name: emu.ownerKey, scopes: ['read'] },
    });
    expect(post.status).toBe(422);
    const events = await apiRequest(emu, 'GET', '/api/v1/audit/events?limit=1000');
    expect(events.status).toBe(200);
    expect(JSON.stringify(events.body)).not.toContain(emu.ownerKey.slice(9));
    // A name that merely starts like one is still a name.
    const ok = await apiRequest(emu, 'PUT', '/api/v1/secrets/fib_test_URL', { body: { value: 'v1' } });
    expect(ok.status).toBe(201);
  });
});
