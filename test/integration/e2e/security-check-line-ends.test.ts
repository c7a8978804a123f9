// SC-WINJSON: a file saved with lone CR line ends (the old Mac's; YAML, JSON editors and dotenv
// read a CR as a line end) had every finding on line 1, its excerpt the whole file with each CR
// escaped. Lines are now counted as those readers count them: LF, CRLF and a lone CR, in a file
// read whole and in one read window by window (over 1 MiB). The built CLI.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(7711);
const secret = PLANTS['github-token']?.(rng).secret as string;
const workflow = (end: string) =>
  ['name: w', 'nodes:', '  - id: a', '    type: tool', `    api_token: ${secret}`, ''].join(end);

describe('security check: line ends', () => {
  it('LF, CRLF and lone CR files: the token at 5:16, its own line shown', async () => {
    const root = makeTree({
      'lf.yaml': workflow('\n'),
      'crlf.yaml': workflow('\r\n'),
      'cr.yaml': workflow('\r'),
    });
    for (const file of ['lf.yaml', 'crlf.yaml', 'cr.yaml']) {
      const r = await check(root, [file]);
      expect(r.code, file).toBe(11);
      expect(r.stdout, file).toMatch(/^ {2}5:16 +error +github-token /m);
      expect(r.stdout, file).toContain(
        `\n  5 |     api_token: ${secret.slice(0, 4)}${'*'.repeat(secret.length - 4)}\n`,
      );
      expect(r.stdout, file).not.toContain('\\u000d');
      expectNoSecret([r.stdout, r.stderr], [secret]);
    }
  });

  it('a lone-CR file over 1 MiB: the token past the first window at its line', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `note${i}: ${'a'.repeat(40)}`);
    const text = `${lines.join('\r')}\rapi_token: ${secret}\r`;
    const root = makeTree({ 'big.yaml': text });
    const r = await check(root, ['big.yaml']);
    expect(r.code).toBe(11);
    expect(r.stdout).toMatch(/^ {2}40001:12 +error +github-token /m);
    expectNoSecret([r.stdout, r.stderr], [secret]);
  }, 60_000);
});
