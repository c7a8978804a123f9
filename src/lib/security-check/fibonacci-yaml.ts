import { fileLoc, policyFromFile } from '../access-policy/file.js';
import { neverMatches } from '../access-policy/never-matches.js';
import { type Problem, validatePolicy } from '../access-policy/validate.js';
import type { Position } from '../yaml-positions.js';
import type { RawFinding } from './finding.js';
import { guardQuoted, mention, printable } from './mention.js';
import { isObject } from './parse.js';
import { RULE_NETWORK, RULE_NEVER_MATCHES, RULE_POLICY, RULE_SOC2 } from './rules.js';
import { SOC2_CONTROLS, suggestControl } from './soc2.js';

// fibonacci.yaml's own rules: the access policy and network blocks (the validator the server
// uses, lib/access-policy, and its rules that can never match) and compliance.soc2.controls.

const SOC2_ID_SHAPE = /^[A-Za-z]{1,3}\d{1,2}\.\d{1,2}$/;

/** A document path for a message: a key from the file that is not name-shaped is not printed. */
const locText = (loc: readonly (string | number)[]) =>
  loc.map((k) => (typeof k === 'number' || printable(k) ? k : '…')).join('.');

type Locate = (loc: readonly (string | number)[]) => Position;

/**
 * The fix of one policy problem, by its kind: the rule's one fix ("define every role …; use known
 * actions") was printed under a bad permission, a bad pattern, a duplicate role, an unknown key and
 * `enabled: "yes"` alike, and the network's ("write each entry as an address") under an unknown key
 * (SC-FIXTEXT). Fixed words only: nothing of the file is repeated here.
 */
function policyFix(p: Problem, network: boolean): string | undefined {
  if (p.type === 'never_matches') return undefined;
  if (network) {
    if (p.type === 'cidr') return undefined;
    if (p.type === 'extra_forbidden')
      return 'security.network holds ip_allowlist and ip_blocklist only: rename the key to one of them or remove it';
    return 'write ip_allowlist and ip_blocklist as lists of IPv4/IPv6 addresses or CIDR ranges (["10.0.0.0/8", "2001:db8::/32"])';
  }
  switch (p.type) {
    case 'undefined_role':
      return 'define the role under access_control.roles (its name and permissions), or name a built-in role: owner, admin, member, viewer';
    case 'enum':
      return 'list only the permissions read, write, execute, delete and admin';
    case 'pattern':
      return 'write the pattern as the message says (workflows: production/*, team/**; secrets: API_*, production/DB_*)';
    case 'missing':
      return 'add the key the message names';
    case 'extra_forbidden':
      return p.msg.startsWith('unknown action')
        ? 'use one of the actions the message lists, or remove the entry'
        : 'correct the key (the message names the one it is near, if any) or remove it';
  }
  if (p.msg.includes('is a built-in role'))
    return 'give the custom role a name of its own: a built-in role (owner, admin, member, viewer) needs no definition';
  if (p.msg.includes('is not a role name'))
    return 'name the role with lowercase letters, digits and -, starting with a letter (production-deployer)';
  if (p.msg.includes('is already defined'))
    return 'define each role once: merge the two definitions or rename one';
  if (p.msg.includes('cannot be owner'))
    return 'set default_role to viewer, member, admin or a custom role: no one is made owner by default';
  return 'give the key a value of the type the message names';
}

function policyFinding(p: Problem, locate: Locate): RawFinding {
  const loc = fileLoc(p.loc);
  const network = loc[0] === 'security';
  const rule = p.type === 'never_matches' ? RULE_NEVER_MATCHES : network ? RULE_NETWORK : RULE_POLICY;
  const said = guardQuoted(p.msg);
  const fix = policyFix(p, network);
  return {
    rule,
    ...locate(loc),
    message: `${locText(loc)}: ${said}`,
    subject: `${loc.join('/')} ${p.msg}`,
    ...(fix === undefined ? {} : { fix }),
    ...(said === p.msg ? {} : { hidesValue: true }),
  };
}

/** The policy's problems and its rules that can never match (API locs). */
function policyProblems(doc: unknown): Problem[] {
  if (!isObject(doc)) return [];
  const { document, problems } = policyFromFile(doc);
  if (!document) return problems;
  if (document.access_control === undefined && document.network === undefined) return [];
  const checked = validatePolicy(document);
  return [...(checked.ok ? [] : checked.problems), ...neverMatches(document)];
}

/** The findings of a parsed fibonacci.yaml. */
export function configFindings(doc: unknown, locate: Locate): RawFinding[] {
  const findings = policyProblems(doc).map((p) => policyFinding(p, locate));
  const soc2 = isObject(doc) && isObject(doc.compliance) ? doc.compliance.soc2 : undefined;
  const controls = isObject(soc2) ? soc2.controls : undefined;
  if (controls === undefined) return findings;
  const at = ['compliance', 'soc2', 'controls'];
  if (!Array.isArray(controls)) {
    findings.push({
      rule: RULE_SOC2,
      ...locate(at),
      message: 'compliance.soc2.controls must be a list',
      subject: 'list',
    });
    return findings;
  }
  controls.forEach((entry, i) => {
    // A control is its id, or a mapping with an `id` (and whatever else the project records).
    const id = isObject(entry) ? entry.id : entry;
    const loc = isObject(entry) ? [...at, i, 'id'] : [...at, i];
    if (typeof id === 'string' && SOC2_CONTROLS.has(id)) return;
    const near = typeof id === 'string' ? suggestControl(id) : undefined;
    findings.push({
      rule: RULE_SOC2,
      ...locate(loc),
      message: `${mention(String(id), SOC2_ID_SHAPE)} is not a SOC 2 Trust Services Criteria id${near ? ` (did you mean ${near}?)` : ''}`,
      subject: String(id),
      ...(printable(String(id), SOC2_ID_SHAPE) ? {} : { hidesValue: true }),
    });
  });
  return findings;
}
