import { basename } from 'node:path';
import { pushAll } from '../arrays.js';
import { loadSchemaChecker } from '../input-schema.js';
import { locPath } from '../input-schema-words.js';
import { meantShown, referenceTexts, SECRET_REFERENCE, unresolvableShown } from '../secret-refs.js';
import { YamlPositions } from '../yaml-positions.js';
import { fixPlace } from './credential-fix.js';
import { decodedCredentials } from './decoded-scalars.js';
import { envProductionFindings } from './env-rules.js';
import { multilineEnvCredentials } from './env-values.js';
import { configFindings } from './fibonacci-yaml.js';
import { definitionSyntax, type FileKind } from './file-kinds.js';
import { credentialFinding, type MaskSpan, preview, type RawFinding } from './finding.js';
import { headerPairCredentials } from './header-pairs.js';
import { CUT_PLACE, schemaPlaceShown, schemaQuoted } from './mention.js';
import {
  isObject,
  jsonStructure,
  mayHoldNodesKey,
  ParseError,
  workflowDefinition,
  yamlStructure,
} from './parse.js';
import { type SecretRef, secretReferences } from './references.js';
import { RULE_INPUT_SCHEMA, RULE_SECRET_CREDENTIAL, RULE_SECRET_MISSPELT } from './rules.js';
import { findCredentials, type LineIndex } from './scan-text.js';

// One file's checks: credentials in its text, then what its kind adds (production rules for a
// .env file; the policy, network and SOC 2 blocks of fibonacci.yaml; every workflow's input_schema).

/** What one file yielded; `notWorkflow` when a .yaml/.json file turned out to be something else. */
export interface FileResult {
  findings: RawFinding[];
  /** What every excerpt of the file masks: its credentials, and the values its env rules judge. */
  masks: MaskSpan[];
  refs: SecretRef[];
  notWorkflow: boolean;
}

/** A .env file's references, from its text (no decode: a value is what its line says). */
function envReferences(text: string, lines: LineIndex): SecretRef[] {
  if (!text.includes('secrets.')) return [];
  const refs: SecretRef[] = [];
  for (const m of text.matchAll(SECRET_REFERENCE)) {
    refs.push({ name: m[1] as string, ...lines.position(m.index) });
  }
  return refs;
}

/**
 * Run every check that applies to one file (throws ParseError when it does not parse); its
 * `{{secrets.…}}` references only when `refs` (`--env`): they cost a walk of the decoded strings.
 * A file named on the command line (`explicit`) that holds no workflow is not skipped: the user
 * asked for it (`security check notes.txt deploy.sh` in a CI step), so its text is judged by the
 * credential rules, as a `.env*.yaml` settings file is (NC9-28).
 */
export async function analyze(
  fileKind: FileKind,
  path: string,
  text: string,
  lines: LineIndex,
  refs = false,
  explicit = false,
): Promise<FileResult> {
  // As `workflow create --file` reads it: YAML for .yaml/.yml, JSON for any other name (file-kinds.ts).
  const isJson = fileKind !== 'config' && fileKind !== 'env' && definitionSyntax(path) === 'json';
  let kind = fileKind;
  const notWorkflow = () => (explicit ? credentialsOnly(text, lines) : empty(true));
  if (kind === 'data' && !mayHoldNodesKey(text) && !explicit) return empty(true);
  let doc: unknown;
  if (kind !== 'env') {
    // Whether a .yaml file is a workflow, and what its definition is, as the upload reads it (parse.ts).
    let read: { doc: unknown } | undefined;
    try {
      read = (isJson ? jsonStructure : yamlStructure)(text, kind === 'data');
    } catch (e) {
      // A file of another name (`wf.def`) that is no JSON is none create could upload: not a
      // workflow, rather than an error of a file the user never called one.
      if (!(e instanceof ParseError) || kind !== 'data' || /\.(?:ya?ml|json)$/i.test(path)) throw e;
      return notWorkflow();
    }
    if (read === undefined) return notWorkflow();
    doc = read.doc;
    // Named, a YAML or JSON file that is no workflow is read for its credentials, decoded ones too.
    if (kind === 'data' && !workflowDefinition(doc)) {
      if (!explicit) return empty(true);
      kind = 'settings';
    }
    // A `.env*.yaml` that holds a definition is judged as one; else for its credentials alone.
    if (kind === 'settings' && workflowDefinition(doc) !== undefined) kind = 'data';
  }
  const credentials = findCredentials(text, kind === 'env' ? 'dotenv' : 'other');
  // What the platform receives is the parsed value: escaped tokens and keys are checked decoded.
  if (kind !== 'env') {
    pushAll(credentials, decodedCredentials(text, credentials, isJson ? 'json' : 'yaml'));
    // A header list's Authorization value, its name in a sibling scalar (header-pairs.ts).
    pushAll(credentials, headerPairCredentials(text, credentials, doc));
  } else pushAll(credentials, multilineEnvCredentials(text, credentials));
  const findings = credentials.map((c) => credentialFinding(c, lines, fixPlace(kind)));
  let positions: YamlPositions | undefined;
  const locate = (loc: readonly (string | number)[]) => {
    positions ??= new YamlPositions(text);
    return positions.locate(loc);
  };
  const masks: MaskSpan[] = [...credentials];
  if (kind === 'env') {
    const env = envProductionFindings(basename(path), text, lines);
    pushAll(findings, env.findings);
    pushAll(masks, env.masks);
  }
  if (kind === 'config') pushAll(findings, configFindings(doc, locate));
  for (const [loc, schema] of inputSchemas(kind, doc)) {
    for (const problem of (await loadSchemaChecker())(schema)) {
      // Ajv's words quote the schema's keywords and references, and its place names the schema's
      // property names: file text, each said only when name-shaped (mention.ts).
      const message = schemaMessage(problem);
      findings.push({
        rule: RULE_INPUT_SCHEMA,
        ...locate([...loc, ...problem.loc]),
        message,
        subject: [...loc, ...problem.loc].join('/'),
        ...(message === problem.message ? {} : { hidesValue: true }),
      });
    }
  }
  if (kind === 'data') {
    const refs = referenceFindings(workflowDefinition(doc), text, lines, credentials);
    pushAll(findings, refs.findings);
    pushAll(masks, refs.masks);
  }
  // What a message would not print is not printed by an excerpt either: from its place to the line's end.
  for (const f of findings)
    if (f.hidesValue) {
      const start = lines.lineStart(f.line) + f.column - 1;
      masks.push({
        start,
        end: lines.lineStart(f.line) + lines.lineText(f.line).length,
        secret: '',
        keep: 0,
      });
    }
  const found = !refs
    ? []
    : kind === 'env'
      ? envReferences(text, lines)
      : secretReferences(text, lines, isJson ? 'json' : 'yaml');
  return { findings, masks, refs: found, notWorkflow: false };
}

/**
 * The definition's references and the strings that read like one, by the reader `workflow create`
 * and the server use (secret-refs.ts). A misspelt one (`{{secret.X}}`, `{{sercets.X}}`) is a
 * warning: the server sends it as text. A credential-shaped value where a name goes, in either, is
 * an error the server refuses too, masked in every excerpt like any credential (unless a token
 * rule already found it there). Placed where the text shows it first, at the file when only a
 * decode shows it; the name it was meant to be is said only when it has a secret name's shape.
 */
function referenceFindings(
  definition: unknown,
  text: string,
  lines: LineIndex,
  found: readonly MaskSpan[],
): { findings: RawFinding[]; masks: MaskSpan[] } {
  const findings: RawFinding[] = [];
  const masks: MaskSpan[] = [];
  for (const ref of referenceTexts(definition)) {
    const at = text.indexOf(ref.text);
    const place = at < 0 ? { line: 1, column: 1, whole: true as const } : lines.position(at);
    // In the reference's own form but with no secret name: the server refuses it at create (an error).
    if (ref.unresolvable !== undefined)
      findings.push({
        rule: RULE_SECRET_MISSPELT,
        level: 'error',
        ...place,
        message: `this is ${unresolvableShown(ref.unresolvable)}; the server refuses the workflow${meantShown(ref)}`,
        subject: ref.text,
      });
    else if (!ref.wellFormed)
      findings.push({
        rule: RULE_SECRET_MISSPELT,
        ...place,
        message: `this reads like a {{secrets.NAME}} reference and is not one${meantShown(ref)}`,
        subject: ref.text,
      });
    const secret = ref.credential;
    if (secret === undefined) continue;
    const spans = occurrences(text, secret);
    pushAll(masks, spans);
    const first = spans.find((s) => s.start >= at) ?? spans[0];
    const known = first
      ? found.some((c) => c.start < first.end && first.start < c.end)
      : found.some((c) => secret.includes(c.secret));
    if (known) continue;
    const { prefix, length } = preview(secret);
    const what = ref.wellFormed
      ? 'a {{secrets.…}} reference names'
      : 'text that reads like a {{secrets.…}} reference holds';
    findings.push({
      rule: RULE_SECRET_CREDENTIAL,
      ...(first ? lines.position(first.start) : place),
      message: `${what} a value that looks like a credential, not a secret's name (${prefix === null ? '' : `${prefix}…, `}${length} characters)`,
      subject: RULE_SECRET_CREDENTIAL.id,
      secret,
    });
  }
  return { findings, masks };
}

/** Every place `secret` is written in the text, as mask spans. */
function occurrences(text: string, secret: string): MaskSpan[] {
  const spans: MaskSpan[] = [];
  for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + secret.length))
    spans.push({ start: i, end: i + secret.length, secret });
  return spans;
}

/**
 * input-schema.ts's message, its schema text shown unless it looks like a credential (mention.ts
 * schemaQuoted); when its place names a key that may not be printed,
 * `input_schema.place: reason` with the place cut before that key (mention.ts).
 */
function schemaMessage(problem: { loc: (string | number)[]; message: string; reason: string }): string {
  const place = schemaPlaceShown(problem.loc);
  if (!place.cut) return schemaQuoted(problem.message);
  return `${locPath(['input_schema', ...place.loc])}: ${schemaQuoted(problem.reason)}${CUT_PLACE}`;
}

function empty(notWorkflow: boolean): FileResult {
  return { findings: [], masks: [], refs: [], notWorkflow };
}

/**
 * A named file that is neither a workflow nor YAML or JSON, or a file that does not parse: its
 * text, by the credential rules.
 */
export function credentialsOnly(text: string, lines: LineIndex): FileResult {
  const credentials = findCredentials(text, 'other');
  return {
    findings: credentials.map((c) => credentialFinding(c, lines)),
    masks: [...credentials],
    refs: [],
    notWorkflow: false,
  };
}

/** The input_schema of the workflow a file defines, or of each workflow fibonacci.yaml lists. */
function inputSchemas(kind: FileKind, doc: unknown): Array<[(string | number)[], unknown]> {
  const out: Array<[(string | number)[], unknown]> = [];
  const add = (def: unknown, at: (string | number)[]) => {
    if (!isObject(def)) return;
    if (def.input_schema !== undefined) out.push([[...at, 'input_schema'], def.input_schema]);
    else if (isObject(def.definition) && def.definition.input_schema !== undefined)
      out.push([[...at, 'definition', 'input_schema'], def.definition.input_schema]);
  };
  if (kind === 'data') add(doc, []);
  if (kind === 'config' && isObject(doc)) {
    const workflows = doc.workflows;
    const entries: Array<[string | number, unknown]> = Array.isArray(workflows)
      ? [...workflows.entries()]
      : isObject(workflows)
        ? Object.entries(workflows)
        : [];
    for (const [key, w] of entries) add(w, ['workflows', key]);
  }
  return out;
}
