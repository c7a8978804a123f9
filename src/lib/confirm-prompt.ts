import type { ReadStream } from 'node:tty';
import { CliError } from './errors.js';
import { escapeEnd, PASTE_END, PASTE_START, rawSession, wrappingLine } from './raw-session.js';

// The yes/no question (io.ts's confirm: `secret delete`, the `secret set --env` typo question), our
// own rather than @inquirer/prompts' confirm, which echoed whatever was typed: a secret pasted into
// the question (taken for the value prompt) showed in clear on the terminal.
//
//   - What is typed is shown only while it is y, yes, n or no (or on the way to one: `ye`); anything
//     else is shown as nothing, and Enter on it says `please answer y or n` and asks again.
//   - A paste (bracketed, or Enter followed at once by more input) is never shown while it comes,
//     and is an answer only when it is one (a pasted `y`).
//   - Enter alone takes the default; Backspace, Ctrl-U and Ctrl-W edit; Ctrl-C and Ctrl-D are
//     `interrupted`; Ctrl-Z and `fg` work as at the masked prompt (raw-session.ts).

/** What is shown as typed: an answer, or the start of one. */
const ANSWER = /^(?:y|ye|yes|n|no)$/i;
/** The most kept of what is typed; past it the answer is no answer. */
const KEPT = 8;

export interface ConfirmPromptOptions {
  input: ReadStream;
  /** Where the question is drawn: the terminal (never a redirected stderr). */
  draw: (text: string) => void;
  message: string;
  defaultValue: boolean;
  /** The terminal's width now, for a question that wraps (wrappingLine). */
  columns?: () => number | undefined;
}

/** Ask a yes/no question at the terminal in raw mode. Rejects with a CliError (interrupted). */
export function confirmPrompt(o: ConfirmPromptOptions): Promise<boolean> {
  const question = `? ${o.message} ${o.defaultValue ? '(Y/n)' : '(y/N)'} `;
  let typed = '';
  /** More than KEPT characters were typed or pasted since the question was (last) asked. */
  let tooMany = false;
  let inPaste = false;
  let pendingEscape = '';
  let shown = '';

  const drawn = wrappingLine(o.columns ?? (() => undefined));
  const line = () => drawn.at(`${question}${shown}`);
  const session = rawSession<boolean>({
    input: o.input,
    draw: o.draw,
    line,
    rawFailedHint: 'pass --yes to go on without being asked',
    onText: (text) => onText(text),
  });
  const type = (text: string) => {
    if (tooMany || typed.length + text.length > KEPT) {
      tooMany = true;
      typed = '';
    } else typed += text;
  };
  const answer = (pasted: boolean) => {
    const said = typed.toLowerCase();
    const yes = said === 'y' || said === 'yes';
    if (!pasted && !tooMany && (yes || said === 'n' || said === 'no' || said === '')) {
      const value = said === '' ? o.defaultValue : yes;
      o.draw(drawn.over(`${question}${value ? 'yes' : 'no'}`));
      session.finish(undefined, value);
      return;
    }
    typed = '';
    tooMany = false;
    shown = '';
    o.draw(`${drawn.over(question)}\nplease answer y or n\n${line()}`);
  };

  const onText = (data: string) => {
    const text = pendingEscape + data;
    pendingEscape = '';
    let i = 0;
    while (i < text.length && !session.done) {
      const c = text.charCodeAt(i);
      if (c === 0x1b) {
        const end = escapeEnd(text, i);
        if (end < 0) {
          pendingEscape = text.slice(i);
          break;
        }
        const seq = text.slice(i, end);
        if (seq === PASTE_START) inPaste = true;
        else if (seq === PASTE_END) inPaste = false;
        i = end;
        continue;
      }
      const ch = String.fromCodePoint(text.codePointAt(i) as number);
      i += ch.length;
      if (inPaste) type(ch);
      else if (c === 0x0d || c === 0x0a) {
        // Enter with more right after it (CR LF aside) is a paste the terminal did not mark: no
        // answer, whatever it starts with, and the rest of it is dropped.
        const rest = text.slice(c === 0x0d && text.charCodeAt(i) === 0x0a ? i + 1 : i);
        answer(rest !== '');
        if (rest !== '') break;
      } else if (c === 0x7f || c === 0x08) typed = tooMany ? '' : Array.from(typed).slice(0, -1).join('');
      else if (c === 0x15 || c === 0x17) {
        typed = '';
        tooMany = false;
      } else if (c === 0x03 || c === 0x04) session.finish(new CliError('interrupted', 'interrupted'));
      else if (c === 0x1a) session.suspend();
      else if (c >= 0x20 && c !== 0x7f) type(ch);
    }
    if (session.done) return;
    const visible = !inPaste && !tooMany && ANSWER.test(typed) ? typed : '';
    if (visible !== shown) {
      shown = visible;
      o.draw(drawn.over(`${question}${shown}`));
    }
  };

  return session.start();
}
