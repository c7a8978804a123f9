import { constants, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { readFileAtMostSync } from '../lib/bounded-read.js';
import { plural } from '../lib/display/plural.js';
import { describeWriteError } from '../lib/write-errors.js';
import { bootstrapIfEmpty } from './bootstrap.js';
import { ensureCertificates } from './certs.js';
import { claimDataDir, DataDirLockedError } from './data-dir-claim.js';
import { dataPaths, ensureDataDir, writeDataFile } from './files.js';
import { takeUnreportedRenames } from './migrations.js';
import { createSecretsBackend } from './secrets/backend.js';
import { buildServer, DEFAULT_RATE_LIMIT_PER_MINUTE } from './server.js';
import { backendSource, loadServerSettings, type ServerSettings } from './settings.js';
import { openStore, type Store } from './store.js';

export { type AddUserOptions, addUser, NoEmulatorDataError } from './bootstrap.js';
export { DataDirLockedError } from './data-dir-claim.js';
export { UntrustedDataDirError } from './data-dir-trust.js';
export type { Store } from './store.js';

export interface EmulatorOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Port (default 0: any free port). `'last'`: the port this data dir's last start listened on
   * when it is free (so the URL a shell exported and a login stored for it still hold), else any.
   */
  port?: number | 'last';
  /** Where the database, certificates and owner key live. */
  dataDir: string;
  /** Demand a client certificate signed by the emulator's CA (mTLS); also writes one for clients. */
  requireClientCert?: boolean;
  /** Access-log and error lines (default: dropped). */
  log?: (line: string) => void;
  /** The clock for stored timestamps, expiry and rate windows (tests inject one). */
  now?: () => Date;
  /** Requests per minute per key (or per IP when unauthenticated). */
  rateLimitPerMinute?: number;
  /** Server settings (FIBONACCI_EMULATOR_RATE_LIMIT, …); the caller passes its environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A dotenv file with server settings; the environment wins over it. */
  envFile?: string;
  /** Already-checked server settings (the CLI checks them first to print findings); else read from env. */
  settings?: ServerSettings;
}

/** A listening emulator. */
export interface RunningEmulator {
  /** With port `'last'`: the last start's port, when it was taken and another one is used. */
  portMoved?: number;
  /** `https://host:port`, ready for FIBONACCI_BASE_URL. */
  url: string;
  host: string;
  port: number;
  dataDir: string;
  caCertPath: string;
  ownerKeyPath: string;
  /** The owner key, only when it was created by this start (it is shown once). */
  ownerKey: string | undefined;
  /** Client certificate and key for mTLS, when requireClientCert is set. */
  clientCertPath: string | undefined;
  clientKeyPath: string | undefined;
  store: Store;
  /** Stop accepting connections, finish in-flight requests, checkpoint and close the database. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Start the local Fibonacci API over TLS 1.3 on a data dir, creating it on first start. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  // Settings are judged before anything is created or listened on: a refused start opens no port.
  const settings = options.settings ?? loadServerSettings(options.env ?? {}, options.envFile).settings;
  const rateLimitPerMinute =
    options.rateLimitPerMinute ?? settings.rateLimit ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  const rateLimitWindowMs = options.rateLimitPerMinute === undefined ? settings.rateLimitWindowMs : 60_000;

  // Before anything is written: a dir another user could plant files in is refused here.
  const made = ensureDataDir(resolve(options.dataDir));
  const paths = dataPaths(made.dir);
  // Then the dir is this start's alone until it stops; a failure from here on takes back what it added.
  let claim: ReturnType<typeof claimDataDir>;
  try {
    claim = claimDataDir(paths, made.created, new Date(), log);
  } catch (e) {
    // A dir this start made and could not lock (full disk…) goes again; one another start holds stays.
    if (made.created && !(e instanceof DataDirLockedError && e.held)) {
      try {
        rmSync(paths.dir, { recursive: true, force: true });
      } catch {}
    }
    throw e;
  }
  let store: Store | undefined;
  try {
    // Certificates use the real clock: TLS clients check them against theirs, not the injected one.
    const certs = await ensureCertificates(paths, { client: options.requireClientCert === true, host, log });
    store = openStore(paths.db, {
      now,
      // A refusal whose event a full disk could not store: refused all the same, and said so here.
      onLostEvent: (type) => log(`error audit event ${type} not stored: the data dir's disk is full`),
    });
    const opened = store;
    // Migration 6's renames, said by the first start after it (and recorded in environment_renames).
    for (const r of takeUnreportedRenames(opened.db, opened.nowIso())) {
      log(
        `environment shared of ${r.org_id} (${plural(r.secrets, 'secret')}) is now ${r.new_name}: shared is the shared scope's name; every value was kept (use --env ${r.new_name})`,
      );
    }
    const ownerKey = bootstrapIfEmpty(opened, paths);
    // The secrets backend (and its master key, checked against the stored secrets) is ready before
    // the port opens: a refused start never listens.
    const secrets = await createSecretsBackend({
      backend: settings.secretsBackend,
      store: opened,
      dataDir: paths.dir,
      // The master key and AWS's variables may come from --env-file as the settings do; AWS_REGION
      // and AWS_SECRETS_PREFIX are the judged values.
      env: {
        ...backendSource(options.env ?? {}, options.envFile),
        AWS_REGION: settings.awsRegion,
        AWS_SECRETS_PREFIX: settings.awsSecretsPrefix,
      },
    });
    const app = await buildServer({
      store: opened,
      certs,
      requireClientCert: options.requireClientCert === true,
      rateLimitPerMinute,
      rateLimitWindowMs,
      settings,
      secrets,
      now,
      log,
    });
    const last = options.port === 'last' ? readLastPort(paths.lastPort) : undefined;
    const wanted =
      options.port === 'last' ? (last && (await portFree(host, last)) ? last : 0) : (options.port ?? 0);
    try {
      await app.listen({ host, port: wanted });
    } catch (e) {
      await app.close();
      throw e;
    }
    const port = (app.server.address() as AddressInfo).port;
    try {
      writeDataFile(paths.lastPort, `${port}\n`);
    } catch (e) {
      log(`warning: could not record the port in ${paths.lastPort}: ${describeWriteError(e)}`);
    }
    let closing: Promise<void> | undefined;
    return {
      ...(last !== undefined && last !== port ? { portMoved: last } : {}),
      url: `https://${urlHost(host)}:${port}`,
      host,
      port,
      dataDir: paths.dir,
      caCertPath: certs.caCertPath,
      ownerKeyPath: paths.ownerKey,
      ownerKey,
      clientCertPath: certs.clientCertPath,
      clientKeyPath: certs.clientKeyPath,
      store: opened,
      close() {
        closing ??= app
          .close()
          .finally(() => opened.close())
          .finally(() => claim.release());
        return closing;
      },
    };
  } catch (e) {
    store?.close();
    claim.abandon();
    throw e;
  }
}

/** The port a data dir's last start wrote down (1 to 65535), or undefined. */
function readLastPort(path: string): number | undefined {
  try {
    const text = readFileAtMostSync(path, { limit: 16, what: 'the last port file' }, constants.O_NOFOLLOW)
      .toString('utf8')
      .trim();
    const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
    return port >= 1 && port <= 65535 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `host:port` can be listened on now (then let go again at once). */
function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.once('error', () => resolveFree(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolveFree(true)));
  });
}
