import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { line } from '../../lib/display/messages.js';
import { printRows } from '../../lib/display/table.js';
import { styled, t } from '../../lib/display/text.js';
import { usageError } from '../../lib/errors.js';
import { ALL_RULES } from '../../lib/security-check/rules.js';
import type { RuleInfo } from '../../lib/security-check/types.js';

// `security check --list-rules`. On a terminal each rule is a block, its description and fix
// wrapped to the width: as a table the FIX column was cut on every row ("move it to the secret
// store (`fibon…"), and the fix is the part a reader came for. A pipe keeps the table's
// tab-separated rows, whole, for scripts.

export function listRules(format: string, ctx: Context): void {
  if (format === 'json') printJson(ctx.io, ALL_RULES);
  else if (format === 'sarif')
    throw usageError('--list-rules prints text or JSON', 'use --list-rules --json');
  else if (ctx.io.stdoutIsTTY) for (const [i, r] of ALL_RULES.entries()) block(ctx, r, i === 0);
  else
    printRows(
      ctx.io,
      [
        { header: 'id', value: (r) => r.id },
        { header: 'level', value: (r) => r.level },
        { header: 'description', value: (r) => r.description },
        { header: 'fix', value: (r) => r.fix },
        // A credential rule's fix in fibonacci.yaml and in a .env file (credential-fix.ts); empty for the others.
        { header: 'fix in fibonacci.yaml', value: (r) => r.fix_by_file?.['fibonacci.yaml'] ?? '' },
        { header: 'fix in .env', value: (r) => r.fix_by_file?.['.env'] ?? '' },
      ],
      ALL_RULES,
    );
}

function block(ctx: Context, rule: RuleInfo, first: boolean): void {
  const width = Math.max(40, ctx.io.columns);
  if (!first) line(ctx.io, '');
  // A long id and its level on one line would pass a narrow terminal's edge.
  if ([...rule.id].length + 2 + rule.level.length <= width)
    line(ctx.io, t`${styled('bold', rule.id)}  ${rule.level}`);
  else {
    // Wider than the terminal, an id is cut where the terminal would have wrapped it.
    for (const piece of wrap(rule.id, width)) line(ctx.io, t`${styled('bold', piece)}`);
    line(ctx.io, t`  ${rule.level}`);
  }
  for (const l of wrap(rule.description, width - 2)) line(ctx.io, t`  ${l}`);
  fixLines(ctx, 'fix: ', rule.fix, width);
  if (rule.fix_by_file) {
    fixLines(ctx, 'fix in fibonacci.yaml: ', rule.fix_by_file['fibonacci.yaml'], width);
    fixLines(ctx, 'fix in .env: ', rule.fix_by_file['.env'], width);
  }
}

/**
 * A fix under its label, wrapped, its lines after the first indented under the text: `fix:` begins
 * its first line; a longer label (`fix in .env:`) stands on a line of its own.
 */
function fixLines(ctx: Context, label: string, fix: string, width: number): void {
  const short = label === 'fix: ';
  if (!short) line(ctx.io, t`  ${label.trimEnd()}`);
  for (const [i, l] of wrap(fix, width - 7).entries())
    line(ctx.io, t`  ${short && i === 0 ? label : '     '}${l}`);
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  const words = text.split(' ').flatMap((w) => {
    const chars = [...w];
    if (chars.length <= width) return [w];
    const pieces: string[] = [];
    for (let i = 0; i < chars.length; i += width) pieces.push(chars.slice(i, i + width).join(''));
    return pieces;
  });
  for (const word of words) {
    if (current !== '' && [...current].length + 1 + [...word].length > width) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') out.push(current);
  return out;
}
