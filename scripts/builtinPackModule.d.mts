import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export function precomputedBuiltinPackModule(): Promise<string>;
export function importModuleSource(source: string): Promise<Record<string, unknown>>;
export function precomputedBuiltinPackPlugin(moduleSource: string): EsbuildPlugin;
export function precomputedBuiltinPackVitePlugin(moduleSource: string): VitePlugin;
