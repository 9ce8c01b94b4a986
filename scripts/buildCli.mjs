// Bundles the `gatehouse` CLI into one JavaScript file (dist/cli/gatehouse.mjs) so it starts
// fast (the gate's 300 ms budget includes Node start-up) and needs nothing but Node at run time.
// Runs on `npm install` (prepare) so `npx gatehouse` works in a fresh clone.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/gatehouse.mjs',
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
  define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
