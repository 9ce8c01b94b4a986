export function writeCliCodeCache(outdir: string, model: string): void;
