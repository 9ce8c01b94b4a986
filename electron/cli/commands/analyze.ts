import { modelDigest } from '../../../shared/model/canonical';
import { displayName } from '../../../shared/rules/conditions';
import { analyzeModel } from '../../../shared/rules/engine';
import type { LoadedPacks } from '../../../shared/rules/loadPacks';
import { buildAnalysisReport, type AnalysisReport } from '../../../shared/reports/analysisReport';
import { primaryTarget } from '../../../shared/stories/generateStories';
import { buildThreatRegister, type RegisteredThreat } from '../../../shared/threats/register';
import type { Model } from '../../../shared/model/schema';
import { GATEHOUSE_VERSION } from '../version';
import { oneLine, textTable } from '../textTable';

export function analysisReportFor(
  model: Model,
  loaded: LoadedPacks,
): { report: AnalysisReport; register: RegisteredThreat[] } {
  const { threats } = analyzeModel(model, loaded.compiled);
  const register = buildThreatRegister(model, threats);
  const enabled = new Map(model.rulePacks.map((ref) => [ref.id, ref.enabled]));
  const report = buildAnalysisReport({
    gatehouseVersion: GATEHOUSE_VERSION,
    modelName: model.name,
    modelDigest: modelDigest(model),
    rulePacks: loaded.packs.map((pack) => ({
      id: pack.id,
      version: pack.version,
      digest: loaded.digests.get(pack.id)!,
      enabled: enabled.get(pack.id) ?? true,
    })),
    threats: register,
  });
  return { report, register };
}

const CATEGORY_LABEL: Record<string, string> = {
  Spoofing: 'Spoofing',
  Tampering: 'Tampering',
  Repudiation: 'Repudiation',
  InformationDisclosure: 'Info disclosure',
  DenialOfService: 'Denial of service',
  ElevationOfPrivilege: 'Elevation of priv.',
};

/** A readable table grouped by the element or flow each threat is chiefly about. */
export function formatAnalysisText(
  model: Model,
  report: AnalysisReport,
  register: readonly RegisteredThreat[],
  explain: boolean,
): string {
  const names = new Map<string, string>();
  for (const element of model.elements)
    names.set(
      element.id,
      `${displayName(element)} (${element.kind === 'dataStore' ? 'data store' : element.kind === 'externalEntity' ? 'external entity' : 'process'})`,
    );
  for (const flow of model.flows) names.set(flow.id, `${displayName(flow)} (flow)`);
  const groups = new Map<string, RegisteredThreat[]>();
  for (const threat of register) {
    const key = primaryTarget(threat.targets)?.id ?? '';
    groups.set(key, [...(groups.get(key) ?? []), threat]);
  }
  const { bySeverity } = report.summary;
  const lines = [
    `${oneLine(model.name)}: ${report.summary.threats} threats (${bySeverity.critical} critical, ${bySeverity.high} high, ${bySeverity.medium} medium, ${bySeverity.low} low)`,
    `rule packs: ${report.rulePacks.map((p) => `${p.id} ${p.version}${p.enabled ? '' : ' (disabled)'}`).join(', ')}`,
  ];
  const ordered = [...groups.entries()].sort(([a], [b]) =>
    (names.get(a) ?? a) < (names.get(b) ?? b) ? -1 : 1,
  );
  for (const [targetId, threats] of ordered) {
    lines.push(
      '',
      oneLine(targetId === '' ? 'Model-level threats' : (names.get(targetId) ?? targetId)),
    );
    const rows: string[][] = [];
    for (const threat of threats.sort(
      (a, b) => b.likelihood * b.impact - a.likelihood * a.impact || (a.id < b.id ? -1 : 1),
    )) {
      const flags = [
        threat.status !== 'open' ? threat.status : '',
        threat.suppression ? 'suppressed' : '',
        threat.noLongerDetected ? 'no longer detected' : '',
      ]
        .filter(Boolean)
        .join(', ');
      rows.push([
        threat.severity.toUpperCase(),
        threat.id,
        CATEGORY_LABEL[threat.category] ?? threat.category,
        threat.ruleId,
        oneLine(threat.title) + (flags ? ` [${flags}]` : ''),
      ]);
    }
    lines.push(textTable(rows, '  '));
    if (explain) {
      for (const threat of threats) {
        lines.push(`  why ${threat.id}:`);
        for (const entry of threat.explanation)
          lines.push(
            `    ${'  '.repeat(entry.depth)}${entry.held ? '✓' : '✗'} ${oneLine(entry.text, 200)}`,
          );
        lines.push(`    mitigations: ${threat.mitigations.join(', ')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
