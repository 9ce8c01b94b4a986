import { ELEMENT_KINDS, STRIDE_CATEGORIES } from '../../../shared/model/schema';
import type { RulePack } from '../../../shared/rules/packSchema';
import { oneLine, textTable } from '../textTable';

export function rulesJson(packs: readonly RulePack[]) {
  return {
    packs: packs.map((pack) => ({
      id: pack.id,
      version: pack.version,
      name: pack.name,
      rules: pack.rules.map((rule) => ({
        id: rule.id,
        category: rule.category,
        scope: rule.scope,
        title: rule.title,
        likelihood: rule.likelihood,
        impact: rule.impact,
        mitigations: rule.mitigations,
        cwe: rule.cwe,
        capec: rule.capec,
      })),
      mitigations: pack.mitigations.map((m) => ({
        id: m.id,
        title: m.title,
        asvs: m.asvs,
        cwe: m.cwe,
      })),
    })),
    coverage: coverageMatrix(packs),
  };
}

type ScopeColumn = 'process' | 'dataStore' | 'externalEntity' | 'flow' | 'interaction';
const COLUMNS: readonly ScopeColumn[] = [...ELEMENT_KINDS, 'flow', 'interaction'];

/** Rule counts per STRIDE category × (element kind of element-scope rules, flow, interaction). */
export function coverageMatrix(
  packs: readonly RulePack[],
): Record<string, Record<ScopeColumn, number>> {
  const matrix: Record<string, Record<ScopeColumn, number>> = {};
  for (const category of STRIDE_CATEGORIES) {
    matrix[category] = { process: 0, dataStore: 0, externalEntity: 0, flow: 0, interaction: 0 };
  }
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const row = matrix[rule.category]!;
      if (rule.scope.kind === 'element') for (const kind of rule.scope.elementKinds) row[kind]++;
      else row[rule.scope.kind]++;
    }
  }
  return matrix;
}

export function formatRulesText(packs: readonly RulePack[], coverage: boolean): string {
  const lines: string[] = [];
  for (const pack of packs) {
    lines.push(
      `${pack.id} ${pack.version}: ${pack.name} (${pack.rules.length} rules, ${pack.mitigations.length} mitigations)`,
    );
    const rows = pack.rules.map((rule) => [
      rule.id,
      rule.category,
      rule.scope.kind === 'element'
        ? `element: ${rule.scope.elementKinds.join('/')}`
        : rule.scope.kind,
      `L${rule.likelihood}×I${rule.impact}`,
      oneLine(rule.title, 100),
    ]);
    lines.push(textTable(rows, '  '), '');
  }
  if (coverage) {
    const matrix = coverageMatrix(packs);
    lines.push('Coverage (rules per STRIDE category × element-scope kind / flow / interaction):');
    const header = [
      'category',
      'process',
      'data store',
      'ext. entity',
      'flow',
      'interaction',
      'total',
    ];
    const rows = Object.entries(matrix).map(([category, row]) => {
      const cells = COLUMNS.map((column) => String(row[column]));
      const total = COLUMNS.reduce((sum, column) => sum + row[column], 0);
      return [category, ...cells, String(total)];
    });
    lines.push(textTable([header, ...rows], '  '));
  }
  return `${lines.join('\n')}\n`;
}
