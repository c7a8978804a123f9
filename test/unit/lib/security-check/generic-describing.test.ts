// Keys that describe a credential rather than hold it, and values that are an address of a secret
// or public data: no finding, while the same values under a key that holds one still are.
import { describe, expect, it } from 'vitest';
import { holdsCredential } from '../../../../src/lib/security-check/credential-names.js';
import { secretValue } from '../../../../src/lib/security-check/generic-rule.js';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const HEX40 = '8c3f1d2e9b7a6054c1d3e5f7a9b2c4d6e8f0a1b3';
const B64 = 'nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
const ARN_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
const ARN_KMS = 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1b40a06ee62c477f8b83d8d40a3e9afd';
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const found = (key: string, value: string) => findCredentials(`${key}: "${value}"\n`).map((m) => m.rule.id);

describe('keys that describe a credential', () => {
  it.each([
    ['SecretArn', ARN_SECRET],
    ['KmsKeyArn', ARN_KMS],
    ['host_key_fingerprint', `SHA256:${B64}`],
    ['password_pattern', '^(?=.*[A-Z])(?=.*\\\\d)[A-Za-z\\\\d]{12,}$'],
    ['password_regex', '^[A-Za-z0-9!@#$%^&*]{16,64}$'],
    ['password_policy', 'min16-upper1-digit2-symbol1-Xk9'],
    ['app_key_icon', ICON],
    ['token_hash', HEX40],
    ['password_sha1', HEX40],
    ['api_key_digest', HEX40],
    ['public_key_pem_b64', `MCowBQYDK2VwAyEA${B64}`],
    ['npm_integrity_key', `sha512-${B64}${B64}`],
    ['cache_key', `node-modules-${HEX40}`],
    ['password_label', 'Введитепароль'],
  ])('%s: no finding', (key, value) => {
    expect(holdsCredential(key)).toBe(false);
    expect(found(key, value)).toEqual([]);
  });

  it('the same values under a key that holds a credential are found', () => {
    expect(found('client_secret', HEX40)).toEqual(['generic-credential-entropy']);
    expect(found('SecretAccessKey', B64)).toEqual(['generic-credential-entropy']);
    expect(found('db_password', 'Введитепар0льXk')).toEqual(['generic-credential-entropy']);
    for (const key of ['hash_key', 'master_key', 'SigningKey', 'api_key', 'private_key_b64'])
      expect(holdsCredential(key)).toBe(true);
  });
});

describe('values shaped as an address or public data', () => {
  it.each([ARN_SECRET, ARN_KMS, ICON, `SHA256:${B64}`])('%s under a credential key: no finding', (value) => {
    expect(secretValue(value)).toBe(false);
    expect(found('api_key', value)).toEqual([]);
  });

  it('a value that only starts like one is judged as any other', () => {
    expect(secretValue(`arn:${B64}`)).toBe(true);
    expect(secretValue(`SHA256:${B64}x9`)).toBe(true);
  });
});
