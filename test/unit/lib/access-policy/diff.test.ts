import { describe, expect, it } from 'vitest';
import { diffPolicy } from '../../../../src/lib/access-policy/diff.js';
import { emptyPolicy, type Policy } from '../../../../src/lib/access-policy/schema.js';
import { validatePolicy } from '../../../../src/lib/access-policy/validate.js';
import { EXAMPLE_POLICY } from '../../../helpers/example-policy.js';

const example = (validatePolicy(EXAMPLE_POLICY) as { policy: Policy }).policy;

describe('diffPolicy', () => {
  it('is empty for the same policy', () => {
    expect(diffPolicy(example, structuredClone(example)).empty).toBe(true);
  });

  it('names roles, rules and network entries added, removed and changed', () => {
    const after = structuredClone(example);
    after.access_control.roles[0] = { name: 'developer', permissions: ['read', 'execute'] };
    after.access_control.roles.splice(1, 1);
    after.access_control.roles.push({ name: 'auditor', permissions: ['read'] });
    after.access_control.resources.workflows['production/*'] = { execute: [{ role: 'admin' }] };
    after.access_control.resources.secrets['production/*'] = { delete: [{ role: 'owner' }] };
    after.access_control.default_role = 'auditor';
    after.network.ip_blocklist = ['0.0.0.0/0', '::/0'];
    after.network.ip_allowlist = ['10.0.0.0/8'];
    const d = diffPolicy(example, after);
    expect(d.empty).toBe(false);
    expect(d.default_role).toEqual({ before: 'viewer', after: 'auditor' });
    expect(d.enabled).toBeUndefined();
    expect(d.roles.added.map((r) => r.name)).toEqual(['auditor']);
    expect(d.roles.removed.map((r) => r.name)).toEqual(['production-deployer']);
    expect(d.roles.changed).toEqual([
      {
        name: 'developer',
        before: { name: 'developer', permissions: ['read', 'write', 'execute'] },
        after: { name: 'developer', permissions: ['read', 'execute'] },
      },
    ]);
    expect(d.rules.added).toEqual([
      { kind: 'secrets', pattern: 'production/*', action: 'delete', roles: ['owner'] },
    ]);
    expect(d.rules.removed).toEqual([
      { kind: 'workflows', pattern: 'production/*', action: 'write', roles: ['admin'] },
    ]);
    expect(d.rules.changed).toEqual([
      {
        kind: 'workflows',
        pattern: 'production/*',
        action: 'execute',
        before: ['admin', 'production-deployer'],
        after: ['admin'],
      },
    ]);
    expect(d.network).toEqual({
      ip_allowlist: { added: [], removed: ['192.168.1.0/24', '203.0.113.50'] },
      ip_blocklist: { added: ['::/0'], removed: [] },
    });
  });

  it('against the empty policy, everything is added', () => {
    const d = diffPolicy(emptyPolicy(), example);
    expect(d.enabled).toEqual({ before: false, after: true });
    expect(d.rules.added).toHaveLength(6);
    expect(d.network.ip_allowlist.added).toHaveLength(3);
  });
});
