// `workflow create --file` of a hardcoded definition whose path holds a token-shaped run (a
// directory named after a key), through the built CLI: the refusal and the
// --allow-hardcoded-credentials warnings name the path by its length, as every error names such a
// path, never the run; a clean file in that directory is created with no word about credentials.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const DIR_TOKEN = `d_${'ghp'}_Zq8wX2vL9pR4tW7kM3nB6cY1`;
const GH = `${'ghp'}_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z`;
const definition = (node: object) => JSON.stringify({ name: 'p', version: 1, nodes: [node], edges: [] });

let emu: EmulatorHandle;
let root: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  root = makeTree({
    [`${DIR_TOKEN}/hard.json`]: definition({ id: 'a', type: 'tool', token: GH }),
    [`${DIR_TOKEN}/clean.json`]: definition({ id: 'a', type: 'tool' }),
  });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('workflow create: a token-shaped path is never repeated', () => {
  it('refused and allowed: the path named by its length, the token in it never', async () => {
    for (const more of [[], ['--allow-hardcoded-credentials']]) {
      const r = await runCli(
        ['workflow', 'create', `test/p${more.length}`, '--file', join(root, DIR_TOKEN, 'hard.json'), ...more],
        { env: emu.env },
      );
      expect(r.code, r.stderr).toBe(more.length === 0 ? 2 : 0);
      expect(r.stderr).toMatch(/github-token/);
      expect(r.stderr).toMatch(/characters/);
      for (const text of [r.stdout, r.stderr]) {
        expect(text).not.toContain(DIR_TOKEN.slice(6));
        expect(text).not.toContain(GH.slice(4));
      }
    }
  });

  it('a clean file there is created, with no word about credentials', async () => {
    const r = await runCli(
      ['workflow', 'create', 'test/pclean', '--file', join(root, DIR_TOKEN, 'clean.json')],
      {
        env: emu.env,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/credential/);
  });
});
