import { clearStatusLine, statusLine } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import type { IO } from '../../lib/io.js';

/** How often the progress line may be redrawn. */
const REDRAW_MS = 200;

/**
 * A one-line `Exported 12,345 events (4,321 events/s)` at the bottom of stderr, redrawn in place, on
 * a TTY only. It is the IO's status line, so a retry notice printed meanwhile goes above it.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly io: IO,
    /** Events already written before this run (a resumed export). */
    private readonly base: number,
  ) {}

  update(count: number): void {
    if (!this.io.stderrIsTTY) return;
    const t = performance.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    const rate = (count - this.base) / Math.max(0.001, (t - this.started) / 1000);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    statusLine(this.io, `Exported ${plural(Math.round(count), 'event')} (${fmt(rate)} events/s)`);
  }

  /** Erase the line before the summary or the error. */
  clear(): void {
    clearStatusLine(this.io);
  }
}
