// A tree nested deeper than the walk goes, through the built CLI: the directory past the limit is
// listed as unreadable (exit 3, with a report), never a stack overflow with no report (exit 1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, makeTree } from '../../helpers/security-check.js';

describe('security check: a very deep tree', () => {
  it('1,500 nested directories: exit 3 naming the one past the limit, and the report is complete', async () => {
    const root = makeTree({ 'top.yaml': 'name: w\nnodes:\n  - id: a\n    type: tool\n' });
    const deep = join(root, ...Array.from({ length: 1500 }, () => 'd'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'w.yaml'), 'name: w\nnodes: []\n');
    const r = await check(root, ['--json']);
    expect(r.code).toBe(3);
    const body = JSON.parse(r.stdout);
    expect(body.files.scanned).toEqual(['top.yaml']);
    expect(body.files.unreadable).toEqual([
      expect.objectContaining({
        path: Array.from({ length: 257 }, () => 'd').join('/'),
        message: 'cannot read directory: nested deeper than 256 directories (not walked)',
      }),
    ]);
  });
});
