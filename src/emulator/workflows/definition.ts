import { createHash } from 'node:crypto';
import type { WorkflowDefinition } from '../../lib/api/workflows.js';
import {
  type InputValidator,
  type InputViolation,
  loadInputCompiler,
  loadSchemaChecker,
} from '../../lib/input-schema.js';
import { MAX_ITEMS, type ValidationItem } from '../validation.js';
import type { WorkflowRow } from './store.js';

// What a definition's shape (lib/api/workflows.ts, checked by the route's schema) cannot say, and
// the input check at execute. Definitions are judged at create only: rows stored before this check
// existed still run (docs/emulator.md).

const at = (...loc: (string | number)[]) => ['body', 'definition', ...loc];

/**
 * Every problem of a definition whose shape is right: duplicate node ids, edges naming no node, an
 * input_schema that is no valid draft 2020-12 schema. Each with its loc, at most MAX_ITEMS.
 */
export async function definitionProblems(def: WorkflowDefinition): Promise<ValidationItem[]> {
  const problems: ValidationItem[] = [];
  const firstAt = new Map<string, number>();
  def.nodes.forEach((node, i) => {
    const first = firstAt.get(node.id);
    if (first === undefined) firstAt.set(node.id, i);
    else
      problems.push({
        loc: at('nodes', i, 'id'),
        msg: `duplicate node id ${JSON.stringify(node.id)} (nodes.${first} has it)`,
        type: 'value_error',
      });
  });
  def.edges.forEach((edge, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!firstAt.has(edge[end]))
        problems.push({
          loc: at('edges', i, end),
          msg: `names no node: ${JSON.stringify(edge[end])}`,
          type: 'value_error',
        });
    }
  });
  if (def.input_schema !== undefined) {
    const problem = (await loadSchemaChecker())(def.input_schema);
    if (problem)
      problems.push({ loc: at('input_schema', ...problem.loc), msg: problem.message, type: 'value_error' });
  }
  return problems.slice(0, MAX_ITEMS);
}

/** Compiled input validators, by workflow id and definition hash: a schema is compiled once. */
const validators = new Map<string, InputValidator | null>();
const MAX_VALIDATORS = 256;

/** The stored definition's input_schema, when it has one. */
function inputSchemaOf(definition: unknown): unknown {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return undefined;
  return (definition as { input_schema?: unknown }).input_schema;
}

/**
 * How `input` fails the workflow's input_schema (none without a schema). A stored schema that no
 * longer compiles (a row from before create checked it) refuses every input rather than none.
 */
export async function inputViolations(
  workflow: WorkflowRow,
  definition: unknown,
  input: unknown,
): Promise<InputViolation[]> {
  const key = `${workflow.id}:${createHash('sha256').update(workflow.definition).digest('hex')}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const schema = inputSchemaOf(definition);
    validate = schema === undefined ? null : await compileOrRefuse(schema);
    // Oldest first out: a map keeps insertion order.
    if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value as string);
    validators.set(key, validate);
  }
  return validate === null ? [] : validate(input);
}

async function compileOrRefuse(schema: unknown): Promise<InputValidator> {
  const compile = await loadInputCompiler();
  try {
    return compile(schema);
  } catch (e) {
    const msg = `the workflow's input_schema is not valid (${(e as Error).message}); recreate the workflow`;
    return () => [{ loc: [], msg, type: 'value_error' }];
  }
}
