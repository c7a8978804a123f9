import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../../src/lib/api/body.js';

// A server's answer is JSON, nested no deeper than the CLI can print: printed with --json, an answer
// 200,000 deep overflowed the stack (exit 1, "Maximum call stack size exceeded") after the run had
// completed.
describe('parseJson', () => {
  const res = (body: string) => ({ body, status: 200, requestId: 'req_1' });

  it('an answer nested 200,000 deep is the server fault in fixed words, with the request id', () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => parseJson(res(deep), 'api.example')).toThrow(
      expect.objectContaining({
        kind: 'unexpected',
        message: 'the server at api.example sent an answer nested more than 512 levels deep',
        requestId: 'req_1',
      }),
    );
  });

  it('an answer at the limit, an empty body and a scalar are taken as they are', () => {
    const ok = `{"a":${'['.repeat(510)}${']'.repeat(510)}}`;
    expect(parseJson(res(ok), 'h')).toHaveProperty('a');
    expect(parseJson(res(''), 'h')).toBeUndefined();
    expect(parseJson(res('5'), 'h')).toBe(5);
  });
});
