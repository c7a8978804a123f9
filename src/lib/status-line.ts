/** Carriage return, then ESC [2K (erase the whole line): the cursor is back at column 0 of an empty line. */
const ERASE_LINE = '\r\x1b[2K';

/**
 * The one status line at the bottom of a terminal's stderr (an export's progress), redrawn in place,
 * and what every other write to that terminal must do about it: a message goes above it (the line
 * erased, the message, the status drawn again, in one write), and stdout data for the same terminal
 * erases it first. It never reaches the terminal itself: `write` is the IO's raw stderr.
 */
export class StatusLine {
  /** The status on screen (its text), or undefined. */
  private shown: string | undefined;
  /** Stdout is this terminal too and its last bytes did not end a line. */
  private outMidLine = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly stderrIsTTY: () => boolean,
    private readonly stdoutIsTTY: () => boolean,
  ) {}

  /** Show `text` in place of the status before; only on a TTY (a pipe gets nothing). */
  draw(text: string): void {
    // Drawn on a line that holds half a line of data (an export to the terminal) it would erase it.
    if (!this.stderrIsTTY() || this.outMidLine) return;
    this.write(`${ERASE_LINE}${text}`);
    this.shown = text;
  }

  clear(): void {
    if (this.shown === undefined) return;
    this.write(ERASE_LINE);
    this.shown = undefined;
  }

  /** Write a message to stderr above the status, which is drawn again below a whole line. */
  message(text: string): void {
    const shown = this.shown;
    if (shown === undefined) this.write(text);
    else if (text.endsWith('\n')) this.write(`${ERASE_LINE}${text}${shown}`);
    else {
      this.write(`${ERASE_LINE}${text}`); // a partial line (a prompt): the status gives way
      this.shown = undefined;
    }
  }

  /**
   * Before data for stdout: on the same terminal it must not land on the status line, so that is
   * erased; the next draw() puts it back below the data, once the data ended its line.
   */
  beforeOut(data: string | Uint8Array): void {
    if (!this.stdoutIsTTY() || data.length === 0) return;
    this.clear();
    const last = typeof data === 'string' ? data.charCodeAt(data.length - 1) : data[data.length - 1];
    this.outMidLine = last !== 0x0a;
  }
}
