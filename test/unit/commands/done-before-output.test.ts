// Every command that changes something on the server records it with doneBeforeOutput once the
// change is made, so a stdout that fails afterwards (`> /dev/full`) says the change WAS made and
// the user does not make it twice (H14a-16 and its class, DONEOUT: bulk `secret set
// --env-file` and `access apply` said only "what was not written is lost"). Checked on the source:
// a new mutating call in a command without it fails here, whatever its tests cover.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';

const API = join(REPO_ROOT, 'src', 'lib', 'api');
const COMMANDS = join(REPO_ROOT, 'src', 'commands');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Requests that change nothing though their method is not GET: a question sent as a POST body. */
const QUESTIONS = new Set(['access-policy.checkAccess', 'orgs.call']);

/** `module.function` of every resource function that sends a PUT, POST, PATCH or DELETE. */
function mutating(): Set<string> {
  const found = new Set<string>();
  for (const f of readdirSync(API).filter((n) => n.endsWith('.ts'))) {
    const mod = f.replace(/\.ts$/, '');
    const parts = readFileSync(join(API, f), 'utf8')
      .split(/^export async function /m)
      .slice(1);
    for (const body of parts) {
      const name = /^\w+/.exec(body)?.[0] ?? '';
      if (/'(?:PUT|POST|PATCH|DELETE)'/.test(body) && !QUESTIONS.has(`${mod}.${name}`))
        found.add(`${mod}.${name}`);
    }
  }
  return found;
}

/** The mutating calls of a command file, as `module.function`. */
function callsIn(source: string, changes: Set<string>): string[] {
  const calls: string[] = [];
  for (const [, alias, mod] of source.matchAll(
    /import \* as (\w+) from '\.\.\/\.\.\/lib\/api\/([\w-]+)\.js'/g,
  )) {
    for (const [, fn] of source.matchAll(new RegExp(`\\b${alias}\\.(\\w+)\\(`, 'g')))
      if (changes.has(`${mod}.${fn}`)) calls.push(`${mod}.${fn}`);
  }
  return calls;
}

describe('a change made, then a failed stdout', () => {
  it('finds the mutating API functions (the rule below is not vacuous)', () => {
    expect([...mutating()].sort()).toEqual(
      expect.arrayContaining([
        'access-policy.putAccessPolicy',
        'api-keys.create',
        'api-keys.revoke',
        'orgs.setGovernance',
        'orgs.setMemberRole',
        'orgs.setQuota',
        'secrets.remove',
        'secrets.set',
        'secrets.setRotation',
        'workflows.create',
        'workflows.execute',
      ]),
    );
  });

  it('every command file that makes one records it with doneBeforeOutput', () => {
    const changes = mutating();
    const missing = files(COMMANDS).flatMap((f) => {
      const source = readFileSync(f, 'utf8');
      const calls = callsIn(source, changes);
      // create-key says it its own way (delivered(): the key's id and how to revoke it).
      const says = source.includes('doneBeforeOutput(') || source.includes('await delivered(');
      return calls.length > 0 && !says ? [`${relative(REPO_ROOT, f)}: ${calls.join(', ')}`] : [];
    });
    expect(missing).toEqual([]);
  });
});
