import { SETTINGS_VARIABLES } from '../server-rules.js';
import { fixesByFile } from './credential-fix.js';
import { ALL_CREDENTIAL_RULES } from './scan-text.js';
import type { RuleInfo } from './types.js';

// Every rule security check has, with its id, default level, description and fix: what
// `--list-rules` prints and SARIF's tool.driver.rules carries. Credential rules are in
// credential-rules.ts; the others are here.

/** `env-production-session-secret-key` for SESSION_SECRET_KEY. */
export function envRuleId(variable: string): string {
  return `env-production-${variable.toLowerCase().replace(/_/g, '-')}`;
}

const ENV_FIX: Record<string, string> = {
  SESSION_SECRET_KEY:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the reference a .env file should hold.
    'keep a random value of at least 32 characters in the secret store and write a reference here (SESSION_SECRET_KEY=${SESSION_SECRET_KEY}): a literal in the file is a hardcoded credential',
  ENABLE_DOCS: 'set ENABLE_DOCS=false',
  ENABLE_DEVELOPER_ROUTES: 'set ENABLE_DEVELOPER_ROUTES=false',
  TRUSTED_PROXY_HOSTS: "set it to your load balancers' IP addresses or CIDR ranges",
};

// AWS_SECRETS_PREFIX is free text: the server has no rule for it, so neither does the scanner.
const ENV_RULES: RuleInfo[] = SETTINGS_VARIABLES.filter((v) => v !== 'AWS_SECRETS_PREFIX').map(
  (variable) => ({
    id: envRuleId(variable),
    level: variable === 'TRUSTED_PROXY_HOSTS' ? 'warning' : 'error',
    description:
      variable === 'TRUSTED_PROXY_HOSTS'
        ? `${variable} in a production .env file: an entry that is no IP address, entries that together cover every address (0.0.0.0/0, 0.0.0.0/1,128.0.0.0/1, ::ffff:0.0.0.0/96), or a range wider than IPv4 /8 or IPv6 /7 stops the server at startup; none set is a warning (the server starts)`
        : `${variable} in a production .env file breaks a rule the server enforces at startup`,
    fix: ENV_FIX[variable] ?? `give ${variable} a valid value (see docs/security-check.md)`,
  }),
);

export const RULE_INPUT_SCHEMA: RuleInfo = {
  id: 'input-schema-invalid',
  refusedByServer: true,
  level: 'error',
  description: "A workflow's input_schema is not a valid JSON Schema (draft 2020-12, strict)",
  fix: 'correct the schema; the server refuses the workflow with 422 until then',
};

export const RULE_SECRET_MISSING: RuleInfo = {
  id: 'secret-reference-missing',
  level: 'error',
  description:
    'A {{secrets.NAME}} reference names a secret that is neither in the --env environment nor shared',
  fix: 'create it with `fibonacci secret set NAME --env E` (or without --env for the shared scope)',
};

export const RULE_SECRET_MISSPELT: RuleInfo = {
  id: 'secret-reference-misspelt',
  level: 'warning',
  description:
    'A string reads like a {{secrets.NAME}} reference and is not one: the server sends it to the tool as text (an error, which the server refuses at create, when it has the form {{secrets.…}} around no secret name)',
  fix: 'write it as {{secrets.NAME}}: two braces each side, `secrets` in lowercase, a dot, then letters, digits and _',
};

export const RULE_SECRET_CREDENTIAL: RuleInfo = {
  id: 'secret-reference-credential',
  refusedByServer: true,
  level: 'error',
  description:
    "A {{secrets.…}} reference, or text that reads like one, holds a value that looks like a credential where a secret's name goes: it is stored with the workflow",
  fix: 'store the value as a secret (`fibonacci secret set NAME`), write {{secrets.NAME}} in its place, and rotate it if the file was shared',
};

export const RULE_POLICY: RuleInfo = {
  id: 'fibonacci-yaml-access-policy',
  refusedByServer: true,
  level: 'error',
  description: "fibonacci.yaml's access_control is invalid (roles, patterns, actions)",
  fix: 'define every role under access_control.roles before a rule names it; use known actions',
};

export const RULE_NETWORK: RuleInfo = {
  id: 'fibonacci-yaml-network',
  refusedByServer: true,
  level: 'error',
  description: "fibonacci.yaml's security.network lists an invalid IP address or CIDR range",
  fix: 'write each entry as an IPv4/IPv6 address or CIDR range (10.0.0.0/8, 2001:db8::/32)',
};

export const RULE_NEVER_MATCHES: RuleInfo = {
  id: 'fibonacci-yaml-rule-never-matches',
  level: 'warning',
  description: 'A fibonacci.yaml access or network rule that can never take effect',
  fix: 'remove the rule, or correct its pattern or address so that it can match',
};

export const RULE_SOC2: RuleInfo = {
  id: 'fibonacci-yaml-soc2-control',
  refusedByServer: true,
  level: 'error',
  description: 'compliance.soc2.controls names something that is not a SOC 2 Trust Services Criteria id',
  fix: 'use the criteria ids of the AICPA 2017 TSC (CC1.1 … CC9.2, A1.1 … A1.3, C1.1, C1.2, PI1.1 … PI1.5, P1.1 … P8.1)',
};

export const RULE_IGNORE: RuleInfo = {
  id: 'ignore-comment-invalid',
  level: 'warning',
  description: 'A fibonacci:ignore comment without a known rule id or without a reason (it silences nothing)',
  fix: 'write it as `fibonacci:ignore RULE-ID why this is not a secret`',
};

export const RULE_UNCHECKED: RuleInfo = {
  id: 'file-too-large-to-parse',
  level: 'warning',
  description:
    'A .env or fibonacci.yaml file larger than 1 MiB: checked for credentials only, its server rules were not checked',
  fix: 'keep the file under 1 MiB (move data out of it), then run the check again',
};

/** The most findings one file's report lists; the rest are counted in one finding of this rule. */
export const MAX_FINDINGS_PER_FILE = 200;

export const RULE_CAPPED: RuleInfo = {
  id: 'findings-capped',
  level: 'error',
  description: `A file with more findings than a report lists (the first ${MAX_FINDINGS_PER_FILE} are listed)`,
  fix: 'remove the hardcoded values listed, then run again to see the rest',
};

/** Every rule, credential rules first. Ids are unique (a test checks). */
export const ALL_RULES: readonly RuleInfo[] = [
  ...ALL_CREDENTIAL_RULES.map(({ id, level, description, fix }) => ({
    id,
    level,
    description,
    fix,
    fix_by_file: fixesByFile({ fix }),
  })),
  ...ENV_RULES,
  RULE_POLICY,
  RULE_NETWORK,
  RULE_NEVER_MATCHES,
  RULE_SOC2,
  RULE_INPUT_SCHEMA,
  RULE_SECRET_MISSING,
  RULE_SECRET_MISSPELT,
  RULE_SECRET_CREDENTIAL,
  RULE_IGNORE,
  RULE_CAPPED,
  RULE_UNCHECKED,
];

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/** A rule by id. */
export function ruleById(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
