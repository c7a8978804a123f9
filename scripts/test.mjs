// Run vitest, keep its exit code, and print the plain `N passed, N failed, N skipped` line CI reads.
// Arguments go to vitest: `node scripts/test.mjs --project unit` runs one level (vitest.config.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

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
// A missing snapshot is a failure here, never written on the fly (vitest only does that when it
// sees CI=…); `npx vitest run -u` stays the way to write them.
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_SNAPSHOT: process.env.UPDATE_SNAPSHOT ?? 'none' },
});
let passed = 0;
let failed = 0;
let skipped = 0;
// What failed, one line each, so that the last lines of a CI log name the culprit.
const failures = [];
// The level is the folder under test/ (vitest.config.ts); counted for a line of its own.
const levels = new Map();
const firstLine = (text) =>
  stripVTControlCharacters(String(text ?? ''))
    .trim()
    .split('\n')[0];
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  for (const file of json.testResults ?? []) {
    const where = relative(process.cwd(), file.name ?? '');
    const level = where.split('/')[1] ?? '?';
    const counts = levels.get(level) ?? { ok: 0, failing: 0, skipped: 0 };
    levels.set(level, counts);
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed') counts.ok++;
      else if (t.status === 'failed') counts.failing++;
      else counts.skipped++;
      if (t.status === 'failed') {
        failures.push(`${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
      }
    }
    // A file that failed with no failed test (it did not load, or an afterAll threw: a FakeApi made
    // outside a test with an unused stub) is a failure all the same.
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) {
      failed++;
      counts.failing++;
      failures.push(`${where}: ${firstLine(file.message)}`);
    }
  }
} else {
  failed = 1;
  failures.push('vitest wrote no report (it did not start, or it crashed)');
}
const tag = `[node ${process.version}]`;
// Worded so that CI's `N passed, N failed` reading never takes it for the total.
const byLevel = [...levels]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(
    ([l, c]) =>
      `${l} ${c.ok} ok${c.failing ? `, ${c.failing} failing` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}`,
  );
if (byLevel.length > 0) process.stdout.write(`\n${tag} by level: ${byLevel.join(' · ')}\n`);
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
  const listFile = `${totalsFile}.failures`;
  const earlier = existsSync(listFile) ? readFileSync(listFile, 'utf8') : '';
  const now = failures.map((f) => `${tag} ${f}\n`).join('');
  writeFileSync(listFile, earlier + now);
  failures.length = 0;
  failures.push(...(earlier + now).split('\n').filter(Boolean));
} else {
  for (let i = 0; i < failures.length; i++) failures[i] = `${tag} ${failures[i]}`;
}
if (failures.length > 0) {
  process.stdout.write(`\nFailed (${failures.length}):\n${failures.map((f) => `  ${f}\n`).join('')}`);
}
if (process.env.FIBONACCI_TEST_PARTIAL === '1') {
  process.stdout.write(
    `\n(node ${process.version}: so far ${passed} passing, ${failed} failing, ${skipped} skipped)\n`,
  );
} else {
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
}
process.exit(result.status ?? 1);
