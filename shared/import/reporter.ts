/**
 * The import report as importers build it: texts made with `say` (whose fixed words are the
 * reason the report counts by, so no file can grow it without bound), lists capped at
 * `REPORT_CAP` entries per reason, foreign IDs mapped to Gatehouse IDs once. Shared by every
 * importer so their reports read alike.
 */
import { formatPath, type PathSegment } from '../model/errors';
import { mapForeignId } from '../model/ids';
import { emptyReport, type ImportReport } from './importReport';

/** The most report entries kept for one reason; the rest are counted in one "… and N more". */
export const REPORT_CAP = 1_000;

/** Cuts `text` to `max` UTF-16 units, ending with "…", never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A short, quoted form of user text for report lines. */
export function quote(text: string): string {
  return `"${clip(text, 80)}"`;
}

/** Report text made by `say`, with its reason: the fixed words of its template. */
export interface Said {
  readonly text: string;
  readonly reason: string;
}

/**
 * Tag for report texts: the interpolated values (names, IDs, numbers) vary, the template's own
 * words are the reason that `REPORT_CAP` counts by, so that no file can grow the report
 * without bound.
 */
export function say(strings: TemplateStringsArray, ...values: readonly unknown[]): Said {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += `${String(value)}${strings[index + 1] ?? ''}`;
  });
  return { text, reason: strings.join('\u0000') };
}

/** A report list that keeps `REPORT_CAP` entries per reason and counts the rest in one entry. */
export class CappedList<T> {
  private readonly kept = new Map<string, number>();
  private readonly omitted = new Map<string, { index: number; count: number; first: T }>();

  constructor(
    private readonly list: T[],
    private readonly more: (first: T, count: number) => T,
  ) {}

  add(reason: string, entry: T): void {
    const kept = this.kept.get(reason) ?? 0;
    if (kept < REPORT_CAP) {
      this.kept.set(reason, kept + 1);
      this.list.push(entry);
      return;
    }
    let omitted = this.omitted.get(reason);
    if (omitted === undefined) {
      omitted = { index: this.list.length, count: 0, first: entry };
      this.omitted.set(reason, omitted);
      this.list.push(entry);
    }
    omitted.count++;
    this.list[omitted.index] = this.more(omitted.first, omitted.count);
  }
}

/** Collects what the import could not carry or had to decide, for the report. */
export class Reporter {
  readonly report: ImportReport;
  private readonly ids = new Map<string, string>();
  private readonly unmappedList: CappedList<ImportReport['unmapped'][number]>;
  private readonly warningList: CappedList<string>;
  private readonly mappingList: CappedList<ImportReport['mappings'][number]>;

  constructor(format: string, fileName: string) {
    this.report = emptyReport(format, fileName);
    this.unmappedList = new CappedList(this.report.unmapped, (first, count) => ({
      path: first.path,
      name: '…',
      reason: `… and ${count} more: ${first.reason}`,
    }));
    this.warningList = new CappedList(
      this.report.warnings,
      (first, count) => `… and ${count} more: ${first}`,
    );
    this.mappingList = new CappedList(this.report.mappings, (first, count) => ({
      source: `… and ${count} more: ${first.source}`,
      result: first.result,
    }));
  }

  unmapped(path: readonly PathSegment[], name: string, reason: Said): void {
    this.unmappedList.add(reason.reason, {
      path: formatPath(path),
      name: clip(name, 200),
      reason: reason.text,
    });
  }

  warn(message: Said): void {
    this.warningList.add(message.reason, message.text);
  }

  mapping(source: string, result: Said): void {
    this.mappingList.add(result.reason, { source, result: result.text });
  }

  /**
   * Reports the prototype-polluting keys `parseForeignText` (or the XML reader) dropped, each by
   * its path and its own name.
   */
  droppedKeys(
    paths: readonly (readonly PathSegment[])[],
    reason: Said = say`key ignored: it could reach JavaScript object internals`,
  ): void {
    for (const path of paths) this.unmapped(path, String(path[path.length - 1] ?? ''), reason);
  }

  /** A Gatehouse ID for a foreign one; mapped IDs are listed once in the report. */
  id(foreignId: string): string {
    let id = this.ids.get(foreignId);
    if (id === undefined) {
      const mapped = mapForeignId(foreignId);
      id = mapped.id;
      this.ids.set(foreignId, id);
      if (mapped.mapped) this.report.idMappings.push({ foreignId: clip(foreignId, 300), id });
    }
    return id;
  }

  /** `text` cut to `max` characters, with a warning naming `what` when it was longer. */
  clipped(text: string, max: number, what: string): string {
    if (text.length <= max) return text;
    this.warn(say`${what} was ${text.length} characters long: cut to ${max}.`);
    return clip(text, max);
  }
}
