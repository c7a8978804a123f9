import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors.js';
import type { Finding } from '../settings.js';
import {
  type HealthReport,
  type RotationPolicy,
  type SecretRef,
  type SecretsBackend,
  SecretsBackendConfigError,
  type SecretsBackendSettings,
  type StoredSecret,
} from './backend.js';

// The `aws_secrets_manager` backend. Each secret is one AWS secret named
// `{AWS_SECRETS_PREFIX}{org_id}/{environment or _shared}/{NAME}` whose SecretString is the plaintext
// value (AWS encrypts it at rest with KMS). Our metadata (version, times, updated_by, rotation) rides
// in the secret's Description as JSON, so a list is one ListSecrets call and never reads a value.
// Calls: CreateSecret, UpdateSecret, DescribeSecret, ListSecrets, GetSecretValue, DeleteSecret.

/** The optional package this backend needs. */
export const AWS_SDK_PACKAGE = '@aws-sdk/client-secrets-manager';
type Sdk = typeof import('@aws-sdk/client-secrets-manager');
type Client = import('@aws-sdk/client-secrets-manager').SecretsManagerClient;

/** Load the AWS SDK, or undefined when it is not installed (it is an optional dependency). */
export async function loadSdk(
  importer: () => Promise<Sdk> = () => import('@aws-sdk/client-secrets-manager'),
): Promise<Sdk | undefined> {
  try {
    return await importer();
  } catch {
    return undefined;
  }
}

const MISSING_SDK = `SECRETS_BACKEND=aws_secrets_manager needs the package ${AWS_SDK_PACKAGE}, which is not installed; run \`npm install ${AWS_SDK_PACKAGE}\` or set SECRETS_BACKEND=db`;

/** A fatal finding when SECRETS_BACKEND=aws_secrets_manager but the SDK is missing; else undefined. */
export async function sdkFinding(importer?: () => Promise<Sdk>): Promise<Finding | undefined> {
  if (await loadSdk(importer)) return undefined;
  return { severity: 'fatal', variable: 'SECRETS_BACKEND', message: MISSING_SDK };
}

/** Metadata kept in the AWS secret's Description. */
interface Meta {
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  rotation: { interval_days: number; notify_before_days: number } | null;
}

const SHARED = '_shared';
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
  const region = env.AWS_REGION;
  if (!region)
    throw new SecretsBackendConfigError('SECRETS_BACKEND=aws_secrets_manager needs AWS_REGION; set it');
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  const client = new sdk.SecretsManagerClient({ region, endpoint, credentials, maxAttempts: 2 });
  return new AwsSecretsBackend(sdk, client, env.AWS_SECRETS_PREFIX ?? '', () => settings.store.nowIso());
}

function errorName(e: unknown): string {
  return (e as { name?: string }).name ?? '';
}

class AwsSecretsBackend implements SecretsBackend {
  readonly name = 'aws_secrets_manager';
  constructor(
    private readonly sdk: Sdk,
    private readonly client: Client,
    private readonly prefix: string,
    private readonly nowIso: () => string,
  ) {}

  private scope(orgId: string, environment: string | null): string {
    return `${this.prefix}${orgId}/${environment ?? SHARED}/`;
  }

  private awsName(ref: SecretRef): string {
    return `${this.scope(ref.orgId, ref.environment)}${ref.name}`;
  }

  private toStored(ref: SecretRef, description: string | undefined): StoredSecret | null {
    let m: Meta;
    try {
      m = JSON.parse(description ?? '') as Meta;
    } catch {
      return null; // not written by us: invisible to the API
    }
    if (typeof m?.version !== 'number') return null;
    const rotation: RotationPolicy | null = m.rotation
      ? { intervalDays: m.rotation.interval_days, notifyBeforeDays: m.rotation.notify_before_days }
      : null;
    return {
      ...ref,
      version: m.version,
      createdAt: m.created_at,
      updatedAt: m.updated_at,
      updatedBy: m.updated_by,
      rotation,
    };
  }

  private meta(s: StoredSecret): Meta {
    const r = s.rotation;
    return {
      version: s.version,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      updated_by: s.updatedBy,
      rotation: r ? { interval_days: r.intervalDays, notify_before_days: r.notifyBeforeDays } : null,
    };
  }

  async list(orgId: string, environment: string | null): Promise<StoredSecret[]> {
    const scope = this.scope(orgId, environment);
    const out: StoredSecret[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new this.sdk.ListSecretsCommand({
          Filters: [{ Key: 'name', Values: [scope] }],
          MaxResults: 100,
          NextToken,
        }),
      );
      for (const s of page.SecretList ?? []) {
        // AWS's name filter is a case-insensitive prefix match: keep exact, direct children only.
        const rest = s.Name?.startsWith(scope) ? s.Name.slice(scope.length) : undefined;
        if (!rest || rest.includes('/')) continue;
        const stored = this.toStored({ orgId, environment, name: rest }, s.Description);
        if (stored) out.push(stored);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async getMeta(ref: SecretRef): Promise<StoredSecret | null> {
    try {
      const d = await this.client.send(new this.sdk.DescribeSecretCommand({ SecretId: this.awsName(ref) }));
      return d.DeletedDate ? null : this.toStored(ref, d.Description);
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return null;
      throw e;
    }
  }

  async put(
    ref: SecretRef,
    value: string,
    userId: string,
    raced = false,
  ): Promise<{ secret: StoredSecret; created: boolean }> {
    const now = this.nowIso();
    const existing = await this.getMeta(ref);
    if (!existing && raced) {
      // Create said it exists, yet it has no metadata of ours: not a race but a foreign secret.
      throw new ApiError(409, `AWS secret ${this.awsName(ref)} exists but was not written by the emulator`);
    }
    if (existing) {
      const secret = { ...existing, version: existing.version + 1, updatedAt: now, updatedBy: userId };
      await this.client.send(
        new this.sdk.UpdateSecretCommand({
          SecretId: this.awsName(ref),
          SecretString: value,
          Description: JSON.stringify(this.meta(secret)),
        }),
      );
      return { secret, created: false };
    }
    const secret: StoredSecret = {
      ...ref,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: userId,
      rotation: null,
    };
    try {
      await this.client.send(
        new this.sdk.CreateSecretCommand({
          Name: this.awsName(ref),
          SecretString: value,
          Description: JSON.stringify(this.meta(secret)),
        }),
      );
    } catch (e) {
      // Another writer created it between our check and our create: write a new version instead.
      if (errorName(e) === 'ResourceExistsException' && !raced) return this.put(ref, value, userId, true);
      throw e;
    }
    return { secret, created: true };
  }

  async delete(ref: SecretRef): Promise<StoredSecret | null> {
    const existing = await this.getMeta(ref);
    if (!existing) return null;
    // No recovery window: the API's delete is immediate, and the name must be reusable at once.
    await this.client.send(
      new this.sdk.DeleteSecretCommand({ SecretId: this.awsName(ref), ForceDeleteWithoutRecovery: true }),
    );
    return existing;
  }

  async setRotation(ref: SecretRef, rotation: RotationPolicy | null): Promise<StoredSecret | null> {
    const existing = await this.getMeta(ref);
    if (!existing) return null;
    const secret = { ...existing, rotation };
    await this.client.send(
      new this.sdk.UpdateSecretCommand({
        SecretId: this.awsName(ref),
        Description: JSON.stringify(this.meta(secret)),
      }),
    );
    return secret;
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
      await this.put(probe, marker, 'health');
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
