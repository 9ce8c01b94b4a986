import type { ImportReport } from '../../../shared/import/importReport';
import { oneLine } from '../textTable';

export function formatImportReportText(report: ImportReport, out: string): string {
  const { counts } = report;
  const lines = [
    `Imported ${oneLine(report.source)} (${report.format}) into ${out}:`,
    `  ${counts.elements} elements, ${counts.flows} flows, ${counts.zones} zones, ${counts.lines} line boundaries, ${counts.threats} threats, ${counts.diagrams} diagrams`,
  ];
  if (report.idMappings.length > 0)
    lines.push(`  ${report.idMappings.length} IDs were mapped to valid Gatehouse IDs`);
  if (report.unmapped.length > 0) {
    lines.push(`  Not imported (${report.unmapped.length}):`);
    for (const item of report.unmapped.slice(0, 50))
      lines.push(`    ${oneLine(item.path)} ${oneLine(item.name)}: ${oneLine(item.reason)}`);
    if (report.unmapped.length > 50)
      lines.push(`    … and ${report.unmapped.length - 50} more (see --report)`);
  }
  for (const warning of report.warnings.slice(0, 20))
    lines.push(`  warning: ${oneLine(warning, 200)}`);
  return `${lines.join('\n')}\n`;
}
