/**
 * Import from any supported foreign format, detected from the content rather than the file name
 * (a `.json` may be OTM, Threat Dragon, Threat Composer, pytm or Gatehouse). Every import ends
 * with the same step: imported threats that the rules also find become triage of the generated
 * threats (`reconcileImportedThreats.ts`).
 */
import { InputError } from '../model/errors';
import { loadRulePacks, type LoadedPacks } from '../rules/loadPacks';
import type { ForeignImporter } from './foreignImporter';
import type { ImportResult } from './importReport';
import { OTM_IMPORTER } from './otm';
import { PYTM_IMPORTER } from './pytm';
import { THREAGILE_IMPORTER } from './threagile';
import { THREAT_COMPOSER_IMPORTER } from './threatComposer';
import { THREAT_DRAGON_IMPORTER } from './threatDragon';
import { TM7_IMPORTER } from './tm7';
import { reconcileImportedThreats } from './reconcileImportedThreats';

export type { ForeignImporter } from './foreignImporter';

/** Every importer, in the order detection asks them. */
export const FOREIGN_IMPORTERS: readonly ForeignImporter[] = [
  OTM_IMPORTER,
  THREAT_DRAGON_IMPORTER,
  TM7_IMPORTER,
  THREAT_COMPOSER_IMPORTER,
  PYTM_IMPORTER,
  THREAGILE_IMPORTER,
];

/** How much of a file detection looks at. */
const HEAD_LENGTH = 64 * 1024;

/** The importer whose format `text` has, or undefined. */
export function detectForeignFormat(text: string): ForeignImporter | undefined {
  const head = text.slice(0, HEAD_LENGTH);
  return FOREIGN_IMPORTERS.find((importer) => importer.detect(head));
}

/** Every extension some importer reads, for file pickers. */
export function importableExtensions(): string[] {
  return [...new Set(FOREIGN_IMPORTERS.flatMap((importer) => importer.extensions))].sort();
}

/**
 * Imports `text` (named `fileName` in messages). Throws `InputError` when the format is unknown.
 *
 * @param packs - the rules imported threats are matched against (default: the built-in pack)
 */
export function importForeignFile(
  text: string,
  fileName: string,
  packs: LoadedPacks = loadRulePacks(),
): ImportResult {
  const importer = detectForeignFormat(text);
  if (!importer) {
    const known = FOREIGN_IMPORTERS.map((each) => each.label).join(', ');
    throw new InputError(`${fileName}: not a format Gatehouse can import (it reads ${known}).`);
  }
  return reconcileImportedThreats(importer.import(text, fileName), packs.compiled);
}
