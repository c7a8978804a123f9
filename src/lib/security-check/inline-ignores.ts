import { closest } from '../closest.js';
import { type Comment, comments, type Syntax } from './comments.js';
import type { RawFinding } from './finding.js';
import { ALL_RULES, RULE_IGNORE, ruleById } from './rules.js';
import type { LineIndex } from './scan-text.js';

// `fibonacci:ignore RULE reason` in a comment silences RULE on its own line, and on the line after
// it when the comment is alone on its line (one at the end of a line of code covers that line only,
// which is where a reviewer reads it). Only a comment token counts (comments.ts): a directive inside
// a string value silences nothing. Both the rule id and a reason are required: an ignore that cannot say why is itself reported
// (as a warning) and silences nothing, so a reviewer always sees the justification.

const RULE_ID_SHAPE = /^[a-z0-9-]{1,64}$/;
const DIRECTIVE = /fibonacci:ignore(?:[ \t]+([^\s]+))?(?:[ \t]+([^\r\n]*))?/dg;

/** ` "bearer-authorizaton" (did you mean bearer-authorization?)`: a typo shows the id it missed. */
function unknownRule(rule: string): string {
  if (!RULE_ID_SHAPE.test(rule)) return '';
  const near = closest(
    rule,
    ALL_RULES.map((r) => r.id),
  );
  return ` "${rule}"${near === undefined ? '' : ` (did you mean ${near}?)`}`;
}

/** The valid ignores of one file, by 1-based line. */
export class InlineIgnores {
  private readonly byLine = new Map<number, Set<string>>();
  /** Findings for directives that are not valid. */
  readonly invalid: RawFinding[] = [];

  constructor(text: string, lines: LineIndex, syntax: Syntax) {
    if (!text.includes('fibonacci:ignore')) return;
    for (const comment of comments(text, syntax))
      this.read(text.slice(comment.start, comment.end), comment, lines);
  }

  private read(body: string, comment: Comment, lines: LineIndex): void {
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(body); m !== null; m = DIRECTIVE.exec(body)) {
      const { line, column } = lines.position(comment.start + m.index);
      const rule = m[1];
      const reason = (m[2] ?? '').replace(/\s*(?:-->|\*\/)\s*$/, '').trim();
      let problem: string | undefined;
      if (rule === undefined) problem = 'fibonacci:ignore names no rule';
      // The word may be a token or a password typed after the directive: quoted only when it has
      // a rule id's shape.
      else if (!ruleById(rule)) problem = `fibonacci:ignore names an unknown rule${unknownRule(rule)}`;
      else if (reason === '') problem = `fibonacci:ignore ${rule} gives no reason`;
      else if (ruleById(rule)?.refusedByServer)
        problem = `fibonacci:ignore cannot silence ${rule}: the server refuses the file until it is fixed`;
      if (problem) {
        this.invalid.push({
          rule: RULE_IGNORE,
          line,
          column,
          message: `${problem}; it silences nothing`,
          subject: m[0].trim(),
        });
        continue;
      }
      // The rule's own id, not the match: a slice of the text would keep the whole file alive for
      // as long as these ignores are (the --env check holds them until the scan ends).
      const id = ruleById(rule as string)?.id as string;
      for (const at of comment.alone ? [line, line + 1] : [line]) {
        const set = this.byLine.get(at) ?? new Set<string>();
        set.add(id);
        this.byLine.set(at, set);
      }
    }
  }

  /** Whether a finding of `rule` on `line` is silenced. */
  silences(rule: string, line: number): boolean {
    return this.byLine.get(line)?.has(rule) === true;
  }
}
