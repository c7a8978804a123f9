// Beyond the 200 findings a report lists per file, a baseline still accepts only the secrets it
// recorded: the one finding that stands for the unlisted ones is keyed by their secrets, not their
// count. A token swapped for a new one beyond the cap fails the gate (exit 11); the same file passes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(1101);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const file = (tokens: string[]) => `nodes: []\n${tokens.map((t, i) => `k${i}: ${t}\n`).join('')}`;

describe('a baseline beyond the listing cap', () => {
  const tokens = Array.from({ length: 203 }, token);
  const fresh = token();
  const root = makeTree({ 'f.yaml': file(tokens) });

  it('accepts the file it recorded (its unlisted lines in any order), and no secret swapped in beyond the cap', async () => {
    const w = await check(root, ['--write-baseline', 'b.json', 'f.yaml']);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('Recorded 201 findings in the baseline b.json');
    const same = await check(root, ['--baseline', 'b.json', 'f.yaml']);
    expect(same.stdout).toContain('201 by the baseline');
    expect(same.code).toBe(0);

    const variants: Array<[string, string[]]> = [
      ['the last token swapped', [...tokens.slice(0, 202), fresh]],
      ['one beyond the cap swapped', [...tokens.slice(0, 201), fresh, tokens[202] as string]],
      ['the unlisted ones in another order', [...tokens.slice(0, 200), ...tokens.slice(200).reverse()]],
    ];
    for (const [what, list] of variants) {
      writeFileSync(join(root, 'f.yaml'), file(list));
      const r = await check(root, ['--baseline', 'b.json', '--json', 'f.yaml']);
      const rules = JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule);
      if (what.includes('order')) {
        expect(rules, what).toEqual([]);
        expect(r.code, what).toBe(0);
      } else {
        expect(rules, what).toEqual(['findings-capped']);
        expect(r.code, what).toBe(11);
      }
      expectNoSecret([r.stdout, r.stderr], [fresh]);
    }
  }, 120_000);
});
