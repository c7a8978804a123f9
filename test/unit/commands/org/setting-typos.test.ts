// UX pass 14 (A-HINTS): a mistyped key of `org quota set` / `org governance set` (memory_mbb,
// memory, allow_self_aproval, category_flag.finance) was refused with the whole list of keys
// and no pointer to the one meant. Now the near key comes first, then the list as before.
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../argv.js';

const LIMITS = 'limits: workflow_runs_per_hour, concurrent_executions, memory_mb';
const SETTINGS =
  'settings: require_approval_for_external_comm, require_approval_for_public_writes, require_approval_for_permission_changes, allow_self_approval, approval_threshold, category_flags.NAME';

describe('a mistyped setting names the one meant', () => {
  it.each([
    [
      ['quota', 'set', 'memory_mbb=1'],
      'memory_mbb=1',
      'memory_mbb is not a quota limit',
      `did you mean memory_mb? ${LIMITS}`,
    ],
    [
      ['quota', 'set', 'memory=1'],
      'memory=1',
      'memory is not a quota limit',
      `did you mean memory_mb? ${LIMITS}`,
    ],
    [
      ['governance', 'set', 'allow_self_aproval=true'],
      'allow_self_aproval=true',
      'allow_self_aproval is not a governance setting',
      `did you mean allow_self_approval? ${SETTINGS}`,
    ],
    [
      ['governance', 'set', 'category_flag.finance=true'],
      'category_flag.finance=true',
      'category_flag.finance is not a governance setting',
      `did you mean category_flags.finance? ${SETTINGS}`,
    ],
  ])('%j', async (argv, typed, what, hint) => {
    const r = await parseArgv(['org', ...argv]);
    expect([r.code, r.stdout, r.stderr, r.calls]).toEqual([
      2,
      '',
      `error: invalid setting "${typed}": ${what}\nhint: ${hint}\n`,
      [],
    ]);
  });

  it('a key near none keeps the list alone', async () => {
    const r = await parseArgv(['org', 'quota', 'set', 'zzz=1']);
    expect(r.stderr).toBe(`error: invalid setting "zzz=1": zzz is not a quota limit\nhint: ${LIMITS}\n`);
  });
});
