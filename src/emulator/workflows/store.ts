import type { Run, Workflow } from '../../lib/api/workflows.js';
import { randomId } from '../ids.js';
import { parseJsonColumn, type Store } from '../store.js';

// Data access for workflows and their runs (tables of migration 1).

const ID_BYTES = 12;

/**
 * The exact shape of a workflow id (lib/validate.ts, shared with the CLI's --workflow). A path
 * parameter with this shape is looked up as an id and anything else as a name, so a name may not
 * take this shape (the create route refuses it).
 */
export { WORKFLOW_ID } from '../../lib/validate.js';
/** The exact shape of a run id. */
export const RUN_ID = new RegExp(`^run_[0-9a-f]{${ID_BYTES * 2}}$`);

/** A workflows row as stored. */
export interface WorkflowRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  definition: string;
  is_active: 0 | 1;
  created_at: string;
}

/**
 * A runs row as stored: the API's Run, but with input and output still JSON text. runView is the
 * one way from a row to the API's shape.
 */
export type RunRow = Omit<Run, 'input_data' | 'output_data' | 'environment'> & {
  /** The environment its secrets resolved in; null for the shared scope (and runs from before). */
  environment: string | null;
  input_data: string | null;
  output_data: string | null;
};

/** A workflow as the API shows it (lib/api/workflows.ts defines the shape). */
export function workflowView(row: WorkflowRow): Workflow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    is_active: row.is_active === 1,
    created_at: row.created_at,
  };
}

/** A run as the API shows it. */
export function runView(row: RunRow): Run {
  return {
    id: row.id,
    workflow_id: row.workflow_id,
    status: row.status,
    environment: row.environment,
    started_at: row.started_at,
    completed_at: row.completed_at,
    duration_seconds: row.duration_seconds,
    input_data: parseJsonColumn<unknown>(row.input_data, null),
    output_data: parseJsonColumn<unknown>(row.output_data, null),
    error_message: row.error_message,
  };
}

/** Insert a workflow; null when the organization already has one of that name. */
export function insertWorkflow(
  store: Store,
  input: { orgId: string; name: string; description: string; definition: unknown },
): WorkflowRow | null {
  const row: WorkflowRow = {
    id: randomId('wf_', ID_BYTES),
    org_id: input.orgId,
    name: input.name,
    description: input.description,
    definition: JSON.stringify(input.definition ?? {}),
    is_active: 1,
    created_at: store.nowIso(),
  };
  const info = store.db
    .prepare(
      `INSERT OR IGNORE INTO workflows (id, org_id, name, description, definition, is_active, created_at)
       VALUES (@id, @org_id, @name, @description, @definition, @is_active, @created_at)`,
    )
    .run(row);
  return info.changes > 0 ? row : null;
}

/** Every workflow of an organization, by name. */
export function listWorkflows(store: Store, orgId: string): WorkflowRow[] {
  return store.prepare('SELECT * FROM workflows WHERE org_id = ? ORDER BY name').all(orgId) as WorkflowRow[];
}

/** A workflow of the organization by its exact id. */
export function findWorkflowById(store: Store, orgId: string, id: string): WorkflowRow | undefined {
  return store.prepare('SELECT * FROM workflows WHERE org_id = ? AND id = ?').get(orgId, id) as
    | WorkflowRow
    | undefined;
}

/** A workflow of the organization by its exact (canonical) name: no normalising, no case folding. */
export function findWorkflowByName(store: Store, orgId: string, name: string): WorkflowRow | undefined {
  return store.prepare('SELECT * FROM workflows WHERE org_id = ? AND name = ?').get(orgId, name) as
    | WorkflowRow
    | undefined;
}

/** Insert a finished run. */
export function insertRun(store: Store, row: Omit<RunRow, 'id'>): RunRow {
  const run: RunRow = { id: randomId('run_', ID_BYTES), ...row };
  store
    .prepare(
      `INSERT INTO runs (id, workflow_id, status, environment, started_at, completed_at, duration_seconds,
         input_data, output_data, error_message)
       VALUES (@id, @workflow_id, @status, @environment, @started_at, @completed_at, @duration_seconds,
         @input_data, @output_data, @error_message)`,
    )
    .run(run);
  return run;
}

/** A run with its workflow's name, when the run belongs to the organization. */
export function findRun(
  store: Store,
  orgId: string,
  id: string,
): (RunRow & { workflow_name: string }) | undefined {
  return store
    .prepare(
      `SELECT runs.*, workflows.name AS workflow_name FROM runs JOIN workflows ON workflows.id = runs.workflow_id
       WHERE runs.id = ? AND workflows.org_id = ?`,
    )
    .get(id, orgId) as (RunRow & { workflow_name: string }) | undefined;
}
