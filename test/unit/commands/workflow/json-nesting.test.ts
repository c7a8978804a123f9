import { describe, expect, it } from 'vitest';
import { parseJsonObject, parseYamlObject } from '../../../../src/commands/workflow/json-input.js';
import { MAX_NESTING } from '../../../../src/lib/json-depth.js';

// A valid definition or input nested deeper than any needs: JSON.stringify of the request body
// overflowed the stack (exit 1, "unexpected error"); it is a usage error in fixed words instead.
const nested = (depth: number) => `{"nodes":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('a definition or input nested too deeply', () => {
  it('JSON 20,000 deep: a usage error naming the limit, before any request', () => {
    expect(() => parseJsonObject(nested(20_000), '--file d.json')).toThrow(
      `--file d.json is nested more than ${MAX_NESTING} levels deep`,
    );
    expect(() => parseJsonObject(nested(20_000), '--file d.json')).toThrow(
      expect.objectContaining({ kind: 'usage' }),
    );
  });

  it('at the limit it is taken as it is', () => {
    expect(parseJsonObject(nested(MAX_NESTING), '--input')).toHaveProperty('nodes');
    expect(() => parseJsonObject(nested(MAX_NESTING + 1), '--input')).toThrow(/nested more than/);
  });

  it('YAML the same', async () => {
    await expect(parseYamlObject(nested(MAX_NESTING + 1), '--file d.yaml')).rejects.toThrow(
      `--file d.yaml is nested more than ${MAX_NESTING} levels deep`,
    );
  });
});
