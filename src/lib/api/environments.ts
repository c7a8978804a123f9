/**
 * Environments (docs/api.md): every named environment that holds a secret, plus the shared
 * scope. The CLI offers them when completing `--env` and warns when `--env` names none of them; the
 * emulator serves it (src/emulator/routes/environments.ts). A server that predates the endpoint
 * answers 404: "this server does not list environments", not an error of the caller's.
 */
import type { Static } from '@sinclair/typebox';
import { checked } from './check.js';
import { notFound, rephrase } from './rephrase.js';
import { Type } from './shapes.js';
import type { ApiClient, ApiResponse } from './types.js';

export const EnvironmentSchema = Type.Object({
  name: Type.Union([Type.String(), Type.Null()], { description: 'null for the shared scope' }),
  secrets: Type.Integer({ description: 'how many secrets it holds' }),
});

export const EnvironmentListSchema = Type.Object({ environments: Type.Array(EnvironmentSchema) });

export type Environment = Static<typeof EnvironmentSchema>;

const ENVIRONMENTS = '/api/v1/environments';

/** The environments that hold secrets, sorted, and the shared scope (`name: null`). */
export async function list(client: ApiClient): Promise<Environment[]> {
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('GET', ENVIRONMENTS);
  } catch (e) {
    rephrase(e, notFound, 'unexpected', 'this server does not list environments', { status: 404 });
  }
  return checked(EnvironmentListSchema, res.data, `GET ${ENVIRONMENTS}`, res.requestId).environments;
}
