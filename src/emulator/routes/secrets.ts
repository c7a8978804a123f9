import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  HealthReportSchema,
  RotationBody,
  type RotationRequest,
  ScopeQuery,
  SecretListSchema,
  SecretMetaSchema,
  SecretNameParams,
  SecretValueBody,
} from '../../lib/api/secrets.js';
import { ErrorDetail } from '../../lib/api/shapes.js';
import { SECRET_VALUE_MAX_BYTES } from '../../lib/validate.js';
import { readableBy } from '../access/steps.js';
import type { ChangeEventInput, ChangeEventType } from '../audit.js';
import { ApiError } from '../errors.js';
import { actorOf, principalOf } from '../pipeline.js';
import { resolvedParam, secretNameRef } from '../resolution.js';
import type { SecretRef } from '../secrets/backend.js';
import { SecretIntegrityError } from '../secrets/crypto.js';
import { secretMeta } from '../secrets/meta.js';
import type { RouteContext } from '../types.js';

// Secrets (docs/api.md): values go in, never come out. The shapes are lib/api/secrets.ts's (the CLI's
// side of the same endpoints); who may call what is in ../policy.ts.

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
  const nameSchema = { params: SecretNameParams, querystring: ScopeQuery };

  app.get<{ Querystring: { environment?: string } }>(
    '/api/v1/secrets',
    {
      schema: {
        summary: 'List the secrets of one scope (metadata only), sorted by name',
        tags,
        querystring: ScopeQuery,
        response: { 200: SecretListSchema },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const environment = request.query.environment ?? null;
      const list = await ctx.secrets.list(p.orgId, environment);
      // Only the secrets the access policy's resource rules let the caller read are listed.
      const readable = readableBy(ctx, p);
      const visible = list.filter((s) => readable({ kind: 'secrets', environment, name: s.name }));
      return { secrets: visible.map((s) => secretMeta(s, ctx.now())) };
    },
  );

  app.get(
    '/api/v1/secrets/:name',
    {
      schema: {
        summary: "One secret's metadata",
        tags,
        ...nameSchema,
        response: { 200: SecretMetaSchema, 404: ErrorDetail },
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
        body: SecretValueBody,
        response: { 200: SecretMetaSchema, 201: SecretMetaSchema },
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
        body: RotationBody,
        response: { 200: SecretMetaSchema },
      },
    },
    async (request: NameRequest) => {
      const body = request.body as RotationRequest;
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
        response: { 200: HealthReportSchema, 503: HealthReportSchema },
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
