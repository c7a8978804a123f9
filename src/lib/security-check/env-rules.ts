import { parse as parseDotenv } from 'dotenv';
import { evaluateSettings, MIN_SESSION_SECRET_LENGTH, SETTINGS_VARIABLES } from '../server-rules.js';
import { isReference } from './entropy.js';
import type { RawFinding } from './finding.js';
import { envRuleId, ruleById } from './rules.js';
import type { LineIndex } from './scan-text.js';

// Production .env files judged by the server's own startup rules (lib/server-rules.ts, the module
// the emulator enforces them with). Which files count as production:
// - a name with a `production` or `prod` part (`.env.production`, `.env.prod.local`, `prod.env`),
//   judged by production's rules whatever APP_ENV it sets: an APP_ENV that is no environment
//   (`prod`) is then its own finding, and switches none of the others off;
// - any .env file that sets APP_ENV=production;
// but never a template (`.example`, `.sample`, `.template`, `.dist` in the name): those document
// the variables, they are not deployed.

const TEMPLATE = /(?:^|\.)(?:example|sample|template|dist|tmpl)(?:\.|$)/i;

/** Whether a dotenv file's name marks it as production's (and not a template). */
export function productionByName(name: string): boolean {
  return !TEMPLATE.test(name) && name.split('.').some((part) => /^(?:production|prod)$/i.test(part));
}

/** The startup-rule findings of one .env file; none unless it is a production file. */
export function envProductionFindings(name: string, text: string, lines: LineIndex): RawFinding[] {
  if (TEMPLATE.test(name)) return [];
  const parsed = parseDotenv(text);
  const byName = productionByName(name);
  const appEnv = parsed.APP_ENV?.trim().toLowerCase();
  if (!byName && appEnv !== 'production') return [];

  const vars: Record<string, string> = {};
  for (const variable of SETTINGS_VARIABLES) {
    const value = parsed[variable];
    if (value === undefined) continue;
    // A reference (`${SESSION_SECRET}`) is filled in at deploy time: judge it as set, not as its text.
    if (isReference(value)) {
      if (variable === 'SESSION_SECRET_KEY') vars[variable] = 'x'.repeat(MIN_SESSION_SECRET_LENGTH);
      continue;
    }
    vars[variable] = value;
  }
  return evaluateSettings(vars, 'production').findings.map((f) => {
    const rule = ruleById(envRuleId(f.variable));
    if (!rule) throw new Error(`no rule for ${f.variable}`);
    const { line, column } = definition(text, lines, f.variable);
    return {
      rule,
      level: f.severity === 'fatal' ? 'error' : 'warning',
      line,
      column,
      message: f.message,
      subject: f.variable,
    };
  });
}

/** Where a variable is defined (`NAME=` or `export NAME=`), else the top of the file. */
function definition(text: string, lines: LineIndex, variable: string): { line: number; column: number } {
  const m = new RegExp(`^[ \\t]*(?:export[ \\t]+)?(${variable})[ \\t]*[=:]`, 'dm').exec(text);
  const at = m?.indices?.[1]?.[0];
  return at === undefined ? { line: 1, column: 1 } : lines.position(at);
}
