// The server settings and their startup findings (docs/emulator.md "Settings"), judged without a server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backendSource,
  evaluateSettings,
  loadServerSettings,
  StartupRefusedError,
  settingsSource,
} from '../../../src/emulator/settings.js';
import { tempDir } from '../../helpers/temp-dir.js';

const GOOD_SECRET = '4b7e2a9d0c61f83e5a2d7c0b9e14f6a3';
const judge = (vars: Record<string, string>) => evaluateSettings(vars).findings;
const summary = (vars: Record<string, string>) => judge(vars).map((f) => `${f.severity} ${f.variable}`);

describe('server settings', () => {
  it('starts a development server with no settings at all, silently, with the defaults', () => {
    const { settings, findings } = evaluateSettings({});
    expect(findings).toEqual([]);
    expect(settings).toMatchObject({
      appEnv: 'development',
      enableDocs: false,
      enableDeveloperRoutes: false,
      secretsBackend: 'db',
      trustedProxyHosts: [],
      rateLimit: undefined,
    });
  });

  it('reports every production violation at once, each naming the variable and the fix', () => {
    const findings = judge({ APP_ENV: 'production', ENABLE_DOCS: 'true', ENABLE_DEVELOPER_ROUTES: 'true' });
    expect(findings.map((f) => [f.severity, f.variable])).toEqual([
      ['fatal', 'SESSION_SECRET_KEY'],
      ['fatal', 'ENABLE_DOCS'],
      ['fatal', 'ENABLE_DEVELOPER_ROUTES'],
      ['warning', 'TRUSTED_PROXY_HOSTS'],
    ]);
    expect(findings[0]?.message).toBe(
      'SESSION_SECRET_KEY is not set; set it to a random string of at least 32 characters (e.g. `openssl rand -hex 32`)',
    );
    expect(findings[1]?.message).toBe(
      'ENABLE_DOCS=true exposes /docs and /openapi.json; set ENABLE_DOCS=false',
    );
  });

  it.each([
    ['a 31-character session secret', { SESSION_SECRET_KEY: 'x'.repeat(31) }, ['SESSION_SECRET_KEY']],
    ['docs on', { SESSION_SECRET_KEY: GOOD_SECRET, ENABLE_DOCS: 'TRUE' }, ['ENABLE_DOCS']],
    [
      'developer routes on',
      { SESSION_SECRET_KEY: GOOD_SECRET, ENABLE_DEVELOPER_ROUTES: '1' },
      ['ENABLE_DEVELOPER_ROUTES'],
    ],
    ['nothing wrong', { SESSION_SECRET_KEY: GOOD_SECRET }, []],
  ])('%s: fatal in production, a warning in staging, nothing in development', (_name, vars, variables) => {
    const proxies = { TRUSTED_PROXY_HOSTS: '10.0.0.1' };
    expect(summary({ ...vars, ...proxies, APP_ENV: 'production' })).toEqual(
      variables.map((v) => `fatal ${v}`),
    );
    expect(summary({ ...vars, APP_ENV: 'staging' })).toEqual(variables.map((v) => `warning ${v}`));
    expect(summary({ ...vars, APP_ENV: 'development' })).toEqual([]);
  });

  it('accepts a 32-character session secret and trusted proxies in production without findings', () => {
    expect(
      judge({
        APP_ENV: 'production',
        SESSION_SECRET_KEY: GOOD_SECRET,
        TRUSTED_PROXY_HOSTS: '10.0.0.0/8, ::1',
      }),
    ).toEqual([]);
  });

  it('treats invalid values as fatal in every environment', () => {
    for (const env of ['development', 'staging', 'production']) {
      const base = { APP_ENV: env, SESSION_SECRET_KEY: GOOD_SECRET, TRUSTED_PROXY_HOSTS: '10.0.0.1' };
      expect(summary({ ...base, SECRETS_BACKEND: 'vault' })).toEqual(['fatal SECRETS_BACKEND']);
      expect(summary({ ...base, SECRETS_BACKEND: 'aws_secrets_manager' })).toEqual(['fatal AWS_REGION']);
      expect(summary({ ...base, ENABLE_DOCS: 'maybe' })).toEqual(['fatal ENABLE_DOCS']);
      expect(summary({ ...base, TRUSTED_PROXY_HOSTS: '10.0.0.1,proxy.local' })).toEqual([
        'fatal TRUSTED_PROXY_HOSTS',
      ]);
      expect(summary({ ...base, FIBONACCI_EMULATOR_RATE_LIMIT: '0' })).toEqual([
        'fatal FIBONACCI_EMULATOR_RATE_LIMIT',
      ]);
    }
    expect(judge({ APP_ENV: 'prod' })).toEqual([
      {
        severity: 'fatal',
        variable: 'APP_ENV',
        message: 'APP_ENV="prod" is unknown; set it to development, staging or production',
      },
    ]);
  });

  it('quotes a value only as its first 4 characters and its length, in every message', () => {
    const pasted = 'Zq8wLk29XpR4vTn7';
    const findings = evaluateSettings({
      APP_ENV: pasted,
      SESSION_SECRET_KEY: pasted,
      ENABLE_DOCS: pasted,
      ENABLE_DEVELOPER_ROUTES: pasted,
      TRUSTED_PROXY_HOSTS: `10.0.0.1,${pasted}`,
      SECRETS_BACKEND: pasted,
      FIBONACCI_EMULATOR_RATE_LIMIT: pasted,
    }).findings;
    expect(findings.map((f) => f.variable).sort()).toEqual([
      'APP_ENV',
      'ENABLE_DEVELOPER_ROUTES',
      'ENABLE_DOCS',
      'FIBONACCI_EMULATOR_RATE_LIMIT',
      'SECRETS_BACKEND',
      'TRUSTED_PROXY_HOSTS',
    ]);
    for (const f of findings) {
      expect(f.message).not.toContain('Lk29');
      expect(f.message).toContain('"Zq8w…" (16 characters)');
    }
  });

  it('reads the rate limit per minute or per period', () => {
    expect(evaluateSettings({ FIBONACCI_EMULATOR_RATE_LIMIT: '600' }).settings).toMatchObject({
      rateLimit: 600,
      rateLimitWindowMs: 60_000,
    });
    expect(evaluateSettings({ FIBONACCI_EMULATOR_RATE_LIMIT: '5/2s' }).settings).toMatchObject({
      rateLimit: 5,
      rateLimitWindowMs: 2000,
    });
  });

  it('reads an --env-file with dotenv; the environment wins over it', () => {
    const file = join(tempDir(), 'prod.env');
    writeFileSync(
      file,
      `# production\nAPP_ENV=production\nSESSION_SECRET_KEY="${GOOD_SECRET}"\nENABLE_DOCS=false\nTRUSTED_PROXY_HOSTS=10.0.0.1\nUNRELATED=1\n`,
    );
    expect(settingsSource({}, file)).toEqual({
      APP_ENV: 'production',
      SESSION_SECRET_KEY: GOOD_SECRET,
      ENABLE_DOCS: 'false',
      TRUSTED_PROXY_HOSTS: '10.0.0.1',
    });
    expect(settingsSource({ ENABLE_DOCS: 'true' }, file).ENABLE_DOCS).toBe('true');
    expect(loadServerSettings({}, file).settings.appEnv).toBe('production');
    const refused = (() => {
      try {
        loadServerSettings({ ENABLE_DOCS: 'true', ENABLE_DEVELOPER_ROUTES: 'true' }, file);
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(StartupRefusedError);
    expect((refused as StartupRefusedError).findings.map((f) => f.variable)).toEqual([
      'ENABLE_DOCS',
      'ENABLE_DEVELOPER_ROUTES',
    ]);
  });

  it('reads the secrets backend’s own variables from the --env-file too, the environment winning', () => {
    const file = join(tempDir(), 'backend.env');
    const key = 'c3'.repeat(32);
    writeFileSync(
      file,
      `FIBONACCI_EMULATOR_MASTER_KEY=${key}\nAWS_ENDPOINT_URL=http://127.0.0.1:9\nAPP_ENV=staging\n`,
    );
    expect(backendSource({}, file)).toEqual({
      FIBONACCI_EMULATOR_MASTER_KEY: key,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    });
    expect(
      backendSource({ FIBONACCI_EMULATOR_MASTER_KEY: 'from-env' }, file).FIBONACCI_EMULATOR_MASTER_KEY,
    ).toBe('from-env');
  });
});
