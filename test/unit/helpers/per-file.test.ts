// Unit files share their worker's modules (vitest.config.ts: isolate false), so a helper is loaded
// once per worker. This runs vitest itself, as the suite does, on three files in ONE worker: each
// makes a temp dir, the third a FakeApi with an unused stub outside any test. The clean-up of
// per-file.ts must still come at the end of every file: the dirs are gone and the third file fails
// (not the first, where a hook registered by the helper's module would have run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

const helper = (name: string) => JSON.stringify(join(REPO_ROOT, 'test', 'helpers', `${name}.js`));

function fixture(root: string, name: string, extra = ''): void {
  writeFileSync(
    join(root, 'cases', `${name}.test.ts`),
    [
      "import { appendFileSync } from 'node:fs';",
      "import { expect, it } from 'vitest';",
      `import { FakeApi } from ${helper('fake-api')};`,
      `import { tempDir } from ${helper('temp-dir')};`,
      `appendFileSync(${JSON.stringify(join(root, 'dirs'))}, tempDir() + '\\n');`,
      extra,
      `it('${name}', () => expect(1).toBe(1));`,
      `appendFileSync(${JSON.stringify(join(root, 'order'))}, '${name}');`,
    ].join('\n'),
  );
}

describe('per-file clean-up where unit files share a worker', () => {
  it('removes each file’s temp dirs and verifies each file’s FakeApis when that file ends', () => {
    const root = tempDir('fib-per-file-');
    mkdirSync(join(root, 'cases'));
    // Larger files run first (vitest's order without a cache of durations): c runs last.
    const padding = `// ${'-'.repeat(400)}`;
    fixture(root, 'a', padding);
    fixture(root, 'b', padding);
    fixture(root, 'c', "new FakeApi().on('GET', '/api/v1/never', {});");
    writeFileSync(
      join(root, 'vitest.config.mjs'),
      `export default { test: { include: ['cases/*.test.ts'], isolate: false, maxWorkers: 1,
        sequence: { shuffle: false }, setupFiles: [${JSON.stringify(join(REPO_ROOT, 'test', 'helpers', 'per-file.ts'))}] } };\n`,
    );
    const vitest = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const r = spawnSync(
      process.execPath,
      [vitest, 'run', '--root', root, '--reporter=json', `--outputFile=${join(root, 'out.json')}`],
      { encoding: 'utf8', cwd: root, env: { ...process.env, CI: '', VITEST: '' }, timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(root, 'out.json'), 'utf8')) as {
      testResults: Array<{ name: string; status: string; message: string }>;
    };
    expect(readFileSync(join(root, 'order'), 'utf8')).toBe('abc');
    const failed = report.testResults.filter((f) => f.status === 'failed');
    expect(failed.map((f) => f.name.replace(/.*\//, ''))).toEqual(['c.test.ts']);
    expect(failed[0]?.message).toContain('unused stubs: GET /api/v1/never');
    const dirs = readFileSync(join(root, 'dirs'), 'utf8').trim().split('\n');
    expect(dirs).toHaveLength(3);
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
  }, 120_000);
});
