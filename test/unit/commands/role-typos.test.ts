// UX pass 14 (A-ROLE): a role typed in the wrong case or a letter off (`set-role USER Admin`,
// `access check … --role Viewr`) was refused with the rule and "see --help": the user had to
// spot admin in the list themselves. Now the hint names the role meant; a value the error does not
// repeat (it may be a password typed in the wrong place) gets no lower-cased copy in the hint.
import { describe, expect, it } from 'vitest';
import { parseArgv } from './argv.js';

const RULE =
  'not a role name: owner, admin, member, viewer, or lowercase letters, digits and -, starting with a letter, at most 32 characters';

describe('a refused role names the one meant', () => {
  it.each([
    ['Admin', 'admin'],
    ['ADMIN', 'admin'],
    ['owner_', 'owner'],
    ['Viewr', 'viewer'],
  ])('set-role USER %s → did you mean %s?', async (typed, meant) => {
    const r = await parseArgv(['org', 'members', 'set-role', 'user-123', typed]);
    expect([r.code, r.stdout, r.stderr, r.calls]).toEqual([
      2,
      '',
      `error: invalid role "${typed}": ${RULE}\nhint: did you mean ${meant}?\n`,
      [],
    ]);
  });

  it('access check --role Membr → did you mean member?', async () => {
    const r = await parseArgv(['access', 'check', 'read', 'secrets/shared/X', '--role', 'Membr']);
    expect([r.code, r.stderr]).toEqual([
      2,
      `error: invalid --role "Membr": ${RULE}\nhint: did you mean member?\n`,
    ]);
  });

  it('a custom role in upper case: its lower-case name', async () => {
    const r = await parseArgv(['org', 'members', 'set-role', 'user-123', 'Deployer']);
    expect(r.stderr).toBe(
      `error: invalid role "Deployer": ${RULE}\nhint: did you mean deployer? role names are lower case\n`,
    );
  });

  it('a password-like value: not repeated, not lower-cased in the hint', async () => {
    const r = await parseArgv(['org', 'members', 'set-role', 'user-123', 'Xk9mQ2vLpZ']);
    expect(r.stderr).toBe(
      `error: invalid role (10 characters, not repeated here): ${RULE}\nhint: see \`fibonacci org members set-role --help\`\n`,
    );
    expect(r.stderr.toLowerCase()).not.toContain('xk9mq2vlpz');
  });
});
