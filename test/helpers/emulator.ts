/**
 * Spawn the BUILT CLI (`npm run build` first): `fibonacci emulator start` on a throw-away data dir,
 * and `runCli` for any other command, each in a clean environment.
 *
 *   const emu = await startEmulator();                 // waits for the listening line
 *   const r = await runCli(['auth', 'status'], { env: emu.env });
 *   const viewerKey = await emu.addUser('viewer');
 *   const res = await apiRequest(emu, 'GET', '/api/v1/auth/me');   // over real TLS 1.3
 *   await emu.stop();                                   // SIGTERM; resolves with the exit code
 *
 * Every emulator started here is tracked; an afterAll registered by this module (and a process
 * 'exit' handler) SIGKILLs any still running, so a failing test never leaks one. Call
 * `stopAllEmulators()` yourself for finer control. Temporary dirs made here are removed at the end.
 */
import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll } from 'vitest';

/** The repository root and the CLI entry point the package's `bin` names. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
export const CLI_BIN = join(REPO_ROOT, Object.values(pkg.bin)[0] ?? 'bin/fibonacci.cjs');

const tempDirs = new Set<string>();
const running = new Set<EmulatorHandle>();

/** A temporary directory removed when the test file ends. */
export function tempDir(prefix = 'fib-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * A clean environment for a spawned CLI: PATH, TZ, and a fresh HOME / XDG_CONFIG_HOME /
 * XDG_DATA_HOME / XDG_CACHE_HOME under a temp dir; no NO_COLOR, no CI, no FIBONACCI_*; then `extra`.
 * Pass the same `HOME`/`XDG_*` in `extra` across calls for state that must persist between them.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir('fib-home-');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TZ: process.env.TZ ?? 'UTC',
  };
  return { ...env, ...extra };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Added to the clean environment (see cleanEnv). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; stdin is closed at once when absent. */
  input?: string | Buffer;
  /** Kill the CLI (SIGKILL) and fail after this long; default 30 s. */
  timeoutMs?: number;
  /** Run it under this umask (octal text, e.g. '022'), set by a shell that then execs node. */
  umask?: string;
}

/** A process still running, with what it has printed so far. */
export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
}

/**
 * Start `file …args` in a clean environment (see cleanEnv) and return at once, collecting its
 * output; `where` sets the working directory or the user to run as. runCli, runBin and
 * startEmulator all spawn through here (and end with waitExit), so they see the same environment
 * and report an exit the same way.
 */
export function spawnCollect(
  file: string,
  args: string[],
  env: Record<string, string> = {},
  where: { cwd?: string; uid?: number; gid?: number } = {},
): SpawnedCli {
  const child = spawn(file, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'], ...where });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.on('error', () => {}); // the process may exit without reading its input
  return { child, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Resolve with the exit code of `proc` (128+n when killed by signal n, as a shell reports it) once
 * it has exited and all its output is in. With `timeoutMs`, SIGKILL it and reject after that long,
 * quoting what it printed; `label` names it in that message.
 */
export function waitExit(proc: SpawnedCli, label: string, timeoutMs?: number): Promise<number> {
  const { child } = proc;
  return new Promise((resolvePromise, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(
              new Error(
                `${label} timed out after ${timeoutMs} ms\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`,
              ),
            );
          }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/**
 * Start `node -- bin/fibonacci.cjs …args` in a clean environment (see cleanEnv) and return at once,
 * collecting its output; for commands a test talks to while they run (`audit logs --follow`).
 */
export function spawnCli(args: string[], env: Record<string, string> = {}, umask?: string): SpawnedCli {
  const argv = ['--', CLI_BIN, ...args];
  if (umask === undefined) return spawnCollect(process.execPath, argv, env);
  if (!/^[0-7]{3,4}$/.test(umask)) throw new Error(`not a umask: ${umask}`);
  // exec: the shell becomes node, so signals and the exit code are node's own.
  return spawnCollect('/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, ...argv], env);
}

/** Run `node bin/fibonacci.cjs …args` in a clean environment; resolves when it exits. */
export async function runCli(args: string[], opts: RunCliOptions = {}): Promise<CliResult> {
  const proc = spawnCli(args, opts.env, opts.umask);
  proc.child.stdin.end(opts.input);
  const code = await waitExit(proc, `fibonacci ${args.join(' ')}`, opts.timeoutMs ?? 30_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface StartOptions {
  /** Data dir to use (default: a new temp dir). Reusing one keeps the database and the certificates. */
  dataDir?: string;
  /** Extra `emulator start` arguments, e.g. `['--require-client-cert']` or `['--rate-limit', '5']`. */
  args?: string[];
  /** Extra environment for the emulator process (e.g. FIBONACCI_EMULATOR_RATE_LIMIT). */
  env?: Record<string, string>;
  /** Port to listen on (default 0: any free port). */
  port?: number;
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

/** One access-log line: the exact attempts the server saw, whatever the client announced. */
export interface AccessLogLine {
  method: string;
  /** The request target as logged: the path only (the emulator never logs a query string). */
  url: string;
  /** `url` without a query (the same, since the log has none). */
  path: string;
  status: number;
}

function parseAccessLog(stderr: string): AccessLogLine[] {
  return stderr
    .split('\n')
    .map((l) => /^(GET|PUT|POST|DELETE|PATCH) (\S+) (\d{3}) /.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      method: m[1] as string,
      url: m[2] as string,
      path: (m[2] as string).split('?')[0] as string,
      status: Number(m[3]),
    }));
}

const LISTENING = /^Fibonacci emulator listening on (https:\/\/\S+) \(TLS 1\.3\)$/m;

/** Spawn `fibonacci emulator start --port 0 --data-dir <tmp>` and wait until it listens. */
export async function startEmulator(opts: StartOptions = {}): Promise<EmulatorHandle> {
  const dataDir = opts.dataDir ?? join(tempDir('fib-emu-'), 'data');
  const extraArgs = opts.args ?? [];
  const args = ['emulator', 'start', '--port', String(opts.port ?? 0), '--data-dir', dataDir, ...extraArgs];
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
      const r = await runCli(['emulator', 'add-user', '--data-dir', dataDir, '--role', role, ...more]);
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

afterAll(async () => {
  await stopAllEmulators();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
});
process.once('exit', () => {
  for (const h of running) h.process.kill('SIGKILL');
});

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
  text: string;
}

export interface ApiRequestOptions {
  /** Bearer key; the owner key by default, `null` for none. */
  key?: string | null;
  /** Sent as JSON (objects) or as-is (strings). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Present the emulator's client certificate (needs --require-client-cert at start). */
  clientCert?: boolean;
}

/** One HTTPS request to an emulator over TLS 1.3, trusting its CA; never throws on HTTP status. */
export async function apiRequest(
  emu: Pick<EmulatorHandle, 'url' | 'caCertPath' | 'ownerKey' | 'clientCertPath' | 'clientKeyPath'>,
  method: string,
  path: string,
  opts: ApiRequestOptions = {},
): Promise<ApiResponse> {
  const connect: Record<string, unknown> = { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' };
  if (opts.clientCert && emu.clientCertPath && emu.clientKeyPath) {
    connect.cert = readFileSync(emu.clientCertPath);
    connect.key = readFileSync(emu.clientKeyPath);
  }
  const dispatcher = new Agent({ connect });
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? emu.ownerKey : opts.key;
  if (key !== null) headers.authorization ??= `Bearer ${key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await request(new URL(path, emu.url), { method: method as 'GET', headers, body, dispatcher });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: parseBody(text), text };
  } finally {
    await dispatcher.close();
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A JSON request that announces `bytes` of body (Content-Length) and withholds them, for the
 * server's size limit: it must answer 413 from the header alone. Sending a body that large would
 * race the server's close (Fastify answers 413 with `Connection: close` without reading it, so the
 * rest of the upload meets a reset), and the client could see EPIPE instead of the answer.
 */
export function announceBody(
  emu: Pick<EmulatorHandle, 'url' | 'caCertPath' | 'ownerKey'>,
  method: string,
  path: string,
  bytes: number,
): Promise<ApiResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(
      new URL(path, emu.url),
      {
        method,
        ca: readFileSync(emu.caCertPath),
        minVersion: 'TLSv1.3',
        agent: false,
        headers: {
          authorization: `Bearer ${emu.ownerKey}`,
          'content-type': 'application/json',
          'content-length': String(bytes),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.once('end', () => {
          req.destroy();
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text), text });
        });
      },
    );
    // An error after the answer (the server closing a socket that still owes it bytes) changes
    // nothing: the promise is settled by then.
    req.on('error', reject);
    req.setTimeout(10_000, () =>
      req.destroy(
        new Error(`no answer within 10 s to ${bytes} bytes announced: the server waits for the body`),
      ),
    );
    req.flushHeaders();
  });
}

/** A JSON client over one pooled TLS 1.3 agent, for tests that send many requests with many keys. */
export interface KeyedClient {
  send(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

/**
 * A KeyedClient for `emu` (at `url`, default emu.url). `localAddress` sets the source address; undici
 * takes it on the agent, and silently ignores it under `connect`.
 */
export function keyedClient(
  emu: Pick<EmulatorHandle, 'url' | 'caCertPath'>,
  opts: { localAddress?: string; url?: string; connections?: number } = {},
): KeyedClient {
  const agent = new Agent({
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    connections: opts.connections ?? 16,
    connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' },
  });
  return {
    async send(method, path, key, body, headers = {}) {
      const all: Record<string, string> = { authorization: `Bearer ${key}`, ...headers };
      if (body !== undefined) all['content-type'] = 'application/json';
      const res = await agent.request({
        origin: opts.url ?? emu.url,
        path,
        method: method as 'GET',
        headers: all,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.body.text();
      return { status: res.statusCode, body: parseBody(text), text };
    },
    close: () => agent.close(),
  };
}
