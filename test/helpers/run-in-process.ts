import { FakeIO, type FakeIOOptions } from '../../src/lib/fake-io.js';
import { type KeyStore, MemoryKeyStore } from '../../src/lib/keychain.js';
import { run } from '../../src/main.js';
import type { FakeApi } from './fake-api.js';
import type { ManualClock } from './manual-clock.js';

export interface InProcessOptions extends FakeIOOptions {
  env?: Record<string, string>;
  keychain?: KeyStore;
  insecureFile?: KeyStore;
  api?: FakeApi;
  now?: Date;
  /** The CLI's now() and every wait it makes (--follow's polls, the client's retries), in fake time. */
  clock?: ManualClock;
  /** Use this FakeIO (built by the test, e.g. to interrupt a running command) instead of a new one. */
  io?: FakeIO;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  io: FakeIO;
}

/** Run the CLI in-process with fake IO, a memory keychain and a stubbed API: argv → what a user sees. */
export async function runInProcess(argv: string[], o: InProcessOptions = {}): Promise<InProcessResult> {
  const io = o.io ?? new FakeIO(o);
  const env = { XDG_CONFIG_HOME: '/nonexistent-fibonacci-test-config', ...(o.env ?? {}) };
  const code = await run(argv, {
    io,
    env,
    overrides: {
      keychain: o.keychain ?? new MemoryKeyStore(),
      insecureFile: o.insecureFile ?? new MemoryKeyStore(),
      createApiClient: o.api?.factory,
      clock: o.clock?.now ?? (o.now ? () => o.now as Date : undefined),
      sleep: o.clock?.sleep,
    },
  });
  return { code, stdout: io.stdoutText, stderr: io.stderrText, io };
}
