import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { plural } from '../../lib/display/plural.js';
import { substitute } from '../../lib/secret-refs.js';
import type { SecretResolution } from '../secrets/backend.js';
import { parseJsonColumn, type Store } from '../store.js';
import { insertRun, type RunRow, type WorkflowRow } from './store.js';

/**
 * JSON with object keys sorted at every level, so equal inputs hash equally whatever the key order
 * (RFC 8785's ordering; numbers and strings as JSON.stringify writes them).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 hex of the canonical JSON of an input: what audit events record instead of the input. */
export function inputHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input), 'utf8').digest('hex');
}

/** The node names of a definition (`{"nodes": [{"name": "classifier"}, …]}`), in order. */
export function nodeNames(definition: unknown): string[] {
  const nodes = (definition as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((n) => {
    const node = n as { name?: unknown; id?: unknown } | null;
    if (typeof node?.name === 'string') return [node.name];
    return typeof node?.id === 'string' ? [node.id] : [];
  });
}

/** The outcome of an emulated execution. */
export interface Execution {
  run: RunRow;
  nodesExecuted: string[];
  durationMs: number;
}

/** What a run is given: its input, its environment (null: shared only) and its secrets, resolved. */
export interface RunRequest {
  input: unknown;
  environment: string | null;
  secrets: SecretResolution;
}

/** Missing secrets a run's error names one by one; the rest are counted in one line. */
export const MAX_MISSING_LISTED = 50;

/**
 * Why a run could not start: the names only, never a value (docs/api.md's wording), one line per
 * missing secret, as a 422 lists one violation per item; at most MAX_MISSING_LISTED of them. A
 * definition may reference tens of thousands (a 1 MiB one), and each run stores its error twice
 * (the run and its event): unbounded, every run of it wrote megabytes.
 */
export function missingSecretsMessage(missing: readonly string[], environment: string | null): string {
  const where = environment ?? 'the shared scope';
  const lines = missing.slice(0, MAX_MISSING_LISTED).map((name) => `secret ${name} is not set in ${where}`);
  const more = missing.length - lines.length;
  if (more > 0) lines.push(`and ${plural(more, 'more secret')} it references not set in ${where}`);
  return lines.join('\n');
}

/**
 * "Run" a workflow: no model is called. With every referenced secret resolved, the definition is
 * rendered with their values in memory only (what a real run would hand its nodes), each node
 * counts as executed and the run is stored as completed; with one missing, the run is stored as
 * failed, naming it. Node names come from the stored definition, never the rendered one, so no
 * value reaches the run, its output or its event.
 */
export function executeWorkflow(store: Store, workflow: WorkflowRow, req: RunRequest): Execution {
  const started = store.now();
  const t0 = performance.now();
  const definition = parseJsonColumn<unknown>(workflow.definition, {});
  const failed = req.secrets.missing.length > 0;
  let nodesExecuted: string[] = [];
  if (!failed) {
    substitute(definition, req.secrets.values); // handed to no model: the emulator runs nothing
    nodesExecuted = nodeNames(definition);
  }
  const durationMs = performance.now() - t0;
  const run = insertRun(store, {
    workflow_id: workflow.id,
    status: failed ? 'failed' : 'completed',
    environment: req.environment,
    started_at: started.toISOString(),
    completed_at: new Date(started.getTime() + durationMs).toISOString(),
    duration_seconds: Number((durationMs / 1000).toFixed(6)),
    input_data: JSON.stringify(req.input),
    output_data: failed ? null : JSON.stringify({ nodes_executed: nodesExecuted }),
    error_message: failed ? missingSecretsMessage(req.secrets.missing, req.environment) : null,
  });
  return { run, nodesExecuted, durationMs };
}
