import { describe, expect, it } from 'vitest';
import { meantShown, nearReferences, secretNames } from '../../../src/lib/secret-refs.js';

describe('nearReferences: text that reads like a {{secrets.NAME}} reference and is not one', () => {
  it.each([
    ['{{secret.CRM_TOKEN}}', '{{secrets.CRM_TOKEN}}'],
    ['{{SECRETS.CRM_TOKEN}}', '{{secrets.CRM_TOKEN}}'],
    ['{{ Secrets . API_KEY }}', '{{secrets.API_KEY}}'],
    ['{{secrets.crm-token}}', '{{secrets.crm_token}}', 'crm-token'],
    ['{{secret:API_KEY}}', '{{secrets.API_KEY}}'],
    ["{{secrets['API_KEY']}}", undefined],
    ['{{secrets.}}', undefined, ''],
    ['{{ secrets.A.B }}', undefined, 'A.B'],
    ['{{secrets}}', undefined],
  ])('%s', (text, meant, unresolvable?: string) => {
    // `unresolvable`: the reference's own form around no secret name, which the server refuses.
    expect(nearReferences({ a: `x ${text} y` })).toEqual([
      { text, ...(meant ? { meant } : {}), ...(unresolvable === undefined ? {} : { unresolvable }) },
    ]);
    expect(secretNames({ a: text })).toEqual([]);
  });

  it('a real reference, a template of another kind, and text without braces are not', () => {
    expect(
      nearReferences({
        a: '{{secrets.OK}} {{ secrets.OK2 }}',
        b: '{{secretary}} {{input.x}}',
        c: 'secret.X',
      }),
    ).toEqual([]);
  });

  it('keys count, and each distinct text once', () => {
    expect(nearReferences({ '{{secret.K}}': ['{{secret.K}}', '{{secret.K}}'] })).toEqual([
      { text: '{{secret.K}}', meant: '{{secrets.K}}' },
    ]);
  });

  it('the meant reference is said only when its name has a secret name shape', () => {
    expect(meantShown({ text: '{{secret.API_KEY}}', meant: '{{secrets.API_KEY}}' })).toBe(
      ' (did you mean {{secrets.API_KEY}}?)',
    );
    const token = `${'ghp'}_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5`;
    expect(meantShown({ text: `{{secret.${token}}}`, meant: `{{secrets.${token}}}` })).toBe('');
    expect(meantShown({ text: '{{secrets}}' })).toBe('');
  });
});
