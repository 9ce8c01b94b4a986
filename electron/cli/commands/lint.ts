import type { LintFinding } from '../../../shared/lint/lintModel';
import type { Model } from '../../../shared/model/schema';
import { oneLine, textTable } from '../textTable';

export function formatLintText(model: Model, findings: readonly LintFinding[]): string {
  if (findings.length === 0) return `${oneLine(model.name)}: no model-quality findings.\n`;
  const count = (level: string): number => findings.filter((f) => f.level === level).length;
  const rows = findings.map((f) => [
    f.level.toUpperCase(),
    f.checkId,
    f.subjectId,
    oneLine(f.message, 200),
  ]);
  return `${oneLine(model.name)}: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes\n${textTable(rows)}\n`;
}
