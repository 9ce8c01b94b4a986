import type { Plugin } from 'esbuild';

export function precomputedBuiltinPackModule(): Promise<string>;
export function importModuleSource(source: string): Promise<Record<string, unknown>>;
export function precomputedBuiltinPackPlugin(moduleSource: string): Plugin;
export function writeCliCodeCache(outdir: string, model: string): void;
