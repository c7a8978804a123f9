// The API's example policy (docs/examples/fibonacci.yaml holds the same as YAML), as the API takes it.
export const EXAMPLE_POLICY = {
  access_control: {
    enabled: true,
    default_role: 'viewer',
    roles: [
      { name: 'developer', permissions: ['read', 'write', 'execute'] },
      { name: 'production-deployer', permissions: ['read', 'execute'] },
    ],
    resources: {
      workflows: {
        'production/*': {
          execute: [{ role: 'admin' }, { role: 'production-deployer' }],
          write: [{ role: 'admin' }],
        },
        'development/*': {
          execute: [{ role: 'developer' }, { role: 'admin' }],
          write: [{ role: 'developer' }, { role: 'admin' }],
        },
      },
      secrets: { '*': { read: [{ role: 'admin' }], write: [{ role: 'admin' }] } },
    },
  },
  network: { ip_allowlist: ['10.0.0.0/8', '192.168.1.0/24', '203.0.113.50'], ip_blocklist: ['0.0.0.0/0'] },
};
