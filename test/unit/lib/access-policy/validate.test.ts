import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../../../src/lib/access-policy/names.js';
import { validatePolicy } from '../../../../src/lib/access-policy/validate.js';
import { EXAMPLE_POLICY } from '../../../helpers/example-policy.js';

describe('validatePolicy', () => {
  it('accepts the example policy and fills in nothing it did not say', () => {
    const v = validatePolicy(EXAMPLE_POLICY);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.policy).toEqual(EXAMPLE_POLICY_NORMALISED);
  });

  it('fills in the defaults of an empty document: no rules, default_role viewer, rules off', () => {
    expect(validatePolicy({})).toEqual({
      ok: true,
      policy: {
        access_control: {
          enabled: false,
          default_role: 'viewer',
          roles: [],
          resources: { workflows: {}, secrets: {} },
        },
        network: { ip_allowlist: [], ip_blocklist: [] },
      },
    });
  });

  it('lists every problem at once, each with its loc, in document order', () => {
    const v = validatePolicy({
      access_control: {
        enabled: 'yes',
        default_role: 'ghost',
        roles: [
          { name: 'admin', permissions: ['read'] },
          { name: 'Dev', permissions: ['deploy'] },
          { name: 'ops', permissions: ['read'], colour: 'red' },
          { name: 'ops', permissions: [] },
        ],
        resources: {
          workflows: {
            'production/*': { execute: [{ role: 'deployer' }], deploy: [] },
            'bad[glob]': { read: [{ role: 'admin' }] },
          },
          secrets: { 'prod/x/y': { read: [] }, 'Production/*': { write: [{ role: 'ops' }] } },
          runs: {},
        },
      },
      network: {
        ip_allowlist: ['10.0.0.0/33', '300.1.1.1', '::ffff:10.0.0.0/104'],
        ip_blocklist: ['2001:db8::/32', 'fe80::1%eth0'],
      },
      security: {},
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => [p.loc.join('.'), p.msg])).toEqual([
      ['access_control.enabled', 'Expected boolean'],
      [
        'access_control.default_role',
        'role "ghost" is not defined: add it to access_control.roles or use owner, admin, member, viewer',
      ],
      ['access_control.roles.0.name', '"admin" is a built-in role; a custom role needs another name'],
      [
        'access_control.roles.1.name',
        '"Dev" is not a role name (lowercase letters, digits and -, starting with a letter, at most 32 characters)',
      ],
      [
        'access_control.roles.1.permissions.0',
        'unknown permission "deploy"; expected read, write, execute, delete, admin',
      ],
      ['access_control.roles.2.colour', 'unknown key "colour"'],
      ['access_control.roles.3.name', 'role "ops" is already defined at roles[2]'],
      [
        'access_control.resources.workflows.production/*.execute.0.role',
        'role "deployer" is not defined: add it to access_control.roles or use owner, admin, member, viewer',
      ],
      [
        'access_control.resources.workflows.production/*.deploy',
        'unknown action "deploy" for workflows; expected read, write, execute, delete',
      ],
      [
        'access_control.resources.workflows.bad[glob]',
        '"bad[glob]" is not a workflow pattern: /-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment',
      ],
      [
        'access_control.resources.secrets.prod/x/y',
        '"prod/x/y" has more than one /: a secrets pattern is NAME_GLOB or ENV/NAME_GLOB: letters, digits, _ and * wildcards, after an environment name or shared and /',
      ],
      [
        'access_control.resources.secrets.Production/*',
        '"Production" is not an environment name (or shared)',
      ],
      ['access_control.resources.runs', 'unknown key "runs"'],
      ['network.ip_allowlist.0', '"10.0.0.0/33": the prefix length must be a whole number from 0 to 32'],
      ['network.ip_allowlist.1', '"300.1.1.1" is not an IPv4 or IPv6 address'],
      [
        'network.ip_allowlist.2',
        '"::ffff:10.0.0.0/104" is a range of IPv4-mapped IPv6 addresses, which count as IPv4: write 10.0.0.0/8 instead',
      ],
      ['network.ip_blocklist.1', '"fe80::1%eth0": an IPv6 zone (%…) cannot be matched'],
      ['security', 'unknown key "security"'],
    ]);
    // Array positions are numbers in the loc, record keys stay text.
    expect(v.problems[2]?.loc).toEqual(['access_control', 'roles', 0, 'name']);
    expect(v.problems[7]?.loc).toEqual([
      'access_control',
      'resources',
      'workflows',
      'production/*',
      'execute',
      0,
      'role',
    ]);
  });

  it('refuses owner as default_role, a missing enabled, and a document that is no object', () => {
    const problems = (doc: unknown) => {
      const v = validatePolicy(doc);
      return v.ok ? [] : v.problems.map((p) => `${p.loc.join('.')}: ${p.msg}`);
    };
    expect(problems({ access_control: { enabled: true, default_role: 'owner' } })).toEqual([
      'access_control.default_role: default_role cannot be owner',
    ]);
    expect(problems({ access_control: {} })).toEqual(['access_control.enabled: missing key "enabled"']);
    // NC12-8: a key one slip from the object's own is named.
    expect(problems({ access_control: { enabled: true, enabeld: true } })).toEqual([
      'access_control.enabeld: unknown key "enabeld" (did you mean enabled?)',
    ]);
    expect(problems([])).toEqual([': Expected object']);
    expect(problems(null)).toEqual([': Expected object']);
  });

  it('keeps its permission list and the schema’s in step', () => {
    for (const p of PERMISSIONS) {
      expect(
        validatePolicy({ access_control: { enabled: false, roles: [{ name: 'r', permissions: [p] }] } }).ok,
      ).toBe(true);
    }
  });
});

const EXAMPLE_POLICY_NORMALISED = EXAMPLE_POLICY;

describe('an IPv4-mapped entry: the hint keeps its range', () => {
  it('every form says the IPv4 entry that means the same addresses', async () => {
    const { parseNetworkEntry } = await import('../../../../src/lib/access-policy/network.js');
    const err = (t: string) => (parseNetworkEntry(t) as { error?: string }).error;
    expect(err('::ffff:0:0/96')).toMatch(/write 0\.0\.0\.0\/0 instead$/);
    expect(err('::ffff:127.0.0.0/104')).toMatch(/write 127\.0\.0\.0\/8 instead$/);
    expect(err('::ffff:127.0.0.1')).toMatch(/write 127\.0\.0\.1 instead$/);
    expect(err('::ffff:0:0/80')).toMatch(/spans IPv4-mapped and other IPv6 addresses/);
  });
});
