// Run vitest, keep its exit code, and print the plain `N passed, N failed, N skipped` line CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

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
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A suite that failed to load has no failed tests but is a failure all the same.
  const brokenSuites = (json.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
  ).length;
  failed += brokenSuites;
} else {
  failed = 1;
}
// CI runs the suite twice (Node 20, then Node 24) and wants ONE closing line for both: with
// FIBONACCI_TEST_TOTALS=<file> the counts are added to that file's; FIBONACCI_TEST_PARTIAL=1 marks
// a run that is not the last, whose own line is worded so that CI does not read it as the total.
const totalsFile = process.env.FIBONACCI_TEST_TOTALS;
if (totalsFile) {
  const before = existsSync(totalsFile) ? readFileSync(totalsFile, 'utf8').trim() : '';
  const [p0, f0, s0] = before === '' ? [0, 0, 0] : before.split(/\s+/).map(Number);
  passed += p0;
  failed += f0;
  skipped += s0;
  writeFileSync(totalsFile, `${passed} ${failed} ${skipped}\n`);
}
if (process.env.FIBONACCI_TEST_PARTIAL === '1') {
  process.stdout.write(
    `\n(node ${process.version}: so far ${passed} passing, ${failed} failing, ${skipped} skipped)\n`,
  );
} else {
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
}
process.exit(result.status ?? 1);
