/** What each importer module exports: its format, how to recognise it, and the import. */
import type { ImportResult } from './importReport';

/** One foreign format Gatehouse reads. */
export interface ForeignImporter {
  /** A stable name, e.g. `otm`, `threat-dragon`, `tm7`. */
  format: string;
  /** How the format is named to people ("Open Threat Model"). */
  label: string;
  /** File name extensions a picker offers for it (`.json`, `.tm7` …). */
  extensions: readonly string[];
  /**
   * Whether `head` (the first 64 KiB of the file) looks like this format. Cheap and strict
   * enough that two importers never both claim a real file of either tool.
   */
  detect(head: string): boolean;
  /** Text in, model and report out; throws `InputError` naming what is wrong. */
  import(text: string, fileName: string): ImportResult;
}
