import type { BuildOptions } from 'esbuild';

export function preloadBuildOptions(outfile: string): BuildOptions;
export function mainBuildOptions(outfile: string): BuildOptions;
