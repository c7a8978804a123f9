// The story `npm run demo` tells once the emulator runs and the user is logged in.
// Each feature adds its steps here; scripts/demo.mjs owns the emulator, the keychain and `fib()`.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'examples');

/** Run every step; `fib(args, opts)` runs the CLI and echoes it, `env` is the logged-in user's. */
export async function runStory({ fib, title, env, conn, work }) {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
  title('Who am I?');
  fib(['auth', 'status'], { env });
  fib(['auth', 'status', '--json'], { env });

  title('Secrets: values go in and never come out');
  fib(['secret', 'set', 'API_KEY', '--env', 'production'], {
    env,
    input: 'sk-demo-123\n',
    show: "printf 'sk-demo-123\\n' | fibonacci secret set API_KEY --env production",
  });
  const dotenv = join(work, 'demo.env');
  writeFileSync(dotenv, 'DB_URL=postgres://demo\nREDIS_URL=redis://demo\n');
  fib(['secret', 'set', '--env-file', dotenv, '--env', 'production'], {
    env,
    show: 'fibonacci secret set --env-file demo.env --env production',
  });
  fib(['secret', 'rotation', 'API_KEY', '--env', 'production', '--every', '30d', '--notify-before', '7d'], {
    env,
  });
  fib(['secret', 'list', '--env', 'production'], { env });
  fib(['secret', 'list', '--all'], { env });
  fib(['secret', 'list', '--env', 'production', '--json'], { env });
  fib(['secret', 'health'], { env });

  title('Workflows and a scoped key: execute-only, production/* only');
  const def = join(work, 'etl.json');
  const etl = {
    name: 'etl',
    version: 1,
    nodes: [
      { id: 'extract', type: 'tool' },
      { id: 'load', type: 'tool' },
    ],
    edges: [{ from: 'extract', to: 'load' }],
  };
  writeFileSync(def, JSON.stringify(etl));
  fib(['workflow', 'create', 'production/etl', '--file', def], {
    env,
    show: 'fibonacci workflow create production/etl --file etl.json',
  });
  fib(['workflow', 'create', 'staging/etl', '--file', def], {
    env,
    show: 'fibonacci workflow create staging/etl --file etl.json',
  });
  const created = fib(
    [
      'auth',
      'create-key',
      '--name',
      'production',
      '--scope',
      'execute',
      '--workflows',
      'production/*',
      '--plain',
    ],
    {
      env,
      show: 'KEY=$(fibonacci auth create-key --name production --scope execute --workflows "production/*" --plain)',
      quiet: true,
    },
  );
  const scoped = { ...conn, FIBONACCI_API_KEY: created.stdout.trim() };
  fib(['workflow', 'run', 'production/etl', '--input', '{"day":"2026-01-23"}'], {
    env: scoped,
    show: `FIBONACCI_API_KEY=$KEY fibonacci workflow run production/etl --input '{"day":"2026-01-23"}'`,
  });
  fib(['workflow', 'run', 'staging/etl'], {
    env: scoped,
    show: 'FIBONACCI_API_KEY=$KEY fibonacci workflow run staging/etl',
    allowFail: true,
  });
  fib(['auth', 'list-keys'], { env });

  title(
    "A workflow that follows the guide's rules: no key in the file, input checked, secrets per environment",
  );
  const hardcoded = join(work, 'support-triage.hardcoded.yaml');
  const fixed = join(work, 'support-triage.yaml');
  copyFileSync(join(EXAMPLES, 'support-triage.hardcoded.yaml'), hardcoded);
  copyFileSync(join(EXAMPLES, 'support-triage.yaml'), fixed);
  const sarif = join(work, 'security.sarif');
  // The report a developer reads first: where the key is (masked), the rule and the fix.
  fib(['security', 'check', 'support-triage.hardcoded.yaml'], { cwd: work, allowFail: true });
  // Run where the files are, so the report names them as a user in that directory would see them.
  fib(
    ['security', 'check', 'support-triage.hardcoded.yaml', '--format', 'sarif', '--output', 'security.sarif'],
    {
      cwd: work,
      allowFail: true,
    },
  );
  const results = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results;
  process.stdout.write(`The SARIF report, ${sarif}, holds ${results.length} result(s):\n`);
  for (const r of results) {
    const where = r.locations[0].physicalLocation;
    process.stdout.write(
      `  ${r.level} ${r.ruleId} at ${where.artifactLocation.uri}:${where.region.startLine}:${where.region.startColumn}\n`,
    );
  }
  fib(['security', 'check', 'support-triage.yaml'], { cwd: work });
  fib(['workflow', 'create', 'production/support-triage', '--file', fixed], {
    env,
    show: 'fibonacci workflow create production/support-triage --file support-triage.yaml',
  });
  // API_KEY was set for production above; staging has none.
  const good = '{"email":"ana@example.com","ticket":"my order is late"}';
  fib(['workflow', 'run', 'production/support-triage', '--env', 'production', '--input', good], {
    env,
    show: `fibonacci workflow run production/support-triage --env production --input '${good}'`,
  });
  const bad = '{"email":"not-an-email","ticket":"hi","priority":1}';
  fib(['workflow', 'run', 'production/support-triage', '--env', 'production', '--input', bad], {
    env,
    show: `fibonacci workflow run production/support-triage --env production --input '${bad}'`,
    allowFail: true,
  });
  fib(['workflow', 'run', 'production/support-triage', '--env', 'staging', '--input', good], {
    env,
    show: `fibonacci workflow run production/support-triage --env staging --input '${good}'`,
    allowFail: true,
  });

  title("Access control: the seed's fibonacci.yaml, roles and rules per workflow");
  // docs/examples/fibonacci.yaml is the API's example policy; its allowlist does not hold 127.0.0.1, where
  // the emulator sees this demo, so the server refuses it (409) rather than lock the owner out.
  const example = join(repo, 'docs', 'examples', 'fibonacci.yaml');
  fib(['access', 'apply', example, '--yes'], {
    env,
    show: 'fibonacci access apply docs/examples/fibonacci.yaml --yes',
    allowFail: true,
  });
  const policy = join(work, 'fibonacci.yaml');
  writeFileSync(
    policy,
    readFileSync(example, 'utf8').replace(
      '      - 203.0.113.50\n',
      '      - 203.0.113.50\n      - 127.0.0.1\n',
    ),
  );
  process.stdout.write('\n$ # the same file with 127.0.0.1 added to security.network.ip_allowlist\n');
  fib(['access', 'apply', policy, '--yes'], { env, show: 'fibonacci access apply --yes' });
  fib(['workflow', 'create', 'development/etl', '--file', def], {
    env,
    show: 'fibonacci workflow create development/etl --file etl.json',
  });
  const added = fib(
    [
      'emulator',
      'add-user',
      '--role',
      'production-deployer',
      '--plain',
      '--data-dir',
      join(work, 'emulator'),
    ],
    {
      show: 'DEPLOYER=$(fibonacci emulator add-user --role production-deployer --plain --data-dir ./emulator)',
      quiet: true,
    },
  );
  // --plain: the key alone, what `$(…)` should hold when the line is copied by hand.
  const deployer = { ...conn, FIBONACCI_API_KEY: added.stdout.trim() };
  fib(['workflow', 'run', 'production/etl'], {
    env: deployer,
    show: 'FIBONACCI_API_KEY=$DEPLOYER fibonacci workflow run production/etl',
  });
  fib(['workflow', 'run', 'development/etl'], {
    env: deployer,
    show: 'FIBONACCI_API_KEY=$DEPLOYER fibonacci workflow run development/etl',
    allowFail: true,
  });
  fib(['access', 'check', 'execute', 'workflows/production/etl'], {
    env: deployer,
    show: 'FIBONACCI_API_KEY=$DEPLOYER fibonacci access check execute workflows/production/etl',
  });
  fib(['access', 'check', 'execute', 'workflows/development/etl'], {
    env: deployer,
    show: 'FIBONACCI_API_KEY=$DEPLOYER fibonacci access check execute workflows/development/etl',
    allowFail: true,
  });
  fib(['org', 'members'], { env });

  title('Audit: every action above left an event');
  fib(['audit', 'logs', '--since', '1 hour ago', '--limit', '8'], {
    env,
    show: 'fibonacci audit logs --since "1 hour ago" --limit 8',
  });
  fib(['audit', 'logs', '--event-type', 'access.denied', '--json'], { env });
  const exported = join(work, 'audit.csv');
  fib(['audit', 'export', '--format', 'csv', '--output', exported], {
    env,
    show: 'fibonacci audit export --format csv --output audit.csv',
  });
  process.stdout.write(
    `$ head -3 audit.csv\n${readFileSync(exported, 'utf8').split('\n').slice(0, 3).join('\n')}\n`,
  );

  title('Organization quota and governance (owner only)');
  fib(['org', 'quota'], { env });
  fib(['org', 'quota', 'set', 'workflow_runs_per_hour=5000', 'memory_mb=8192'], { env });
  fib(['org', 'quota', 'set', 'memory_mb=-1'], { env, allowFail: true });
  fib(['org', 'quota', 'set', 'concurrent_executions=1001'], { env, allowFail: true });
  fib(['org', 'governance', 'set', 'approval_threshold=2'], { env });

  title('The emulator refuses an unsafe production configuration, as the platform does');
  fib(['emulator', 'start', '--port', '0', '--data-dir', join(work, 'prod')], {
    env: { APP_ENV: 'production', ENABLE_DOCS: 'true' },
    show: 'APP_ENV=production ENABLE_DOCS=true fibonacci emulator start --port 0 --data-dir ./prod',
    allowFail: true,
  });

  title('A bad key is refused with exit 4 and a hint');
  fib(['auth', 'status'], {
    env: { ...conn, FIBONACCI_API_KEY: 'fib_test_not_a_real_key_0000000000' },
    show: 'FIBONACCI_API_KEY=fib_test_not_a_real_key… fibonacci auth status',
    allowFail: true,
  });
}
