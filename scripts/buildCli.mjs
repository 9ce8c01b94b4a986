// Bundles the `gatehouse` CLI into dist/cli/gatehouse.mjs (plus lazily loaded chunks) so it starts
// fast (the gate's 300 ms budget includes Node start-up) and needs nothing but Node at run time.
// Runs on `npm install` (prepare) so `npx gatehouse` works in a fresh clone.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { precomputedBuiltinPackModule, precomputedBuiltinPackPlugin } from './cliBundle.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: { gatehouse: 'electron/cli/main.ts' },
  outdir: 'dist/cli',
  // Code behind a dynamic import() (the importers and their YAML parser) goes into its own
  // chunk, so the commands that do not need it do not pay for compiling it at start-up.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);",
  },
  plugins: [precomputedBuiltinPackPlugin(await precomputedBuiltinPackModule())],
  define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
