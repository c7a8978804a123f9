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

function policyFinding(p: Problem, locate: Locate): RawFinding {
  const loc = fileLoc(p.loc);
  const rule =
    p.type === 'never_matches' ? RULE_NEVER_MATCHES : loc[0] === 'security' ? RULE_NETWORK : RULE_POLICY;
  const said = guardQuoted(p.msg);
  return {
    rule,
    ...locate(loc),
    message: `${locText(loc)}: ${said}`,
    subject: `${loc.join('/')} ${p.msg}`,
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
