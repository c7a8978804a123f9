// The master key (env, generated file, malformed input), AES-256-GCM sealing with the row bound as
// associated data, and the backend factory's startup errors.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretsBackend } from '../../../src/emulator/secrets/backend.js';
import {
  loadMasterKey,
  MasterKeyError,
  open,
  SecretIntegrityError,
  seal,
} from '../../../src/emulator/secrets/crypto.js';
import { StartupRefusedError } from '../../../src/emulator/settings.js';
import { openStore } from '../../../src/emulator/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

const HEX = 'ab'.repeat(32);
const binding = { orgId: 'org-1', environment: 'production', name: 'API_KEY', version: 3 };

describe('loadMasterKey', () => {
  it('generates 256 bits into a 0600 file on first use and reads the same key after', () => {
    const dir = tempDir();
    const first = loadMasterKey(dir, {});
    expect(first.source).toBe('generated');
    expect(first.key).toHaveLength(32);
    const path = join(dir, 'master-key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const again = loadMasterKey(dir, {});
    expect([again.source, again.key.equals(first.key)]).toEqual(['file', true]);
  });

  it('takes FIBONACCI_EMULATOR_MASTER_KEY when set, writing no file', () => {
    const dir = tempDir();
    const k = loadMasterKey(dir, { FIBONACCI_EMULATOR_MASTER_KEY: HEX });
    expect([k.source, k.key.toString('hex')]).toEqual(['env', HEX]);
    expect(existsSync(join(dir, 'master-key'))).toBe(false);
  });

  it('refuses a malformed key in the variable or the file, never replacing it', () => {
    const dir = tempDir();
    expect(() => loadMasterKey(dir, { FIBONACCI_EMULATOR_MASTER_KEY: 'abc' })).toThrow(
      new MasterKeyError(
        'FIBONACCI_EMULATOR_MASTER_KEY must be 64 hexadecimal characters (256 bits); generate one with `openssl rand -hex 32`',
      ),
    );
    writeFileSync(join(dir, 'master-key'), 'not-a-key\n');
    expect(() => loadMasterKey(dir, {})).toThrow(/does not hold a 64-hex-character master key/);
    expect(readFileSync(join(dir, 'master-key'), 'utf8')).toBe('not-a-key\n');
  });
});

describe('seal / open', () => {
  const key = Buffer.from(HEX, 'hex');

  it('round-trips any UTF-8 with a fresh 12-byte nonce each time', () => {
    const value = '𝄞 -----BEGIN KEY-----\r\nü\n';
    const a = seal(key, value, binding);
    const b = seal(key, value, binding);
    expect(a.nonce).toHaveLength(12);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext).toHaveLength(Buffer.byteLength(value) + 16);
    expect(open(key, a, binding)).toBe(value);
  });

  it('fails for any other organization, environment, name, version, key, or a flipped byte', () => {
    const sealed = seal(key, 'v', binding);
    const variants = [
      { ...binding, orgId: 'org-2' },
      { ...binding, environment: '' },
      { ...binding, name: 'API_KEY2' },
      { ...binding, version: 4 },
    ];
    for (const other of variants) expect(() => open(key, sealed, other)).toThrow(SecretIntegrityError);
    expect(() => open(Buffer.alloc(32), sealed, binding)).toThrow(SecretIntegrityError);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 0x80;
    expect(() => open(key, { ...sealed, ciphertext: flipped }, binding)).toThrow(
      'the stored value of API_KEY (production, version 3) failed authentication: it was altered or moved, or the master key changed',
    );
  });
});

describe('createSecretsBackend', () => {
  it('builds db by default and refuses an unknown backend or a bad master key, naming the variable', async () => {
    const dir = tempDir();
    const store = openStore(join(dir, 'emulator.db'));
    try {
      expect((await createSecretsBackend({ store, dataDir: dir, env: {} })).name).toBe('db');
      const unknown = createSecretsBackend({ backend: 'vault', store, dataDir: dir, env: {} });
      await expect(unknown).rejects.toThrow(StartupRefusedError);
      await expect(unknown).rejects.toThrow(
        'SECRETS_BACKEND must be db or aws_secrets_manager, not "vault"; unset it to use db',
      );
      const badKey = createSecretsBackend({
        store,
        dataDir: dir,
        env: { FIBONACCI_EMULATOR_MASTER_KEY: 'x' },
      });
      await expect(badKey).rejects.toMatchObject({
        findings: [{ severity: 'fatal', variable: 'FIBONACCI_EMULATOR_MASTER_KEY' }],
      });
    } finally {
      store.close();
    }
  });
});
