// `npm run gen`: write completions/ (bash, zsh, fish, PowerShell) and man/fibonacci.1 from the live
// commander tree (src/program.ts buildProgram), through the same generator `fibonacci completion`
// uses. The tree is bundled by esbuild exactly as the CLI is, then loaded here. `npm run build` does
// not run this; test/unit/completion/drift.test.ts fails when the committed files fall behind the tree.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Inside the repository, so the bundle's external packages resolve from node_modules.
const out = join(root, 'node_modules', '.cache', `fibonacci-gen-${process.pid}.cjs`);
await build({
  stdin: {
    contents: [
      "export { buildProgram } from './src/program.ts';",
      "export { generatedFiles } from './src/commands/completion/generate.ts';",
      "export { FakeIO } from './src/lib/fake-io.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  packages: 'external',
  define: { __FIBONACCI_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
try {
  const gen = createRequire(import.meta.url)(out);
  const program = gen.buildProgram({ io: new gen.FakeIO(), env: {} });
  for (const [path, text] of Object.entries(gen.generatedFiles(program, pkg.version))) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    process.stderr.write(`gen: wrote ${path} (${Buffer.byteLength(text)} bytes)\n`);
  }
} finally {
  rmSync(out, { force: true });
}
