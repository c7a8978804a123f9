import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputTooLarge, readFileAtMostSync } from '../../lib/bounded-read.js';
import { MASTER_KEY_FILE, writeDataFile } from '../files.js';

// AES-256-GCM for secret values at rest. The nonce is fresh per write (96 random bits: with one
// key, collisions stay negligible far beyond any emulator's write count), and the row's identity is
// bound as associated data, so a ciphertext copied to another row or version fails to decrypt.

/** The environment variable that supplies the master key (64 hex characters). */
export const MASTER_KEY_ENV = 'FIBONACCI_EMULATOR_MASTER_KEY';
export { MASTER_KEY_FILE } from '../files.js';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Where a master key came from, for the startup line and the docs. */
export interface MasterKey {
  key: Buffer;
  source: 'env' | 'file' | 'generated';
}

/** What a ciphertext is bound to: decrypting under any other identity fails. */
export interface SecretBinding {
  orgId: string;
  /** '' for the shared scope. */
  environment: string;
  name: string;
  version: number;
}

/** A sealed value: ciphertext followed by the 16-byte GCM tag, and its nonce. */
export interface Sealed {
  ciphertext: Buffer;
  nonce: Buffer;
}

/** A master-key problem the operator must fix (bad variable, unreadable, malformed or missing file). */
export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
  constructor(
    message: string,
    /** The hint line to print under the error, when there is one. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * The master key, when there is one: FIBONACCI_EMULATOR_MASTER_KEY when set, else
 * `<dataDir>/master-key`; undefined when neither exists. A malformed key is an error, never silently
 * replaced: replacing it would make every stored value undecryptable.
 */
export function readMasterKey(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): MasterKey | undefined {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!HEX_KEY.test(fromEnv.trim())) {
      throw new MasterKeyError(
        `${MASTER_KEY_ENV} must be 64 hexadecimal characters (256 bits); generate one with \`openssl rand -hex 32\``,
      );
    }
    return { key: Buffer.from(fromEnv.trim(), 'hex'), source: 'env' };
  }
  const path = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    // 64 hex characters and a newline; reading stops soon after, whatever the file is.
    text = readFileAtMostSync(path, { limit: 4096, what: path }).toString('utf8').trim();
  } catch (e) {
    if (!(e instanceof InputTooLarge)) throw e;
    text = '';
  }
  if (!HEX_KEY.test(text)) {
    throw new MasterKeyError(
      `${path} does not hold a 64-hex-character master key; restore it from a backup (stored secrets need it) or use another data dir`,
    );
  }
  return { key: Buffer.from(text, 'hex'), source: 'file' };
}

/** A new master key (256 random bits), written to `<dataDir>/master-key` with mode 0600. */
export function generateMasterKey(dataDir: string): MasterKey {
  const key = randomBytes(32);
  writeDataFile(join(dataDir, MASTER_KEY_FILE), `${key.toString('hex')}\n`);
  return { key, source: 'generated' };
}

/**
 * The master key, generating one on a data dir that has none. Only for a data dir known to hold no
 * ciphertexts: the db backend checks that first (db-backend.ts, masterKeyFor).
 */
export function loadMasterKey(dataDir: string, env: Readonly<Record<string, string | undefined>>): MasterKey {
  return readMasterKey(dataDir, env) ?? generateMasterKey(dataDir);
}

/**
 * The master key a data dir's secrets need. Without ciphertexts (`holdsSecrets` false) any key will
 * do, and a missing one is generated. With them, the key must exist and `decryptsSome` must accept
 * it; otherwise MasterKeyError (the start is refused), since a new or wrong key would serve a store
 * whose every value is unreadable.
 */
export function checkedMasterKey(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
  dbPath: string,
  decryptsSome: (key: Buffer) => boolean,
  holdsSecrets: boolean,
): Buffer {
  const found = readMasterKey(dataDir, env);
  if (!holdsSecrets) return (found ?? generateMasterKey(dataDir)).key;
  const file = join(dataDir, MASTER_KEY_FILE);
  const elsewhere = `set ${MASTER_KEY_ENV} to the key they were stored with, or start on a new --data-dir`;
  const hint =
    'the emulator refused to start: with another master key every stored secret would be unreadable';
  if (!found) {
    throw new MasterKeyError(
      `the master key file ${file} is missing, but ${dbPath} holds encrypted secrets; restore that file from a backup, ${elsewhere}`,
      hint,
    );
  }
  if (!decryptsSome(found.key)) {
    const which = found.source === 'env' ? MASTER_KEY_ENV : `the master key in ${file}`;
    let restore = 'restore that file from a backup, ';
    if (found.source === 'env') restore = existsSync(file) ? `unset it to use ${file}, ` : '';
    throw new MasterKeyError(
      `${which} does not decrypt the secrets stored in ${dbPath}; ${restore}${elsewhere}`,
      hint,
    );
  }
  return found.key;
}

/** The associated data: a versioned, unambiguous encoding of the row's identity. */
function associatedData(b: SecretBinding): Buffer {
  return Buffer.from(JSON.stringify(['fibonacci-secret-v1', b.orgId, b.environment, b.name, b.version]));
}

/** Encrypt a value for one row and version. */
export function seal(key: Buffer, value: string, binding: SecretBinding): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(binding));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { ciphertext: Buffer.concat([body, cipher.getAuthTag()]), nonce };
}

/** Decrypt and authenticate; throws SecretIntegrityError when the data, nonce, binding or key differ. */
export function open(key: Buffer, sealed: Sealed, binding: SecretBinding): string {
  try {
    if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length < TAG_BYTES) throw new Error('short');
    const decipher = createDecipheriv(ALGORITHM, key, sealed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(binding));
    decipher.setAuthTag(sealed.ciphertext.subarray(-TAG_BYTES));
    const body = sealed.ciphertext.subarray(0, -TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretIntegrityError(binding);
  }
}

/** A stored value failed authentication: altered, moved to another row, or a different master key. */
export class SecretIntegrityError extends Error {
  override name = 'SecretIntegrityError';
  constructor(readonly binding: SecretBinding) {
    super(
      `the stored value of ${binding.name} (${binding.environment || 'shared'}, version ${binding.version}) failed authentication: it was altered or moved, or the master key changed`,
    );
  }
}
