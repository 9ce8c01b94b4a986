// Bundles the `gatehouse` CLI into dist/cli so it starts fast (the gate's 300 ms budget includes
// Node start-up) and needs nothing but Node at run time:
// - gatehouse.cjs: the whole CLI, one script (electron/cli/main.ts and everything it uses);
// - gatehouse.mjs: the entry bin/gatehouse.mjs imports (electron/cli/bundleLoader.ts), which
//   runs gatehouse.cjs with V8's code cache;
// - gatehouse.cjs.cache: that code cache, written after a training run of the gate.
// Runs on `npm install` (prepare) so `npx gatehouse` works in a fresh clone.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import {
  precomputedBuiltinPackModule,
  precomputedBuiltinPackPlugin,
} from './builtinPackModule.mjs';
import { writeCliCodeCache } from './cliBundle.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
};

rmSync('dist/cli', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/gatehouse.cjs',
  // A script, not a module: Node 20 keeps a code cache only for scripts (vm.Script). esbuild
  // turns the dynamic import of the importers into a lazily run function, so their set-up (and
  // the YAML parser's) still happens only for foreign files.
  format: 'cjs',
  legalComments: 'linked',
  plugins: [precomputedBuiltinPackPlugin(await precomputedBuiltinPackModule())],
  define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
});
await build({
  ...common,
  entryPoints: ['electron/cli/bundleLoader.ts'],
  outfile: 'dist/cli/gatehouse.mjs',
  format: 'esm',
});
writeCliCodeCache('dist/cli', 'examples/webshop.gatehouse.json');
