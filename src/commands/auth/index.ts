import { type Command, Option } from '@commander-js/extra-typings';
import { usageError } from '../../lib/errors.js';
import { scopeHint, VALID_SCOPES } from '../../lib/scopes.js';
import { keyNameArg, lifetimeArg, patternsArg, scopesArg } from '../args.js';
import { type CommandDeps, examples, verb } from '../shared.js';
import type { CreateKeyOptions } from './create-key.js';

/** `fibonacci auth …`: log in, see who you are, manage keys. */
export function registerAuth(program: Command, deps: CommandDeps): void {
  const auth = program.command('auth').description('Log in, check status and manage API keys');

  const login = auth
    .command('login')
    .description('Store an API key in the OS keychain after checking it with the API')
    .option('--with-token', 'read the key from standard input')
    .option('--insecure-storage', 'store the key in a plain-text file (0600) instead of the keychain');
  verb(login, deps, async () => (await import('./login.js')).runLogin);
  examples(login, [
    ['paste the key at a masked prompt', 'fibonacci auth login'],
    ['read the key from a file or a CI secret', 'fibonacci auth login --with-token < key.txt'],
  ]);

  const status = auth
    .command('status')
    .description('Show the key in use: source, organization, role, scopes and expiry')
    .option('--json', 'print JSON');
  verb(status, deps, async () => (await import('./status.js')).runStatus);
  examples(status, [
    ['who am I, and where does my key come from?', 'fibonacci auth status'],
    ['the role, for a script', 'fibonacci auth status --json | jq -r .role'],
  ]);

  const logout = auth
    .command('logout')
    .description('Remove the stored key from the keychain (and the plain-text file)');
  verb(logout, deps, async () => (await import('./logout.js')).runLogout);
  examples(logout, [['forget the stored key', 'fibonacci auth logout']]);

  const token = auth.command('token').description('Print the key in use, nothing else');
  verb(token, deps, async () => (await import('./token.js')).runToken);
  examples(token, [
    ['pass the key to another tool', 'curl -H "Authorization: Bearer $(fibonacci auth token)" …'],
  ]);

  registerKeyCommands(auth, deps);
}

/** `auth create-key`: at least one scope (the API refuses a key that may do nothing). */
function createKeyOptions(opts: Omit<CreateKeyOptions, 'scopes'> & { scope?: string[] }): CreateKeyOptions {
  const { scope, ...rest } = opts;
  if (!scope?.length) {
    throw usageError('at least one --scope is needed', scopeHint());
  }
  return { ...rest, scopes: scope };
}

/** `auth create-key | list-keys | revoke-key`. */
function registerKeyCommands(auth: Command, deps: CommandDeps): void {
  const createKey = auth
    .command('create-key')
    .description('Create an API key and print it once (needs admin or owner)')
    .requiredOption('--name <name>', 'a name that says where the key is used', keyNameArg)
    .option(
      '--scope <scope>',
      `what the key may do; repeat or comma-separate (${VALID_SCOPES.slice(0, 5).join(', ')} or resource:action)`,
      scopesArg,
    )
    .option(
      '--workflows <glob...>',
      'workflow-name patterns the key may touch (default: those of your key)',
      patternsArg,
    )
    .addOption(
      new Option('--expires-in <days>', 'lifetime: whole days such as 30d or 2w (1 to 3650), or never')
        .argParser(lifetimeArg)
        .default(90, '"90d"'),
    )
    .addOption(new Option('--plain', 'print the key alone (for $(…))').conflicts('json'))
    .option('--json', 'print the created key as JSON, including the key');
  verb(createKey, deps, createKeyOptions, async () => (await import('./create-key.js')).runCreateKey);
  examples(createKey, [
    ['a read-only key for monitoring', 'fibonacci auth create-key --name "monitoring" --scope read'],
    ['a CI key that may run workflows', 'fibonacci auth create-key --name "ci-cd" --scope execute'],
    [
      'a key that may only run production workflows, straight into a variable',
      'KEY=$(fibonacci auth create-key --name "production" --scope execute --workflows "production/*" --plain)',
    ],
  ]);

  const listKeys = auth
    .command('list-keys')
    .description('List API keys: id, name, prefix, scopes, workflows, expiry; never a key')
    .option('--json', 'print JSON');
  verb(listKeys, deps, async () => (await import('./list-keys.js')).runListKeys);
  examples(listKeys, [
    ['every key of the organization', 'fibonacci auth list-keys'],
    [
      'keys that never expire',
      "fibonacci auth list-keys --json | jq -r '.[] | select(.expires_at == null) | .id'",
    ],
  ]);

  const revokeKey = auth
    .command('revoke-key')
    .description('Revoke an API key at once, named by id or name (needs admin or owner)')
    .argument('<key>', 'the key id or name (see `fibonacci auth list-keys`)')
    .option('--yes', 'do not ask for confirmation (needed without a terminal)');
  verb(
    revokeKey,
    deps,
    (opts, key) => ({ key, ...opts }),
    async () => (await import('./revoke-key.js')).runRevokeKey,
  );
  examples(revokeKey, [
    ['revoke a leaked key', 'fibonacci auth revoke-key key_8f2c0a1b9d3e4f5a6b7c8d9e'],
    ['revoke the key named ci-cd (refused when two keys have that name)', 'fibonacci auth revoke-key ci-cd'],
    ['in a script', 'fibonacci auth revoke-key "$KEY_ID" --yes'],
  ]);
}
