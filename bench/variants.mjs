// Builds of the CLI with one start-up trick taken out, so a benchmark can time a trick off against on
// in the same run. A variant is the npm bundle (scripts/esbuild-common.mjs) with a few source lines
// replaced; a replacement that no longer matches the source fails the build, so a variant cannot
// silently measure the unchanged tree. Each lands in bench/.variants/NAME/ with a copy of the bin
// shim and, on Node 20, its own code cache, exactly as `npm run build` lays out the real one.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lazyChildProcess, NPM_BUNDLE_OPTIONS } from '../scripts/esbuild-common.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DIR = join(ROOT, 'bench', '.variants');

/**
 * The tricks that can be taken out. `edits`: file → [the text as it is, the text without the trick];
 * `codeCache: false`: no dist/cli.cjs.cache (bin/ then compiles the bundle from source on Node 20; a
 * variant never has the request cache, so it is for commands without a request);
 * `lazyChildProcess: false`: commander loads node:child_process when the bundle starts.
 */
export const VARIANTS = {
  'no --liftoff-only': {
    edits: {
      'src/lib/runtime.ts': [
        ["const EVERY_COMMAND: readonly string[] = ['--liftoff-only'];", 'const EVERY_COMMAND = [];'],
      ],
    },
  },
  'no --semi-space-growth-factor': {
    edits: {
      'src/lib/runtime.ts': [
        ["['--semi-space-growth-factor=1', '--minor-gc-task-trigger=15']", "['--minor-gc-task-trigger=15']"],
      ],
    },
  },
  'no --minor-gc-task-trigger': {
    edits: {
      'src/lib/runtime.ts': [
        [
          "['--semi-space-growth-factor=1', '--minor-gc-task-trigger=15']",
          "['--semi-space-growth-factor=1']",
        ],
      ],
    },
  },
  'no bare --version in main()': {
    edits: {
      'src/main.ts': [['  if (isBareVersion(argv)) process.exit(printBareVersion(argv, env));\n', '']],
    },
  },
  // What building only argv's noun (removed) would save `secret …`: the other nouns not built. NOUNS
  // stays referenced, or esbuild drops the other nouns' modules and the bundle shrinks to a third,
  // which the partial tree never did (it built less, it loaded the same).
  'only the secret noun': {
    edits: {
      'src/program.ts': [
        [
          'for (const register of NOUNS)',
          'for (const register of NOUNS.filter((r) => r === registerSecret))',
        ],
      ],
    },
  },
  'no code cache': { codeCache: false },
  // No variant has dist/cli.static beside it, so every variant's `--help` is answered by the bundle;
  // this one changes nothing else: the static table off against on.
  'no static table': {},
  'eager child_process': { lazyChildProcess: false },
};

/** An esbuild plugin applying `edits` ({ file: [[from, to], …] }) to the sources it loads. */
function replacing(edits) {
  return {
    name: 'bench-variant',
    setup(b) {
      for (const [file, pairs] of Object.entries(edits)) {
        const path = join(ROOT, file);
        b.onLoad({ filter: new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, () => {
          let text = readFileSync(path, 'utf8');
          for (const [from, to] of pairs) {
            if (!text.includes(from)) throw new Error(`bench variant: ${file} no longer contains ${from}`);
            text = text.replace(from, to);
          }
          return { contents: text, loader: 'ts' };
        });
      }
    },
  };
}

/** Build the variant `name` (a key of VARIANTS); returns the path of its bin shim. */
export async function buildVariant(name) {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`no bench variant ${name}`);
  const dir = join(DIR, name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, ''));
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['bin', 'dist', 'scripts']) mkdirSync(join(dir, sub), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'fibonacci.cjs'), join(dir, 'bin', 'fibonacci.cjs'));
  copyFileSync(join(ROOT, 'scripts', 'code-cache.cjs'), join(dir, 'scripts', 'code-cache.cjs'));
  await build({
    ...NPM_BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    outfile: join(dir, 'dist', 'cli.cjs'),
    // A build id last, as scripts/build.mjs writes it: the loader takes a code cache only when the
    // cache is headed by the id its bundle ends with.
    footer: { js: `// build ${randomUUID()}` },
    plugins: [
      ...NPM_BUNDLE_OPTIONS.plugins.filter(
        (p) => variant.lazyChildProcess !== false || p !== lazyChildProcess,
      ),
      replacing(variant.edits ?? {}),
    ],
  });
  if (variant.codeCache !== false && Number(process.versions.node.split('.')[0]) < 22) {
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'code-cache.cjs'), 'start', '--help'], {
      stdio: 'ignore',
    });
    if (r.status !== 0) throw new Error(`writing the code cache of bench variant ${name} failed`);
  }
  return join(dir, 'bin', 'fibonacci.cjs');
}

/** Remove every variant build. */
export function removeVariants() {
  rmSync(DIR, { recursive: true, force: true });
}
