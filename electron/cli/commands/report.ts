/**
 * `gatehouse report <model> --format markdown|html [--out <file>]`: the threat-model report
 * (shared/reports), written to standard output or atomically to a file. The same report the app
 * downloads; the date on it is `--now`, else GATEHOUSE_NOW, else today.
 */
import { resolve } from 'node:path';
import { renderHtmlReport } from '../../../shared/reports/htmlReport';
import { renderMarkdownReport } from '../../../shared/reports/markdownReport';
import { buildReportModel } from '../../../shared/reports/reportModel';
import { writeFileAtomic } from '../../services/textFiles';
import { UsageError, type CliIo } from '../cliIo';
import { loadModelFile, loadPacks } from '../loadInputs';
import { portablePath, today } from './gate';

/** The formats `gatehouse report` writes. */
export const REPORT_FORMATS = ['markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of `gatehouse report`. */
export interface ReportCommandOptions {
  format: string;
  /** Where to write; standard output when absent. */
  out?: string;
  /** Today as an ISO date, for the report's date and expiries. */
  now?: string;
  rules?: string[];
}

function isReportFormat(format: string): format is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(format);
}

/**
 * Builds the report of `file` and writes it to `--out` (returning a one-line confirmation) or
 * returns the report itself for standard output.
 */
export async function runReport(
  io: CliIo,
  file: string,
  options: ReportCommandOptions,
): Promise<string> {
  if (!isReportFormat(options.format))
    throw new UsageError(
      `--format must be one of ${REPORT_FORMATS.join(', ')} (got "${options.format}").`,
    );
  const { model } = await loadModelFile(io.cwd, file);
  const report = buildReportModel(model, loadPacks(io.cwd, options.rules), today(io, options.now));
  const text = options.format === 'html' ? renderHtmlReport(report) : renderMarkdownReport(report);
  if (options.out === undefined) return text;
  const out = resolve(io.cwd, options.out);
  writeFileAtomic(out, text);
  return `Wrote ${portablePath(io.cwd, out)}: ${options.format} report of ${report.counts.threats} threats.\n`;
}
