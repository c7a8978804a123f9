// What `workflow run NAME` says about a NAME that is not one (newcomer pass 10): an empty one
// (RUNEMPTY: "not a name or an id", hint "give the workflow itself"); an id where a name goes
// (WFID: the API takes ids, but `wf_abc123` was "no workflow named wf_abc123", a whole id that
// exists was labelled by its id alone); an --input that is not JSON (INPUTPOS: no position). The
// built CLI, the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let file: string;
let id: string;
beforeAll(async () => {
  emu = await startEmulator();
  file = join(tempDir(), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'etl', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  const made = await runCli(['workflow', 'create', 'customer-support', '--file', file], { env: emu.env });
  expect(made.code).toBe(0);
  id = made.stdout.trim();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const LIST_HINT = 'hint: `fibonacci workflow list` shows the workflows your key may see\n';

describe('an empty workflow name', () => {
  it.each([
    ['', 'it is empty'],
    ['  ', 'it is only blanks'],
  ])('run %j: said empty, hint workflow list, exit 2, no request', async (name, words) => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', name], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `error: invalid workflow name: ${words}\n${LIST_HINT}`,
    ]);
    expect(emu.accessLog().length).toBe(before);
  });

  it('create "": said empty before any request', async () => {
    const r = await runCli(['workflow', 'create', '', '--file', file], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: invalid workflow name: it is empty\nhint: give the name to create, such as production/etl\n',
    ]);
  });
});

describe('an id where a name goes', () => {
  it('a whole id that exists runs with no lookup first; with --env, labelled with the name the key sees', async () => {
    const r = await runCli(['workflow', 'run', id], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`\nWorkflow:     ${id}\n`);
    const withEnv = await runCli(['workflow', 'run', id, '--env', 'production'], { env: emu.env });
    expect(withEnv.code, withEnv.stderr).toBe(0);
    expect(withEnv.stdout).toContain(`\nWorkflow:     customer-support (${id})\n`);
  });

  it('a whole id that does not exist: "no workflow with id", exit 12', async () => {
    const other = `wf_${'0'.repeat(24)}`;
    const r = await runCli(['workflow', 'run', other], { env: emu.env });
    expect([r.code, r.stdout]).toEqual([12, '']);
    expect(r.stderr).toMatch(
      new RegExp(`^error: no workflow with id ${other} \\(request req_\\w+\\)\n${LIST_HINT}$`),
    );
  });

  it('wf_abc123: neither a name nor a whole id, said so, with where ids are shown', async () => {
    const r = await runCli(['workflow', 'run', 'wf_abc123'], { env: emu.env });
    expect([r.code, r.stdout]).toEqual([12, '']);
    expect(r.stderr).toMatch(
      /^error: no workflow named wf_abc123, and it is not a whole workflow id \(wf_ and 24 hex digits\) \(request req_\w+\)\nhint: `fibonacci workflow list --json` shows each workflow's id beside its name\n$/,
    );
  });

  it('a cut-short id: the workflow whose id it begins, by name', async () => {
    const r = await runCli(['workflow', 'run', id.slice(0, 11)], { env: emu.env });
    expect(r.code).toBe(12);
    expect(r.stderr.split('\n').at(-2)).toBe(`hint: did you mean ${id} (customer-support)?`);
  });

  it('a key that may not list sees no name it could not see', async () => {
    const key = await emu.addUser('member', ['--scope', 'execute']);
    const r = await runCli(['workflow', 'run', id.slice(0, 11)], {
      env: { ...emu.env, FIBONACCI_API_KEY: key },
    });
    expect(r.stderr).not.toContain('customer-support');
  });
});

describe('an --input that is not JSON', () => {
  const HINT = `hint: --input takes one JSON object, e.g. --input '{"day": "2026-01-23"}'\n`;
  it('one line: the column, the value with a caret under it, exit 2, no request', async () => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', 'customer-support', '--input', '{"a": 1,}'], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `error: invalid --input: not valid JSON at column 9: a property name in double quotes was expected\n  {"a": 1,}\n          ^\n${HINT}`,
    ]);
    expect(emu.accessLog().length).toBe(before);
  });

  it('several lines: line and column, that line with its caret', async () => {
    const r = await runCli(['workflow', 'run', 'customer-support', '--input', '{\n  "a": 1\n  "b": 2\n}'], {
      env: emu.env,
    });
    expect([r.code, r.stderr]).toEqual([
      2,
      `error: invalid --input: not valid JSON at line 3, column 3: "," was expected\n    "b": 2\n    ^\n${HINT}`,
    ]);
  });

  it('a line that may hold a credential is placed but not shown', async () => {
    const canary = `${'fib_test'}_S3cr3tCanary0123456789`;
    for (const input of [`{"pw": ${canary}}`, '{"password": hunter2}']) {
      const r = await runCli(['workflow', 'run', 'customer-support', '--input', input], { env: emu.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error: invalid --input: not valid JSON at column \d+: unexpected character\nhint: /,
      );
      expect(r.stderr).not.toMatch(/S3cr3t|hunter2|fib_tes/);
    }
  });
});

// Newcomer s14 NC-12: run sent these and answered "no workflow named …" (exit 12), though create
// refuses each locally; run now applies the same rule, exit 2, with nothing sent.
describe('a name create would refuse', () => {
  it.each([['production/../staging/x'], ['bad name'], ['production//x']])(
    'run %j: the name rule, exit 2, no request',
    async (name) => {
      const before = emu.accessLog().length;
      const r = await runCli(['workflow', 'run', name], { env: emu.env });
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(
        /^error: invalid workflow name[^\n]*: up to 8 \/-separated segments, each 1 to 64 letters, digits, _, \. and -, starting with a letter or digit\nhint: /,
      );
      expect(r.stderr).not.toContain('no workflow named');
      expect(emu.accessLog().length).toBe(before);
    },
  );
});
