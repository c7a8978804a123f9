import { describe, expect, it } from 'vitest';
import { decide } from '../../../../src/lib/access-policy/decide.js';
import type { Action } from '../../../../src/lib/access-policy/names.js';
import { parseResource, type Resource } from '../../../../src/lib/access-policy/resource.js';
import { validatePolicy } from '../../../../src/lib/access-policy/validate.js';
import { EXAMPLE_POLICY } from '../../../helpers/example-policy.js';

function policyOf(doc: unknown) {
  const v = validatePolicy(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.policy;
}
const example = policyOf(EXAMPLE_POLICY);
const res = (text: string) => parseResource(text) as Resource;
const ask = (role: string, action: Action, resource: string, policy = example) =>
  decide(policy, { role, action, resource: res(resource) });

describe('decide (steps 4 and 5)', () => {
  it('the example policy: deployers execute production, developers development, nobody else', () => {
    expect(ask('production-deployer', 'execute', 'workflows/production/etl')).toEqual({
      allowed: true,
      reason:
        'role production-deployer is listed for execute in access_control.resources.workflows."production/*" (workflows/production/etl)',
      decided_by: 'access_control.resources.workflows."production/*".execute',
      step: 'resource',
    });
    expect(ask('production-deployer', 'execute', 'workflows/development/x')).toMatchObject({
      allowed: false,
      decided_by: 'access_control.resources.workflows."development/*".execute',
    });
    expect(ask('developer', 'execute', 'workflows/development/x')).toMatchObject({ allowed: true });
    expect(ask('developer', 'execute', 'workflows/production/etl')).toMatchObject({
      allowed: false,
      step: 'resource',
    });
    // No pattern matches: step 4 alone decides.
    expect(ask('developer', 'execute', 'workflows/other')).toMatchObject({
      allowed: true,
      step: 'role',
      decided_by: 'access_control.roles."developer".permissions',
    });
  });

  it('a member cannot read secrets when "*" lists only admin; the owner is never refused', () => {
    expect(ask('member', 'read', 'secrets/shared/API_KEY')).toMatchObject({
      allowed: false,
      decided_by: 'access_control.resources.secrets."*".read',
    });
    expect(ask('admin', 'read', 'secrets/production/API_KEY')).toMatchObject({ allowed: true });
    expect(ask('owner', 'read', 'secrets/production/API_KEY')).toEqual({
      allowed: true,
      reason: 'the owner is never refused by a resource rule',
      decided_by: 'builtin_roles.owner',
      step: 'role',
    });
    expect(ask('owner', 'execute', 'workflows/production/etl')).toMatchObject({ allowed: true });
  });

  it('step 4 first: permissions a custom role lacks, ranks a built-in role lacks', () => {
    expect(ask('production-deployer', 'write', 'workflows/production/etl')).toMatchObject({
      allowed: false,
      step: 'role',
      reason: 'role production-deployer may not write workflows: it lacks the write permission',
    });
    expect(ask('viewer', 'execute', 'workflows/x')).toMatchObject({
      allowed: false,
      reason: 'role viewer may not execute workflows: requires role member, admin or owner',
      decided_by: 'builtin_roles.viewer',
    });
    // `admin` grants every permission, as the admin scope does.
    const p = policyOf({
      access_control: { enabled: false, roles: [{ name: 'ops', permissions: ['admin'] }] },
    });
    expect(ask('ops', 'delete', 'secrets/shared/X', p)).toMatchObject({ allowed: true });
  });

  it('a role that is gone falls back to default_role', () => {
    expect(ask('tester', 'execute', 'workflows/development/x')).toMatchObject({
      allowed: false,
      decided_by: 'builtin_roles.viewer',
    });
    const p = policyOf({
      ...EXAMPLE_POLICY,
      access_control: { ...EXAMPLE_POLICY.access_control, default_role: 'developer' },
    });
    expect(ask('tester', 'execute', 'workflows/development/x', p)).toMatchObject({ allowed: true });
    expect(ask('tester', 'execute', 'workflows/development/x', p).reason).toContain('default_role');
  });

  it('the most specific pattern decides: no wildcard beats one, then more literal characters', () => {
    const p = policyOf({
      access_control: {
        enabled: true,
        roles: [
          { name: 'a', permissions: ['read', 'execute'] },
          { name: 'b', permissions: ['read', 'execute'] },
        ],
        resources: {
          workflows: {
            '**': { execute: [{ role: 'a' }] },
            'production/*': { execute: [{ role: 'b' }] },
            'production/etl': { execute: [{ role: 'a' }] },
            'production/e*': { read: [{ role: 'b' }] },
          },
          secrets: {
            'API_*': { read: [{ role: 'a' }] },
            'production/API_*': { read: [{ role: 'b' }] },
            API_KEY: { read: [{ role: 'a' }] },
          },
        },
      },
    });
    expect(ask('a', 'execute', 'workflows/production/etl', p).decided_by).toBe(
      'access_control.resources.workflows."production/etl".execute',
    );
    expect(ask('b', 'execute', 'workflows/production/etl', p).allowed).toBe(false);
    expect(ask('b', 'execute', 'workflows/production/x', p).allowed).toBe(true);
    expect(ask('a', 'execute', 'workflows/staging/x', p).allowed).toBe(true);
    // A pattern that does not name the action plays no part: `production/e*` names only read.
    expect(ask('a', 'read', 'workflows/production/etl', p)).toMatchObject({ allowed: false });
    expect(ask('b', 'read', 'secrets/production/API_TOKEN', p).allowed).toBe(true);
    expect(ask('b', 'read', 'secrets/shared/API_TOKEN', p).allowed).toBe(false);
    expect(ask('b', 'read', 'secrets/production/API_KEY', p).decided_by).toBe(
      'access_control.resources.secrets."API_KEY".read',
    );
  });

  it('ties between equally specific patterns must all list the role', () => {
    const p = policyOf({
      access_control: {
        enabled: true,
        roles: [{ name: 'a', permissions: ['execute'] }],
        resources: {
          workflows: { 'x*/etl': { execute: [{ role: 'a' }] }, '*x/etl': { execute: [{ role: 'admin' }] } },
        },
      },
    });
    expect(ask('a', 'execute', 'workflows/xx/etl', p)).toMatchObject({
      allowed: false,
      decided_by: 'access_control.resources.workflows."*x/etl".execute',
    });
    expect(ask('a', 'execute', 'workflows/xy/etl', p).allowed).toBe(true);
  });

  it('resource rules apply only when enabled', () => {
    const off = policyOf({
      ...EXAMPLE_POLICY,
      access_control: { ...EXAMPLE_POLICY.access_control, enabled: false },
    });
    expect(ask('member', 'read', 'secrets/shared/API_KEY', off)).toMatchObject({
      allowed: true,
      step: 'role',
    });
  });
});

describe('parseResource', () => {
  it('parses the two forms and refuses the rest', () => {
    expect(parseResource('workflows/production/etl')).toEqual({ kind: 'workflows', name: 'production/etl' });
    expect(parseResource('secrets/shared/X')).toEqual({ kind: 'secrets', environment: null, name: 'X' });
    expect(parseResource('secrets/production/API_KEY')).toEqual({
      kind: 'secrets',
      environment: 'production',
      name: 'API_KEY',
    });
    for (const bad of [
      'workflows/',
      'workflows/a/../b',
      'secrets/X',
      'secrets/Prod/X',
      'secrets/p/1X',
      'secrets/p/X/Y',
      'runs/x',
      'workflows',
    ]) {
      expect(parseResource(bad), bad).toHaveProperty('error');
    }
  });
});
