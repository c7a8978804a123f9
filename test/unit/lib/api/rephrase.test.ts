import { describe, expect, it } from 'vitest';
import { notFound, rephrase } from '../../../../src/lib/api/rephrase.js';
import { CliError } from '../../../../src/lib/errors.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('rephrase', () => {
  it('replaces a matching CliError, keeping its request id', () => {
    const e = new CliError('not_found', 'not found', { status: 404, requestId: 'req_1' });
    const r = thrown(() => rephrase(e, notFound, 'unexpected', 'no such thing', { hint: 'look elsewhere' }));
    expect(r).toBeInstanceOf(CliError);
    expect(r).toMatchObject({
      kind: 'unexpected',
      message: 'no such thing',
      hint: 'look elsewhere',
      requestId: 'req_1',
      status: undefined,
    });
  });

  it('keeps a status only when asked to', () => {
    const e = new CliError('not_found', 'not found', { status: 404 });
    expect(thrown(() => rephrase(e, notFound, 'unexpected', 'gone', { status: 404 }))).toMatchObject({
      status: 404,
      requestId: undefined,
    });
  });

  it('leaves a 404 worded as a wrong API URL alone (the thing may exist)', () => {
    const wrongUrl = new CliError('usage', 'https://h serves no /api/v1/api/v1/secrets/X (404)', {
      status: 404,
    });
    expect(thrown(() => rephrase(wrongUrl, notFound, 'not_found', 'no such secret X'))).toBe(wrongUrl);
  });

  it('rethrows anything else as it is', () => {
    const forbidden = new CliError('forbidden', 'no', { status: 403, requestId: 'req_2' });
    expect(thrown(() => rephrase(forbidden, notFound, 'unexpected', 'gone'))).toBe(forbidden);
    const plain = new Error('boom');
    expect(thrown(() => rephrase(plain, notFound, 'unexpected', 'gone'))).toBe(plain);
  });
});
