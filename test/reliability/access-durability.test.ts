// A policy survives a SIGKILL during PUT whole: clients replace the access policy again and again
// (each version a document large enough to span many pages) while the emulator is SIGKILLed.
// After a restart the policy in force is exactly one of the documents sent, at a version no lower
// than the last acknowledged one, and its access.policy_changed events match it one for one.
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';

let emu: EmulatorHandle | undefined;
afterAll(async () => {
  await emu?.stop();
});

/** A document that names its writer and round in every role, so a torn mix would show. */
function documentFor(writer: number, round: number) {
  const tag = `w${writer}-r${round}`;
  const roles = Array.from({ length: 60 }, (_, i) => ({
    name: `role-${i}`,
    permissions: ['read'],
    description: tag,
  }));
  const workflows = Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => [`team-${i}/*`, { execute: [{ role: `role-${i % 60}` }] }]),
  );
  return {
    access_control: { enabled: true, roles, resources: { workflows } },
    network: { ip_allowlist: ['127.0.0.1'], ip_blocklist: [] },
  };
}

describe('access policy: SIGKILL during PUT', () => {
  it('after the restart the policy is one document sent, whole, with one event per version', async () => {
    emu = await startEmulator({ timeoutMs: 60_000 });
    const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
    const path = `/api/v1/organizations/${(me.body as { organization_id: string }).organization_id}/access-policy`;
    const sent = new Set<string>();
    let acked = 0;
    let stopped = false;
    const writer = async (id: number, e: EmulatorHandle) => {
      const agent = new Agent({ connect: { ca: readFileSync(e.caCertPath), minVersion: 'TLSv1.3' } });
      for (let round = 0; !stopped; round++) {
        const doc = documentFor(id, round);
        sent.add(doc.access_control.roles[0]?.description as string);
        try {
          const res = await agent.request({
            origin: e.url,
            path,
            method: 'PUT',
            headers: { authorization: `Bearer ${e.ownerKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(doc),
          });
          const body = JSON.parse(await res.body.text()) as { version?: number };
          if (res.statusCode === 200) acked = Math.max(acked, body.version ?? 0);
        } catch {
          break; // the emulator is gone
        }
      }
      await agent.close().catch(() => {});
    };
    const running = [1, 2, 3, 4].map((i) => writer(i, emu as EmulatorHandle));
    // Kill once a few versions have landed (no wall-clock bound: it waits for progress).
    while (acked < 8) await new Promise((r) => setTimeout(r, 20));
    await emu.kill();
    stopped = true;
    await Promise.all(running);

    emu = await emu.restart();
    const got = await apiRequest(emu, 'GET', path);
    const policy = got.body as ReturnType<typeof documentFor> & { version: number };
    expect(policy.version).toBeGreaterThanOrEqual(acked);
    const tags = new Set(policy.access_control.roles.map((r) => r.description));
    expect(tags.size).toBe(1);
    expect(sent.has([...tags][0] as string)).toBe(true);
    const [writerTag, roundTag] = ([...tags][0] as string).split('-') as [string, string];
    expect(policy).toMatchObject(documentFor(Number(writerTag.slice(1)), Number(roundTag.slice(1))));
    const events = await apiRequest(
      emu,
      'GET',
      '/api/v1/audit/events?event_type=access.policy_changed&order=asc&limit=1000',
    );
    const changes = (
      events.body as { events: Array<{ metadata: { old_version: number; new_version: number } }> }
    ).events;
    expect(changes.map((e) => e.metadata.new_version)).toEqual(
      Array.from({ length: policy.version }, (_, i) => i + 1),
    );
    expect(changes.every((e) => e.metadata.old_version === e.metadata.new_version - 1)).toBe(true);
  }, 180_000);
});
