// `security check --env E` against the real emulator over TLS: every {{secrets.NAME}} must exist in
// E or the shared scope. Only names are asked for; without --env the scan never touches the network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  for (const [name, env] of [
    ['API_KEY', 'production'],
    ['SLACK_WEBHOOK', null],
    ['STAGING_ONLY', 'staging'],
  ] as const) {
    const r = await runCli(['secret', 'set', name, ...(env ? ['--env', env] : [])], {
      env: emu.env,
      input: 'value-never-read\n',
    });
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(async () => {
  await emu.stop();
});

const workflow = [
  'name: w',
  'nodes:',
  '  - id: a',
  '    type: tool',
  '    headers: {Authorization: "Bearer {{secrets.API_KEY}}"}',
  '    notify: "{{secrets.SLACK_WEBHOOK}}"',
  '    db: "{{ secrets.DB_URL }}"',
  '    other: "{{secrets.STAGING_ONLY}}" # fibonacci:ignore secret-reference-missing set only in staging, on purpose',
  '',
].join('\n');

describe('security check --env', () => {
  it('reports each reference missing from the environment and the shared scope, by name only', async () => {
    const root = makeTree({ 'w.yaml': workflow });
    const before = emu.accessLog().length;
    const r = await check(root, ['--env', 'production', '--json'], { env: emu.env });
    expect(r.code).toBe(11);
    const body = JSON.parse(r.stdout);
    expect(
      body.findings.map((f: { rule: string; line: number; column: number; message: string }) => [
        f.rule,
        f.line,
        f.column,
        f.message,
      ]),
    ).toEqual([
      [
        'secret-reference-missing',
        7,
        10,
        '{{secrets.DB_URL}} is not set in production nor in the shared scope',
      ],
    ]);
    expect(body.totals.suppressed_inline).toBe(1);
    // Two list requests (the environment, the shared scope): names and metadata, never a value.
    const asked = emu.accessLog().slice(before);
    expect(asked.map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      'GET /api/v1/secrets 200',
      'GET /api/v1/secrets 200',
    ]);
    expect(r.stdout + r.stderr).not.toContain('value-never-read');
  });

  it('the fix names the missing secret and the environment, in text, JSON and SARIF', async () => {
    const root = makeTree({ 'w.yaml': workflow });
    const fix =
      'create it with `fibonacci secret set DB_URL --env production` (or `fibonacci secret set DB_URL` for the shared scope)';
    const text = await check(root, ['--env', 'production'], { env: emu.env });
    expect(text.code).toBe(11);
    expect(text.stdout).toContain(`fix: ${fix}\n`);
    const json = await check(root, ['--env', 'production', '--json'], { env: emu.env });
    expect(JSON.parse(json.stdout).findings.map((f: { fix: string }) => f.fix)).toEqual([fix]);
    const sarif = expectValidSarif(
      (await check(root, ['--env', 'production', '--format', 'sarif'], { env: emu.env })).stdout,
    );
    expect(sarif.runs[0]?.results.map((r) => r.message.text)).toEqual([
      `{{secrets.DB_URL}} is not set in production nor in the shared scope. Fix: ${fix}`,
    ]);
  });

  it('a reference whose name is a token: no message, fix or source line repeats it', async () => {
    const tokens = [`fib_${'live_Q7fK2mZp9XwL4rTb'}`, `ghp_${'R8nKq2Lm5ZpX9wTb4VcY7dHs3JfG6uEa1NoQ'}`];
    const root = makeTree({
      'w.yaml': [
        'name: w',
        'nodes:',
        ...tokens.map((k, i) => `  - {id: n${i}, key: "{{secrets.${k}}}"}`),
        '',
      ].join('\n'),
    });
    for (const format of [[], ['--json'], ['--format', 'sarif']]) {
      const r = await check(root, ['--env', 'production', ...format], { env: emu.env });
      expect(r.code).toBe(11);
      expectNoSecret([r.stdout, r.stderr], tokens);
      expect(r.stdout).toContain(
        'reference (its name of 25 characters not repeated here) is not set in production',
      );
      expect(r.stdout).toContain('rename the reference to a secret name');
    }
  });

  it('an --env no secret was ever set in (a typo) is warned, naming the environments there are', async () => {
    const root = makeTree({ 'w.yaml': workflow });
    const r = await check(root, ['--env', 'prodction'], { env: emu.env });
    expect(r.code).toBe(11);
    expect(r.stderr).toMatch(
      /^warning: there is no environment prodction \(it exists once a secret is set in it\); environments: [a-z, -]*production/m,
    );
    expect(r.stdout).toContain('is not set in prodction nor in the shared scope');
  });

  it('passes once the secret exists; without --env nothing is asked of any server', async () => {
    const root = makeTree({ 'w.yaml': workflow });
    const set = await runCli(['secret', 'set', 'DB_URL', '--env', 'production'], {
      env: emu.env,
      input: 'x\n',
    });
    expect(set.code).toBe(0);
    expect((await check(root, ['--env', 'production'], { env: emu.env })).code).toBe(0);
    // Offline: an API URL where nothing listens changes nothing.
    const offline = await check(root, [], { env: { ...emu.env, FIBONACCI_BASE_URL: 'https://127.0.0.1:9' } });
    expect(offline.code).toBe(0);
  });

  it('an unreachable API with --env is the network error (exit 7), not a silent pass', async () => {
    const root = makeTree({ 'w.yaml': workflow });
    const r = await check(root, ['--env', 'production', '--retries', '0'], {
      env: { ...emu.env, FIBONACCI_BASE_URL: 'https://127.0.0.1:9' },
    });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: .+\n/);
  });
});
