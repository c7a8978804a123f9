import { createHash } from 'node:crypto';
import type { FastifySchemaValidationError } from 'fastify';
import { pushAll } from '../../lib/arrays.js';
import {
  type InputValidator,
  type InputViolation,
  loadInputCompiler,
  loadSchemaChecker,
} from '../../lib/input-schema.js';
import { referenceTexts, secretNames, unresolvableShown } from '../../lib/secret-refs.js';
import { mayShowName } from '../../lib/shown-value.js';
import { looksLikeApiKey, SECRET_NAME, SECRET_NAME_RULE, WORKFLOW_ID } from '../../lib/validate.js';
import { MAX_ITEMS, type ValidationItem, validationDetail } from '../validation.js';
import { CUT_PLACE, reasonShown, schemaPlaceShown, valueShown, violationShown } from './echo.js';
import type { WorkflowRow } from './store.js';

// A create's body judged whole (its shape, then what a shape cannot say), and the input check at
// execute. Definitions are judged at create only: rows stored before this check existed still run
// (docs/emulator.md).

const at = (...loc: (string | number)[]) => ['body', 'definition', ...loc];

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A character a node id may not hold: controls, format characters (zero-width, bidi), separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The route's own compiled body validator (Fastify's `request.getValidationFunction('body')`). */
export type BodyValidator = ((body: unknown) => boolean) & { errors?: unknown[] | null };

/**
 * Every problem of a create's body in one list: the shape (the route's schema, every violation)
 * and, in the same answer, a name of the id shape and the definition's meaning, so that a user
 * fixing one problem never learns of the next only then. At most MAX_ITEMS, the last then saying
 * how many more were found (a user who fixes 50 must not meet 50 more unwarned).
 */
export async function createProblems(body: unknown, shape: BodyValidator): Promise<ValidationItem[]> {
  const errors = shape(body) || !shape.errors ? [] : (shape.errors as FastifySchemaValidationError[]);
  // A definition's shape in the words its other problems use (names no node, is required).
  const problems = validationDetail(errors, 'body', body, '/definition');
  // validationDetail lists at most MAX_ITEMS of the shape's errors: the rest count too.
  const unlisted = errors.length - problems.length;
  if (isDict(body)) {
    // A path parameter of the id shape is looked up as an id, so a name of that shape could never
    // be reached by name.
    if (typeof body.name === 'string' && WORKFLOW_ID.test(body.name))
      problems.push({
        loc: ['body', 'name'],
        msg: 'Name should not have the shape of a workflow id',
        type: 'value_error',
      });
    if (body.definition !== undefined) pushAll(problems, await definitionProblems(body.definition));
  }
  const total = problems.length + unlisted;
  if (total <= MAX_ITEMS) return problems;
  const listed = problems.slice(0, MAX_ITEMS - 1);
  const under = listed.every((p) => p.loc[1] === 'definition') ? ['body', 'definition'] : ['body'];
  const msg = `and ${total - listed.length} more problems, not listed`;
  return [...listed, { loc: under, msg, type: 'too_many_errors' }];
}

/**
 * What a definition's shape cannot say: duplicate node ids, edges naming no node, an input_schema
 * that is no valid draft 2020-12 schema. Whatever the shape: a part of the wrong shape is the
 * shape's problem (reported by the schema) and is passed over here.
 */
export async function definitionProblems(def: unknown): Promise<ValidationItem[]> {
  if (!isDict(def)) return [];
  const problems: ValidationItem[] = [];
  // Ids are compared as Unicode compares text (NFC): `café` typed two ways is one id twice, which
  // an edge names as either. The exact form an edge must use is kept beside it.
  const firstAt = new Map<string, { index: number; id: string }>();
  const exact = new Set<string>();
  const nodes = Array.isArray(def.nodes) ? def.nodes : undefined;
  nodes?.forEach((node: unknown, i) => {
    if (!isDict(node) || typeof node.id !== 'string') return;
    exact.add(node.id);
    const hidden = HIDDEN.exec(node.id);
    if (hidden)
      problems.push({
        loc: at('nodes', i, 'id'),
        msg: `holds an invisible, control or direction character (${codePoint(hidden[0])}): a node id must read as what it is, or an edge naming its look-alike names another node`,
        type: 'value_error',
      });
    const key = node.id.normalize('NFC');
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, { index: i, id: node.id });
    else
      problems.push({
        loc: at('nodes', i, 'id'),
        msg: `duplicate node id ${valueShown(node.id)} (nodes.${first.index} has it${first.id === node.id ? '' : ', written in another Unicode form'})`,
        type: 'value_error',
      });
  });
  // Without a list of nodes there is nothing an edge could name: the shape says so once.
  if (nodes && Array.isArray(def.edges)) {
    def.edges.forEach((edge: unknown, i) => {
      if (!isDict(edge)) return;
      for (const end of ['from', 'to'] as const) {
        const name = edge[end];
        if (typeof name !== 'string') continue;
        const node = firstAt.get(name.normalize('NFC'));
        if (node?.id === name || exact.has(name)) continue;
        problems.push({
          loc: at('edges', i, end),
          msg:
            node === undefined
              ? `names no node: ${valueShown(name)}`
              : `names no node: ${valueShown(name)} (nodes.${node.index}'s id is the same text written in another Unicode form)`,
          type: 'value_error',
        });
      }
    });
  }
  // A token pasted as a reference's name (`{{secrets.ghp_…}}`) would be stored, and every run
  // would carry it in its error ("secret … is not set") and its audit event: refused, unrepeated.
  // In a misspelt one (`{{Secrets.…}}`) too: the run sends it as text, stored all the same.
  const said = new Set<string>();
  for (const ref of referenceTexts(def)) {
    if (ref.credential === undefined || said.has(ref.credential)) continue;
    said.add(ref.credential);
    const what = ref.wellFormed
      ? 'a {{secrets.…}} reference names'
      : 'text that reads like a {{secrets.…}} reference holds';
    problems.push({
      loc: at(),
      msg: `${what} a value of ${[...ref.credential].length} characters that looks like a credential, not a secret's name (store the value as a secret and reference its name)`,
      type: 'value_error',
    });
  }
  pushAll(problems, unsettableReferences(def, nodes, said));
  pushAll(problems, unresolvableReferences(def, nodes));
  if (def.input_schema !== undefined) {
    for (const problem of (await loadSchemaChecker())(def.input_schema)) {
      // The place is the loc (as deep as its keys may be shown), the words fixed: see echo.ts.
      const place = schemaPlaceShown(problem.loc);
      const msg = `${reasonShown(problem.reason)}${place.cut ? CUT_PLACE : ''}`;
      problems.push({ loc: at('input_schema', ...place.loc), msg, type: 'value_error' });
    }
  }
  return problems;
}

/**
 * References whose name no secret can have (longer than the name rule allows): every run would
 * fail on a secret that can never be set. Each is named with its node (loc `nodes.N`), or the
 * definition's root when it is outside the nodes; the name shown only as the name rule shows it
 * (its length when it is no name), and not again when the credential check named it.
 */
function unsettableReferences(
  def: Dict,
  nodes: unknown[] | undefined,
  said: ReadonlySet<string>,
): ValidationItem[] {
  const settable = (name: string) => SECRET_NAME.test(name) || looksLikeApiKey(name) || said.has(name);
  const problem = (loc: (string | number)[], where: string, name: string): ValidationItem => ({
    loc: at(...loc),
    msg: `${where}references {{secrets.${mayShowName(name, 'secret') ? name : '…'}}}, a name of ${[...name].length} characters no secret can have (${SECRET_NAME_RULE}): it could never be set`,
    type: 'value_error',
  });
  const problems: ValidationItem[] = [];
  const inNodes = new Set<string>();
  nodes?.forEach((node, i) => {
    for (const name of secretNames(node)) {
      inNodes.add(name);
      if (settable(name)) continue;
      const id = isDict(node) && typeof node.id === 'string' ? `node ${valueShown(node.id)} ` : '';
      problems.push(problem(['nodes', i], id, name));
    }
  });
  for (const name of secretNames({ ...def, nodes: undefined })) {
    if (!inNodes.has(name) && !settable(name)) problems.push(problem([], 'the definition ', name));
  }
  return problems;
}

/**
 * Text in a reference's own form around what is no secret name (`{{secrets.lower-case}}`,
 * `{{secrets.A.B}}`, `{{secrets.}}`): no run could resolve it, and each would send it to a tool as
 * text. One item per distinct reference, at its node (`nodes.N`) or the definition's root.
 */
function unresolvableReferences(def: Dict, nodes: unknown[] | undefined): ValidationItem[] {
  const problems: ValidationItem[] = [];
  const push = (value: unknown, loc: (string | number)[], where: string) => {
    for (const ref of referenceTexts(value)) {
      if (ref.unresolvable === undefined) continue;
      problems.push({
        loc: at(...loc),
        msg: `${where}holds ${unresolvableShown(ref.unresolvable)}`,
        type: 'value_error',
      });
    }
  };
  nodes?.forEach((node, i) => {
    push(
      node,
      ['nodes', i],
      isDict(node) && typeof node.id === 'string' ? `node ${valueShown(node.id)} ` : '',
    );
  });
  push({ ...def, nodes: undefined }, [], 'the definition ');
  return problems;
}

/**
 * Compiled input validators, by workflow id and definition hash: a schema is compiled once. Each
 * keeps its schema (descriptions, enums and all), so the cache is bounded by the definitions' size
 * as well as by their number: 256 schemas of 600 KB, created and run, were out of a 128 MB heap.
 */
const validators = new Map<string, { validate: InputValidator | null; bytes: number }>();
const MAX_VALIDATORS = 256;
const MAX_VALIDATOR_BYTES = 16 * 1024 * 1024;
let validatorBytes = 0;

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
  let validate = validators.get(key)?.validate;
  if (validate === undefined) {
    const schema = inputSchemaOf(definition);
    validate = schema === undefined ? null : await compileOrRefuse(schema);
    const bytes = schema === undefined ? 0 : workflow.definition.length;
    // Oldest first out (a map keeps insertion order), until this one fits in number and in size.
    for (const [old, entry] of validators) {
      if (validators.size < MAX_VALIDATORS && validatorBytes + bytes <= MAX_VALIDATOR_BYTES) break;
      validators.delete(old);
      validatorBytes -= entry.bytes;
    }
    // Two runs may have compiled it at once: counted once.
    validatorBytes += bytes - (validators.get(key)?.bytes ?? 0);
    validators.set(key, { validate, bytes });
  }
  if (validate === null) return [];
  // Ajv's words and the loc name the schema's and the input's own text: masked as at create.
  return validate(input).map(violationShown);
}

async function compileOrRefuse(schema: unknown): Promise<InputValidator> {
  const compile = await loadInputCompiler();
  try {
    return compile(schema);
  } catch (e) {
    const msg = `the workflow's input_schema is not valid (${reasonShown((e as Error).message)}); recreate the workflow`;
    return () => [{ loc: [], msg, type: 'value_error' }];
  }
}
