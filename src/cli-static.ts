// The outputs that depend on the build alone: every command's help and the completion scripts.
// `npm run build` asks the bundle it has just written for them (staticOutputs in main.ts) and writes
// them beside it (dist/cli.static.json + dist/cli.static.txt), and bin/fibonacci.cjs prints them for
// exactly these argv forms without loading the bundle. They come from this same tree, through the
// same commander calls the full CLI makes; test/integration/dist/static-output.test.ts compares
// each one with the full CLI's, byte for byte.
import { CommanderError, Help } from '@commander-js/extra-typings';
import { maxOf } from './lib/arrays.js';
import { renderHelp, visibleTree } from './lib/completion/help.js';
import type { AnyCommand } from './lib/completion/model.js';
import { SHELLS } from './lib/completion/values.js';
import { FakeIO } from './lib/fake-io.js';
import { buildProgram } from './program.js';

/** One output: the widths (commander's help width: stdout's columns on a TTY, else 80) it is for. */
export interface StaticVariant {
  /** Smallest help width with this text. */
  from: number;
  /** Largest help width with this text; null: every wider one too. */
  to: number | null;
  text: string;
}

/** argv forms (joined with NUL) → their texts by width. */
export type StaticOutputs = Record<string, StaticVariant[]>;

/**
 * No help line may be longer: the widths up to it are each rendered at build time.
 */
const WIDEST = 2000;

/** What `fibonacci ARGV` prints on stdout at a help width; anything else (stderr, a code) fails. */
async function render(argv: string[], width: number): Promise<string> {
  const io = new FakeIO();
  const program = buildProgram({ io, env: {} });
  let captured = '';
  const walk = (cmd: AnyCommand) => {
    cmd.configureOutput({
      ...cmd.configureOutput(),
      writeOut: (s: string) => {
        captured += s;
      },
      getOutHelpWidth: () => width,
      getOutHasColors: () => false,
    });
    for (const sub of cmd.commands) walk(sub as AnyCommand);
  };
  walk(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    const shown =
      e instanceof CommanderError && ['commander.helpDisplayed', 'commander.help'].includes(e.code);
    if (!shown) throw new Error(`static output: \`${argv.join(' ')}\` failed: ${String(e)}`);
  }
  await io.flushOut();
  if (io.stderrText !== '') throw new Error(`static output: \`${argv.join(' ')}\` wrote to stderr`);
  const text = captured + io.stdoutText;
  // Colour would depend on the terminal and the environment: a static text must have none.
  if (text.includes('\u001b')) throw new Error(`static output: \`${argv.join(' ')}\` has an escape`);
  return text;
}

/** The command an argv form names: its path, then a flag or topic commander reads as help. */
function target(program: AnyCommand, path: string[]): AnyCommand {
  let cmd = program;
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name) as AnyCommand;
  return cmd;
}

/**
 * A command's help at every width, each run of equal widths one variant: commander's outputHelp on
 * one tree (what `--help` calls), the argv forms checked against it at a few widths by parsing.
 */
function helpVariants(cmd: AnyCommand): StaticVariant[] {
  const at = (width: number) => renderHelp(cmd, width);
  return variants(cmd.name(), at(100_000), at);
}

/**
 * The texts of one output from width 0 up to the first width at which no line wraps (every line of
 * the unwrapped text `widest` fits, and commander's own floor): from there on, every width gets
 * that same text, the last variant. Each run of widths with equal text is one variant.
 */
function variants(name: string, widest: string, at: (width: number) => string): StaticVariant[] {
  const bound = Math.max(maxOf(widest.split('\n').map((l) => l.length)), new Help().minWidthToWrap) + 1;
  if (bound > WIDEST) throw new Error(`static output: \`${name}\` help is wider than ${WIDEST} columns`);
  const out: StaticVariant[] = [];
  for (let width = 0; width <= bound; width++) {
    const text = at(width);
    const last = out.at(-1);
    if (last && last.text === text) last.to = width;
    else out.push({ from: width, to: width, text });
  }
  const last = out.at(-1) as StaticVariant;
  if (last.text !== widest) throw new Error(`static output: \`${name}\` help still wraps at ${bound}`);
  last.to = null;
  return out;
}

const textAt = (variants: StaticVariant[], width: number) =>
  variants.find((v) => v.from <= width && (v.to === null || width <= v.to))?.text;

/** Every help form of every visible command, `help` topics and `completion SHELL`. */
export async function staticOutputs(): Promise<StaticOutputs> {
  const program = buildProgram({ io: new FakeIO(), env: {} });
  const table: StaticOutputs = {};
  const add = async (argv: string[], variants: StaticVariant[]) => {
    for (const width of [0, 39, 40, 80, 123, 100_000])
      if ((await render(argv, width)) !== textAt(variants, width))
        throw new Error(`static output: \`${argv.join(' ')}\` differs from its help at ${width} columns`);
    table[argv.join('\0')] = variants;
  };
  for (const path of [[], ...visibleTree(program).map((c) => c.path)]) {
    const variants = helpVariants(target(program, path));
    for (const argv of [
      [...path, '--help'],
      [...path, '-h'],
      ['help', ...path],
    ])
      await add(argv, variants);
  }
  // The help topics wrap at the terminal's width too: rendered at every width up to their widest line.
  for (const argv of [
    ['help', 'exit-codes'],
    ['help', 'environment'],
  ]) {
    const widest = await render(argv, 100_000);
    const longest = maxOf(widest.split('\n').map((l) => l.length));
    const texts = new Map<number, string>();
    for (let width = 0; width <= Math.min(longest + 1, WIDEST); width++)
      texts.set(width, await render(argv, width));
    await add(
      argv,
      variants(argv.join(' '), widest, (w) => texts.get(w) ?? widest),
    );
  }
  // Width-independent (checked by add): one variant for every width.
  for (const argv of SHELLS.map((s) => ['completion', s]))
    await add(argv, [{ from: 0, to: null, text: await render(argv, 80) }]);
  return table;
}
