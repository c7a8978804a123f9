import { describe, expect, it } from 'vitest';
import { referenceTexts } from '../../../src/lib/secret-refs.js';

// The one reader of references and of text that reads like one: a dropped brace and a misspelt
// `secrets` read like one; templates of other kinds do not; a credential where the name goes is
// said whatever the form (the gate's error, create's refusal, the server's).

const VALUE = `${'Xk9mQ2vL'}${'8pR4tW7zAb3c'}`;
const one = (text: string) => referenceTexts({ a: `x ${text} y` });

describe('referenceTexts', () => {
  it.each([
    ['{{secrets.API_KEY}', '{{secrets.API_KEY}}'],
    ['{secrets.API_KEY}}', '{{secrets.API_KEY}}'],
    ['{secrets.API_KEY}', '{{secrets.API_KEY}}'],
    ['{{sercets.API_KEY}}', '{{secrets.API_KEY}}'],
    ['{{secrest.API_KEY}}', '{{secrets.API_KEY}}'],
    ['{{ecrets.API_KEY}}', '{{secrets.API_KEY}}'],
  ])('%s reads like a reference', (text, meant) => {
    expect(one(text)).toEqual([{ text, wellFormed: false, meant }]);
  });

  it.each([
    '{{ item }}',
    '{{inputs.x}}',
    '{{ steps.x }}',
    '{{regrets.x}}',
    '{{secretary}}',
    'your {secret}',
    '{{#each secrets}}',
  ])('%s does not', (text) => {
    expect(one(text)).toEqual([]);
  });

  it("GitHub Actions' form and triple braces hold a reference the server resolves", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions' form, as a definition holds it.
    expect(one('${{ secrets.X }}')).toEqual([{ text: '{{ secrets.X }}', wellFormed: true }]);
    expect(one('{{{secrets.X}}}')).toEqual([{ text: '{{secrets.X}}', wellFormed: true }]);
  });

  it.each([
    [`{{secrets.${VALUE}}}`, true, VALUE],
    [`{{Secrets.${VALUE}}}`, false, VALUE],
    [`{{secrets.${VALUE}-x}}`, false, `${VALUE}-x`],
    [`{{ secrets["${VALUE}"] }}`, false, VALUE],
  ])('%s: a credential where the name goes', (text, wellFormed, credential) => {
    const [found] = one(text);
    expect(found?.wellFormed).toBe(wellFormed);
    expect(found?.credential).toBe(credential);
  });

  it('a name is no credential', () => {
    expect(one('{{secrets.OPENAI_API_KEY}}')[0]?.credential).toBeUndefined();
  });
});
