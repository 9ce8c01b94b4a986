// Bundles the desktop shell: the main process (ESM, `dist/electron/main.mjs`) and the sandboxed
// preload (CommonJS, `dist/electron/preload.cjs`: a sandboxed preload must be CommonJS and may
// require only `electron`). The renderer is built by Vite into dist/renderer.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));

/** The preload bundle's options (exported so a test can build it into a temporary folder). */
export function preloadBuildOptions(outfile) {
  return {
    absWorkingDir: root,
    entryPoints: ['electron/preload/preload.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
  };
}

/** The main bundle's options. */
export function mainBuildOptions(outfile) {
  return {
    absWorkingDir: root,
    entryPoints: ['electron/main/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['electron'],
    minify: false,
    sourcemap: 'linked',
    banner: {
      js: "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);",
    },
    define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(`${root}/dist/electron`, { recursive: true, force: true });
  await build(preloadBuildOptions(`${root}/dist/electron/preload.cjs`));
  await build(mainBuildOptions(`${root}/dist/electron/main.mjs`));
}
