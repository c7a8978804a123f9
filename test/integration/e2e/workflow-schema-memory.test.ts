// Ajv keeps what every compile generated (each schema object) in its instance's scope, and one
// instance judged every input_schema for the life of the emulator (H-wf-8): a key with workflow
// write could send schemas holding long descriptions until the emulator ran out of memory. Under a
// 128 MB heap, 250 creates of a schema with a 600 KB description killed it; now it still answers.
// H-wf-9: the run's validator cache kept 256 compiled schemas whatever their size: 124 workflows of
// a 600 KB schema, each run once, killed it; now it is bounded by their size too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000, env: { NODE_OPTIONS: '--max-old-space-size=128' } });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('input_schemas judged one after another', () => {
  it('are not all kept in memory: the emulator still answers after 250 of 600 KB', async () => {
    const description = 'x'.repeat(600_000);
    for (let i = 0; i < 250; i++) {
      const input_schema = { type: 'string', format: 'nope', description: `${description}${i}` };
      const res = await apiRequest(emu, 'POST', '/api/v1/workflows', {
        body: {
          name: `test/m${i}`,
          definition: { name: 'm', version: 1, nodes: [], edges: [], input_schema },
        },
      });
      expect(res.status, `create ${i}`).toBe(422);
    }
    const list = await apiRequest(emu, 'GET', '/api/v1/workflows');
    expect(list.status).toBe(200);
    expect(emu.stderr()).not.toContain('heap out of memory');
  }, 240_000);
});

describe('input validators of runs', () => {
  it('are not all kept either: 200 workflows of 600 KB schemas, each run once', async () => {
    const description = 'y'.repeat(600_000);
    for (let i = 0; i < 200; i++) {
      const input_schema = { type: 'object', description: `${description}${i}` };
      const created = await apiRequest(emu, 'POST', '/api/v1/workflows', {
        body: {
          name: `test/r${i}`,
          definition: { name: 'r', version: 1, nodes: [], edges: [], input_schema },
        },
      });
      expect(created.status, `create ${i}`).toBe(201);
      const run = await apiRequest(emu, 'POST', `/api/v1/workflows/test%2Fr${i}/execute`, { body: {} });
      expect(run.status, `run ${i}`).toBe(200);
    }
    expect(emu.stderr()).not.toContain('heap out of memory');
  }, 240_000);
});
