// Secrets stored in an environment named `shared` before that became the shared scope's reserved
// name (H14c-3): a data dir of an older build holding such rows, migrated at the next start. The
// legacy environment becomes `shared-legacy` with every value kept, the start says so once, and from
// then on it is an environment like any other (listed, run in, set, deleted), never confused with
// the shared scope. The built CLI against the real emulator; the rows are written into the data dir
// with the emulator's own sealing, as the older build stored them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMasterKey, seal } from '../../../src/emulator/secrets/crypto.js';
import { apiRequest } from '../../helpers/api-request.js';
import { openDataDb } from '../../helpers/db-state.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let orgId: string;

/** Bring the data dir back to schema 5 (before migration 6) and store the legacy rows there. */
function writeLegacyRows(dataDir: string): void {
  const { key } = loadMasterKey(dataDir, {});
  const db = openDataDb(dataDir);
  try {
    const columns = db.prepare('PRAGMA table_info(secrets)').all() as Array<{ name: string }>;
    if (columns.some((c) => c.name === 'sealed_environment'))
      db.exec('ALTER TABLE secrets DROP COLUMN sealed_environment');
    db.exec('DROP TABLE IF EXISTS environment_renames');
    db.pragma('user_version = 5');
    orgId = (db.prepare('SELECT id FROM organizations').pluck().get() as string) ?? '';
    const now = '2026-01-01T00:00:00.000Z';
    for (const [name, value] of [
      ['API_TOKEN', 'legacy-token'],
      ['LEGACY_ONLY', 'legacy-only'],
    ] as const) {
      const sealed = seal(key, value, { orgId, environment: 'shared', name, version: 1 });
      db.prepare(
        `INSERT INTO secrets (org_id, environment, name, version, ciphertext, nonce, created_at, updated_at)
         VALUES (?, 'shared', ?, 1, ?, ?, ?, ?)`,
      ).run(orgId, name, sealed.ciphertext, sealed.nonce, now, now);
    }
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const dir = tempDir('fib-legacy-shared-');
  const def = (ref: string) => {
    const file = join(dir, `${ref}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name: 'w',
        version: 1,
        nodes: [{ id: 'a', type: 'llm', prompt: `{{secrets.${ref}}}` }],
        edges: [],
      }),
    );
    return file;
  };
  for (const args of [
    ['secret', 'set', 'API_TOKEN', '--value', 'shared-value'],
    ['workflow', 'create', 'uses-legacy', '--file', def('LEGACY_ONLY')],
  ]) {
    const r = await runCli(args, { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
  }
  await emu.stop();
  writeLegacyRows(emu.dataDir);
  emu = await emu.restart();
}, 120_000);

afterAll(stopAllEmulators);

interface Listed {
  name: string;
  environment: string | null;
}

describe('an environment named shared from an older build', () => {
  it('is renamed shared-legacy at the next start, said once on stderr, every value kept', async () => {
    expect(emu.stderr()).toContain(
      `environment shared of ${orgId} (2 secrets) is now shared-legacy: shared is the shared scope's name; every value was kept (use --env shared-legacy)`,
    );
    expect(storedSecrets(emu.dataDir, { name: 'API_TOKEN' }).map((s) => [s.environment, s.value])).toEqual([
      ['', 'shared-value'],
      ['shared-legacy', 'legacy-token'],
    ]);
    const list = await runCli(['secret', 'list', '--all', '--json'], { env: emu.env });
    expect(list.code, list.stderr).toBe(0);
    const listed = (JSON.parse(list.stdout) as Listed[]).map((s) => `${s.environment} ${s.name}`).sort();
    expect(listed).toEqual(['null API_TOKEN', 'shared-legacy API_TOKEN', 'shared-legacy LEGACY_ONLY']);
    const envs = await apiRequest(emu, 'GET', '/api/v1/environments', { key: emu.ownerKey });
    expect(envs.body).toEqual({
      environments: [
        { name: 'shared-legacy', secrets: 2 },
        { name: null, secrets: 1 },
      ],
    });
  });

  it('resolves in a run with --env shared-legacy, and never in the shared scope', async () => {
    const run = await runCli(['workflow', 'run', 'uses-legacy', '--env', 'shared-legacy', '--json'], {
      env: emu.env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed', environment: 'shared-legacy' });
    expect(run.stdout).not.toContain('legacy-only');
    const shared = await runCli(['workflow', 'run', 'uses-legacy', '--json'], { env: emu.env });
    expect(shared.code).not.toBe(0);
    expect(shared.stderr).toContain('secret LEGACY_ONLY is not set in the shared scope');
  });

  it('is set (re-sealed in its new name) and deleted like any environment; the next start is quiet', async () => {
    const set = await runCli(['secret', 'set', 'LEGACY_ONLY', '--env', 'shared-legacy', '--value', 'v2'], {
      env: emu.env,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(storedSecrets(emu.dataDir, { name: 'LEGACY_ONLY' })).toMatchObject([
      { environment: 'shared-legacy', version: 2, value: 'v2' },
    ]);
    const del = await runCli(['secret', 'delete', 'API_TOKEN', '--env', 'shared-legacy', '--yes'], {
      env: emu.env,
    });
    expect(del.code, del.stderr).toBe(0);
    expect(storedSecrets(emu.dataDir, { name: 'API_TOKEN' }).map((s) => s.environment)).toEqual(['']);
    emu = await emu.restart();
    expect(emu.stderr()).not.toContain('is now shared-legacy');
    const run = await runCli(['workflow', 'run', 'uses-legacy', '--env', 'shared-legacy'], { env: emu.env });
    expect(run.code, run.stderr).toBe(0);
  });
});
