// `audit export --resume` believes neither the checkpoint nor the partial file blindly: a field out
// of range, an edit, a changed or shortened partial file, a link or a file someone else owns is
// exit 3 with the command that starts over, before any request. In-process, with a stubbed API.
import { chownSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { checkpointDigest, type StoredCheckpoint } from '../../../../src/lib/export/checkpoint.js';
import type { AuditEvent } from '../../../../src/lib/export/writers.js';
import { FakeApi, type RecordedCall } from '../../../helpers/fake-api.js';
import { prerequisite } from '../../../helpers/prerequisites.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const ROOT = prerequisite('root (to give a file to another user)', process.getuid?.() === 0, 'run as root');
const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const ev = (i: number): AuditEvent => ({
  id: `evt_${i}`,
  timestamp: `2026-11-29T11:30:0${i}.000Z`, // after --since '1 hour ago': the client checks
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'user-123',
  ip_address: null,
  action: 'set',
  status: 'success',
  duration_ms: null,
  metadata: {},
});

/** Pages c0 → c1 → c2 → end; the page at c2 fails while `down`. */
function api(down: boolean) {
  return new FakeApi().on('GET', '/api/v1/audit/events', (call: RecordedCall) => {
    const cursor = call.options.query?.cursor;
    if (cursor === undefined) return { events: [ev(1), ev(2)], next_cursor: 'c1' };
    if (cursor === 'c1') return { events: [ev(3)], next_cursor: 'c2' };
    if (down) return new CliError('network', 'cannot connect to emu.test: connection refused');
    return { events: [ev(4)], next_cursor: null };
  });
}

/** An export stopped after 3 events, and what it left: its paths and the command lines. */
async function stoppedExport() {
  const out = join(tempDir(), 'audit.ndjson');
  const args = ['audit', 'export', '--format', 'ndjson', '--output', out, '--since', '1 hour ago'];
  const r = await runInProcess(args, { api: api(true), env: ENV, now: NOW });
  expect(r.code, r.stderr).toBe(8);
  const checkpoint = `${out}.checkpoint.json`;
  const stored = JSON.parse(readFileSync(checkpoint, 'utf8')) as StoredCheckpoint;
  expect(stored).toMatchObject({ count: 3, cursor: 'c2', complete: false });
  const startOver = `hint: start over with: fibonacci audit export --format ndjson --output ${out} --since '1 hour ago'\n`;
  return { out, args, checkpoint, partial: `${out}.partial`, stored, startOver };
}

/** Write a changed checkpoint; `reseal` recomputes its digest, as a forger who read this code would. */
function forge(path: string, stored: StoredCheckpoint, change: Record<string, unknown>, reseal: boolean) {
  const forged = { ...stored, ...change } as StoredCheckpoint;
  if (reseal) forged.digest = checkpointDigest(forged);
  writeFileSync(path, JSON.stringify(forged), { mode: 0o600 });
}

/**
 * `…args --resume`, against the healthy API, or against `fake`: a refusal gets one with no stub, so
 * a request it should never make throws instead of being answered.
 */
async function resume(args: string[], fake = api(false)) {
  const r = await runInProcess([...args, '--resume'], { api: fake, env: ENV, now: NOW });
  return { ...r, requests: fake.calls.length };
}

describe('audit export --resume refuses what it cannot vouch for', () => {
  const cases: Array<[string, (s: Awaited<ReturnType<typeof stoppedExport>>) => void, RegExp]> = [
    ['a negative bytes', (s) => forge(s.checkpoint, s.stored, { bytes: -5 }, true), /has an invalid bytes/],
    ['a negative count', (s) => forge(s.checkpoint, s.stored, { count: -1 }, true), /has an invalid count/],
    ['a cursor edited by hand', (s) => forge(s.checkpoint, s.stored, { cursor: 'c9' }, false), /own digest/],
    [
      '"complete": true written over it',
      (s) => forge(s.checkpoint, s.stored, { complete: true }, false),
      /own digest/,
    ],
    [
      '"complete": true, resealed, cursor kept',
      (s) => forge(s.checkpoint, s.stored, { complete: true }, true),
      /is inconsistent \(it is complete but still has a cursor\)/,
    ],
    [
      'a count that disagrees with the lines, resealed',
      (s) => forge(s.checkpoint, s.stored, { count: 2 }, true),
      /holds 3 events, not the 2 its checkpoint says/,
    ],
    ['a version 1 checkpoint', (s) => forge(s.checkpoint, s.stored, { version: 1 }, true), /older fibonacci/],
    ['a damaged checkpoint', (s) => writeFileSync(s.checkpoint, '{"version":2,'), /is damaged \(not JSON\)/],
    [
      'a partial file changed in place',
      (s) => {
        const text = readFileSync(s.partial, 'utf8');
        writeFileSync(s.partial, text.replace('evt_2', 'evt_9'));
      },
      /does not match its checkpoint \(its content changed\)/,
    ],
    [
      'a shortened partial file',
      (s) => writeFileSync(s.partial, readFileSync(s.partial).subarray(0, 10)),
      /is shorter \(10 bytes\) than its checkpoint says/,
    ],
    ['a missing partial file', (s) => rmSync(s.partial), /temporary file .* is missing/],
    [
      'a checkpoint that is a link',
      (s) => {
        const real = join(tempDir(), 'elsewhere.json');
        writeFileSync(real, readFileSync(s.checkpoint));
        rmSync(s.checkpoint);
        symlinkSync(real, s.checkpoint);
      },
      /checkpoint\.json is a symbolic link: refusing to write there/,
    ],
  ];
  for (const [what, tamper, message] of cases) {
    it(`${what}: exit 3, the start-over command, no request`, async () => {
      const s = await stoppedExport();
      tamper(s);
      const r = await resume(s.args, new FakeApi());
      expect(r.code, r.stderr).toBe(3);
      const [error, hint, rest] = r.stderr.split(/(?<=\n)/);
      expect(error).toMatch(message);
      if (what.endsWith('is a link')) {
        // Starting over would meet the same link: the hint is to remove it.
        expect(hint).toBe(
          `hint: no export leaves anything but a file there: remove ${s.checkpoint} if you know what it is\n`,
        );
      } else {
        expect(error).toMatch(/^error: the (export checkpoint|unfinished export's temporary file) /);
        expect(hint).toBe(s.startOver);
      }
      expect(rest).toBeUndefined();
      expect(r.requests).toBe(0);
    });
  }

  it.skipIf(!ROOT)('a partial file owned by another user (as root: chown)', async () => {
    const s = await stoppedExport();
    chownSync(s.partial, 65534, 65534);
    const r = await resume(s.args, new FakeApi());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/belongs to another user or is writable by others: it cannot be resumed\n/);
    expect(r.requests).toBe(0);
  });

  it('bytes past the checkpoint are a torn page: dropped, and the resume completes', async () => {
    const s = await stoppedExport();
    writeFileSync(s.partial, Buffer.concat([readFileSync(s.partial), Buffer.from('{"torn":')]));
    const r = await resume(s.args);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(s.out, 'utf8')).toBe([1, 2, 3, 4].map((i) => `${JSON.stringify(ev(i))}\n`).join(''));
  });

  it('the start-over command after a refusal gives the whole file', async () => {
    const s = await stoppedExport();
    forge(s.checkpoint, s.stored, { cursor: 'c9' }, false);
    expect((await resume(s.args, new FakeApi())).code).toBe(3);
    const again = await runInProcess(s.args, { api: api(false), env: ENV, now: NOW });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^warning: discarding the unfinished export/);
    expect(readFileSync(s.out, 'utf8').split('\n')).toHaveLength(5);
  });
});
