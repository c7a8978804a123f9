// Node ids that look alike (H-wf-4): `café` written as NFC and as NFD was two distinct nodes, and an
// id holding a zero-width space or a right-to-left override was stored, so that an edge that reads
// `a → b` could name another node than the one it shows. Refused at create, each at its place.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const HIDDEN = (cp: string) =>
  `holds an invisible, control or direction character (${cp}): a node id must read as what it is, or an edge naming its look-alike names another node`;

describe('look-alike node ids', () => {
  it('are refused at create, each at its place; plain distinct ids still pass', async () => {
    const nodes = [
      { id: 'caf\u00e9', type: 'llm' },
      { id: 'cafe\u0301', type: 'tool' },
      { id: 'a', type: 'llm' },
      { id: 'a\u200b', type: 'llm' },
      { id: '\u202eb', type: 'llm' },
      { id: 'A', type: 'llm' },
      { id: 'n\u00f6', type: 'llm' },
    ];
    const edges = [
      { from: 'caf\u00e9', to: 'a' },
      { from: 'no\u0308', to: 'A' },
    ];
    const file = join(tempDir(), 'ids.json');
    writeFileSync(file, JSON.stringify({ name: 'x', version: 1, nodes, edges }));
    const r = await runCli(['workflow', 'create', 'test/ids', '--file', file], { env: emu.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  definition.nodes.1.id: duplicate node id a value of 5 characters (nodes.0 has it, written in another Unicode form)',
      `  definition.nodes.3.id: ${HIDDEN('U+200B')}`,
      `  definition.nodes.4.id: ${HIDDEN('U+202E')}`,
      "  definition.edges.1.from: names no node: a value of 3 characters (nodes.6's id is the same text written in another Unicode form)",
    ]);
    const plain = join(tempDir(), 'plain.json');
    const ok = { name: 'x', version: 1, nodes: [nodes[0], nodes[2], nodes[5]], edges: [edges[0]] };
    writeFileSync(plain, JSON.stringify(ok));
    const created = await runCli(['workflow', 'create', 'test/plain', '--file', plain], { env: emu.env });
    expect(created.code).toBe(0);
  });
});
