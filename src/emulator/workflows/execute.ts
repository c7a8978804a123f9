import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
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

/**
 * "Run" a workflow: no model is called; every node of the definition counts as executed, and the
 * run is stored as completed with the time this took.
 */
export function executeWorkflow(store: Store, workflow: WorkflowRow, input: unknown): Execution {
  const started = store.now();
  const t0 = performance.now();
  const nodesExecuted = nodeNames(parseJsonColumn<unknown>(workflow.definition, {}));
  const output = { nodes_executed: nodesExecuted };
  const durationMs = performance.now() - t0;
  const run = insertRun(store, {
    workflow_id: workflow.id,
    status: 'completed',
    started_at: started.toISOString(),
    completed_at: new Date(started.getTime() + durationMs).toISOString(),
    duration_seconds: Number((durationMs / 1000).toFixed(6)),
    input_data: JSON.stringify(input),
    output_data: JSON.stringify(output),
    error_message: null,
  });
  return { run, nodesExecuted, durationMs };
}
