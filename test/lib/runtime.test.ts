// The one runtime-tuning module: which V8 flags each command gets, and that they reach V8. What the
// flags save is measured by `npm run bench` (bench/variants.mjs builds the CLI without each one).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlags = vi.hoisted(() => vi.fn());
vi.mock('node:v8', () => ({ setFlagsFromString: setFlags }));

const { tuneRuntime, v8FlagsFor } = await import('../../src/lib/runtime.js');

describe('runtime tuning', () => {
  beforeEach(() => setFlags.mockClear());

  it('every command gets --liftoff-only; the export alone keeps its young generation small', () => {
    expect(v8FlagsFor('audit export')).toEqual(['--liftoff-only', '--semi-space-growth-factor=1']);
    for (const command of ['emulator start', 'secret list', 'auth status', 'audit logs']) {
      expect(v8FlagsFor(command), command).toEqual(['--liftoff-only']);
    }
  });

  it('tuneRuntime hands exactly those flags to V8, one call each', () => {
    tuneRuntime('audit export');
    expect(setFlags.mock.calls).toEqual([['--liftoff-only'], ['--semi-space-growth-factor=1']]);
    setFlags.mockClear();
    tuneRuntime('emulator start');
    expect(setFlags.mock.calls).toEqual([['--liftoff-only']]);
  });
});
