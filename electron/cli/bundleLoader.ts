/**
 * The CLI's entry module (`dist/cli/gatehouse.mjs`): loads the bundled CLI
 * (`dist/cli/gatehouse.cjs`) as a script with V8's code cache (`gatehouse.cjs.cache`), so a
 * run starts from bytecode instead of parsing and compiling a 600 KB bundle function by
 * function. The gate's 300 ms budget includes start-up, and Node 20 has no code cache for ES
 * modules (`module.enableCompileCache` arrives in Node 22.1): hence a script, not a module.
 *
 * The cache is written at build time after a training run of `gate write` and `gate verify`
 * (scripts/cliBundle.mjs), so it holds the functions the gate runs, not only the top level.
 * V8 checks that the cache fits the source, its own version and its flags; when it does not
 * (another Node version, other V8 flags), it compiles from source as if there were no cache.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { CliIo, ExitCode } from './cliIo';

const bundlePath = fileURLToPath(new URL('./gatehouse.cjs', import.meta.url));
const cachePath = `${bundlePath}.cache`;

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cachePath);
  } catch {
    return undefined; // no cache: compile from source
  }
}

// CommonJS's own wrapper, strict as the ES modules the bundle was written as.
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {"use strict";${readFileSync(bundlePath, 'utf8')}\n})`,
  { filename: bundlePath, cachedData: readCache() },
);
const bundle: { exports: { main?: unknown } } = { exports: {} };
(script.runInThisContext() as (...parameters: unknown[]) => void)(
  bundle.exports,
  createRequire(bundlePath),
  bundle,
  bundlePath,
  dirname(bundlePath),
);

/** The CLI's `main` (electron/cli/main.ts). */
export const main = bundle.exports.main as (
  argv: readonly string[],
  io?: CliIo,
) => Promise<ExitCode>;

/** Whether V8 refused the code cache (built by another Node version or with other flags). */
export const codeCacheRejected: boolean = script.cachedDataRejected === true;

/**
 * Writes the code cache for what has run so far in this process. Called by the build after
 * its training run; the CLI itself never writes it.
 */
export function writeCodeCache(): void {
  writeFileSync(cachePath, script.createCachedData());
}
