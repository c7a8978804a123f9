import { type Command, Option } from '@commander-js/extra-typings';
import { VALID_SCOPES } from '../../lib/scopes.js';
import { type CommandDeps, collect, examples } from '../shared.js';

/** `fibonacci auth …`: log in, see who you are, manage keys. */
export function registerAuth(program: Command, deps: CommandDeps): void {
  const auth = program.command('auth').description('Log in, check status and manage API keys');

  const login = auth
    .command('login')
    .description('Store an API key in the OS keychain after checking it with the API')
    .option('--with-token', 'read the key from standard input')
    .option('--insecure-storage', 'store the key in a plain-text file (0600) instead of the keychain')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./login.js')).runLogin(opts, ctx));
    });
  examples(login, [
    ['paste the key at a masked prompt', 'fibonacci auth login'],
    ['read the key from a file or a CI secret', 'fibonacci auth login --with-token < key.txt'],
  ]);

  const status = auth
    .command('status')
    .description('Show the key in use: source, organization, role, scopes and expiry')
    .option('--json', 'print JSON')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./status.js')).runStatus(opts, ctx));
    });
  examples(status, [
    ['who am I, and where does my key come from?', 'fibonacci auth status'],
    ['the role, for a script', 'fibonacci auth status --json | jq -r .role'],
  ]);

  const logout = auth
    .command('logout')
    .description('Remove the stored key from the keychain (and the plain-text file)')
    .action(async (_opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./logout.js')).runLogout(ctx));
    });
  examples(logout, [['forget the stored key', 'fibonacci auth logout']]);

  const token = auth
    .command('token')
    .description('Print the key in use, nothing else')
    .action(async (_opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./token.js')).runToken(ctx));
    });
  examples(token, [
    ['pass the key to another tool', 'curl -H "Authorization: Bearer $(fibonacci auth token)" …'],
  ]);

  registerKeyCommands(auth, deps);
}

/** `auth create-key | list-keys | revoke-key`. */
function registerKeyCommands(auth: Command, deps: CommandDeps): void {
  const createKey = auth
    .command('create-key')
    .description('Create an API key and print it once (admin or owner)')
    .requiredOption('--name <name>', 'a name that says where the key is used')
    .option(
      '--scope <scope>',
      `what the key may do; repeat or comma-separate (${VALID_SCOPES.slice(0, 5).join(', ')} or resource:action)`,
      collect,
    )
    .option('--workflows <glob...>', 'workflow-name patterns the key may touch (default: those of your key)')
    .option('--expires-in <days>', 'lifetime: whole days such as 30d or 2w, or never', '90d')
    .addOption(new Option('--plain', 'print the key alone (for $(…))').conflicts('json'))
    .option('--json', 'print the created key as JSON, including the key')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./create-key.js')).runCreateKey(opts, ctx));
    });
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
    .option('--json', 'print JSON')
    .action(async (opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./list-keys.js')).runListKeys(opts, ctx));
    });
  examples(listKeys, [
    ['every key of the organization', 'fibonacci auth list-keys'],
    [
      'keys that never expire',
      "fibonacci auth list-keys --json | jq -r '.[] | select(.expires_at == null) | .id'",
    ],
  ]);

  const revokeKey = auth
    .command('revoke-key')
    .description('Revoke an API key at once (admin or owner)')
    .argument('<id>', 'the key id (see `fibonacci auth list-keys`)')
    .option('--yes', 'do not ask for confirmation (needed without a terminal)')
    .action(async (id, opts, cmd) => {
      await deps.run(cmd, async (ctx) => (await import('./revoke-key.js')).runRevokeKey(id, opts, ctx));
    });
  examples(revokeKey, [
    ['revoke a leaked key', 'fibonacci auth revoke-key key_8f2c0a1b'],
    ['in a script', 'fibonacci auth revoke-key "$KEY_ID" --yes'],
  ]);
}
