import type { FileKind } from './file-kinds.js';
import type { RuleInfo } from './types.js';

// A hardcoded credential's fix by the kind of file it is in. A rule's own fix is a workflow's: write
// {{secrets.NAME}} in the value's place, which a workflow definition resolves when it runs. A .env
// file and fibonacci.yaml resolve no such reference (a .env file that held it would set the variable
// to those characters): their fix is to keep the value out of the file, in the secret store, and to
// reference it from the workflow that uses it (ENVFIX). The rule's last step (revoke, roll, change
// the password) is the same in every file.

/** Where a finding's fix is written for: a workflow definition (the rule's fix), fibonacci.yaml, a .env file. */
export type FixPlace = 'workflow' | 'config' | 'env';

const KEEP_OUT: Record<Exclude<FixPlace, 'workflow'>, string> = {
  env: "keep the value out of the .env file: set it with `fibonacci secret set NAME --env E` (or in the deployment's secret store) and reference it from the workflow as {{secrets.NAME}}",
  config:
    'keep the value out of fibonacci.yaml (it is committed and sent by `fibonacci access apply`): set it with `fibonacci secret set NAME` and reference it from the workflow that uses it as {{secrets.NAME}}',
};

/** The place a file of this kind is fixed as: a `.env*` settings file that is no workflow is a .env file's. */
export function fixPlace(kind: FileKind): FixPlace {
  if (kind === 'env' || kind === 'settings') return 'env';
  return kind === 'config' ? 'config' : 'workflow';
}

/** A credential rule's fix in a file of `place`: its own in a workflow, else keep-out and its last step. */
export function credentialFix(rule: Pick<RuleInfo, 'fix'>, place: FixPlace): string {
  if (place === 'workflow') return rule.fix;
  const at = rule.fix.lastIndexOf('; ');
  return at === -1 ? KEEP_OUT[place] : `${KEEP_OUT[place]}; ${rule.fix.slice(at + 2)}`;
}

/** What `--list-rules` and SARIF's rule help say of a credential rule: its fix in each kind of file. */
export function fixesByFile(rule: Pick<RuleInfo, 'fix'>): {
  workflow: string;
  'fibonacci.yaml': string;
  '.env': string;
} {
  return {
    workflow: rule.fix,
    'fibonacci.yaml': credentialFix(rule, 'config'),
    '.env': credentialFix(rule, 'env'),
  };
}
