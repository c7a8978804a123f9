import type { Finding } from '../settings.js';
import { SecretsBackendConfigError } from './backend.js';

// The AWS SDK, an optional dependency loaded only by the aws_secrets_manager backend (aws.ts), and
// the client built from the backend's variables.

/** The optional package this backend needs. */
export const AWS_SDK_PACKAGE = '@aws-sdk/client-secrets-manager';
export type Sdk = typeof import('@aws-sdk/client-secrets-manager');
export type Client = import('@aws-sdk/client-secrets-manager').SecretsManagerClient;

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

export const MISSING_SDK = `SECRETS_BACKEND=aws_secrets_manager needs the package ${AWS_SDK_PACKAGE}, which is not installed; run \`npm install ${AWS_SDK_PACKAGE}\` or set SECRETS_BACKEND=db`;

/** A fatal finding when SECRETS_BACKEND=aws_secrets_manager but the SDK is missing; else undefined. */
export async function sdkFinding(importer?: () => Promise<Sdk>): Promise<Finding | undefined> {
  if (await loadSdk(importer)) return undefined;
  return { severity: 'fatal', variable: 'SECRETS_BACKEND', message: MISSING_SDK };
}

/**
 * The client for AWS_REGION, AWS_ENDPOINT_URL_SECRETS_MANAGER (or AWS_ENDPOINT_URL) and
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN; without explicit keys the SDK's own
 * credential chain applies.
 */
export function clientFrom(sdk: Sdk, env: Readonly<Record<string, string | undefined>>): Client {
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
  return new sdk.SecretsManagerClient({ region, endpoint, credentials, maxAttempts: 2 });
}
