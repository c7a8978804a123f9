import { unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src/lib/api/client.js';
import { caList, createDispatcher, proxyFor } from '../../../src/lib/api/dispatcher.js';
import { CliError } from '../../../src/lib/errors.js';

const EXTRA = '-----BEGIN CERTIFICATE-----\nEXTRA\n-----END CERTIFICATE-----\n';
const base = new URL('https://api.test');

describe('caList', () => {
  it("keeps Node's public roots when an extra CA is given", () => {
    const list = caList(EXTRA, {}) ?? [];
    expect(list.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(list.at(-1)).toBe(EXTRA);
  });

  it("leaves Node's defaults alone (including NODE_EXTRA_CA_CERTS) when no CA is given", () => {
    expect(caList(undefined, { NODE_EXTRA_CA_CERTS: '/x' })).toBeUndefined();
  });

  it('adds NODE_EXTRA_CA_CERTS back, since an explicit list replaces the defaults', () => {
    const file = join(tmpdir(), `fib-extra-${process.pid}.pem`);
    writeFileSync(file, 'NODE-EXTRA');
    try {
      expect(caList(EXTRA, { NODE_EXTRA_CA_CERTS: file })?.at(-1)).toBe('NODE-EXTRA');
    } finally {
      unlinkSync(file);
    }
    expect(caList(EXTRA, { NODE_EXTRA_CA_CERTS: '/does/not/exist' })?.at(-1)).toBe(EXTRA);
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
    expect(make).toThrow('invalid API URL: not a url');
  });
});
