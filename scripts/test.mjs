// Run vitest, keep its exit code, and print the plain `N passed, N failed, N skipped` line CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.vitest-results.json';
rmSync(report, { force: true });
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const result = spawnSync('npx', args, { stdio: 'inherit' });
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + ((json.numFailedTestSuites ?? 0) ? 0 : 0);
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A suite that failed to load has no failed tests but is a failure all the same.
  const brokenSuites = (json.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
  ).length;
  failed += brokenSuites;
} else {
  failed = 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(result.status ?? 1);
