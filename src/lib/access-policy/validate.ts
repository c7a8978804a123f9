import { Errors, type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { closest } from '../closest.js';
import {
  BUILTIN_ROLES,
  PERMISSIONS,
  RESOURCE_ACTIONS,
  RESOURCE_KINDS,
  ROLE_NAME,
  ROLE_NAME_RULE,
} from './names.js';
import { parseNetworkEntry } from './network.js';
import { secretPatternProblem } from './resource.js';
import { isBuiltinRole } from './roles.js';
import { LIMITS, normalizePolicy, type Policy, type PolicyDocument, PolicyDocumentSchema } from './schema.js';
import { isValidWorkflowPattern, WORKFLOW_PATTERN_RULE } from './workflow-glob.js';

// validatePolicy: every problem of a document at once, each with its `loc` (the path into the
// document) so that the CLI can point at `file:line:col` and the emulator can answer 422 with all
// of them. The shape is TypeBox's to check; the rules no schema can say (roles defined before
// use, no shadowing, globs and CIDRs that parse) are checked here on whatever is well-shaped.

export type Loc = Array<string | number>;

/** One problem, in the API's validation-item shape (without the `body` prefix). */
export interface Problem {
  loc: Loc;
  msg: string;
  type: string;
}

export type Validation = { ok: true; policy: Policy } | { ok: false; problems: Problem[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON pointer of TypeBox's as a loc: array indices as numbers, by the document's own shape. */
function locOf(doc: unknown, pointer: string): Loc {
  const loc: Loc = [];
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(at) && /^\d+$/.test(seg) ? Number(seg) : undefined;
    loc.push(index ?? seg);
    at = isObject(at) || Array.isArray(at) ? (at as Json)[seg] : undefined;
  }
  return loc;
}

const quoted = (values: readonly string[]) => values.join(', ');

function schemaProblem(doc: unknown, e: ValueError): Problem {
  const loc = locOf(doc, e.path);
  const last = loc.at(-1);
  switch (e.type) {
    case ValueErrorType.ObjectAdditionalProperties: {
      const kind = loc.length === 5 && loc[0] === 'access_control' ? loc[2] : undefined;
      if (kind === 'workflows' || kind === 'secrets') {
        const actions = quoted(RESOURCE_ACTIONS[kind]);
        return {
          loc,
          msg: `unknown action "${last}" for ${kind}; expected ${actions}`,
          type: 'extra_forbidden',
        };
      }
      // The object's own keys are the candidates: `rol` one slip from `role`.
      const keys = Object.keys((e.schema as { properties?: object }).properties ?? {});
      const near = closest(String(last), keys);
      const meant = near === undefined ? '' : ` (did you mean ${near}?)`;
      return { loc, msg: `unknown key "${last}"${meant}`, type: 'extra_forbidden' };
    }
    case ValueErrorType.ObjectRequiredProperty:
      // The key's name (the last of its loc), not pydantic's "Field required", which names none.
      return { loc, msg: `missing key "${last}"`, type: 'missing' };
    case ValueErrorType.Union:
      return {
        loc,
        msg: `unknown permission ${JSON.stringify(e.value)}; expected ${quoted(PERMISSIONS)}`,
        type: 'enum',
      };
    default:
      return { loc, msg: e.message, type: 'value_error' };
  }
}

function roleProblems(ac: Json, problems: Problem[]): Set<string> {
  const defined = new Set<string>(BUILTIN_ROLES);
  const seen = new Map<string, number>();
  // Past the schema's limits the excess is one problem already (maxItems): look no further.
  const roles = Array.isArray(ac.roles) ? ac.roles.slice(0, LIMITS.roles) : [];
  roles.forEach((role, i) => {
    const name = isObject(role) ? role.name : undefined;
    if (typeof name !== 'string') return;
    const loc = ['access_control', 'roles', i, 'name'];
    if (isBuiltinRole(name)) {
      problems.push({
        loc,
        msg: `"${name}" is a built-in role; a custom role needs another name`,
        type: 'value_error',
      });
    } else if (!ROLE_NAME.test(name)) {
      problems.push({ loc, msg: `"${name}" is not a role name (${ROLE_NAME_RULE})`, type: 'value_error' });
    } else if (seen.has(name)) {
      const first = seen.get(name);
      problems.push({
        loc,
        msg: `role "${name}" is already defined at roles[${first}]`,
        type: 'value_error',
      });
    } else {
      seen.set(name, i);
      defined.add(name);
    }
  });
  return defined;
}

function undefinedRole(name: string): string {
  return `role "${name}" is not defined: add it to access_control.roles or use ${quoted(BUILTIN_ROLES)}`;
}

function ruleProblems(ac: Json, defined: Set<string>, problems: Problem[]): void {
  const resources = isObject(ac.resources) ? ac.resources : {};
  for (const kind of RESOURCE_KINDS) {
    const patterns = isObject(resources[kind]) ? resources[kind] : {};
    for (const [pattern, actions] of Object.entries(patterns).slice(0, LIMITS.patterns)) {
      const at = ['access_control', 'resources', kind, pattern];
      const bad =
        kind === 'workflows'
          ? isValidWorkflowPattern(pattern)
            ? undefined
            : `"${pattern}" is not a workflow pattern: ${WORKFLOW_PATTERN_RULE}`
          : secretPatternProblem(pattern);
      if (bad) problems.push({ loc: at, msg: bad, type: 'pattern' });
      if (!isObject(actions)) continue;
      for (const [action, list] of Object.entries(actions)) {
        if (!Array.isArray(list)) continue;
        list.slice(0, LIMITS.rulesPerAction).forEach((rule, i) => {
          const role = isObject(rule) ? rule.role : undefined;
          if (typeof role === 'string' && !defined.has(role)) {
            problems.push({
              loc: [...at, action, i, 'role'],
              msg: undefinedRole(role),
              type: 'undefined_role',
            });
          }
        });
      }
    }
  }
}

function networkProblems(doc: Json, problems: Problem[]): void {
  const network = isObject(doc.network) ? doc.network : {};
  for (const list of ['ip_allowlist', 'ip_blocklist'] as const) {
    const entries = Array.isArray(network[list]) ? network[list].slice(0, LIMITS.networkEntries) : [];
    entries.forEach((entry, i) => {
      if (typeof entry !== 'string') return;
      const parsed = parseNetworkEntry(entry);
      if ('error' in parsed) problems.push({ loc: ['network', list, i], msg: parsed.error, type: 'cidr' });
    });
  }
}

/** Where a loc falls in the document, for listing problems in the order a reader meets them. */
function position(doc: unknown, loc: Loc): number[] {
  const out: number[] = [];
  let at: unknown = doc;
  for (const seg of loc) {
    const keys = isObject(at) ? Object.keys(at) : undefined;
    out.push(typeof seg === 'number' ? seg : (keys?.indexOf(seg) ?? -1) >>> 0);
    at = isObject(at) || Array.isArray(at) ? (at as Json)[String(seg)] : undefined;
  }
  return out;
}

function byPosition(doc: unknown) {
  return (a: Problem, b: Problem): number => {
    const pa = position(doc, a.loc);
    const pb = position(doc, b.loc);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
    }
    return pa.length - pb.length;
  };
}

/**
 * Check a policy document (parsed JSON, or YAML parsed to plain values) and return it normalised,
 * or every problem with its loc, in document order. Never a partial result.
 */
export function validatePolicy(doc: unknown): Validation {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of Errors(PolicyDocumentSchema, doc)) {
    const p = schemaProblem(doc, e);
    const key = JSON.stringify(p.loc);
    if (seen.has(key)) continue; // one problem per place: a union reports each of its arms
    seen.add(key);
    problems.push(p);
  }
  if (isObject(doc)) {
    const ac = isObject(doc.access_control) ? doc.access_control : {};
    const defined = roleProblems(ac, problems);
    if (typeof ac.default_role === 'string') {
      const loc = ['access_control', 'default_role'];
      if (!defined.has(ac.default_role))
        problems.push({ loc, msg: undefinedRole(ac.default_role), type: 'undefined_role' });
      else if (ac.default_role === 'owner')
        problems.push({ loc, msg: 'default_role cannot be owner', type: 'value_error' });
    }
    ruleProblems(ac, defined, problems);
    networkProblems(doc, problems);
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort(byPosition(doc)) };
  return { ok: true, policy: normalizePolicy(doc as PolicyDocument) };
}
