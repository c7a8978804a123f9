// `security check` against secretlint (the npm scanner, 12.0.0: its last release for Node 20, with
// its recommended preset) on the same generated corpus in the same run: recall on planted secrets,
// reports on decoys, throughput (medians of RUNS runs each, interleaved) and peak RSS, plus our peak
// RSS on corpora a tenth and a half the size (memory must stay flat as the corpus grows).
// Times are CPU seconds (user + system, GNU time): the machines are shared, and wall time there
// measures the neighbours. secretlint's time grows faster than its input (1,000 files: 5.8 s,
// 3,000: 56 s here), so it is run once per top-level directory (200 files each) and the runs are
// added up: the most favourable way to run it, and the only one that finishes in minutes.
// Run: `npm run build && npm run bench -- security-check` (FIB_SCAN_FILES to change the corpus size).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeCorpus } from './security-check-corpus.mjs';
import { PLANTS } from './security-check-secrets.mjs';

export const title = 'security check vs secretlint';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin', 'fibonacci.cjs');
const SECRETLINT = join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const RUNS = Number(process.env.FIB_SCAN_RUNS ?? 3);
const FILES = Number(process.env.FIB_SCAN_FILES ?? 10_000);

/** Run a command under GNU time: CPU seconds (user + system), wall seconds and peak RSS (MiB). */
function timed(cmd, args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %e %M', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [user, sys, wall, kb] = last.split(' ').map(Number);
  if (!Number.isFinite(wall)) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return { seconds: user + sys, wall, rssMiB: kb / 1024, status: r.status };
}

function ours(dir, out) {
  const t = timed(process.execPath, [CLI, 'security', 'check', '--json', '--output', out], dir);
  if (t.status !== 11 && t.status !== 0) throw new Error(`security check exited ${t.status}`);
  const body = JSON.parse(readFileSync(out, 'utf8'));
  return { ...t, hits: body.findings.map((f) => ({ path: f.path, line: f.line, rule: f.rule })) };
}

/** secretlint once per top-level directory of `dir`; times added up, the largest RSS kept. */
function secretlint(dir, out, rc) {
  const total = { seconds: 0, wall: 0, rssMiB: 0, hits: [] };
  for (const sub of readdirSync(dir).sort()) {
    const args = [SECRETLINT, '**/*', '--format', 'json', '--output', out, '--secretlintrc', rc];
    const t = timed(process.execPath, args, join(dir, sub));
    for (const file of JSON.parse(readFileSync(out, 'utf8')))
      for (const m of file.messages)
        total.hits.push({ path: relative(dir, file.filePath), line: m.loc.start.line, rule: m.ruleId });
    total.seconds += t.seconds;
    total.wall += t.wall;
    total.rssMiB = Math.max(total.rssMiB, t.rssMiB);
  }
  return total;
}

/** Recall on the plants (per rule too), reports on decoy lines, and reports anywhere else. */
function score(truth, hits, dir) {
  const at = (list, h) =>
    list.some((x) => relative(dir, x.path) === h.path && h.line >= x.start && h.line <= x.end);
  const found = truth.plants.filter((p) =>
    hits.some((h) => relative(dir, p.path) === h.path && h.line >= p.start && h.line <= p.end),
  );
  const byRule = Object.fromEntries(Object.keys(PLANTS).map((r) => [r, [0, 0]]));
  for (const p of truth.plants) byRule[p.rule][1]++;
  for (const p of found) byRule[p.rule][0]++;
  return {
    recall: found.length / truth.plants.length,
    found: found.length,
    decoyHits: hits.filter((h) => at(truth.decoys, h)).length,
    elsewhere: hits.filter((h) => !at(truth.plants, h) && !at(truth.decoys, h)).length,
    byRule,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'fib-scan-bench-'));
  try {
    const rc = join(work, 'secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const bigDir = join(work, 'big');
    const smallDir = join(work, 'small');
    const big = writeCorpus(bigDir, { files: FILES, totalBytes: FILES * 10_000, seed: 1 });
    const small = writeCorpus(smallDir, { files: FILES / 10, totalBytes: FILES * 1_000, seed: 2 });
    const midDir = join(work, 'mid');
    const mid = writeCorpus(midDir, { files: FILES / 2, totalBytes: FILES * 5_000, seed: 3 });
    const mb = big.bytes / 1e6;
    process.stderr.write(
      `bench: corpus ${FILES} files, ${mb.toFixed(1)} MB, ${big.plants.length} planted, ${big.decoys.length} decoys\n`,
    );

    const us = [];
    const them = [];
    for (let i = 0; i < RUNS; i++) {
      us.push(ours(bigDir, join(work, 'ours.json')));
      them.push(secretlint(bigDir, join(work, 'secretlint.json'), rc));
      process.stderr.write(
        `bench: run ${i + 1}: ours ${us[i].seconds.toFixed(1)} s, secretlint ${them[i].seconds.toFixed(1)} s (CPU)\n`,
      );
    }
    const smallRun = ours(smallDir, join(work, 'ours-small.json'));
    const midRun = ours(midDir, join(work, 'ours-mid.json'));
    const s1 = score(big, us[0].hits, bigDir);
    const s2 = score(big, them[0].hits, bigDir);
    const t1 = median(us.map((r) => r.seconds));
    const t2 = median(them.map((r) => r.seconds));
    const w1 = median(us.map((r) => r.wall));
    const w2 = median(them.map((r) => r.wall));
    const m1 = median(us.map((r) => r.rssMiB));
    const m2 = median(them.map((r) => r.rssMiB));
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    const rows = [
      '| | fibonacci security check | secretlint 12.0.0 (recommend preset) |',
      '|---|---|---|',
      `| recall on ${big.plants.length} planted secrets (${Object.keys(PLANTS).length} rules) | **${pct(s1.recall)}** (${s1.found}) | ${pct(s2.recall)} (${s2.found}) |`,
      `| reports on ${big.decoys.length} decoys | **${s1.decoyHits}** | ${s2.decoyHits} |`,
      `| reports elsewhere (neither planted nor decoy) | ${s1.elsewhere} | ${s2.elsewhere} |`,
      `| CPU time, median of ${RUNS} | ${t1.toFixed(2)} s | ${t2.toFixed(2)} s (${readdirSync(bigDir).length} runs of ${FILES / readdirSync(bigDir).length} files) |`,
      `| throughput (MB per CPU second) | **${(mb / t1).toFixed(1)} MB/s** | ${(mb / t2).toFixed(1)} MB/s |`,
      `| wall time, median (shared machine) | ${w1.toFixed(2)} s | ${w2.toFixed(2)} s |`,
      `| peak RSS, ${mb.toFixed(0)} MB corpus | ${m1.toFixed(0)} MiB | ${m2.toFixed(0)} MiB (largest of the runs) |`,
      `| peak RSS, ${(small.bytes / 1e6).toFixed(0)} MB corpus (${FILES / 10} files) | ${smallRun.rssMiB.toFixed(0)} MiB | — |`,
    ];
    const memory = [
      '| corpus | files | findings | peak RSS | × the smallest |',
      '|---|---|---|---|---|',
      ...[
        [small, FILES / 10, smallRun.rssMiB, smallRun.hits.length],
        [mid, FILES / 2, midRun.rssMiB, midRun.hits.length],
        [big, FILES, m1, us[0].hits.length],
      ].map(
        ([c, n, rss, hits]) =>
          `| ${(c.bytes / 1e6).toFixed(0)} MB | ${n} | ${hits} | ${rss.toFixed(1)} MiB | ${(rss / smallRun.rssMiB).toFixed(2)}× |`,
      ),
    ];
    const perRule = [
      '| rule | ours | secretlint |',
      '|---|---|---|',
      ...Object.keys(PLANTS).map(
        (r) => `| ${r} | ${s1.byRule[r][0]}/${s1.byRule[r][1]} | ${s2.byRule[r][0]}/${s2.byRule[r][1]} |`,
      ),
    ];
    return [
      `Corpus: ${FILES} generated files (${mb.toFixed(1)} MB: 60% YAML workflows, 25% JSON workflows, 15% .env),`,
      `${big.plants.length} planted secrets (every rule in turn) and ${big.decoys.length} decoys (references, placeholders,`,
      'documentation examples, low-entropy look-alikes); both tools scan the same tree in the same run, interleaved.',
      'Ours runs as users run it, once over the whole tree (`node bin/fibonacci.cjs security check --json --output F`);',
      'secretlint once per top-level directory (its time grows faster than its input). CPU time and RSS by GNU time.',
      '',
      ...rows,
      '',
      `Ratios: throughput ${(t2 / t1).toFixed(2)}× secretlint's; recall ${s1.recall - s2.recall >= 0 ? '+' : ''}${((s1.recall - s2.recall) * 100).toFixed(1)} points;`,
      `peak RSS ${(m1 / smallRun.rssMiB).toFixed(2)}× from the ${(small.bytes / 1e6).toFixed(0)} MB corpus to the ${mb.toFixed(0)} MB one.`,
      '',
      `Peak RSS of ours by corpus size (same file sizes; the ${mb.toFixed(0)} MB figure is the median of ${RUNS} runs):`,
      '',
      ...memory,
      '',
      'What still grows is what the report lists: every finding and every scanned path, kept to be sorted and printed.',
      '',
      'Recall per rule (found/planted):',
      '',
      ...perRule,
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
