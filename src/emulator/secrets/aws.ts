import { randomBytes } from 'node:crypto';
import { isValidEnvironment } from '../../lib/validate.js';
import type { ChangeEventInput } from '../audit.js';
import { ApiError } from '../errors.js';
import { authorUserId, type ChangeAuthor, type Store } from '../store.js';
import { byName, describe, listPrefix, resolveValues, SHARED, scopePrefix, toStored } from './aws-layout.js';
import { type Client, clientFrom, loadSdk, MISSING_SDK, type Sdk } from './aws-sdk.js';
import {
  type AuditOf,
  type HealthReport,
  type PutOutcome,
  type RotationPolicy,
  type SecretRef,
  type SecretsBackend,
  SecretsBackendConfigError,
  type SecretsBackendSettings,
  type StoredSecret,
} from './backend.js';
import { ChangeJournal, type Expectation, type PendingChange } from './journal.js';

// The `aws_secrets_manager` backend: the layout in AWS is ./aws-layout.ts; every change goes through
// the journal (./journal.ts) so its audit event is never lost. Calls: CreateSecret, UpdateSecret,
// DescribeSecret, ListSecrets, GetSecretValue, DeleteSecret.

const PROBE: SecretRef = { orgId: '', environment: '_health', name: '_probe' };

/**
 * Build the backend from AWS_REGION, AWS_SECRETS_PREFIX, AWS_ENDPOINT_URL_SECRETS_MANAGER (or
 * AWS_ENDPOINT_URL) and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN in settings.env;
 * without explicit keys the SDK's own credential chain applies.
 */
export async function createAwsBackend(
  settings: SecretsBackendSettings,
  importer?: () => Promise<Sdk>,
): Promise<SecretsBackend> {
  const sdk = await loadSdk(importer);
  if (!sdk) throw new SecretsBackendConfigError(MISSING_SDK);
  const env = settings.env;
  const client = clientFrom(sdk, env);
  const store = settings.store;
  const backend = new AwsSecretsBackend(sdk, client, env.AWS_SECRETS_PREFIX ?? '', store);
  // Changes a crash left half-done get their events now; if AWS cannot answer, at the next change.
  await backend.reconcile().catch(() => {});
  return backend;
}

function errorName(e: unknown): string {
  return (e as { name?: string }).name ?? '';
}

class AwsSecretsBackend implements SecretsBackend {
  readonly name = 'aws_secrets_manager';
  private readonly journal: ChangeJournal;
  private readonly nowIso: () => string;

  constructor(
    private readonly sdk: Sdk,
    private readonly client: Client,
    private readonly prefix: string,
    store: Store,
  ) {
    this.journal = new ChangeJournal(store);
    this.nowIso = () => store.nowIso();
  }

  private scope(orgId: string, environment: string | null): string {
    return scopePrefix(this.prefix, orgId, environment);
  }

  private awsName(ref: SecretRef): string {
    return `${this.scope(ref.orgId, ref.environment)}${ref.name}`;
  }

  async list(orgId: string, environment: string | null): Promise<StoredSecret[]> {
    const out: StoredSecret[] = [];
    for (const { rest, description } of await listPrefix(
      this.sdk,
      this.client,
      this.scope(orgId, environment),
    )) {
      if (rest.includes('/')) continue; // direct children only
      const stored = toStored({ orgId, environment, name: rest }, description);
      if (stored) out.push(stored);
    }
    return out.sort(byName);
  }

  async listAll(orgId: string): Promise<StoredSecret[]> {
    const out: StoredSecret[] = [];
    for (const { rest, description } of await listPrefix(this.sdk, this.client, `${this.prefix}${orgId}/`)) {
      const [scope, name, ...more] = rest.split('/');
      // Only the scopes an API call can name: not the health probe's, nor one AWS's case-blind
      // filter let through (`PRODUCTION`), nor anything deeper.
      if (scope === undefined || !name || more.length > 0) continue;
      if (scope !== SHARED && !isValidEnvironment(scope)) continue;
      const environment = scope === SHARED ? null : scope;
      const stored = toStored({ orgId, environment, name }, description);
      if (stored) out.push(stored);
    }
    const env = (s: StoredSecret) => s.environment ?? '';
    return out.sort((a, b) => (env(a) < env(b) ? -1 : env(a) > env(b) ? 1 : byName(a, b)));
  }

  async getMeta(ref: SecretRef): Promise<StoredSecret | null> {
    try {
      const d = await this.client.send(new this.sdk.DescribeSecretCommand({ SecretId: this.awsName(ref) }));
      return d.DeletedDate ? null : toStored(ref, d.Description);
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return null;
      throw e;
    }
  }

  /**
   * Carry out one remote change through the journal (./journal.ts): earlier left-overs are settled
   * first, so events stay in order; then the row, the remote write, the event.
   */
  private async journalled(
    ref: SecretRef,
    by: ChangeAuthor,
    expect: Expectation,
    event: ChangeEventInput,
    remote: () => Promise<unknown>,
  ): Promise<void> {
    await this.reconcile();
    const change = this.journal.begin(ref, by, expect, event);
    try {
      await remote();
    } catch (e) {
      // It may have landed all the same (a timeout after AWS applied it): let AWS's view decide.
      this.journal.release(change);
      await this.settle(change).catch(() => {});
      throw e;
    }
    this.journal.commit(change);
  }

  /** Settle every change a failure left in the journal; one AWS can't answer for stays for later. */
  async reconcile(): Promise<void> {
    for (const change of this.journal.pending()) await this.settle(change);
  }

  private async settle(change: PendingChange): Promise<void> {
    this.journal.settle(change, await this.getMeta(change.ref));
  }

  async put(
    ref: SecretRef,
    value: string,
    by: ChangeAuthor,
    audit: AuditOf<PutOutcome>,
    raced = false,
  ): Promise<PutOutcome> {
    const { outcome, send } = await this.planPut(ref, value, authorUserId(by), raced);
    const { version, updatedAt } = outcome.secret;
    try {
      await this.journalled(ref, by, { kind: 'put', version, updatedAt }, audit(outcome), send);
    } catch (e) {
      // Another writer created it between our check and our create: write a new version instead.
      if (outcome.created && errorName(e) === 'ResourceExistsException' && !raced) {
        return this.put(ref, value, by, audit, true);
      }
      throw e;
    }
    return outcome;
  }

  /** The next version of a secret and the call that stores it (Update, or Create for a new one). */
  private async planPut(
    ref: SecretRef,
    value: string,
    userId: string | null,
    raced: boolean,
  ): Promise<{ outcome: PutOutcome; send: () => Promise<unknown> }> {
    const now = this.nowIso();
    const existing = await this.getMeta(ref);
    if (!existing && raced) {
      // Create said it exists, yet it has no metadata of ours: not a race but a foreign secret.
      throw new ApiError(409, `AWS secret ${this.awsName(ref)} exists but was not written by the emulator`);
    }
    if (existing) {
      const secret = { ...existing, version: existing.version + 1, updatedAt: now, updatedBy: userId };
      const command = new this.sdk.UpdateSecretCommand({
        SecretId: this.awsName(ref),
        SecretString: value,
        Description: describe(secret),
      });
      return { outcome: { secret, created: false }, send: () => this.client.send(command) };
    }
    const secret: StoredSecret = {
      ...ref,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: userId,
      rotation: null,
    };
    const command = new this.sdk.CreateSecretCommand({
      Name: this.awsName(ref),
      SecretString: value,
      Description: describe(secret),
    });
    return { outcome: { secret, created: true }, send: () => this.client.send(command) };
  }

  async delete(ref: SecretRef, by: ChangeAuthor, audit: AuditOf<StoredSecret>): Promise<StoredSecret | null> {
    const existing = await this.getMeta(ref);
    if (!existing) return null;
    // No recovery window: the API's delete is immediate, and the name must be reusable at once.
    const command = new this.sdk.DeleteSecretCommand({
      SecretId: this.awsName(ref),
      ForceDeleteWithoutRecovery: true,
    });
    const expect = { kind: 'delete', createdAt: existing.createdAt } as const;
    await this.journalled(ref, by, expect, audit(existing), () => this.client.send(command));
    return existing;
  }

  async setRotation(
    ref: SecretRef,
    rotation: RotationPolicy | null,
    by: ChangeAuthor,
    audit: AuditOf<StoredSecret>,
  ): Promise<StoredSecret | null> {
    const existing = await this.getMeta(ref);
    if (!existing) return null;
    const secret = { ...existing, rotation };
    const command = new this.sdk.UpdateSecretCommand({
      SecretId: this.awsName(ref),
      Description: describe(secret),
    });
    const expect = { kind: 'rotation', rotation } as const;
    await this.journalled(ref, by, expect, audit(secret), () => this.client.send(command));
    return secret;
  }

  async prepareResolution(orgId: string, environment: string | null, names: readonly string[]) {
    // Fetched before the run's transaction: SQLite's transaction cannot wait for the network.
    const resolution = await resolveValues(orgId, environment, names, async (ref) => {
      if (!(await this.getMeta(ref))) return undefined;
      const got = await this.client.send(new this.sdk.GetSecretValueCommand({ SecretId: this.awsName(ref) }));
      return got.SecretString;
    });
    return () => resolution;
  }

  async health(orgId: string): Promise<HealthReport> {
    const checks: Record<string, string> = {};
    try {
      await this.list(orgId, null);
      checks.list_secrets = 'ok';
    } catch (e) {
      checks.list_secrets = `error: ${(e as Error).message}`;
    }
    try {
      // Write a fresh marker into the probe secret (a scope no API call can name) and read it back.
      const probe = { ...PROBE, orgId };
      const marker = `probe:${randomBytes(16).toString('hex')}`;
      // Internal health data no endpoint can see: written without the journal or an event.
      await (await this.planPut(probe, marker, 'health', false)).send();
      const got = await this.client.send(
        new this.sdk.GetSecretValueCommand({ SecretId: this.awsName(probe) }),
      );
      checks.get_secret =
        got.SecretString === marker ? 'ok' : 'error: the probe secret read back differently';
    } catch (e) {
      checks.get_secret = `error: ${(e as Error).message}`;
    }
    return { backend: this.name, checks };
  }
}
