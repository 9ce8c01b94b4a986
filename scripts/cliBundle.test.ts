import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the CLI loader (electron/cli/bundleLoader.ts)', () => {
  it('runs gatehouse.cjs in strict mode, and its code cache is accepted on the next run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gatehouse-loader-'));
    try {
      await build({
        entryPoints: ['electron/cli/bundleLoader.ts'],
        outfile: join(folder, 'gatehouse.mjs'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        logLevel: 'warning',
      });
      // A stand-in for the CLI bundle: `this` is undefined in a strict function.
      writeFileSync(
        join(folder, 'gatehouse.cjs'),
        'exports.main = async (argv) => (function () { return this; })() === undefined ? argv.length : -1;',
      );
      const entry = pathToFileURL(join(folder, 'gatehouse.mjs')).href;
      const run = (code: string): string =>
        execFileSync(process.execPath, ['--input-type=module', '--eval', code], {
          encoding: 'utf8',
        });
      const first = `const m = await import(${JSON.stringify(entry)}); console.log(await m.main(['a', 'b'])); m.writeCodeCache();`;
      expect(run(first).trim()).toBe('2');
      expect(existsSync(join(folder, 'gatehouse.cjs.cache'))).toBe(true);
      const second = `const m = await import(${JSON.stringify(entry)}); console.log(await m.main([]), m.codeCacheRejected);`;
      expect(run(second).trim()).toBe('0 false');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
