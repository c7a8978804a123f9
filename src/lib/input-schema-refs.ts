import { pushAll } from './arrays.js';

// Whether validating against an input_schema can end (lib/input-schema.ts refuses one that cannot),
// and the walk of a schema's subschemas that this and the unknown-keyword check share.

type Loc = (string | number)[];
type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// Where a subschema applies: at the same place in the input (an in-place applicator) or one step
// into it (a property, an item, a property name). Only a $ref or $dynamicRef can lead back to a
// schema already being applied; it must do so one step deeper, or validation never ends.
const SAME_PLACE = ['not', 'if', 'then', 'else'];
const SAME_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SAME_PLACE_MAPS = ['dependentSchemas'];
const ONE_STEP = [
  'additionalProperties',
  'items',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const ONE_STEP_LISTS = ['prefixItems'];
const ONE_STEP_MAPS = ['properties', 'patternProperties'];
// Not applied by themselves: only reached through a reference.
const HELD_MAPS = ['$defs', 'definitions'];

/** Where a schema without $id is, for resolving references against (never fetched). */
const ROOT_BASE = 'https://input-schema.invalid/root';

/** One place a subschema stands: its parent and how the parent applies it. */
export interface Occurrence {
  schema: Schema;
  loc: Loc;
  parent: Schema | undefined;
  /** Applied at the parent's place in the input, one step into it, or only through a reference. */
  via: 'same' | 'step' | 'held';
}

/**
 * Every place a subschema stands, parents first, in the schema's order. A schema met again (a YAML
 * alias makes one object stand in two places) is listed there too, but walked into once.
 */
export function subschemas(root: unknown): Occurrence[] {
  if (!isSchema(root)) return [];
  const all: Occurrence[] = [];
  const walked = new Set<Schema>();
  const open: Occurrence[] = [{ schema: root, loc: [], parent: undefined, via: 'same' }];
  for (let item = open.pop(); item !== undefined; item = open.pop()) {
    all.push(item);
    const s = item.schema;
    if (walked.has(s)) continue;
    walked.add(s);
    const children: Occurrence[] = [];
    const child = (c: unknown, loc: Loc, via: Occurrence['via']) => {
      if (isSchema(c)) children.push({ schema: c, loc, parent: s, via });
    };
    for (const [k, v] of Object.entries(s)) {
      const at = [...item.loc, k];
      const via =
        SAME_PLACE.includes(k) || SAME_PLACE_LISTS.includes(k) || SAME_PLACE_MAPS.includes(k)
          ? 'same'
          : HELD_MAPS.includes(k)
            ? 'held'
            : 'step';
      if (SAME_PLACE.includes(k) || ONE_STEP.includes(k)) child(v, at, via);
      else if ((SAME_PLACE_LISTS.includes(k) || ONE_STEP_LISTS.includes(k)) && Array.isArray(v))
        for (const [n, c] of v.entries()) child(c, [...at, n], via);
      else if ([...SAME_PLACE_MAPS, ...ONE_STEP_MAPS, ...HELD_MAPS].includes(k) && isSchema(v))
        for (const [n, c] of Object.entries(v)) child(c, [...at, n], via);
    }
    pushAll(open, children.reverse());
  }
  return all;
}

interface Found {
  loc: Loc;
  base: string;
  same: Schema[];
  step: Schema[];
}

const resolveUrl = (ref: string, base: string): URL | undefined => {
  try {
    return new URL(ref, base);
  } catch {
    return undefined;
  }
};
const withoutHash = (url: URL) => url.href.replace(/#.*$/, '');

/** The subschemas of a schema with the references among them resolved (refGraph). */
interface RefGraph {
  found: Map<Schema, Found>;
  /** Each subschema whose `$ref` resolves to nothing inside the schema (and names no known schema). */
  dangling: Set<Schema>;
}

function refGraph(root: Schema, known: (uri: string) => boolean): RefGraph {
  const found = new Map<Schema, Found>();
  const dangling = new Set<Schema>();
  const resources = new Map<string, Schema>();
  const anchors = new Map<string, Schema>();
  const dynamic = new Map<string, Schema[]>();
  for (const { schema: s, loc, parent, via } of subschemas(root)) {
    const up = parent ? found.get(parent) : undefined;
    if (via === 'same') up?.same.push(s);
    if (via === 'step') up?.step.push(s);
    if (found.has(s)) continue;
    const id = typeof s.$id === 'string' ? resolveUrl(s.$id, up?.base ?? ROOT_BASE) : undefined;
    const base = id ? withoutHash(id) : (up?.base ?? ROOT_BASE);
    if (id || s === root) resources.set(base, s);
    if (typeof s.$anchor === 'string') anchors.set(`${base}#${s.$anchor}`, s);
    if (typeof s.$dynamicAnchor === 'string') {
      anchors.set(`${base}#${s.$dynamicAnchor}`, s);
      dynamic.set(s.$dynamicAnchor, [...(dynamic.get(s.$dynamicAnchor) ?? []), s]);
    }
    found.set(s, { loc, base, same: [], step: [] });
  }
  for (const [s, node] of found) {
    for (const [ref, isDynamic] of [
      [s.$ref, false],
      [s.$dynamicRef, true],
    ] as const) {
      if (typeof ref !== 'string') continue;
      const targets = refTargets(ref, node.base, { resources, anchors });
      const url = resolveUrl(ref, node.base);
      if (isDynamic && url && url.hash.length > 1) pushAll(targets, dynamic.get(url.hash.slice(1)) ?? []);
      // Ajv answers a $dynamicRef that names no anchor by applying the schema's root again.
      if (isDynamic && targets.length === 0) targets.push(resources.get(node.base) ?? root);
      if (!isDynamic && targets.length === 0 && !(url && known(withoutHash(url)))) {
        // A boolean schema is a schema too (refTargets lists the objects a cycle could run through).
        if (!refTargets(ref, node.base, { resources, anchors }, true).length) dangling.add(s);
      }
      pushAll(node.same, targets);
    }
  }
  return { found, dangling };
}

/**
 * The place of a `$ref` or `$dynamicRef` that leads back, through references, to a schema applied
 * at the same place of the input: `{"$ref": "#"}`, two `$defs` naming each other. Ajv compiles the
 * first into a validator that recurses until the stack overflows, on every input. References are
 * resolved as Ajv resolves them inside the schema (JSON pointers, `$anchor`, `$dynamicAnchor`,
 * embedded `$id`s); one naming nothing is danglingRefs' to report.
 */
export function endlessRef(root: unknown): Loc | undefined {
  if (!isSchema(root)) return undefined;
  const { found } = refGraph(root, () => false);
  return sameCycle(root, found);
}

/**
 * The place (its `$ref` key) of every `$ref` the schema applies that names no schema inside it,
 * in the schema's order: nothing is fetched, so Ajv's compile would throw on the first, unplaced.
 * One in a `$defs` entry nothing uses is passed over, as Ajv passes it over; one whose document
 * `known` says the validator holds (the meta-schemas) is the compile's to judge.
 */
export function danglingRefs(root: unknown, known: (uri: string) => boolean): Loc[] {
  if (!isSchema(root)) return [];
  const { found, dangling } = refGraph(root, known);
  const reached = reachedFrom(root, found);
  const locs: Loc[] = [];
  for (const [s, node] of found) if (dangling.has(s) && reached.has(s)) locs.push([...node.loc, '$ref']);
  return locs;
}

function refTargets(
  ref: string,
  base: string,
  index: { resources: Map<string, Schema>; anchors: Map<string, Schema> },
  orBoolean = false,
): Schema[] {
  const url = resolveUrl(ref, base);
  if (!url) return [];
  const resource = index.resources.get(withoutHash(url));
  let fragment: string;
  try {
    fragment = decodeURIComponent(url.hash.slice(1));
  } catch {
    return [];
  }
  if (!resource) return [];
  if (fragment === '') return [resource];
  if (!fragment.startsWith('/')) {
    const anchored = index.anchors.get(`${withoutHash(url)}#${fragment}`);
    return anchored ? [anchored] : [];
  }
  let at: unknown = resource;
  for (const part of fragment.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  }
  if (orBoolean && typeof at === 'boolean') return [{}];
  return isSchema(at) ? [at] : [];
}

/** The subschemas the root applies, in place, one step into the input, or through references. */
function reachedFrom(root: Schema, found: Map<Schema, Found>): Set<Schema> {
  const reached = new Set<Schema>();
  for (let open = [root], s = open.pop(); s !== undefined; s = open.pop()) {
    if (reached.has(s)) continue;
    reached.add(s);
    const node = found.get(s);
    if (node) pushAll(pushAll(open, node.same), node.step);
  }
  return reached;
}

/** The place of a schema on a cycle of same-place edges among those the root applies. */
function sameCycle(root: Schema, found: Map<Schema, Found>): Loc | undefined {
  const reached = reachedFrom(root, found);
  // Iterative depth-first search: 1 while on the current path, 2 once every way from it is done.
  const state = new Map<Schema, 1 | 2>();
  for (const start of reached) {
    if (state.has(start)) continue;
    const path: Array<[Schema, number]> = [[start, 0]];
    state.set(start, 1);
    while (path.length > 0) {
      const top = path[path.length - 1] as [Schema, number];
      const next = found.get(top[0])?.same[top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        path.pop();
      } else if (state.get(next) === 1) return found.get(top[0])?.loc;
      else if (!state.has(next)) {
        state.set(next, 1);
        path.push([next, 0]);
      }
    }
  }
  return undefined;
}
