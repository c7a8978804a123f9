import { Help, type HelpConfiguration } from '@commander-js/extra-typings';
import { maxOf } from '../lib/arrays.js';

// Help text wraps at the terminal's width, as gh's does. Commander wraps a description only when
// the room beside its term is at least minWidthToWrap (40) wide, so below about 63 columns an
// option's description ran on unwrapped and the terminal broke it mid-word; the help topics
// (`help exit-codes`, `help environment`) were never wrapped at all.

/** Narrower than this beside its term, a description goes on the lines below it instead. */
const MIN_BESIDE = 20;
/** Where a description below its term starts. */
const BELOW_INDENT = 6;
/** Narrower than this, no text is wrapped: a word a line helps no one. */
const MIN_WRAP = 10;

/**
 * One term and its description at `width`: the description beside the term, wrapped at word
 * boundaries, or, when the room beside it is under MIN_BESIDE, on its own lines under the term.
 * `indent` spaces go before the term; the continuation lines line up with the description.
 */
export function formatTermItem(
  help: Help,
  term: string,
  termWidth: number,
  description: string,
  width: number,
  indent = 2,
): string {
  const lead = ' '.repeat(indent);
  if (!description) return lead + term;
  const beside = width - indent - termWidth - 2;
  if (beside >= MIN_BESIDE || width < MIN_WRAP + BELOW_INDENT) {
    const text = beside >= MIN_BESIDE ? wrap(help, description, beside) : description;
    return `${lead}${term.padEnd(termWidth)}  ${text.replace(/\n/g, `\n${' '.repeat(indent + termWidth + 2)}`)}`;
  }
  const below = ' '.repeat(BELOW_INDENT);
  return `${lead}${term}\n${below}${wrap(help, description, width - BELOW_INDENT).replace(/\n/g, `\n${below}`)}`;
}

/** `text` cut into lines of at most `width` at whitespace (a longer word keeps its own line). */
const wrap = (help: Help, text: string, width: number) => help.boxWrap(text, width);

/**
 * The help configuration every command inherits (set on the root before any subcommand exists):
 * commander's own layout, with descriptions wrapped from MIN_BESIDE columns beside their term and
 * under it below that.
 */
export const HELP_LAYOUT: HelpConfiguration = {
  minWidthToWrap: MIN_WRAP,
  formatItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
    if (helper.preformatted(description))
      return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
    return formatTermItem(helper, term, termWidth, description, helper.helpWidth ?? 80);
  },
};

/** Two columns of help-topic text (`help exit-codes`, `help environment`) at `width`. */
export function formatTopic(rows: ReadonlyArray<readonly [string, string]>, width: number): string {
  const help = Object.assign(new Help(), { minWidthToWrap: MIN_WRAP });
  const termWidth = maxOf(rows.map(([term]) => term.length));
  return `${rows.map(([term, text]) => formatTermItem(help, term, termWidth, text, width, 0)).join('\n')}\n`;
}
