// TRUSTED_PROXY_HOSTS: X-Forwarded-For is believed only from a trusted socket peer, and the audit
// event's ip_address shows the result. The test client connects from 127.0.0.1 (npm run build first).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator } from '../../helpers/emulator.js';

/** Make one failing request that claims to come from 203.0.113.7 and return the audited address. */
async function auditedIp(trusted: string): Promise<string> {
  const emu = await startEmulator({ env: { TRUSTED_PROXY_HOSTS: trusted } });
  try {
    const res = await apiRequest(emu, 'GET', '/api/v1/auth/me', {
      key: 'fib_test_notarealkeynotarealkey',
      headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' },
    });
    expect(res.status).toBe(401);
  } finally {
    await emu.stop();
  }
  const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT ip_address FROM audit_events WHERE event_type = 'auth.failed'").all();
    expect(rows).toHaveLength(1);
    return (rows[0] as { ip_address: string }).ip_address;
  } finally {
    db.close();
  }
}

describe('X-Forwarded-For', () => {
  it('is believed from a trusted peer: the nearest untrusted address is recorded', async () => {
    expect(await auditedIp('127.0.0.1')).toBe('203.0.113.7');
  });

  it('walks back through every trusted hop', async () => {
    expect(await auditedIp('127.0.0.1,203.0.113.0/24')).toBe('198.51.100.1');
  });

  it('is ignored from an untrusted peer: the socket address is recorded', async () => {
    expect(await auditedIp('10.9.9.9')).toBe('127.0.0.1');
  });
});
