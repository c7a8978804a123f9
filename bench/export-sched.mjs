// What the emulator got from the CPU during one run of the export benchmark: the time its threads
// ran and the time they were ready to run but waited for a core (Linux /proc/PID/task/*/schedstat:
// ns on a CPU, ns on a run queue). The server is the export's bottleneck; on a host with two cores,
// a client whose own threads (main, GC, JIT, fs writes) keep both cores busy makes the server wait
// even when it never waits for that client's requests: its wait then grows with the client's CPU,
// and the wall time with it. null where /proc has no schedstat.
import { readdirSync, readFileSync } from 'node:fs';

/** The summed run and wait time (ms) of every thread of `pid`, or null. */
export function schedOf(pid) {
  try {
    let run = 0;
    let wait = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [r, w] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        run += r;
        wait += w;
      } catch {
        // A thread that ended between the listing and the read.
      }
    }
    return { runMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return null;
  }
}

/** `work()`'s result with the emulator's run and wait time during it (`sched`: null when unknown). */
export function withSched(pid, work) {
  const before = schedOf(pid);
  const result = work();
  const after = schedOf(pid);
  const sched =
    before && after ? { runMs: after.runMs - before.runMs, waitMs: after.waitMs - before.waitMs } : null;
  return { ...result, sched };
}
