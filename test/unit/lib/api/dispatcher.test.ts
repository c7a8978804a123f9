import { Agent, EnvHttpProxyAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../src/lib/api/client.js';
import { createDispatcher, proxyFor, secureContextFor } from '../../../../src/lib/api/dispatcher.js';
import { CliError } from '../../../../src/lib/errors.js';
import { makeCa, makeClientCert } from '../../../helpers/certs.js';
import { failureSync } from '../../../helpers/errors.js';

const EXTRA = '-----BEGIN CERTIFICATE-----\nEXTRA\n-----END CERTIFICATE-----\n';
const base = new URL('https://api.test');

describe('secureContextFor', () => {
  it('refuses an extra CA with no certificate in it, or a broken one, as a configuration error', () => {
    for (const ca of ['not a certificate', EXTRA]) {
      const err = failureSync(() => secureContextFor({ ca }, 'TLSv1.3'));
      expect(err.exitCode).toBe(3);
      expect(err.message).toMatch(/^cannot use the extra CA: /);
    }
  });

  it('accepts a bundle of real certificates, and nothing at all', async () => {
    const a = await makeCa();
    const b = await makeCa();
    expect(secureContextFor({ ca: `${a.cert}\n${b.cert}` }, 'TLSv1.3')).toBeDefined();
    expect(secureContextFor({}, 'TLSv1.3')).toBeDefined();
  });

  it('refuses a client key that does not match as a configuration error', async () => {
    const ca = await makeCa();
    const one = await makeClientCert(ca);
    const two = await makeClientCert(ca);
    expect(() => secureContextFor({ cert: one.cert, key: two.key }, 'TLSv1.3')).toThrow(
      /^cannot use the client certificate or key: /,
    );
  });
});

describe('proxy selection', () => {
  it('uses the https proxy for https, lower case first, and nothing when unset or empty', () => {
    expect(proxyFor(base, {})).toBeUndefined();
    expect(proxyFor(base, { HTTPS_PROXY: '' })).toBeUndefined();
    expect(proxyFor(base, { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
    expect(proxyFor(base, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' })).toBe(
      'http://lower:1',
    );
    expect(proxyFor(new URL('http://api.test'), { HTTP_PROXY: 'http://p:1' })).toBe('http://p:1');
  });

  it('builds a plain Agent without a proxy variable and EnvHttpProxyAgent with one', async () => {
    const plain = createDispatcher({ baseUrl: base, timeoutMs: 1000, env: {} });
    const proxied = createDispatcher({
      baseUrl: base,
      timeoutMs: 1000,
      env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
    expect(plain).toBeInstanceOf(Agent);
    expect(proxied).toBeInstanceOf(EnvHttpProxyAgent);
    await Promise.all([plain.close(), proxied.close()]);
  });
});

describe('configuration errors', () => {
  it('a client certificate without its key is a usage error', () => {
    expect(() => createDispatcher({ baseUrl: base, timeoutMs: 1000, env: {}, clientCert: 'x' })).toThrow(
      CliError,
    );
  });

  it('an invalid base URL is a usage error naming it', () => {
    const make = () =>
      createApiClient({
        baseUrl: 'not a url',
        timeoutMs: 1000,
        maxRetries: 0,
        userAgent: 'ua',
        env: {},
        onRetry: () => {},
      });
    expect(make).toThrow('invalid API URL "not a url"');
  });
});
