// The `$dynamicRef` forms an input_schema may use: those Ajv validates as draft 2020-12 says.
// Ajv resolves every `$dynamicRef` whose anchor it has not met at the resource's root to the root
// schema itself (its own source says so): `{"$dynamicRef": "#A"}` aimed at a `$dynamicAnchor` in
// `$defs` was checked against the root, so an input the schema allows was refused and one it
// forbids ran. Rather than validate a schema as it does not say, the others are refused at create
// and in the gate, each at its place, with what to write instead.
import { type Occurrence, subschemas } from './input-schema-refs.js';

/** The subschema holding a refused keyword (named by the reason: a loc's key may be masked). */
export interface DynamicProblem {
  loc: (string | number)[];
  reason: string;
}

const REF_FORM =
  "$dynamicRef is supported only as # or as #NAME with NAME the $dynamicAnchor at the schema's root (other forms are not validated as draft 2020-12 says); use $ref";
const ANCHOR_BELOW =
  "$dynamicAnchor is supported beside a $dynamicRef only at the schema's root; use $anchor here and $ref to it";
const ID_BELOW =
  "$id below the schema's root is not supported beside a $dynamicRef (its dynamic scope is not validated as draft 2020-12 says)";

/**
 * Every `$dynamicRef` in a form Ajv misjudges, and (when the schema has any `$dynamicRef`) every
 * `$dynamicAnchor` or `$id` below the root, which would change what draft 2020-12 resolves it to.
 * With none of these, the only dynamic scope is the root resource and Ajv's answer is the spec's.
 */
export function unsupportedDynamicRefs(root: unknown): DynamicProblem[] {
  const all = subschemas(root);
  const refs = all.filter((o) => typeof o.schema.$dynamicRef === 'string');
  if (refs.length === 0) return [];
  const top = all[0]?.schema;
  const anchor = typeof top?.$dynamicAnchor === 'string' ? top.$dynamicAnchor : undefined;
  const problems: DynamicProblem[] = [];
  const seen = new Set<Occurrence['schema']>();
  for (const { schema, loc } of all) {
    // A schema standing in two places (a YAML alias) is said once, at its first.
    if (seen.has(schema)) continue;
    seen.add(schema);
    const below = loc.length > 0;
    if (below && schema.$id !== undefined) problems.push({ loc, reason: ID_BELOW });
    if (below && schema.$dynamicAnchor !== undefined) problems.push({ loc, reason: ANCHOR_BELOW });
    const ref = schema.$dynamicRef;
    if (typeof ref === 'string' && ref !== '#' && (anchor === undefined || ref !== `#${anchor}`))
      problems.push({ loc, reason: REF_FORM });
  }
  return problems;
}
