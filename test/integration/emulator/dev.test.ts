// POST /api/v1/dev/shell: superuser-only when ENABLE_DEVELOPER_ROUTES=true, 404 otherwise; it
// records DEVELOPER_SHELL_EXECUTED and executes nothing (spawned emulator, npm run build first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SHELL = '/api/v1/dev/shell';

describe('developer shell', () => {
  it('acknowledges a superuser, records the event with a hash only, and runs nothing', async () => {
    const emu = await startEmulator({ env: { ENABLE_DEVELOPER_ROUTES: 'true' } });
    const marker = join(tempDir(), 'should-not-exist');
    const command = `touch ${marker}`;
    try {
      const superuser = await emu.addUser('member', ['--superuser']);
      const res = await apiRequest(emu, 'POST', SHELL, { key: superuser, body: { command } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        executed: false,
        detail: 'recorded; the emulator never executes developer shell commands',
        event_id: expect.stringMatching(/^evt_/),
      });
      expect(existsSync(marker)).toBe(false);

      // The organization's owner is not a superuser: 403, audited as access.denied.
      const owner = await apiRequest(emu, 'POST', SHELL, { body: { command } });
      expect(owner.status).toBe(403);
      expect(owner.body).toEqual({ detail: 'requires a platform superuser' });
      expect((await apiRequest(emu, 'POST', SHELL, { key: null, body: { command } })).status).toBe(401);
    } finally {
      await emu.stop();
    }
    const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
    try {
      const rows = db
        .prepare(
          "SELECT event_type, status, metadata FROM audit_events WHERE event_type IN ('DEVELOPER_SHELL_EXECUTED', 'access.denied') ORDER BY seq",
        )
        .all() as Array<{ event_type: string; status: string; metadata: string }>;
      expect(rows.map((r) => [r.event_type, r.status])).toEqual([
        ['DEVELOPER_SHELL_EXECUTED', 'success'],
        ['access.denied', 'denied'],
      ]);
      expect(JSON.parse(rows[0]?.metadata ?? '{}')).toMatchObject({
        command_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        command_length: command.length,
        executed: false,
      });
      expect(rows[0]?.metadata).not.toContain('touch');
    } finally {
      db.close();
    }
  });

  it('is 404 when developer routes are off, even for a superuser', async () => {
    const emu = await startEmulator();
    try {
      const superuser = await emu.addUser('owner', ['--superuser']);
      const res = await apiRequest(emu, 'POST', SHELL, { key: superuser, body: { command: 'id' } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Not Found' });
    } finally {
      await emu.stop();
    }
  });
});
