import { parse as parseDotenv } from 'dotenv';
import { pushAll } from '../arrays.js';
import { APP_ENVS, evaluateSettings, FILLED_SESSION_SECRET, SETTINGS_VARIABLES } from '../server-rules.js';
import { isReference } from './entropy.js';
import type { MaskSpan, RawFinding } from './finding.js';
import { envRuleId, ruleById } from './rules.js';
import type { LineIndex } from './scan-text.js';

// Production .env files judged by the server's own startup rules (lib/server-rules.ts, the module
// the emulator enforces them with). Which files count as production:
// - a name with a `production` or `prod` part (`.env.production`, `.env.prod.local`, `prod.env`),
//   judged by production's rules whatever APP_ENV it sets: an APP_ENV that is no environment
//   (`prod`) is then its own finding, and switches none of the others off;
// - any .env file that sets APP_ENV=production, or an APP_ENV that is no environment (the server
//   refuses to start with it);
// but never a template (`.example`, `.sample`, `.template`, `.dist` in the name): those document
// the variables, they are not deployed.

const TEMPLATE = /(?:^|\.)(?:example|sample|template|dist|tmpl)(?:\.|$)/i;

/** Whether a dotenv file's name marks it as production's (and not a template). */
export function productionByName(name: string): boolean {
  return !TEMPLATE.test(name) && name.split('.').some((part) => /^(?:production|prod)$/i.test(part));
}

/** The server's variable whose value is a secret: masked in every excerpt, as a credential is. */
const SECRET_VARIABLE = 'SESSION_SECRET_KEY';

/**
 * The startup-rule findings of one .env file (none unless it is a production file), and the value
 * spans every excerpt of the file masks: the session key's literal always (the rule's fix calls it a
 * hardcoded credential, and it is one whether or not it is long enough), and each judged variable's
 * value past the 4 characters its message shows (someone pastes a secret into the wrong variable).
 */
export function envProductionFindings(
  name: string,
  text: string,
  lines: LineIndex,
): { findings: RawFinding[]; masks: MaskSpan[] } {
  const parsed = parseDotenv(text);
  const session = parsed[SECRET_VARIABLE];
  const secret = session !== undefined && !isReference(session);
  const masks = secret ? valueSpans(text, lines, new Set([SECRET_VARIABLE])) : [];
  const findings = judged(name, parsed, text, lines);
  const judgedNames = new Set(findings.map((f) => f.subject).filter((v) => v !== SECRET_VARIABLE));
  if (judgedNames.size > 0)
    pushAll(
      masks,
      valueSpans(text, lines, judgedNames).map((s) => ({ ...s, keep: 4 })),
    );
  return { findings, masks };
}

function judged(name: string, parsed: Record<string, string>, text: string, lines: LineIndex): RawFinding[] {
  if (TEMPLATE.test(name)) return [];
  const byName = productionByName(name);
  const appEnv = parsed.APP_ENV?.trim().toLowerCase();
  // An APP_ENV that is no environment (`prod`) is refused by the server at start, whatever the
  // file's name: judged by production's rules, where it is its own finding.
  const unknownEnv =
    appEnv !== undefined && appEnv !== '' && !(APP_ENVS as readonly string[]).includes(appEnv);
  if (!byName && appEnv !== 'production' && !unknownEnv) return [];

  const vars: Record<string, string> = {};
  for (const variable of SETTINGS_VARIABLES) {
    const value = parsed[variable];
    if (value === undefined) continue;
    // A reference (`${SESSION_SECRET}`) is filled in at deploy time: judge it as set, not as its text.
    if (isReference(value)) {
      if (variable === 'SESSION_SECRET_KEY') vars[variable] = FILLED_SESSION_SECRET;
      continue;
    }
    vars[variable] = value;
  }
  return evaluateSettings(vars, 'production').findings.map((f) => {
    const rule = ruleById(envRuleId(f.variable));
    if (!rule) throw new Error(`no rule for ${f.variable}`);
    const at = definition(text, lines, f.variable);
    return {
      rule,
      level: f.severity === 'fatal' ? 'error' : 'warning',
      // A variable the file does not set has no line: the finding is the file's (no excerpt, no
      // caret under an unrelated first line), and says which file.
      ...(at ?? { line: 1, column: 1, whole: true as const }),
      message: at === undefined ? inFile(f.message, f.variable, name) : f.message,
      subject: f.variable,
    };
  });
}

/** `X is not set; …` as `X is not set in .env.prod; …` (the server's words, and where it is missing from). */
function inFile(message: string, variable: string, name: string): string {
  const unset = `${variable} is not set`;
  return message.startsWith(unset) ? `${unset} in ${name}${message.slice(unset.length)}` : message;
}

/** Where a variable is defined (`NAME=` or `export NAME=`); undefined when the file does not set it. */
function definition(
  text: string,
  lines: LineIndex,
  variable: string,
): { line: number; column: number } | undefined {
  const m = new RegExp(`^[ \\t]*(?:export[ \\t]+)?(${variable})[ \\t]*[=:]`, 'dm').exec(text);
  const at = m?.indices?.[1]?.[0];
  return at === undefined ? undefined : lines.position(at);
}

/** `NAME=value` (or `export NAME=value`, dotenv's names): the value from its first non-blank character. */
const ENTRY = /^([ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*=[ \t]*)(.*)$/;

/**
 * The value of every definition of `names` (dotenv lets the last win, so each is masked), to the end
 * of its line, or to its closing quote when a quoted value goes on over the lines below.
 */
function valueSpans(text: string, lines: LineIndex, names: ReadonlySet<string>): MaskSpan[] {
  const spans: MaskSpan[] = [];
  const count = lines.position(text.length).line;
  for (let n = 1; n <= count; n++) {
    const m = ENTRY.exec(lines.lineText(n));
    if (!m || !names.has(m[2] as string) || m[3] === '') continue;
    const start = lines.lineStart(n) + (m[1] as string).length;
    let end = lines.lineStart(n) + (m[0] as string).length;
    const quote = (m[3] as string)[0] as string;
    if (`"'\``.includes(quote) && !(m[3] as string).slice(1).includes(quote)) {
      const close = text.indexOf(quote, start + 1);
      if (close !== -1) end = close + 1;
    }
    spans.push({ start, end, secret: text.slice(start, end) });
  }
  return spans;
}
