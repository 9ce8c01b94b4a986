/**
 * What every gate renderer says the same way: the order of findings, how a feature and a
 * finding's subject are named, and the one-sentence outcome. Kept in one place so the CI log, the
 * job summary, the annotations and the reports never disagree.
 */
import {
  GATE_CHECKS,
  type FindingLevel,
  type GateCheckId,
  type GateFinding,
  type GateResult,
} from '../gateResult';

export const LEVELS: readonly FindingLevel[] = ['error', 'warning', 'note'];

const LEVEL_RANK: Readonly<Record<FindingLevel, number>> = { error: 0, warning: 1, note: 2 };
const SEVERITY_RANK: Readonly<Record<GateFinding['severity'], number>> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/** The check IDs in their published order (also the SARIF rule order, so rule indexes are stable). */
export const CHECK_IDS = Object.keys(GATE_CHECKS) as GateCheckId[];

/** Plain code-unit order: the same on every machine and locale, like the model's own sorting. */
function compareText(a: string | null, b: string | null): number {
  const left = a ?? '';
  const right = b ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Most urgent first: level, then severity, then check, then what the finding is about. The
 * message comes last so that the order is total even for findings that share every ID (two
 * missing rule packs), which keeps every output byte-identical for the same result.
 */
export function compareFindings(a: GateFinding, b: GateFinding): number {
  return (
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.check, b.check) ||
    compareText(a.feature, b.feature) ||
    compareText(a.threat, b.threat) ||
    compareText(a.story, b.story) ||
    compareText(a.location.file, b.location.file) ||
    compareText(a.location.elementId, b.location.elementId) ||
    compareText(a.message, b.message) ||
    compareText(a.remedy, b.remedy)
  );
}

export function sortFindings(findings: readonly GateFinding[]): GateFinding[] {
  return [...findings].sort(compareFindings);
}

export function countByLevel(findings: readonly GateFinding[]): Record<FindingLevel, number> {
  const counts: Record<FindingLevel, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) counts[finding.level] += 1;
  return counts;
}

/** `1 error`, `2 errors`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listInWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

export function levelCounts(counts: Record<FindingLevel, number>): string {
  return [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    plural(counts.note, 'note'),
  ].join(', ');
}

export interface FeatureGroup {
  /** Null for the findings about the whole gate (manifest, policy, rule packs). */
  feature: string | null;
  featureName: string | null;
  findings: GateFinding[];
}

/**
 * Findings grouped by feature, in the order of {@link compareFindings} inside each group. The
 * whole-gate group comes first (its findings fail the gate outright), then the features whose
 * most urgent finding is most urgent, then by feature ID.
 */
export function groupByFeature(findings: readonly GateFinding[]): FeatureGroup[] {
  const groups = new Map<string | null, FeatureGroup>();
  for (const finding of sortFindings(findings)) {
    let group = groups.get(finding.feature);
    if (group === undefined) {
      group = { feature: finding.feature, featureName: finding.featureName, findings: [] };
      groups.set(finding.feature, group);
    }
    group.findings.push(finding);
  }
  // Groups are never empty: each was created for a finding.
  const urgency = (group: FeatureGroup): number => {
    const first = group.findings[0];
    return first ? LEVEL_RANK[first.level] * 10 + SEVERITY_RANK[first.severity] : 0;
  };
  return [...groups.values()].sort((a, b) => {
    if (a.feature === null) return -1;
    if (b.feature === null) return 1;
    return urgency(a) - urgency(b) || compareText(a.feature, b.feature);
  });
}

/**
 * How a feature is named, before any format's escaping: `Checkout (checkout)`, the bare ID when
 * the name is unknown, and "whole gate" for findings about no feature. Callers clean the result.
 */
export function featureLabel(feature: string | null, featureName: string | null): string {
  if (feature === null) return 'whole gate';
  if (featureName === null || featureName === feature) return feature;
  return `${featureName} (${feature})`;
}

/** The threat and/or story a finding is about: `T-…`, `S-…`, `T-… / S-…`, or null. */
export function subjectOf(finding: GateFinding): string | null {
  const ids = [finding.threat, finding.story].filter((id): id is string => id !== null);
  return ids.length === 0 ? null : ids.join(' / ');
}

/**
 * Why the gate passed or failed, in one sentence without the PASS/FAIL word (each format styles
 * that itself). Contains no user text, so it needs no escaping.
 */
export function outcomeReason(result: GateResult): string {
  const counts = countByLevel(result.findings);
  if (result.result === 'fail') {
    if (counts.error === 0)
      return 'the gate failed (exit code 1) but reported no blocking finding.';
    const perCheck = CHECK_IDS.map((check) => {
      const count = result.findings.filter(
        (finding) => finding.check === check && finding.level === 'error',
      ).length;
      if (count === 0) return null;
      const name = GATE_CHECKS[check].name;
      return count === 1 ? `${check} ${name}` : `${check} ${name} x${count}`;
    }).filter((part): part is string => part !== null);
    return `${plural(counts.error, 'finding')} ${counts.error === 1 ? 'blocks' : 'block'} the gate (${perCheck.join(', ')}).`;
  }
  const toReview = counts.warning + counts.note;
  if (toReview === 0) return 'no findings.';
  const parts = [plural(counts.warning, 'warning'), plural(counts.note, 'note')].filter(
    (part) => !part.startsWith('0 '),
  );
  return `nothing blocks the gate; ${listInWords(parts)} to review.`;
}

/**
 * The branch judged against and where it came from, with `quote` applied to the branch name (the
 * only user text in it): `main (from GITHUB_BASE_REF), protected`.
 */
export function branchDescription(
  branch: GateResult['branch'],
  quote: (userText: string) => string,
): string {
  const protection = branch.protected ? 'protected' : 'not protected';
  if (branch.source === 'unknown' || branch.name === null)
    return `no branch known: treated as ${protection}`;
  return `${quote(branch.name)} (from ${branch.source}), ${protection}`;
}
