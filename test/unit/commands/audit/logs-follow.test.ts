// `audit logs --follow` in process against the emulator's server in process, in fake time: the
// polls wait through the context's sleep, which moves a ManualClock that the server reads too.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeIO } from '../../../../src/lib/fake-io.js';
import { parseAccessLog } from '../../../helpers/access-log.js';
import { apiRequest } from '../../../helpers/api-request.js';
import { type InProcessEmulator, startInProcess } from '../../../helpers/in-process-emulator.js';
import { ManualClock } from '../../../helpers/manual-clock.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

let emu: InProcessEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const env = (e: InProcessEmulator) => ({
  FIBONACCI_BASE_URL: e.url,
  FIBONACCI_CA_CERT: e.caCertPath,
  FIBONACCI_API_KEY: e.ownerKey,
});
const setStatus = async (e: InProcessEmulator, name: string) =>
  (await apiRequest(e, 'PUT', `/api/v1/secrets/${name}`, { body: { value: 'v' } })).status;
const ids = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const e = JSON.parse(l) as { timestamp: string; metadata: { name: string } };
      return `${e.metadata.name}@${e.timestamp}`;
    });

describe('audit logs --follow, in fake time', () => {
  it('prints the history, then each new event once, backing off 2 s, 1 s after news, 2 s, 5 s; Ctrl-C is 130', async () => {
    const clock = new ManualClock(new Date('2026-11-29T10:30:00.000Z'));
    const e = await startInProcess({ clock });
    emu = e;
    expect(await setStatus(e, 'FIRST')).toBe(201);
    const io = new FakeIO();
    // What happens during the waits is recorded and checked after: a failed expect thrown inside
    // the CLI's sleep would be taken for an interrupted wait.
    const during: unknown[] = [];
    clock.onSleep = async (waits) => {
      if (waits.length === 1) during.push(await setStatus(e, 'SECOND')); // arrives during the first idle wait
      if (waits.length === 4) during.push(io.interrupt('SIGINT'));
    };
    const r = await runInProcess(
      ['audit', 'logs', '--follow', '--format', 'ndjson', '--event-type', 'secret.set'],
      {
        io,
        clock,
        env: env(e),
      },
    );
    expect(during).toEqual([201, true]);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('');
    expect(ids(r.stdout)).toEqual(['FIRST@2026-11-29T10:30:00.000Z', 'SECOND@2026-11-29T10:30:02.000Z']);
    expect(clock.waits).toEqual([2000, 1000, 2000, 5000]);
    // The history (one GET), then one poll after each wait but the last, which Ctrl-C ended.
    const polls = parseAccessLog(e.logLines.join('\n')).filter((l) => l.path === '/api/v1/audit/events');
    expect(polls.map((l) => l.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
