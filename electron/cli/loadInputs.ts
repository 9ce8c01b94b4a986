/**
 * Loading what commands work on: a Gatehouse model or a foreign file (imported on the fly),
 * and rule packs. Every failure is an `InputError` naming the file.
 */
import { resolve } from 'node:path';
import { InputError } from '../../shared/model/errors';
import { parseModel } from '../../shared/model/parseModel';
import type { Model } from '../../shared/model/schema';
import type { ImportReport } from '../../shared/import/importReport';
import { loadRulePacks, parseRulePack, type LoadedPacks } from '../../shared/rules/loadPacks';
import { MAX_INPUT_BYTES, readTextFile } from '../services/textFiles';

export interface LoadedModel {
  model: Model;
  path: string;
  /** Present when the file was a foreign format imported on the fly. */
  importReport?: ImportReport;
}

/** Prefixes an input error with the file it came from. */
export function inFile<T>(path: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof InputError && !error.summary.startsWith(path)) {
      throw new InputError(`${path}: ${error.summary}`, error.issues);
    }
    throw error;
  }
}

export async function loadModelFile(cwd: string, file: string): Promise<LoadedModel> {
  const path = resolve(cwd, file);
  const text = readTextFile(path, MAX_INPUT_BYTES, file);
  const isGatehouseModel =
    file.endsWith('.gatehouse.json') ||
    (/^\s*\{/.test(text) && /"format"\s*:\s*"gatehouse-model"/.test(text.slice(0, 4096)));
  if (isGatehouseModel) return inFile(file, () => ({ model: parseModel(text).model, path }));
  // The importers (and the YAML parser) are a third of the CLI bundle; loading them only for
  // foreign files keeps them out of the start-up of every other command, the gate included.
  const { importForeignFile } = await import('../../shared/import/importFile');
  return inFile(file, () => {
    const { model, report } = importForeignFile(text, file);
    return { model, path, importReport: report };
  });
}

export function loadPacks(cwd: string, files: readonly string[] = []): LoadedPacks {
  const custom = files.map((file) =>
    inFile(file, () => parseRulePack(readTextFile(resolve(cwd, file), MAX_INPUT_BYTES, file))),
  );
  return loadRulePacks(custom);
}
