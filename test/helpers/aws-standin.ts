/**
 * A local stand-in for AWS Secrets Manager: plain HTTP speaking the JSON 1.1 protocol (operation
 * in `X-Amz-Target: secretsmanager.<Op>`) for the operations the emulator's aws_secrets_manager
 * backend calls. Signatures are not checked. Only this stand-in, not AWS itself, is tested.
 *
 *   const aws = await startAwsStandIn();
 *   env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url, AWS_REGION: 'eu-west-1', … }
 *   aws.secrets.get('prefix/org-1/_shared/API_KEY')?.value;  aws.calls;  aws.failNext('ListSecrets');
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInSecret {
  name: string;
  arn: string;
  value: string;
  description: string | undefined;
  versionId: string;
  created: number;
  changed: number;
}

export interface AwsStandIn {
  url: string;
  secrets: Map<string, StandInSecret>;
  /** Every call: operation and the secret name or id it named. */
  calls: Array<{ op: string; target: string | undefined }>;
  /** Make the next call of `op` fail with AccessDeniedException (400: the SDK does not retry it). */
  failNext(op: string): void;
  close(): Promise<void>;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

export async function startAwsStandIn(): Promise<AwsStandIn> {
  const secrets = new Map<string, StandInSecret>();
  const calls: AwsStandIn['calls'] = [];
  const failing = new Set<string>();
  const now = () => Date.now() / 1000;
  const find = (id: unknown): StandInSecret => {
    const s = secrets.get(String(id)) ?? [...secrets.values()].find((x) => x.arn === id);
    if (!s)
      throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return s;
  };
  const describe = (s: StandInSecret) => ({
    ARN: s.arn,
    Name: s.name,
    Description: s.description,
    CreatedDate: s.created,
    LastChangedDate: s.changed,
  });

  const ops: Record<string, (b: Body) => Body> = {
    CreateSecret(b) {
      const name = String(b.Name);
      if (secrets.has(name))
        throw new AwsError('ResourceExistsException', `The secret ${name} already exists.`);
      const s: StandInSecret = {
        name,
        arn: `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${name}-${randomUUID().slice(0, 6)}`,
        value: String(b.SecretString),
        description: b.Description as string | undefined,
        versionId: randomUUID(),
        created: now(),
        changed: now(),
      };
      secrets.set(name, s);
      return { ARN: s.arn, Name: name, VersionId: s.versionId };
    },
    UpdateSecret(b) {
      const s = find(b.SecretId);
      if (b.Description !== undefined) s.description = String(b.Description);
      if (b.SecretString !== undefined) {
        s.value = String(b.SecretString);
        s.versionId = randomUUID();
      }
      s.changed = now();
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId };
    },
    PutSecretValue(b) {
      const s = find(b.SecretId);
      s.value = String(b.SecretString);
      s.versionId = randomUUID();
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId };
    },
    GetSecretValue(b) {
      const s = find(b.SecretId);
      return {
        ARN: s.arn,
        Name: s.name,
        SecretString: s.value,
        VersionId: s.versionId,
        CreatedDate: s.changed,
      };
    },
    DescribeSecret: (b) => describe(find(b.SecretId)),
    DeleteSecret(b) {
      const s = find(b.SecretId);
      secrets.delete(s.name);
      return { ARN: s.arn, Name: s.name, DeletionDate: now() };
    },
    ListSecrets(b) {
      // AWS: the `name` filter is a case-insensitive prefix match.
      const filters = (b.Filters as Array<{ Key: string; Values: string[] }> | undefined) ?? [];
      const prefixes = filters
        .filter((f) => f.Key === 'name')
        .flatMap((f) => f.Values.map((v) => v.toLowerCase()));
      const all = [...secrets.values()]
        .filter((s) => prefixes.every((p) => s.name.toLowerCase().startsWith(p)))
        .sort((a, c) => (a.name < c.name ? -1 : 1));
      const start = Number(b.NextToken ?? 0);
      const max = Number(b.MaxResults ?? 100);
      const page = all.slice(start, start + max);
      return {
        SecretList: page.map(describe),
        ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
      };
    },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => {
      text += d;
    });
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      let status = 200;
      let out: Body;
      try {
        const body = (text ? JSON.parse(text) : {}) as Body;
        calls.push({ op, target: (body.SecretId ?? body.Name) as string | undefined });
        const handler = ops[op];
        if (!handler) throw new AwsError('UnknownOperationException', `unsupported operation ${op}`);
        if (failing.delete(op))
          throw new AwsError('AccessDeniedException', `not authorized to perform ${op}`);
        out = handler(body);
      } catch (e) {
        const err = e instanceof AwsError ? e : new AwsError('InternalServiceError', String(e), 500);
        status = err.status;
        out = { __type: err.type, message: err.message };
      }
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    calls,
    failNext: (op) => failing.add(op),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
