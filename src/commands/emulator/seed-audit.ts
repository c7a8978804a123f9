import { randomBytes } from 'node:crypto';
import type { Context } from '../../lib/context.js';
import { note } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { CliError } from '../../lib/errors.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { resolveDataDir, withEmulatorData } from './data-dir.js';

export interface SeedAuditOptions {
  count: number;
  dataDir?: string | undefined;
  /** Seconds the events spread over, up to now. */
  span: number;
  /** One timestamp for every event instead. */
  at?: Date | undefined;
}

/** Rows per transaction: large enough to amortise the commit, short enough not to starve a running emulator. */
const BATCH = 20_000;

const TYPES = [
  ['workflow.execute', 60],
  ['secret.set', 8],
  ['api_key.created', 3],
  ['api_key.revoked', 2],
  ['auth.failed', 10],
  ['access.denied', 12],
  ['secret.deleted', 3],
  ['quota.exceeded', 2],
] as const;
const WORKFLOWS = ['production-pipeline', 'customer-support', 'staging/etl', 'nightly-report', null];
const USERS = ['user-123', 'user-456', 'user-789', 'user-ci', 'user-ops'];
const NODES = ['classifier', 'responder', 'retriever', 'summariser'];

/** A small deterministic PRNG (mulberry32): the same command seeds the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: readonly T[], r: number): T {
  return list[Math.floor(r * list.length)] as T;
}

function eventType(r: number): string {
  let x = r * 100;
  for (const [type, weight] of TYPES) {
    if (x < weight) return type;
    x -= weight;
  }
  return 'workflow.execute';
}

/**
 * `emulator seed-audit`: load a synthetic audit history straight into a data dir's database, in
 * batched transactions with one prepared statement, for benchmarks and the demo. It bypasses the
 * API on purpose (it is a fixture, not an action) and marks every event `metadata.seeded: true`.
 * Safe while an emulator runs on the same data dir: WAL mode, and each batch waits its turn.
 */
export async function runSeedAudit(opts: SeedAuditOptions, ctx: Context): Promise<void> {
  const spanSeconds = opts.span;
  const at = opts.at?.getTime() ?? null;
  const dataDir = resolveDataDir(opts.dataDir, ctx.env);
  const { openExistingStore } = await import('../../emulator/bootstrap.js');
  const { defaultOrganization } = await import('../../emulator/accounts.js');
  const store = await withEmulatorData(() => openExistingStore(dataDir, { busyTimeoutMs: 30_000 }), {
    flag: opts.dataDir,
    env: ctx.env,
  });
  const started = performance.now();
  try {
    const org = defaultOrganization(store);
    if (!org) throw new CliError('config', `no organization in ${shownPathBare(dataDir)}`);
    const insert = store.db.prepare(
      `INSERT INTO audit_events (id, org_id, timestamp, event_type, workflow_id, user_id, ip_address, action,
         status, duration_ms, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const end = ctx.clock().getTime();
    const step = (spanSeconds * 1000) / Math.max(1, opts.count);
    const random = prng(opts.count);
    for (let done = 0; done < opts.count; done += BATCH) {
      const n = Math.min(BATCH, opts.count - done);
      const ids = randomBytes(12 * n).toString('hex');
      store.transaction(() => {
        for (let k = 0; k < n; k++) {
          const i = done + k;
          const type = eventType(random());
          const denied = type === 'access.denied';
          const status = denied
            ? 'denied'
            : type === 'auth.failed' || random() < 0.05
              ? 'failure'
              : 'success';
          const workflow = type === 'workflow.execute' || denied ? pick(WORKFLOWS, random()) : null;
          const ms = at ?? Math.round(end - spanSeconds * 1000 + i * step);
          const metadata: Record<string, unknown> = { seeded: true };
          if (type === 'workflow.execute') {
            metadata.input_hash = ids.slice(k * 24, k * 24 + 16);
            metadata.nodes_executed = NODES.slice(0, 1 + Math.floor(random() * NODES.length));
          }
          insert.run(
            `evt_${ids.slice(k * 24, k * 24 + 24)}`,
            org.id,
            new Date(ms).toISOString(),
            type,
            workflow,
            pick(USERS, random()),
            `192.168.1.${1 + Math.floor(random() * 254)}`,
            type.split('.')[1] ?? type,
            status,
            type === 'workflow.execute' ? Math.round(50 + random() * 5000) : null,
            JSON.stringify(metadata),
          );
        }
      });
    }
  } finally {
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  note(
    ctx.io,
    `Seeded ${plural(opts.count, 'synthetic audit event')} into ${store.path} in ${seconds.toFixed(1)} s`,
  );
}
