// The yes/no question (`secret delete`, the `secret set --env` typo question) on a real pty: it
// echoes y, yes, n or no as typed, and nothing else. Before, it was @inquirer/prompts' confirm,
// which echoed whatever was typed: a secret pasted into the question, thinking it the value prompt,
// showed in clear on the terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { HAVE_PTY, ptyTyping } from '../../helpers/pty.js';
import { terminalRows } from '../../helpers/screen.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedSecrets } from '../../helpers/stored-secrets.js';

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
const DELETE = /Delete secret DOOMED from shared\? This cannot be undone\. \(y\/N\)/;

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  for (const args of [['DOOMED'], ['P', '--env', 'production']]) {
    const r = await runCli(['secret', 'set', ...args], { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
}, 90_000);
afterAll(stopAllEmulators);

const alive = (name: string) => storedSecrets(emu.dataDir, { name }).length > 0;

describe.skipIf(!HAVE_PTY)('the yes/no question', () => {
  it('secret delete: a pasted secret is not echoed, nor taken as an answer; "please answer y or n", then n', async () => {
    const r = await ptyTyping('$FIB secret delete DOOMED --no-color', emu.env, [
      { when: DELETE, keys: `${PASTE_START}sk_live_PASTEDINTOCONFIRM${PASTE_END}` },
      { afterMs: 300, keys: '\r' },
      { when: /please answer y or n/, afterMs: 200, keys: 'typed_UNPASTED_junk\r' },
      { afterMs: 300, keys: 'n\r' },
    ]);
    expect(r.screen).not.toMatch(/PASTEDINTOCONFIRM|UNPASTED|junk|sk_live/);
    expect(r.screen.match(/please answer y or n/g)?.length, r.screen).toBe(2);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toContain('cancelled');
    expect(alive('DOOMED')).toBe(true);
  }, 60_000);

  it('an unmarked paste ending in Enter is refused, even one starting with y', async () => {
    const r = await ptyTyping('$FIB secret delete DOOMED --no-color', emu.env, [
      { when: DELETE, keys: 'yes_UNMARKED_secret\r' },
      { when: /please answer y or n/, afterMs: 200, keys: 'y\rmore\r' },
      { when: /please answer y or n[\s\S]*please answer y or n/, afterMs: 200, keys: '\u0003' },
    ]);
    expect(r.screen).not.toMatch(/UNMARKED|_secret|more/);
    expect(r.code, r.screen).toBe(130);
    expect(alive('DOOMED')).toBe(true);
  }, 60_000);

  it('y, yes and no are echoed as typed; yes deletes', async () => {
    const r = await ptyTyping('$FIB secret delete DOOMED --no-color', emu.env, [
      { when: DELETE, keys: 'ye' },
      { afterMs: 300, keys: 's' },
      { afterMs: 300, keys: '\r' },
    ]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/\(y\/N\) yes/);
    expect(alive('DOOMED')).toBe(false);
  }, 60_000);

  it('secret set --env typo question: a pasted value is not echoed; n stores nothing', async () => {
    const r = await ptyTyping('$FIB secret set Q3 --env productiom --no-color', emu.env, [
      { when: /Value for Q3 \(productiom\):/, keys: 'the-value\r' },
      { when: /Create productiom with Q3\? \(y\/N\)/, keys: `${PASTE_START}sk_live_TYPOPASTE${PASTE_END}\r` },
      { when: /please answer y or n/, afterMs: 200, keys: 'no\r' },
    ]);
    expect(r.screen).not.toMatch(/TYPOPASTE|the-value/);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toContain('cancelled: nothing was stored in productiom');
    expect(alive('Q3')).toBe(false);
  }, 60_000);

  it('a question wider than the terminal: each redraw replaces it whole, no copy of its first row is left', async () => {
    expect((await runCli(['secret', 'set', 'WRAPPED'], { env: emu.env, input: 'v' })).code).toBe(0);
    const r = await ptyTyping(
      '$FIB secret delete WRAPPED --no-color',
      emu.env,
      [
        { when: /\(y\/N\)/, keys: 'y' },
        { afterMs: 200, keys: 'e' },
        { afterMs: 200, keys: '\u007f' },
        { afterMs: 200, keys: '\u007f' },
        { afterMs: 200, keys: 'n' },
        { afterMs: 200, keys: '\r' },
      ],
      { cols: 30 },
    );
    expect(r.code, r.screen).toBe(130);
    const rows = terminalRows(r.screen, 30);
    const question = '? Delete secret WRAPPED from shared? This cannot be undone. (y/N) no';
    // The question's rows, each full but the last: the terminal wrapped it, nothing was left over.
    const at = rows.findIndex((row) => row.startsWith('? Delete'));
    const unspaced = (text: string) => text.replaceAll(' ', '');
    expect(unspaced(rows.slice(at, at + 3).join('')), rows.join('\n')).toBe(unspaced(question));
    expect(rows.filter((row) => row.includes('Delete secret')).length, rows.join('\n')).toBe(1);
    expect(alive('WRAPPED')).toBe(true);
  }, 60_000);

  it('the masked value prompt wider than the terminal: the mask is drawn without copying the prompt', async () => {
    const r = await ptyTyping(
      '$FIB secret set A_RATHER_LONG_SECRET_NAME --env production --no-color',
      emu.env,
      [
        { when: /Value for/, keys: 'x' },
        { afterMs: 200, keys: '\u007f' },
        { afterMs: 200, keys: 'v' },
        { afterMs: 200, keys: '\r' },
      ],
      { cols: 30 },
    );
    expect(r.code, r.screen).toBe(0);
    const rows = terminalRows(r.screen, 30).join('\n');
    expect(rows.match(/Value for/g)?.length, rows).toBe(1);
  }, 60_000);
});
