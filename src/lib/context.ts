import type { ApiClient } from './api/types.js';
import { readCheckedFileSync, sizeLabel } from './bounded-read.js';
import { dropCompletions } from './completion/shell-cache.js';
import {
  type Credential,
  notLoggedIn,
  refusedKeyHint,
  refuseUnsendableKey,
  resolveCredential,
} from './credentials.js';
import { note } from './display/messages.js';
import { CliError, redact } from './errors.js';
import { distrust, type TrustRule } from './file-trust.js';
import { describeFsError, lstatOrNull } from './files.js';
import { InsecureFileStore } from './insecure-file.js';
import type { IO } from './io.js';
import { type KeyStore, SystemKeychain } from './keychain.js';
import type { BoundKey } from './origin.js';
import { type GlobalOptions, misspeltVariables, resolveSettings, type Settings } from './settings.js';
import { shownPathBare } from './shown-value.js';
import { VERSION } from './version.js';

/** Everything a command may use, built lazily so cheap commands stay cheap. */
export interface Context {
  readonly io: IO;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: Settings;
  readonly clock: () => Date;
  /** Wait `ms`, rejecting when `signal` aborts (audit logs --follow's polls); tests fake it. */
  readonly sleep: Sleep;
  /** The OS keychain (or the test double); entries per origin. */
  keychain(): KeyStore;
  /** The files that `auth login --insecure-storage` writes, one per origin. */
  insecureFile(): KeyStore;
  /** The key for settings.origin, or null when none is stored; resolved once per context. */
  credential(): Promise<Credential | null>;
  /** The key for settings.origin; exit 4 when there is none, or it is not a Fibonacci API key. */
  requireCredential(): Promise<Credential>;
  /**
   * The shared API client for settings.baseUrl; authenticated with the resolved credential unless
   * `{ auth: false }` or `key` is given. The client refuses a key bound to another origin.
   */
  api(options?: { auth?: boolean; key?: BoundKey }): Promise<ApiClient>;
  /** Close every client api() made; never rejects, so it cannot hide the command's own outcome. */
  close(): Promise<void>;
  /**
   * A line on stderr in the warning colour, as given (escaped by the display layer); the caller
   * words it (the client's retry waits have no prefix). Commands use display/messages.ts warn().
   */
  warn(line: string): void;
  /** A --debug line on stderr, redacted. */
  debug(line: string): void;
}

/** A wait that a test can run in fake time (with `clock`, it moves the clock instead). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface ContextOverrides {
  keychain?: KeyStore;
  insecureFile?: KeyStore;
  clock?: () => Date;
  /** Replaces every wait: audit logs --follow's polls and the API client's retry waits. */
  sleep?: Sleep;
  /** Replace the API client factory (unit tests with undici's MockAgent pass their own). */
  createApiClient?: (options: import('./api/types.js').ApiClientOptions) => ApiClient;
}

/**
 * The most a PEM file may hold: a CA bundle with every public root is about 200 KiB, so this is
 * ample, and `--ca-cert /dev/zero` stops here instead of reading until memory runs out.
 */
export const PEM_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The CA file decides which server is believed to be the API and the client key who the CLI is, so
 * they are believed only on the rule config.json follows: a regular file of this user (or root) that
 * others may not write, in directories others may not write. Another user who could swap the CA
 * would otherwise be handed the stored key by a server of theirs.
 */
const PEM_TRUST: TrustRule = { othersMayRead: true, systemOwned: true };

const checkPath = (from: string) =>
  from.startsWith('--') ? `check the path given to ${from}` : `check the path in ${from}`;

/** `flag`: where the path came from (Settings.sources): the flag, variable or config field to fix. */
function readPem(path: string, flag: string): string {
  const hint = checkPath(flag);
  const shown = shownPathBare(path);
  try {
    // A FIFO named here is refused as not a regular file (distrust) instead of waited on.
    const bytes = readCheckedFileSync(path, {
      limit: PEM_MAX_BYTES,
      what: `${flag} file ${shownPathBare(path)}`,
      check: (st) => {
        const d = distrust(path, st, PEM_TRUST);
        if (!d) return;
        const fix = d.dir
          ? `\`chmod go-w ${d.dir}\` if it is yours; otherwise keep the file in a directory only you can write`
          : d.why.startsWith('its mode')
            ? `\`chmod go-w ${shownPathBare(path)}\` if it is yours; otherwise use a copy only you can write`
            : `give ${flag} a regular file of your own`;
        throw new CliError('config', `refusing the ${flag} file ${shownPathBare(path)}: ${d.why}`, {
          hint: fix,
        });
      },
      openFailed: (e) => {
        throw new CliError('config', `cannot read ${flag} file ${shown}: ${describeFsError(e)}`, { hint });
      },
      tooLarge: () => {
        throw new CliError(
          'config',
          `${flag} file ${shownPathBare(path)} is larger than ${sizeLabel(PEM_MAX_BYTES)}, the most a PEM file may be`,
          { hint },
        );
      },
    });
    return (bytes as Buffer).toString('utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError('config', `cannot read ${flag} file ${shown}: ${describeFsError(e)}`, { hint });
  }
}

const PEM_CERT_BLOCK = /-----BEGIN CERTIFICATE-----/;
const PEM_KEY_BLOCK = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

/**
 * A client certificate and key given the wrong way round (newcomer pass 14, NC-18): OpenSSL's
 * "PEM routines::no start line" named neither file. Said before the TLS context is built, naming
 * the flag, variable or config field each came from. Only the block headers are looked at.
 */
function refuseSwappedPems(cert: string, key: string, s: Settings): void {
  const { clientCert: certFrom, clientKey: keyFrom } = s.sources;
  const certIsKey = !PEM_CERT_BLOCK.test(cert) && PEM_KEY_BLOCK.test(cert);
  const keyIsCert = !PEM_KEY_BLOCK.test(key) && PEM_CERT_BLOCK.test(key);
  if (!certIsKey && !keyIsCert) return;
  const hint = `${certFrom} takes the certificate (BEGIN CERTIFICATE), ${keyFrom} its private key (BEGIN PRIVATE KEY)`;
  const swapped = certIsKey && keyIsCert ? `: swapped with ${keyFrom}?` : '';
  const message = certIsKey
    ? `${certFrom} file ${shownPathBare(s.clientCertPath ?? '')} holds a private key, not a certificate${swapped}`
    : `${keyFrom} file ${shownPathBare(s.clientKeyPath ?? '')} holds a certificate, not a private key`;
  throw new CliError('config', message, { hint });
}

/** Build the context for one command run. */
export function createContext(
  io: IO,
  env: NodeJS.ProcessEnv,
  globals: GlobalOptions,
  overrides: ContextOverrides = {},
): Context {
  const settings = resolveSettings(globals, env);
  if (settings.noInput) io.forbidPrompts(settings.noInputBy);
  for (const line of misspeltVariables(env)) note(io, line, 'yellow');
  let keychain: KeyStore | undefined = overrides.keychain;
  let insecureFile: KeyStore | undefined = overrides.insecureFile;
  const clients: ApiClient[] = [];
  const warn = (line: string) => note(io, line, 'yellow');
  const debug = (line: string) => {
    if (settings.debug) note(io, `debug: ${redact(line)}`, 'gray');
  };
  // One resolution per run: each keychain read may be a Secret Service round trip, and the
  // plain-text-file warning must print once.
  let credential: Promise<Credential | null> | undefined;

  const ctx: Context = {
    io,
    env,
    settings,
    clock: overrides.clock ?? (() => new Date()),
    sleep:
      overrides.sleep ??
      (async (ms, signal) => (await import('node:timers/promises')).setTimeout(ms, undefined, { signal })),
    keychain() {
      keychain ??= new SystemKeychain(undefined, undefined, env);
      return keychain;
    },
    insecureFile() {
      insecureFile ??= new InsecureFileStore(settings.configDir);
      return insecureFile;
    },
    credential() {
      credential ??= resolveCredential(
        { env, keychain: () => ctx.keychain(), insecureFile: () => ctx.insecureFile(), warn },
        settings.origin,
      );
      return credential;
    },
    async requireCredential() {
      const cred = await ctx.credential();
      if (!cred) throw notLoggedIn(settings, env);
      // Every reader of the key in use (auth token prints it, auth status shows it, api() sends it).
      refuseUnsendableKey(cred.key, refusedKeyHint(cred.source, settings));
      return cred;
    },
    async api(options = {}) {
      let bound = options.key;
      if (bound === undefined && options.auth !== false) bound = await ctx.requireCredential();
      // A key given by the caller (auth login's check) words its own refusal.
      const authHint =
        bound !== undefined && 'source' in bound
          ? refusedKeyHint((bound as Credential).source, settings)
          : undefined;
      // Every key starts with fib_ (docs/api.md) and holds no space, line break or control character:
      // another is refused by the client before any request is sent.
      if (bound !== undefined) {
        refuseUnsendableKey(
          bound.key,
          authHint ?? 'check FIBONACCI_API_KEY, or run `fibonacci auth login` again',
        );
      }
      const ca = settings.caCertPath ? readPem(settings.caCertPath, settings.sources.caCert) : undefined;
      // Node loaded NODE_EXTRA_CA_CERTS itself, before any of this ran; the key is not sent where a
      // CA another user may replace is trusted (hostile pass s14, HX-9). Node skips a missing file.
      const extra = env.NODE_EXTRA_CA_CERTS;
      if (extra && lstatOrNull(extra) !== null) readPem(extra, 'NODE_EXTRA_CA_CERTS');
      const clientCert = settings.clientCertPath
        ? readPem(settings.clientCertPath, settings.sources.clientCert)
        : undefined;
      const clientKey = settings.clientKeyPath
        ? readPem(settings.clientKeyPath, settings.sources.clientKey)
        : undefined;
      if (clientCert !== undefined && clientKey !== undefined)
        refuseSwappedPems(clientCert, clientKey, settings);
      // The Python SDK lets FIBONACCI_VERIFY_SSL=false turn verification off; this CLI never does.
      const verify = env.FIBONACCI_VERIFY_SSL?.toLowerCase();
      if (verify === 'false' || verify === '0' || verify === 'no') {
        warn(
          'warning: FIBONACCI_VERIFY_SSL is ignored: certificates are always verified (trust a CA with --ca-cert)',
        );
      }
      const factory = overrides.createApiClient ?? (await import('./api/client.js')).createApiClient;
      const client = factory({
        baseUrl: settings.baseUrl,
        apiKey: bound?.key,
        apiKeyOrigin: bound?.origin,
        authFailureHint: authHint,
        ca,
        clientCert,
        clientKey,
        timeoutMs: settings.timeoutMs,
        maxRetries: settings.maxRetries,
        retriesAsked: settings.retriesAsked,
        userAgent: `fibonacci-cli/${VERSION}`,
        env,
        onRetry: (message) => warn(message),
        // A revoked or unknown key: TAB stops offering the names it could once see, at once.
        onKeyRefused: () => dropCompletions(env),
        // Only an override: the client's own wait knows the request's signal.
        sleep: overrides.sleep,
        debug: settings.debug ? debug : undefined,
      });
      clients.push(client);
      return client;
    },
    async close() {
      // A client that fails to close has nothing left to tell the user.
      await Promise.allSettled(clients.splice(0).map(async (c) => c.close()));
    },
    warn,
    debug,
  };
  return ctx;
}
