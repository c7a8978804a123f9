/**
 * Spawn the BUILT CLI's emulator (`npm run build` first): `fibonacci emulator start` on a
 * throw-away data dir, in a clean environment, and wait for its listening line.
 *
 *   const emu = await startEmulator();
 *   const r = await runCli(['auth', 'status'], { env: emu.env });       // spawn-cli.ts
 *   const viewerKey = await emu.addUser('viewer');
 *   const res = await apiRequest(emu, 'GET', '/api/v1/auth/me');       // api-request.ts
 *   await emu.stop();                                   // SIGTERM; resolves with the exit code
 *
 * Every emulator started here is tracked; an afterAll registered by this module (and a process
 * 'exit' handler) SIGKILLs any still running, so a failing test never leaks one. Call
 * `stopAllEmulators()` yourself for finer control.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type AccessLogLine, parseAccessLog } from './access-log.js';
import { runCli, spawnCli, waitExit } from './spawn-cli.js';
import { tempDir } from './temp-dir.js';

const running = new Set<EmulatorHandle>();

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface StartOptions {
  /** Data dir to use (default: a new temp dir). Reusing one keeps the database and the certificates. */
  dataDir?: string;
  /** Extra `emulator start` arguments, e.g. `['--require-client-cert']` or `['--rate-limit', '5']`. */
  args?: string[];
  /** Extra environment for the emulator process (e.g. FIBONACCI_EMULATOR_RATE_LIMIT). */
  env?: Record<string, string>;
  /** Port to listen on (default 0: any free port). */
  /** The --port (default 0); null gives none: the data dir's last port when free. */
  port?: number | null;
  /** How long to wait for the listening line; default 20 s. */
  timeoutMs?: number;
  /** Run it under this umask (see RunCliOptions.umask). */
  umask?: string;
}

/** A running emulator process. */
export interface EmulatorHandle {
  url: string;
  port: number;
  dataDir: string;
  caCertPath: string;
  /** The owner key, read from `<dataDir>/owner-key`. */
  ownerKey: string;
  /** Set when started with --require-client-cert. */
  clientCertPath: string | undefined;
  clientKeyPath: string | undefined;
  /** Everything a CLI run needs to talk to this emulator as the owner (plus mTLS files when set). */
  env: Record<string, string>;
  process: ChildProcess;
  /** Everything the emulator printed so far. */
  stdout(): string;
  stderr(): string;
  /** The API requests it has answered so far, from its access log on stderr. */
  accessLog(): AccessLogLine[];
  /**
   * `emulator add-user --role ROLE …extraArgs` on this data dir; resolves with the new key. ROLE
   * may be a custom role of the emulator's access policy.
   */
  addUser(role: Role | (string & {}), extraArgs?: string[]): Promise<string>;
  /** Send a signal (SIGTERM by default) and resolve with the exit code (128+n when killed by signal n). */
  stop(signal?: NodeJS.Signals): Promise<number>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Stop (if running) and start again on the same data dir, arguments and port. */
  restart(): Promise<EmulatorHandle>;
}

const LISTENING = /^Fibonacci emulator listening on (https:\/\/\S+) \(TLS 1\.3\)$/m;

/** Spawn `fibonacci emulator start --port 0 --data-dir <tmp>` and wait until it listens. */
export async function startEmulator(opts: StartOptions = {}): Promise<EmulatorHandle> {
  const dataDir = opts.dataDir ?? join(tempDir('fib-emu-'), 'data');
  const extraArgs = opts.args ?? [];
  const portArgs = opts.port === null ? [] : ['--port', String(opts.port ?? 0)];
  const args = ['emulator', 'start', ...portArgs, '--data-dir', dataDir, ...extraArgs];
  const proc = spawnCli(args, opts.env, opts.umask);
  const { child } = proc;
  child.stdin.end(); // it reads no input
  const exited = waitExit(proc, 'emulator');

  const timeoutMs = opts.timeoutMs ?? 20_000;
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `emulator did not start within ${timeoutMs} ms\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`,
        ),
      );
    }, timeoutMs);
    const onData = () => {
      const m = LISTENING.exec(proc.stdout());
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolvePromise(m[1] as string);
    };
    child.stdout.on('data', onData);
    exited.then(
      (code) => {
        clearTimeout(timer);
        reject(
          new Error(
            `emulator exited with code ${code} before listening\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`,
          ),
        );
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });

  const ownerKey = readFileSync(join(dataDir, 'owner-key'), 'utf8').trim();
  const mtls = extraArgs.includes('--require-client-cert');
  const caCertPath = join(dataDir, 'ca.pem');
  const clientCertPath = mtls ? join(dataDir, 'client.pem') : undefined;
  const clientKeyPath = mtls ? join(dataDir, 'client-key.pem') : undefined;
  const env: Record<string, string> = {
    FIBONACCI_BASE_URL: url,
    FIBONACCI_CA_CERT: caCertPath,
    FIBONACCI_API_KEY: ownerKey,
    ...(clientCertPath && clientKeyPath
      ? { FIBONACCI_CLIENT_CERT: clientCertPath, FIBONACCI_CLIENT_KEY: clientKeyPath }
      : {}),
  };
  let alive = true;
  const gone = () => {
    alive = false;
    running.delete(handle);
  };
  void exited.then(gone, gone);

  const handle: EmulatorHandle = {
    url,
    port: Number(new URL(url).port),
    dataDir,
    caCertPath,
    ownerKey,
    clientCertPath,
    clientKeyPath,
    env,
    process: child,
    stdout: proc.stdout,
    stderr: proc.stderr,
    accessLog: () => parseAccessLog(proc.stderr()),
    async addUser(role, more = []) {
      const r = await runCli([
        'emulator',
        'add-user',
        '--data-dir',
        dataDir,
        '--role',
        role,
        '--plain',
        ...more,
      ]);
      if (r.code !== 0) throw new Error(`emulator add-user failed (${r.code}): ${r.stderr}`);
      return r.stdout.trim();
    },
    async stop(signal = 'SIGTERM') {
      if (alive) child.kill(signal);
      return exited;
    },
    async kill() {
      if (alive) child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await handle.stop();
      const again = { ...opts, dataDir, port: handle.port };
      try {
        return await startEmulator(again);
      } catch (e) {
        // Someone took the port meanwhile: any free one will do.
        if (!/address already in use/.test(String(e))) throw e;
        return startEmulator({ ...again, port: 0 });
      }
    },
  };
  running.add(handle);
  return handle;
}

/** SIGKILL every emulator this module started that is still running, and wait for them to exit. */
export async function stopAllEmulators(): Promise<void> {
  await Promise.all([...running].map((h) => h.kill()));
}

afterAll(stopAllEmulators);
process.once('exit', () => {
  for (const h of running) h.process.kill('SIGKILL');
});
