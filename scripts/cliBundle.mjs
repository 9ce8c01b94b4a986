// The parts of the CLI build that need more than esbuild's options (used by buildCli.mjs and
// tested in cliBundle.test.ts); the precomputed built-in pack is in builtinPackModule.mjs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes `<outdir>/gatehouse.cjs.cache`: V8's code cache for the CLI bundle after a training run
 * of `gate write` and `gate verify` (JSON and text) on `model`, in a fresh Node process, so the
 * cache holds the functions the gate runs. Best effort: without a cache the CLI compiles from
 * source, so a failed training run is reported and the build goes on.
 */
export function writeCliCodeCache(outdir, model) {
  const folder = mkdtempSync(join(tmpdir(), 'gatehouse-cli-training-'));
  try {
    copyFileSync(model, join(folder, 'model.gatehouse.json'));
    const entry = pathToFileURL(resolve(outdir, 'gatehouse.mjs')).href;
    const training = `
      const { main, writeCodeCache } = await import(${JSON.stringify(entry)});
      const io = { stdout() {}, stderr() {}, cwd: process.cwd(), env: {} };
      await main(['gate', 'write', 'model.gatehouse.json'], io);
      for (const format of ['json', 'text'])
        await main(['gate', 'verify', '--branch', 'main', '--now', '2026-01-01', '--format', format], io);
      writeCodeCache();
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '--eval', training], {
      cwd: folder,
      encoding: 'utf8',
    });
    if (run.status !== 0)
      process.stderr.write(`buildCli: no code cache (the training run failed): ${run.stderr}\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
