/** The contract between commands and the one shared API client (src/lib/api/client.ts). */

import type { Dispatcher } from 'undici';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body; serialised by the client. */
  body?: unknown;
  /** Send the Authorization header (default true). */
  auth?: boolean;
  /** Extra request headers (If-Match); never authorization, which only the client sets. */
  headers?: Record<string, string>;
  /** Statuses that are not errors for this call (2xx always are). */
  okStatuses?: readonly number[];
  /** Values that must never appear in --debug output or errors (e.g. a secret value being set). */
  redact?: readonly string[];
  signal?: AbortSignal;
  /** On success, `data` is the body as a Buffer, unparsed (a large page split by its consumer). */
  rawBody?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  headers: Record<string, string>;
  requestId: string | undefined;
  data: T;
}

export interface ApiClientOptions {
  /** Base URL, e.g. https://api.fibonacci.today; paths are joined under it. */
  baseUrl: string;
  /** Bearer key; sent only to baseUrl's origin. */
  apiKey?: string | undefined;
  /**
   * The origin apiKey belongs to (lib/origin.ts; ANY_ORIGIN for FIBONACCI_API_KEY). The client
   * refuses to be built with a key bound to another origin than baseUrl's, or to none.
   */
  apiKeyOrigin?: string | undefined;
  /**
   * What to do when the server refuses apiKey (401), worded for where the key came from: a login
   * does not help while FIBONACCI_API_KEY is set (credentials.ts's authFailureHint).
   */
  authFailureHint?: string | undefined;
  /** PEM contents of extra CAs (already read; an unreadable file is a config error before this). */
  ca?: string | undefined;
  /** PEM client certificate and key for mTLS (both or neither). */
  clientCert?: string | undefined;
  clientKey?: string | undefined;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  /** Retries for idempotent requests (GET, PUT, DELETE). */
  maxRetries: number;
  /**
   * Whether maxRetries was asked for (flag, variable, config): only then is a refused loopback
   * port retried (network-errors.ts, NetworkFailure.local); by default it fails at once.
   */
  retriesAsked?: boolean | undefined;
  /** Value of the User-Agent header, e.g. fibonacci-cli/0.1.0. */
  userAgent: string;
  /** Environment, for HTTPS_PROXY / NO_PROXY. */
  env: NodeJS.ProcessEnv;
  /** Called when the server refused apiKey (a 401): what was learnt with the key is stale. */
  onKeyRefused?: (() => void) | undefined;
  /** Announce a retry wait on stderr ("retrying in 2s: 503 Service Unavailable (attempt 2/4)"). */
  onRetry: (message: string) => void;
  /** When set, request/response lines (already redacted) go here. */
  debug?: ((line: string) => void) | undefined;
  /** Injectable sleep, for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Extra values (besides the key) that must never appear in --debug output or errors. */
  redact?: readonly string[] | undefined;
  /** Use this dispatcher instead of building a TLS agent (tests pass undici's MockAgent); close() leaves it open. */
  dispatcher?: Dispatcher | undefined;
}

/** One shared HTTP client: TLS 1.3, auth, retries, errors mapped to CliError. */
export interface ApiClient {
  readonly baseUrl: string;
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  close(): Promise<void>;
}
