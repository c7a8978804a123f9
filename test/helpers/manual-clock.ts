/**
 * Time for a test: it moves only when told (advance) or when the code under test waits (sleep),
 * so rate-limit windows and --follow's polls run in no real time and in an exact order.
 *
 *   const clock = new ManualClock();
 *   const emu = await startInProcess({ clock });              // the server's now()
 *   clock.onSleep = (waits) => { if (waits.length === 3) io.interrupt('SIGINT'); };
 *   await runInProcess(['audit', 'logs', '--follow'], { clock, io, env });   // the CLI's now() and sleep()
 *   expect(clock.waits).toEqual([1000, 2000, 5000]);
 */
export class ManualClock {
  /** Every wait asked for, in milliseconds, in order. */
  readonly waits: number[] = [];
  /** The test's turn at each wait, after the clock has moved: change the server, interrupt… */
  onSleep: ((waits: readonly number[]) => void | Promise<void>) | undefined;

  constructor(public current = new Date('2026-11-29T10:30:00.000Z')) {}

  now = (): Date => new Date(this.current.getTime());

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  /** A wait as Context.sleep makes it: the clock moves by `ms`; an abort during it rejects. */
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    this.waits.push(ms);
    this.advance(ms);
    await this.onSleep?.(this.waits);
    if (signal?.aborted) throw signal.reason;
  };
}
