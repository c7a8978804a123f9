import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ENVIRONMENT_NAME, SECRET_NAME, SECRET_VALUE_MAX_BYTES } from '../../lib/validate.js';
import type { ChangeEventInput, ChangeEventType } from '../audit.js';
import { ApiError } from '../errors.js';
import { actorOf, principalOf } from '../pipeline.js';
import { resolvedParam, secretNameRef } from '../resolution.js';
import type { SecretRef } from '../secrets/backend.js';
import { SecretIntegrityError } from '../secrets/crypto.js';
import { secretMeta, secretMetaSchema } from '../secrets/meta.js';
import type { RouteContext } from '../types.js';
import { errorDetail } from './schemas.js';

// api.md "Secrets": values go in, never come out. Who may call what is in ../policy.ts.

const nameParams = {
  type: 'object',
  properties: { name: { type: 'string', pattern: SECRET_NAME.source } },
  required: ['name'],
} as const;
const scopeQuery = {
  type: 'object',
  properties: { environment: { type: 'string', pattern: ENVIRONMENT_NAME.source } },
} as const;
const valueBody = {
  type: 'object',
  properties: { value: { type: 'string', minLength: 1 } },
  required: ['value'],
  additionalProperties: false,
} as const;
const rotationBody = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    interval_days: { type: 'integer', minimum: 1, maximum: 3650 },
    notify_before_days: { type: 'integer', minimum: 0, maximum: 3650 },
  },
  required: ['enabled'],
  additionalProperties: false,
} as const;
const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['healthy', 'unhealthy'] },
    backend: { type: 'string' },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['status', 'backend', 'checks'],
} as const;

type NameRequest = FastifyRequest<{ Params: { name: string }; Querystring: { environment?: string } }>;

function refOf(request: NameRequest): SecretRef {
  const environment = request.query.environment ?? null;
  // The name the pipeline resolved (the name rule, as sent): what was authorised is what is used.
  return {
    orgId: principalOf(request).orgId,
    environment,
    name: resolvedParam(request, 'name', secretNameRef),
  };
}

function scopeText(environment: string | null): string {
  return environment ?? 'shared';
}

function notFound(ref: SecretRef): ApiError {
  return new ApiError(404, `secret ${ref.name} not found in ${scopeText(ref.environment)}`);
}

function validation(msg: string, type: string): ApiError {
  return new ApiError(422, [{ loc: ['body', 'value'], msg, type }]);
}

/** The Secrets routes, over the context's backend. */
export function secretsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // The event of a change; the backend records it with the change, in one transaction (or journal).
  const event = (
    request: FastifyRequest,
    type: ChangeEventType,
    ref: SecretRef,
    extra: object,
  ): ChangeEventInput => {
    const actor = actorOf(request);
    return {
      ...actor,
      event_type: type,
      status: 'success',
      action: type.slice('secret.'.length),
      metadata: { ...actor.metadata, environment: ref.environment, name: ref.name, ...extra },
    };
  };
  const tags = ['secrets'];
  const nameSchema = { params: nameParams, querystring: scopeQuery };

  app.get<{ Querystring: { environment?: string } }>(
    '/api/v1/secrets',
    {
      schema: {
        summary: 'List the secrets of one scope (metadata only), sorted by name',
        tags,
        querystring: scopeQuery,
        response: {
          200: { type: 'object', properties: { secrets: { type: 'array', items: secretMetaSchema } } },
        },
      },
    },
    async (request) => {
      const list = await ctx.secrets.list(principalOf(request).orgId, request.query.environment ?? null);
      return { secrets: list.map((s) => secretMeta(s, ctx.now())) };
    },
  );

  app.get(
    '/api/v1/secrets/:name',
    {
      schema: {
        summary: "One secret's metadata",
        tags,
        ...nameSchema,
        response: { 200: secretMetaSchema, 404: errorDetail },
      },
    },
    async (request: NameRequest) => {
      const ref = refOf(request);
      try {
        const secret = await ctx.secrets.getMeta(ref);
        if (!secret) throw notFound(ref);
        return secretMeta(secret, ctx.now());
      } catch (e) {
        if (!(e instanceof SecretIntegrityError)) throw e;
        ctx.log(`error ${request.id} ${e.message}`);
        throw new ApiError(500, e.message);
      }
    },
  );

  app.put(
    '/api/v1/secrets/:name',
    {
      schema: {
        summary: 'Create a secret or store a new version of its value',
        tags,
        ...nameSchema,
        body: valueBody,
        response: { 200: secretMetaSchema, 201: secretMetaSchema },
      },
    },
    async (request: NameRequest, reply) => {
      const { value } = request.body as { value: string };
      if (/\p{Cs}/u.test(value)) throw validation('Value should be valid UTF-8 text', 'string_unicode');
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes > SECRET_VALUE_MAX_BYTES) {
        throw validation(
          `Value should be at most ${SECRET_VALUE_MAX_BYTES} bytes of UTF-8`,
          'string_too_long',
        );
      }
      const ref = refOf(request);
      const { secret, created } = await ctx.secrets.put(ref, value, principalOf(request), (done) =>
        event(request, 'secret.set', ref, { version: done.secret.version, created: done.created }),
      );
      reply.code(created ? 201 : 200);
      return secretMeta(secret, ctx.now());
    },
  );

  app.delete(
    '/api/v1/secrets/:name',
    { schema: { summary: 'Delete a secret and every version of its value', tags, ...nameSchema } },
    async (request: NameRequest, reply) => {
      const ref = refOf(request);
      const removed = await ctx.secrets.delete(ref, principalOf(request), (gone) =>
        event(request, 'secret.deleted', ref, { version: gone.version }),
      );
      if (!removed) throw notFound(ref);
      reply.code(204).send();
    },
  );

  app.put(
    '/api/v1/secrets/:name/rotation',
    {
      schema: {
        summary: "Set or turn off a secret's rotation policy",
        tags,
        ...nameSchema,
        body: rotationBody,
        response: { 200: secretMetaSchema },
      },
    },
    async (request: NameRequest) => {
      const body = request.body as { enabled: boolean; interval_days?: number; notify_before_days?: number };
      let policy: { intervalDays: number; notifyBeforeDays: number } | null = null;
      if (body.enabled) {
        if (body.interval_days === undefined) {
          throw new ApiError(422, [
            { loc: ['body', 'interval_days'], msg: 'Field required', type: 'missing' },
          ]);
        }
        const notify = body.notify_before_days ?? Math.min(7, body.interval_days - 1);
        if (notify >= body.interval_days) {
          throw new ApiError(422, [
            {
              loc: ['body', 'notify_before_days'],
              msg: 'Input should be less than interval_days',
              type: 'less_than',
            },
          ]);
        }
        policy = { intervalDays: body.interval_days, notifyBeforeDays: notify };
      }
      const ref = refOf(request);
      const secret = await ctx.secrets.setRotation(ref, policy, principalOf(request), (changed) =>
        event(request, 'secret.rotation_changed', ref, {
          version: changed.version,
          enabled: policy !== null,
          interval_days: policy?.intervalDays ?? null,
          notify_before_days: policy?.notifyBeforeDays ?? null,
        }),
      );
      if (!secret) throw notFound(ref);
      return secretMeta(secret, ctx.now());
    },
  );

  app.get(
    '/api/v1/health/secrets',
    {
      schema: {
        summary: 'Exercise the secrets backend: a list and a read of an internal probe secret',
        tags,
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      const report = await ctx.secrets.health(principalOf(request).orgId);
      const healthy = Object.values(report.checks).every((c) => c === 'ok');
      reply.code(healthy ? 200 : 503);
      return { status: healthy ? 'healthy' : 'unhealthy', ...report };
    },
  );
}
