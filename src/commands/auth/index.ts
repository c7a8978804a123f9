import type { Command } from '@commander-js/extra-typings';
import { type CommandDeps, examples } from '../shared.js';

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
}
