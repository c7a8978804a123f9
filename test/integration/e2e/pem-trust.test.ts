// The CA file decides which server is believed to be the API, and so where the stored key goes:
// another user who can swap it makes their own server "the API" and is handed the key. It (and the
// client certificate and key) is believed on config.json's rule: a regular file of this user or
// root that others may not write, in directories others may not write. The built CLI against a
// server that records every Authorization header, with FIBONACCI_API_KEY set.
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type RecordingApi, startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;
const KEY = 'fib_test_pemTrustCanary_0123456789abcdef';

let api: RecordingApi;
let caPem: string;
beforeAll(async () => {
  const ca = await makeCa();
  caPem = ca.cert;
  api = await startRecordingApi(await makeLeaf(ca), [KEY]);
});
afterAll(() => api?.close());

/** The CA in a fresh directory (0755) as a file of mode `mode`. */
function caAt(mode: number) {
  const dir = join(tempDir('fib-pem-trust-'), 'certs');
  mkdirSync(dir, { mode: 0o755 });
  const file = join(dir, 'ca.pem');
  writeFileSync(file, caPem);
  chmodSync(file, mode);
  return { dir, file };
}

const run = (args: string[], extra: Record<string, string> = {}) =>
  runCli(['secret', 'list', ...args], {
    env: cleanEnv({ FIBONACCI_API_KEY: KEY, FIBONACCI_BASE_URL: `https://127.0.0.1:${api.port}`, ...extra }),
  });

describe('--ca-cert is believed only when no other user could have written it', () => {
  it('a CA file others may write: exit 3, one error and one hint, no request; chmod go-w and it is used', async () => {
    const c = caAt(0o666);
    api.authorizations.length = 0;
    // Each refusal names where the path came from: the flag, or the variable.
    for (const [from, r] of [
      ['--ca-cert', await run(['--ca-cert', c.file])],
      ['FIBONACCI_CA_CERT', await run([], { FIBONACCI_CA_CERT: c.file })],
      // Node's own variable, loaded by Node before the CLI runs: judged the same (hostile pass s14, HX-9).
      ['NODE_EXTRA_CA_CERTS', await run([], { NODE_EXTRA_CA_CERTS: c.file })],
    ] as const) {
      expect(r).toEqual({
        code: 3,
        stdout: '',
        stderr:
          `error: refusing the ${from} file ${c.file}: its mode 666 lets other users at it\n` +
          `hint: \`chmod go-w ${c.file}\` if it is yours; otherwise use a copy only you can write\n`,
      });
    }
    expect(api.authorizations).toEqual([]);
    chmodSync(c.file, 0o644);
    const ok = await run(['--ca-cert', c.file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(api.authorizations).toEqual([`Bearer ${KEY}`]);
  });

  it('a CA file in a directory others may write is refused; in a sticky one (like /tmp) it is not', async () => {
    const c = caAt(0o644);
    chmodSync(c.dir, 0o777);
    api.authorizations.length = 0;
    const r = await run(['--ca-cert', c.file]);
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `error: refusing the --ca-cert file ${c.file}: its directory ${c.dir} is not safe: its mode 777 lets other users at it\n` +
        `hint: \`chmod go-w ${c.dir}\` if it is yours; otherwise keep the file in a directory only you can write\n`,
    });
    expect(api.authorizations).toEqual([]);
    if (ROOT) {
      chmodSync(c.dir, 0o1777);
      const ok = await run(['--ca-cert', c.file]);
      expect(ok.code, ok.stderr).toBe(0);
    }
  });

  it.runIf(ROOT)('a CA file of another user is refused, whatever its mode', async () => {
    const c = caAt(0o644);
    chownSync(c.file, NOBODY, NOBODY);
    api.authorizations.length = 0;
    const r = await run(['--ca-cert', c.file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: refusing the --ca-cert file ${c.file}: it belongs to another user (uid ${NOBODY})\n` +
        'hint: give --ca-cert a regular file of your own\n',
    );
    expect(api.authorizations).toEqual([]);
  });

  it('--client-cert and --client-key follow the same rule', async () => {
    const c = caAt(0o644);
    const open = join(c.dir, 'client.pem');
    writeFileSync(open, '-----BEGIN PRIVATE KEY-----\n');
    chmodSync(open, 0o666);
    for (const [flag, args] of [
      ['--client-cert', ['--client-cert', open, '--client-key', c.file]],
      ['--client-key', ['--client-cert', c.file, '--client-key', open]],
    ] as const) {
      const r = await run(['--ca-cert', c.file, ...args]);
      expect(r.code).toBe(3);
      expect(r.stderr.split('\n')[0]).toBe(
        `error: refusing the ${flag} file ${open}: its mode 666 lets other users at it`,
      );
    }
  });
});
