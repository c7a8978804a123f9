// `secret set NAME < FILE`: a regular file on standard input is read from fd 0 directly, by the same
// rule as a pipe (one trailing newline stripped, 64 KiB, strict UTF-8, empty refused), from the
// descriptor's offset; and without building process.stdin, whose fs.ReadStream loads Node's file
// streams, node:fs/promises and readline (10 modules, ~9M instructions of a short command).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { spawnCollect, waitExit } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PROBE = `'use strict';
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.FIB_TEST_LOADED, JSON.stringify(process.moduleLoadList)));
`;

let emu: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = tempDir('fib-stdin-file-');
  writeFileSync(join(dir, 'probe.cjs'), PROBE);
});
afterAll(async () => {
  await emu?.stop();
});

function stored(name: string): string | null {
  return storedSecrets(emu.dataDir, { name }).find((s) => s.environment === '')?.value ?? null;
}

/** `secret set NAME` with `content` as a regular file on fd 0, after `before` ran in the same sh. */
async function setFromFile(
  name: string,
  content: string | Buffer,
  before = ':',
  env: Record<string, string> = {},
) {
  const file = join(dir, `${name}.value`);
  writeFileSync(file, content);
  const proc = spawnCollect(
    '/bin/sh',
    [
      '-c',
      `{ ${before}; exec "$0" "$@"; } <"$FIB_TEST_FILE"`,
      process.execPath,
      '--',
      CLI_BIN,
      'secret',
      'set',
      name,
    ],
    { ...emu.env, FIB_TEST_FILE: file, ...env },
  );
  const code = await waitExit(proc, `secret set ${name} < file`, 30_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

describe('secret set < regular file', () => {
  it.each([
    ['FILE_NL', 'value-1\n', 'value-1'],
    ['FILE_RAW', 'value-2', 'value-2'],
    ['FILE_CRLF', 'value-3\r\n', 'value-3'],
    ['FILE_TWO_NL', 'value-4\n\n', 'value-4\n'],
  ])('%s: stored as a pipe gives it, one trailing newline stripped', async (name, input, value) => {
    const r = await setFromFile(name, input);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(stored(name)).toBe(value);
  });

  it('reads from the offset the shell left, as a stream on fd 0 did', async () => {
    const r = await setFromFile('FILE_OFFSET', 'first line\nsecond\n', 'read -r skipped');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(stored('FILE_OFFSET')).toBe('second');
  });

  it('refuses too large, empty and invalid UTF-8 with the words of a pipe, storing nothing', async () => {
    const big = await setFromFile('FILE_BIG', 'x'.repeat(65536 + 3));
    expect([big.code, big.stdout, big.stderr]).toEqual([
      2,
      '',
      'error: the value on standard input is larger than 64 KiB (65536 bytes), the most a secret value may be\nhint: see `fibonacci secret set --help`\n',
    ]);
    const empty = await setFromFile('FILE_EMPTY', '\n');
    expect([empty.code, empty.stderr]).toEqual([
      2,
      'error: the value for FILE_EMPTY on standard input is empty: nothing was stored\nhint: the command before the pipe printed nothing (is the variable set?)\n',
    ]);
    const bad = await setFromFile('FILE_BAD', Buffer.from([0x61, 0xff, 0x62]));
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'error: the value from standard input is not valid UTF-8\nhint: secret values are UTF-8 text\n',
    ]);
    expect([stored('FILE_BIG'), stored('FILE_EMPTY'), stored('FILE_BAD')]).toEqual([null, null, null]);
  });

  it('loads no file stream, node:fs/promises nor readline to read it', async () => {
    const out = join(dir, 'loaded.json');
    const r = await setFromFile('FILE_LOADED', 'value-5\n', ':', {
      NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}`,
      FIB_TEST_LOADED: out,
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(stored('FILE_LOADED')).toBe('value-5');
    const builtins = (JSON.parse(readFileSync(out, 'utf8')) as string[])
      .filter((m) => m.startsWith('NativeModule '))
      .map((m) => m.slice(13));
    expect(builtins.filter((m) => /^internal\/(fs\/streams|fs\/promises|readline\/)/.test(m))).toEqual([]);
  });
});
