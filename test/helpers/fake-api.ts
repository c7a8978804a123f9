import { onTestFinished } from 'vitest';
import type {
  ApiClient,
  ApiClientOptions,
  ApiResponse,
  HttpMethod,
  RequestOptions,
} from '../../src/lib/api/types.js';
import { CliError } from '../../src/lib/errors.js';

type Responder = (call: RecordedCall) => unknown;

/** A non-2xx answer (`FakeApi.status(412, {detail})`): data when the call lists it in okStatuses, else its error. */
export class StatusAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

interface Stub {
  method: HttpMethod;
  path: string;
  respond: Responder;
  used: number;
}

export interface RecordedCall {
  method: HttpMethod;
  path: string;
  options: RequestOptions;
  apiKey: string | undefined;
}

/** FakeApis made outside a test (in a describe body or a beforeAll): verified when the file ends. */
const madeOutsideTests = new Set<FakeApi>();

/**
 * Verify the FakeApis made outside a test since the last call: every file's afterAll
 * (per-file.ts). Not a hook of this module's own: unit files share their worker's modules
 * (vitest.config.ts), so a hook registered when this module loads would watch the first file only.
 */
export function verifyFakeApisMadeOutsideTests(): void {
  const made = [...madeOutsideTests];
  madeOutsideTests.clear();
  for (const api of made) api.verify();
}

/**
 * An in-memory API for command unit tests (gh-style HTTP stub): register responses per route; an
 * unstubbed call throws. Every stub must be called: one made in a test is verified when that test
 * ends (a passing test with an unused stub fails; a failing one is left to say why it failed), one
 * made outside a test when its file ends. An unused stub is a wrong test: the call should have
 * happened, or the stub should go.
 */
export class FakeApi {
  readonly calls: RecordedCall[] = [];
  readonly clientOptions: ApiClientOptions[] = [];
  /** How many clients were closed (the context closes each one it made when the command ends). */
  closed = 0;
  private readonly stubs: Stub[] = [];

  constructor() {
    try {
      onTestFinished(({ task }) => {
        if (task.result?.state !== 'fail') this.verify();
      });
    } catch {
      madeOutsideTests.add(this); // onTestFinished exists only inside a running test
    }
  }

  /** An answer with this status and body, for `on(…)`. */
  static status(status: number, body: unknown): StatusAnswer {
    return new StatusAnswer(status, body);
  }

  on(method: HttpMethod, path: string, respond: Responder | unknown): this {
    const fn = typeof respond === 'function' ? (respond as Responder) : () => respond;
    this.stubs.push({ method, path, respond: fn, used: 0 });
    return this;
  }

  /** Throw when a stub went unused; runs by itself when the test (or the file) ends. */
  verify(): void {
    const unused = this.stubs.filter((s) => s.used === 0);
    if (unused.length)
      throw new Error(`unused stubs: ${unused.map((s) => `${s.method} ${s.path}`).join(', ')}`);
  }

  /** A factory to pass as ContextOverrides.createApiClient. */
  factory = (options: ApiClientOptions): ApiClient => {
    this.clientOptions.push(options);
    const request = async <T>(
      method: HttpMethod,
      path: string,
      opts: RequestOptions = {},
    ): Promise<ApiResponse<T>> => {
      const call = { method, path, options: opts, apiKey: options.apiKey };
      this.calls.push(call);
      const stub = this.stubs.find((s) => s.method === method && s.path === path);
      if (!stub) throw new Error(`FakeApi: no stub for ${method} ${path}`);
      stub.used++;
      const data = stub.respond(call);
      if (data instanceof CliError) throw data;
      if (data instanceof StatusAnswer) {
        if (!opts.okStatuses?.includes(data.status))
          throw new CliError('unexpected', `FakeApi: ${data.status} without okStatuses`, {
            status: data.status,
          });
        return { status: data.status, headers: {}, requestId: 'req_test', data: data.body as T };
      }
      return { status: 200, headers: {}, requestId: 'req_test', data: data as T };
    };
    return {
      baseUrl: options.baseUrl,
      request,
      get: async (p, o) => (await request('GET', p, o)).data,
      put: async (p, b, o) => (await request('PUT', p, { ...o, body: b })).data,
      post: async (p, b, o) => (await request('POST', p, { ...o, body: b })).data,
      patch: async (p, b, o) => (await request('PATCH', p, { ...o, body: b })).data,
      delete: async (p, o) => (await request('DELETE', p, o)).data,
      close: async () => {
        this.closed++;
      },
    } as ApiClient;
  };
}
