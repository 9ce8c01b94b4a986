// The bundles of the desktop shell, built for real into a temporary folder.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mainBuildOptions, preloadBuildOptions } from './buildElectron.mjs';

const folder = mkdtempSync(join(tmpdir(), 'gatehouse-electron-build-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the preload bundle', () => {
  it('is one CommonJS file whose only require is electron', async () => {
    const outfile = join(folder, 'preload.cjs');
    await build(preloadBuildOptions(outfile));
    const code = readFileSync(outfile, 'utf8');
    const requires = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    // No dynamic require, no import syntax (a sandboxed preload is CommonJS), no zod inside.
    expect(code).not.toMatch(/\brequire\(\s*[^"'`\s]/);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toContain('module.exports');
    expect(code).not.toContain('ZodError');
    expect(code).toContain('exposeInMainWorld');
  });
});

describe('the main bundle', () => {
  it('is ESM and leaves only electron and Node built-ins outside', async () => {
    const outfile = join(folder, 'main.mjs');
    const result = await build({ ...mainBuildOptions(outfile), metafile: true, sourcemap: false });
    const external = new Set<string>();
    for (const output of Object.values(result.metafile!.outputs)) {
      for (const imported of output.imports) if (imported.external) external.add(imported.path);
    }
    for (const name of external) expect(name).toMatch(/^(electron|node:.+)$/);
    expect(external.has('electron')).toBe(true);
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toContain('--no-sandbox');
  });
});
