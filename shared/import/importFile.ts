/**
 * Import from any supported foreign format, detected from the content rather than the file name
 * (a `.json` may be OTM, Threat Dragon or Gatehouse).
 */
import { InputError } from '../model/errors';
import type { ImportResult } from './importReport';
import { importOtm } from './otm';

export type ForeignFormat = 'otm';

/** Sniffs the format from the first few kilobytes of text. */
export function detectForeignFormat(text: string): ForeignFormat | undefined {
  const head = text.slice(0, 64 * 1024);
  if (/["']?otmVersion["']?\s*:/.test(head)) return 'otm';
  return undefined;
}

/** Imports `text` (named `fileName` in messages). Throws `InputError` when the format is unknown. */
export function importForeignFile(text: string, fileName: string): ImportResult {
  switch (detectForeignFormat(text)) {
    case 'otm':
      return importOtm(text, fileName);
    default:
      throw new InputError(
        `${fileName}: not a format Gatehouse can import (expected an Open Threat Model file in JSON or YAML, with "otmVersion").`,
      );
  }
}
