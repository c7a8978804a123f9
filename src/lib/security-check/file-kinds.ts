// What a file is to the scanner, by its name: the rules a walk and a named PATH go by, and the one
// rule `workflow create --file` reads a definition by (JSON unless the name ends .yaml/.yml).

/**
 * What a file is to the scanner: the project's config, a dotenv file, or maybe a workflow.
 * `settings`: a `.env*` name with a YAML or JSON extension (`.env.production.json`): read as what
 * its extension says, judged as a workflow when it is one, else for credentials only (no dotenv
 * rules: it sets no variable the way a dotenv file does).
 */
export type FileKind = 'config' | 'env' | 'data' | 'settings';

/** The kind of a file by its name, or undefined when the scanner does not read it. */
export function classify(name: string): FileKind | undefined {
  if (name === 'fibonacci.yaml' || name === 'fibonacci.yml') return 'config';
  // `.env.production.json` is settings; `.envoy.yaml` (Envoy's) is data, a workflow or skipped.
  if (/^\.env[._-]/.test(name) && /\.(?:ya?ml|json)$/i.test(name)) return 'settings';
  // `.env*` as the contract says it: .env, .env.local, .env-local, .env_prod, direnv's .envrc, and x.env.
  if (/^\.env(?:$|[._-]|rc$)/.test(name) || name.endsWith('.env')) return 'env';
  // `.envoy.yaml` is read as a workflow (its JSON escapes decoded, its input_schema judged) when it
  // is one, and listed as skipped otherwise.
  if (/\.(?:ya?ml|json)$/i.test(name)) return 'data';
  // Whatever else the glob matches (an editor's `.env~` or `.env#`, `.envfile`, `.env (copy)`).
  if (name.startsWith('.env')) return 'env';
  return undefined;
}

/**
 * How `workflow create --file` reads a definition: YAML when the name ends .yaml or .yml, JSON
 * whatever else it is called. The gate reads a file it judges by content the same way, so that
 * what create uploads from `wf.jsonc`, `wf.def` or `wf` is what the gate judged.
 */
export function definitionSyntax(name: string): 'json' | 'yaml' {
  return /\.ya?ml$/i.test(name) ? 'yaml' : 'json';
}

/**
 * Names a walk reads by content though no kind claims them: a JSON or YAML name with more after it
 * (`wf.jsonc`, `wf.json5`, `wf.yaml.tmpl`, `wf.json.bak`), read as create would read them (JSON)
 * and listed as skipped when they hold no workflow. Any other name is not opened in a walk (every
 * source file would be); named on the command line, any file is judged by its content.
 */
const DEFINITION_LIKE = /\.(?:jsonc|json5|(?:json|ya?ml)\.[^./]+)$/i;

/** The kind of a file a walk comes across: classify(), or a definition-like name read as one. */
export function walkedKind(name: string): FileKind | undefined {
  return classify(name) ?? (DEFINITION_LIKE.test(name) ? 'data' : undefined);
}
