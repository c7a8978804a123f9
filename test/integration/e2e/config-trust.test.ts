// config.json decides where FIBONACCI_API_KEY (or a stored key) is sent, so it is believed only
// when nobody but this user (or root) could have written it: the file and the directories it could
// be swapped in. A symlinked config (dotfiles) is fine when its target is as private. On a real
// file system; the built CLI for what the user sees, against a server that records any key sent.
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../src/lib/settings.js';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { failureSync } from '../../helpers/errors.js';
import { type RecordingApi, startRecordingApi } from '../../helpers/recording-api.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** A config dir (0755, as mkdir makes it) holding config.json with `api_url`, mode `mode`. */
function configAt(mode = 0o644, url = 'https://config.example') {
  const xdg = tempDir('fib-config-trust-');
  const dir = join(xdg, 'fibonacci');
  mkdirSync(dir, { mode: 0o755 });
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ api_url: url }));
  chmodSync(file, mode);
  return { xdg, dir, file, env: { XDG_CONFIG_HOME: xdg } };
}

const settingsOf = (env: Record<string, string>) => resolveSettings({}, env);

describe('config.json is read only when no other user could have written it', () => {
  it('a private file (0644 or 0600) is read', () => {
    for (const mode of [0o644, 0o600, 0o444]) {
      expect(settingsOf(configAt(mode).env).baseUrl).toBe('https://config.example');
    }
  });

  it.each([
    ['666', 0o666],
    ['664', 0o664],
    ['646', 0o646],
  ])('a file others may write (%s) is refused: exit 3, naming the file and the fix', (shown, mode) => {
    const c = configAt(mode);
    expect(failureSync(() => settingsOf(c.env))).toMatchObject({
      kind: 'config',
      message: `refusing the config file ${c.file}: its mode ${shown} lets other users at it`,
      hint: `\`chmod go-w ${c.file}\` if its settings are yours; otherwise remove it`,
    });
  });

  it('a directory others may write is refused; a sticky one owned by root is not', () => {
    const c = configAt();
    chmodSync(c.dir, 0o777);
    expect(failureSync(() => settingsOf(c.env))).toMatchObject({
      kind: 'config',
      message: `refusing the config file ${c.file}: its directory ${c.dir} is not safe: its mode 777 lets other users at it`,
      hint: `\`chmod go-w ${c.dir}\` if it is yours; otherwise move the config out of it`,
    });
    if (ROOT) {
      chmodSync(c.dir, 0o1777); // like /tmp: nobody else can replace a file they do not own
      expect(settingsOf(c.env).baseUrl).toBe('https://config.example');
    }
  });

  it.runIf(ROOT)('a file or directory of another user is refused', () => {
    const c = configAt();
    chownSync(c.file, NOBODY, NOBODY);
    expect(failureSync(() => settingsOf(c.env))).toMatchObject({
      kind: 'config',
      message: `refusing the config file ${c.file}: it belongs to another user (uid ${NOBODY})`,
      hint: 'remove it, or replace it with a file of your own',
    });
    const d = configAt();
    chownSync(d.dir, NOBODY, NOBODY);
    expect(failureSync(() => settingsOf(d.env))).toMatchObject({
      message: `refusing the config file ${d.file}: its directory ${d.dir} is not safe: it belongs to another user (uid ${NOBODY})`,
    });
  });

  it('a symlinked config (dotfiles) is read when its target is private, refused when not', () => {
    const dotfiles = tempDir('fib-dotfiles-');
    writeFileSync(join(dotfiles, 'fibonacci.json'), JSON.stringify({ api_url: 'https://dotfiles.example' }));
    const xdg = tempDir('fib-config-link-');
    mkdirSync(join(xdg, 'fibonacci'));
    const link = join(xdg, 'fibonacci', 'config.json');
    symlinkSync(join(dotfiles, 'fibonacci.json'), link);
    expect(settingsOf({ XDG_CONFIG_HOME: xdg }).baseUrl).toBe('https://dotfiles.example');

    chmodSync(dotfiles, 0o777); // the link now leads into a directory anyone can swap files in
    expect(failureSync(() => settingsOf({ XDG_CONFIG_HOME: xdg }))).toMatchObject({
      kind: 'config',
      message: `refusing the config file ${link}: its directory ${dotfiles} is not safe: its mode 777 lets other users at it`,
    });
  });
});

describe('the built CLI with another user’s config.json', () => {
  let api: RecordingApi;
  let caFile: string;
  const KEY = 'fib_test_configTrustCanary_0123456789';
  beforeAll(async () => {
    const ca = await makeCa();
    api = await startRecordingApi(await makeLeaf(ca), [KEY]);
    caFile = join(tempDir('fib-config-ca-'), 'ca.pem');
    writeFileSync(caFile, ca.cert);
  });
  afterAll(() => api?.close());

  it('refuses to follow its api_url with FIBONACCI_API_KEY: exit 3, one error and one hint, no request', async () => {
    const c = configAt(0o666, `https://127.0.0.1:${api.port}`);
    const env = cleanEnv({ ...c.env, FIBONACCI_API_KEY: KEY, FIBONACCI_CA_CERT: caFile });
    const r = await runCli(['secret', 'list'], { env });
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `error: refusing the config file ${c.file}: its mode 666 lets other users at it\n` +
        `hint: \`chmod go-w ${c.file}\` if its settings are yours; otherwise remove it\n`,
    });
    expect(api.authorizations).toEqual([]);

    chmodSync(c.file, 0o644); // the user's own again: followed
    const ok = await runCli(['secret', 'list'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(api.authorizations).toEqual([`Bearer ${KEY}`]);
  });
});
