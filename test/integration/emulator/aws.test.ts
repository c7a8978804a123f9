// The aws_secrets_manager backend with the real AWS SDK pointed at a local stand-in (the SDK's
// endpoint override). Only the stand-in, not AWS itself, is exercised here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEventType } from '../../../src/emulator/audit.js';
import { createAwsBackend } from '../../../src/emulator/secrets/aws.js';
import { sdkFinding } from '../../../src/emulator/secrets/aws-sdk.js';
import { SecretsBackendConfigError } from '../../../src/emulator/secrets/backend.js';
import { openStore } from '../../../src/emulator/store.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type AwsStandIn, startAwsStandIn } from '../../helpers/aws-standin.js';
import { startEmulator } from '../../helpers/emulator.js';
import { storedPrincipal } from '../../helpers/in-process-emulator.js';
import { tempDir } from '../../helpers/temp-dir.js';

let aws: AwsStandIn;
beforeAll(async () => {
  aws = await startAwsStandIn();
});
afterAll(() => aws.close());

const awsEnv = () => ({
  AWS_REGION: 'eu-west-1',
  AWS_SECRETS_PREFIX: 'fib/',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
  AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
  AWS_SECRET_ACCESS_KEY: 'standin-secret',
});

/** The backend over a fresh store, and two principals whose keys are in it (the writers). */
async function backendOver(env: Record<string, string>) {
  const store = openStore(join(tempDir(), 'emu.db'));
  const one = storedPrincipal(store);
  const two = storedPrincipal(store, { orgId: one.orgId });
  return Object.assign(await createAwsBackend({ store, dataDir: tempDir(), env }), { one, two, store });
}

/** The event a route would record with a change (its shape is not what these tests are about). */
const audit = (event_type: ChangeEventType) => () => ({ event_type, status: 'success' as const });
const SET = audit('secret.set');

describe('aws_secrets_manager backend (in process)', () => {
  it('resolves a run’s secrets in its environment, then the shared scope, and names the missing', async () => {
    const b = await backendOver(awsEnv());
    await b.put({ orgId: 'org-r', environment: null, name: 'API_KEY' }, 'shared-value', b.one, SET);
    await b.put({ orgId: 'org-r', environment: 'production', name: 'API_KEY' }, 'prod-value', b.one, SET);
    await b.put({ orgId: 'org-r', environment: null, name: 'ONLY_SHARED' }, 'only-shared', b.one, SET);
    const names = ['API_KEY', 'ONLY_SHARED', 'NOWHERE'];
    const prod = (await b.prepareResolution('org-r', 'production', names))();
    expect([...prod.values]).toEqual([
      ['API_KEY', 'prod-value'],
      ['ONLY_SHARED', 'only-shared'],
    ]);
    expect(prod.missing).toEqual(['NOWHERE']);
    const staging = (await b.prepareResolution('org-r', 'staging', ['API_KEY']))();
    expect([...staging.values]).toEqual([['API_KEY', 'shared-value']]);
    const shared = (await b.prepareResolution('org-r', null, ['API_KEY']))();
    expect([...shared.values]).toEqual([['API_KEY', 'shared-value']]);
  });

  it('stores plaintext under prefix/org/scope/NAME and keeps versions and rotation in the metadata', async () => {
    const b = await backendOver(awsEnv());
    const ref = { orgId: 'org-1', environment: 'production', name: 'DB_URL' };
    const first = await b.put(ref, 'postgres://one', b.one, SET);
    expect(first).toMatchObject({
      created: true,
      secret: { version: 1, updatedBy: b.one.userId, rotation: null },
    });
    expect(aws.secrets.get('fib/org-1/production/DB_URL')?.value).toBe('postgres://one');
    const second = await b.put(ref, 'postgres://two', b.two, SET);
    expect(second).toMatchObject({ created: false, secret: { version: 2, updatedBy: b.two.userId } });
    expect(aws.secrets.get('fib/org-1/production/DB_URL')?.value).toBe('postgres://two');

    await b.put({ orgId: 'org-1', environment: null, name: 'SHARED' }, 'x', b.one, SET);
    await b.put({ orgId: 'org-1', environment: 'production', name: 'API_KEY' }, 'y', b.one, SET);
    await b.put({ orgId: 'org-1', environment: 'PRODUCTION', name: 'OTHER_CASE' }, 'z', b.one, SET);
    expect((await b.list('org-1', 'production')).map((s) => [s.name, s.version])).toEqual([
      ['API_KEY', 1],
      ['DB_URL', 2],
    ]);
    expect((await b.list('org-1', null)).map((s) => s.name)).toEqual(['SHARED']);
    // Every scope an API call can name, shared first: not PRODUCTION (no environment name).
    expect((await b.listAll('org-1')).map((s) => [s.environment, s.name])).toEqual([
      [null, 'SHARED'],
      ['production', 'API_KEY'],
      ['production', 'DB_URL'],
    ]);

    const rotated = await b.setRotation(
      ref,
      { intervalDays: 30, notifyBeforeDays: 7 },
      b.one,
      audit('secret.rotation_changed'),
    );
    expect(rotated?.rotation).toEqual({ intervalDays: 30, notifyBeforeDays: 7 });
    expect((await b.getMeta(ref))?.rotation).toEqual({ intervalDays: 30, notifyBeforeDays: 7 });
    expect(await b.delete(ref, b.one, audit('secret.deleted'))).toMatchObject({ name: 'DB_URL', version: 2 });
    expect(await b.getMeta(ref)).toBeNull();
    expect(await b.delete(ref, b.one, audit('secret.deleted'))).toBeNull();
    expect(aws.secrets.has('fib/org-1/production/DB_URL')).toBe(false);
    // Listing never reads a value (a run's resolution, another organization's test, does).
    expect(aws.calls.filter((c) => c.op === 'GetSecretValue' && c.target?.startsWith('fib/org-1/'))).toEqual(
      [],
    );
  });

  it('refuses, once, to overwrite a secret under the prefix that it did not write', async () => {
    const b = await backendOver(awsEnv());
    const name = 'fib/org-1/production/FOREIGN';
    aws.secrets.set(name, {
      name,
      arn: `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${name}`,
      value: 'hand-made',
      description: 'made by hand, not JSON',
      versionId: 'v1',
      created: 0,
      changed: 0,
    });
    const before = aws.calls.length;
    await expect(
      b.put({ orgId: 'org-1', environment: 'production', name: 'FOREIGN' }, 'new', b.one, SET),
    ).rejects.toMatchObject({
      statusCode: 409,
      message: `AWS secret ${name} exists but was not written by the emulator`,
    });
    // Describe, Create (exists), Describe (did the failed create land? no: the journal row goes),
    // Describe again for the retry as an update: no loop.
    expect(aws.calls.slice(before).map((c) => c.op)).toEqual([
      'DescribeSecret',
      'CreateSecret',
      'DescribeSecret',
      'DescribeSecret',
    ]);
    expect(aws.secrets.get(name)?.value).toBe('hand-made');
  });

  it('refuses a change for a key revoked before the journal row: 401, nothing sent to AWS, no row', async () => {
    const b = await backendOver(awsEnv());
    b.store.prepare("UPDATE api_keys SET revoked_at = 'then' WHERE id = ?").run(b.one.keyId);
    const before = aws.calls.length;
    await expect(
      b.put({ orgId: 'org-1', environment: null, name: 'AFTER_REVOKE' }, 'v', b.one, SET),
    ).rejects.toMatchObject({ statusCode: 401, detail: 'API key has been revoked' });
    // Only the look at what is there now: no Create, no journal row, no event.
    expect(aws.calls.slice(before).map((c) => c.op)).toEqual(['DescribeSecret']);
    expect(aws.secrets.has('fib/org-1/_shared/AFTER_REVOKE')).toBe(false);
    expect(b.store.prepare('SELECT count(*) FROM pending_changes').pluck().get()).toBe(0);
    expect(b.store.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(0);
  });

  it('reports list_secrets and get_secret in its health, with the reason when one fails', async () => {
    const b = await backendOver(awsEnv());
    expect(await b.health('org-2')).toEqual({
      backend: 'aws_secrets_manager',
      checks: { list_secrets: 'ok', get_secret: 'ok' },
    });
    aws.failNext('ListSecrets');
    const report = await b.health('org-2');
    expect(report.checks.get_secret).toBe('ok');
    expect(report.checks.list_secrets).toBe('error: not authorized to perform ListSecrets');
  });

  it('refuses to start without the SDK, naming the package', async () => {
    const missing = () => Promise.reject(new Error("Cannot find module '@aws-sdk/client-secrets-manager'"));
    expect(await sdkFinding(missing)).toEqual({
      severity: 'fatal',
      variable: 'SECRETS_BACKEND',
      message:
        'SECRETS_BACKEND=aws_secrets_manager needs the package @aws-sdk/client-secrets-manager, which is not installed; run `npm install @aws-sdk/client-secrets-manager` or set SECRETS_BACKEND=db',
    });
    expect(await sdkFinding()).toBeUndefined();
    const store = openStore(join(tempDir(), 'emu.db'));
    await expect(createAwsBackend({ store, dataDir: tempDir(), env: awsEnv() }, missing)).rejects.toThrow(
      SecretsBackendConfigError,
    );
  });
});

describe('aws_secrets_manager backend (spawned emulator)', () => {
  it('round-trips a secret through the API into the stand-in, and the data dir never holds the value', async () => {
    const value = 'sk-standin-value-0123456789';
    const emu = await startEmulator({ env: { SECRETS_BACKEND: 'aws_secrets_manager', ...awsEnv() } });
    try {
      const me = (await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string };
      const put = await apiRequest(emu, 'PUT', '/api/v1/secrets/API_KEY?environment=staging', {
        body: { value },
      });
      expect(put.status).toBe(201);
      expect(put.body).toMatchObject({ name: 'API_KEY', environment: 'staging', version: 1 });
      expect(aws.secrets.get(`fib/${me.organization_id}/staging/API_KEY`)?.value).toBe(value);
      const list = await apiRequest(emu, 'GET', '/api/v1/secrets?environment=staging');
      expect((list.body as { secrets: Array<{ name: string }> }).secrets.map((s) => s.name)).toEqual([
        'API_KEY',
      ]);
      const health = await apiRequest(emu, 'GET', '/api/v1/health/secrets');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({
        status: 'healthy',
        backend: 'aws_secrets_manager',
        checks: { list_secrets: 'ok', get_secret: 'ok' },
      });
      expect((await apiRequest(emu, 'DELETE', '/api/v1/secrets/API_KEY?environment=staging')).status).toBe(
        204,
      );
      expect(aws.secrets.has(`fib/${me.organization_id}/staging/API_KEY`)).toBe(false);
    } finally {
      await emu.stop();
    }
    for (const f of readdirSync(emu.dataDir))
      expect(readFileSync(join(emu.dataDir, f)).toString('latin1')).not.toContain(value);
    expect(emu.stderr()).not.toContain(value);
  });
});
