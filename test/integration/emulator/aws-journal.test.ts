// The aws_secrets_manager backend cannot put its remote write and the local audit event in one
// transaction, so it journals the change first (src/emulator/secrets/journal.ts). What that buys,
// through the spawned emulator with the real AWS SDK pointed at the local stand-in:
//   - the journal row cannot be written: 500, AWS never called;
//   - the remote write fails: 500, no event, nothing left pending;
//   - the event cannot be written after AWS took the change: 500, and the event is recorded (marked
//     reconciled) by the next change, or by the next start after a crash; never lost, never invented.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, apiRequest } from '../../helpers/api-request.js';
import { type AwsStandIn, startAwsStandIn } from '../../helpers/aws-standin.js';
import { eventsOf, injectInsertFault, openDataDb } from '../../helpers/db-state.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

let aws: AwsStandIn;
let emu: EmulatorHandle;
let db: Database.Database;
let org: string;

beforeAll(async () => {
  aws = await startAwsStandIn();
  emu = await startEmulator({
    env: {
      SECRETS_BACKEND: 'aws_secrets_manager',
      AWS_REGION: 'eu-west-1',
      AWS_SECRETS_PREFIX: 'jr/',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
      AWS_SECRET_ACCESS_KEY: 'standin-secret',
    },
  });
  db = openDataDb(emu.dataDir);
  org = ((await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string })
    .organization_id;
});
afterAll(async () => {
  db?.close();
  await emu?.stop();
  await aws?.close();
});

const set = (name: string, value: string): Promise<ApiResponse> =>
  apiRequest(emu, 'PUT', `/api/v1/secrets/${name}`, { body: { value } });
const remote = (name: string) => aws.secrets.get(`jr/${org}/_shared/${name}`);
const pending = () => (db.prepare('SELECT count(*) AS n FROM pending_changes').get() as { n: number }).n;
/** The secret.set / secret.deleted events of one secret: version and whether reconciled. */
const eventsFor = (type: string, name: string) =>
  eventsOf(db, type)
    .filter((e) => e.metadata.name === name)
    .map((e) => ({ version: e.metadata.version, reconciled: e.metadata.reconciled ?? false }));
const INTERNAL = { detail: 'Internal Server Error' };

describe('aws_secrets_manager: the journal between AWS and the audit log', () => {
  it('records the event of a change AWS took even when the local event write failed', async () => {
    const heal = injectInsertFault(db, 'audit_events', ['secret.set']);
    let failed: ApiResponse;
    try {
      failed = await set('JOURNAL', 'one');
    } finally {
      heal();
    }
    expect([failed.status, failed.body]).toEqual([500, INTERNAL]);
    // AWS has the value (no transaction spans AWS and SQLite); the journal remembers the change.
    expect(remote('JOURNAL')?.value).toBe('one');
    expect(eventsFor('secret.set', 'JOURNAL')).toEqual([]);
    expect(pending()).toBe(1);

    const next = await set('JOURNAL', 'two');
    expect([next.status, (next.body as { version: number }).version]).toEqual([200, 2]);
    expect(eventsFor('secret.set', 'JOURNAL')).toEqual([
      { version: 1, reconciled: true },
      { version: 2, reconciled: false },
    ]);
    expect(pending()).toBe(0);
  });

  it('never calls AWS when the journal row cannot be written', async () => {
    const calls = aws.calls.length;
    const heal = injectInsertFault(db, 'pending_changes');
    try {
      const r = await set('NEVER_SENT', 'x');
      expect([r.status, r.body]).toEqual([500, INTERNAL]);
    } finally {
      heal();
    }
    expect(aws.calls.slice(calls).map((c) => c.op)).toEqual(['DescribeSecret']);
    expect(remote('NEVER_SENT')).toBeUndefined();
    expect(eventsFor('secret.set', 'NEVER_SENT')).toEqual([]);
  });

  it('records nothing and keeps nothing pending when AWS refuses the write', async () => {
    aws.failNext('UpdateSecret');
    const r = await set('JOURNAL', 'three');
    expect(r.status).toBe(500);
    expect(remote('JOURNAL')?.value).toBe('two');
    expect(eventsFor('secret.set', 'JOURNAL')).toHaveLength(2);
    expect(pending()).toBe(0);
  });

  it('after a crash between AWS and the event, the next start records it', async () => {
    const heal = injectInsertFault(db, 'audit_events', ['secret.deleted']);
    try {
      expect((await apiRequest(emu, 'DELETE', '/api/v1/secrets/JOURNAL')).status).toBe(500);
      expect(remote('JOURNAL')).toBeUndefined();
      await emu.kill();
    } finally {
      heal();
    }
    expect(eventsFor('secret.deleted', 'JOURNAL')).toEqual([]);
    emu = await emu.restart();
    expect(eventsFor('secret.deleted', 'JOURNAL')).toEqual([{ version: 2, reconciled: true }]);
    expect(pending()).toBe(0);
  });
});
