/**
 * Everything a report shows, gathered once from a model and its rule packs (PRODUCT.md,
 * "Interop and reports"). The Markdown and HTML renderers only format what is here, so the two
 * formats cannot disagree, and the CLI and the app write the same report. Deterministic: the
 * only date is the `today` passed in.
 */
import { lintModel, type LintLevel } from '../lint/lintModel';
import { modelDigest } from '../model/canonical';
import {
  STRIDE_CATEGORIES,
  UNASSIGNED_FEATURE_ID,
  type Model,
  type Severity,
  type StoryState,
  type StrideCategory,
  type Target,
  type ThreatStatus,
} from '../model/schema';
import { displayName } from '../rules/conditions';
import { analyzeModel } from '../rules/engine';
import type { LoadedPacks } from '../rules/loadPacks';
import { severityRank } from '../rules/scoring';
import {
  generateStories,
  primaryTarget,
  UNASSIGNED_FEATURE_NAME,
  type AcceptanceCriterion,
} from '../stories/generateStories';
import { buildThreatRegister, isOpenStatus, type RegisteredThreat } from '../threats/register';
import { openThreatBadges, renderDiagramSvg } from './diagramSvg';
import { renderCategoryChartSvg, renderRiskMatrixSvg, type RiskMatrix } from './charts';
import {
  byRisk,
  countByCategoryAndStatus,
  countBySeverityAndStatus,
  riskMatrixOf,
} from './threatCounts';

/** How reports name the STRIDE categories. */
export const CATEGORY_LABELS: Readonly<Record<StrideCategory, string>> = {
  Spoofing: 'Spoofing',
  Tampering: 'Tampering',
  Repudiation: 'Repudiation',
  InformationDisclosure: 'Information disclosure',
  DenialOfService: 'Denial of service',
  ElevationOfPrivilege: 'Elevation of privilege',
};

/** How reports name the threat statuses. */
export const STATUS_LABELS: Readonly<Record<ThreatStatus, string>> = {
  open: 'Open',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  accepted: 'Accepted',
  'not-applicable': 'Not applicable',
  transferred: 'Transferred',
};

/** One threat as a report lists it. */
export interface ReportThreat {
  id: string;
  title: string;
  description: string;
  category: StrideCategory;
  severity: Severity;
  /** Before an approved override; differs from `severity` only when overridden. */
  inherentSeverity: Severity;
  likelihood: number;
  impact: number;
  status: ThreatStatus;
  /** Where the threat applies, in words ("Checkout API", "Shop → Payments (card data)"). */
  where: string;
  featureNames: string[];
  /** Mitigation titles (or IDs a pack no longer defines). */
  mitigations: string[];
  ruleRef: string;
  origin: 'rule' | 'manual';
  owner: string;
  notes: string;
  /** Switched off by a suppression (listed, but outside every count and chart). */
  suppressed: boolean;
  /** Triage kept for a threat the rules no longer find. */
  noLongerDetected: boolean;
}

/** A group of threats under a heading (a feature or a STRIDE category). */
export interface ThreatGroup {
  id: string;
  name: string;
  /** The feature's owner and description; empty for categories. */
  owner: string;
  description: string;
  threats: ReportThreat[];
}

/** A mitigation the active threats call for. */
export interface ReportMitigation {
  id: string;
  title: string;
  description: string;
  asvs: string[];
  /** Active threats it answers, and how many of them are still open or investigating. */
  threatCount: number;
  openCount: number;
  /** Its stories' states, per feature ("Checkout: planned"). */
  stories: string[];
}

/** A security story as the report shows it. */
export interface ReportStory {
  id: string;
  title: string;
  userStory: string;
  featureName: string;
  state: StoryState;
  severity: Severity;
  needsReview: boolean;
  trackerKey: string | null;
  threatCount: number;
  acceptanceCriteria: AcceptanceCriterion[];
  /** The team's notes on the story. */
  notes: string;
}

/** Whether an approval holds on `today`, regardless of policy limits (the gate judges those). */
export type ApprovalState = 'valid' | 'expired' | 'incomplete';

/** A decision that needs a named person: an accepted, not-applicable or transferred threat. */
export interface ReportApproval {
  threatId: string;
  threatTitle: string;
  status: ThreatStatus;
  severity: Severity;
  approver: string;
  rationale: string;
  expires: string;
  state: ApprovalState;
  transferredTo: string;
}

/** A lowered severity, with who approved it and why. */
export interface ReportSeverityOverride {
  threatId: string;
  threatTitle: string;
  from: Severity;
  to: Severity;
  approver: string;
  rationale: string;
}

/** A rule switched off on one element or model-wide. */
export interface ReportSuppression {
  id: string;
  ruleRef: string;
  /** The element or flow, or "the whole model". */
  scope: string;
  approver: string;
  rationale: string;
  expires: string;
  state: ApprovalState;
  threatCount: number;
}

/** A model-quality finding with its subject named. */
export interface ReportLintFinding {
  checkId: string;
  level: LintLevel;
  subject: string;
  message: string;
}

/** An element as the inventory lists it. */
export interface ReportElement {
  id: string;
  name: string;
  kind: 'Process' | 'Data store' | 'External entity';
  zone: string;
  description: string;
}

/** A flow as the inventory lists it. */
export interface ReportFlow {
  id: string;
  name: string;
  from: string;
  to: string;
  bidirectional: boolean;
  protocol: string;
  encrypted: string;
  classification: string;
  description: string;
}

/** One diagram: its drawing and what is on it. */
export interface ReportDiagram {
  id: string;
  name: string;
  description: string;
  svg: string;
  elements: ReportElement[];
  flows: ReportFlow[];
  boundaryCount: number;
}

const KIND_NAMES: Readonly<Record<Model['elements'][number]['kind'], ReportElement['kind']>> = {
  process: 'Process',
  dataStore: 'Data store',
  externalEntity: 'External entity',
};

/** What a report says, for `renderMarkdownReport` and `renderHtmlReport`. */
export interface ReportModel {
  title: string;
  description: string;
  today: string;
  modelDigest: string;
  rulePacks: { id: string; name: string; version: string; enabled: boolean }[];
  counts: {
    elements: number;
    flows: number;
    boundaries: number;
    features: number;
    /** Threats detected and not suppressed. */
    threats: number;
    open: number;
    suppressed: number;
    noLongerDetected: number;
    bySeverity: Record<Severity, number>;
    byStatus: Record<ThreatStatus, number>;
  };
  diagrams: ReportDiagram[];
  riskMatrix: RiskMatrix;
  riskMatrixSvg: string;
  categoryChartSvg: string;
  /** Active threats, worst first. */
  threats: ReportThreat[];
  byFeature: ThreatGroup[];
  byCategory: ThreatGroup[];
  /** Threats outside the counts: suppressed, or no longer detected. */
  inactiveThreats: ReportThreat[];
  mitigations: ReportMitigation[];
  stories: ReportStory[];
  approvals: ReportApproval[];
  severityOverrides: ReportSeverityOverride[];
  suppressions: ReportSuppression[];
  lint: ReportLintFinding[];
}

function approvalState(
  parts: { approver?: string | undefined; rationale?: string | undefined; expires?: string },
  today: string,
): ApprovalState {
  if (!parts.approver?.trim() || !parts.rationale?.trim() || !parts.expires) return 'incomplete';
  return parts.expires < today ? 'expired' : 'valid';
}

/** Whether a threat counts: detected now and not switched off. */
export function isActiveThreat(threat: RegisteredThreat, today: string): boolean {
  if (threat.noLongerDetected) return false;
  // A suppression that no longer holds (expired, or missing its approver, rationale or expiry)
  // hides nothing: the gate counts the threat again, so the report and the dashboard show it.
  return threat.suppression === null || approvalState(threat.suppression, today) !== 'valid';
}

function pushTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

/** Names elements and flows the way the report writes them. */
function targetNamer(model: Model): (targets: readonly Target[]) => string {
  const elements = new Map(model.elements.map((element) => [element.id, displayName(element)]));
  const flows = new Map(model.flows.map((flow) => [flow.id, flow]));
  const nameOf = (id: string): string => {
    const element = elements.get(id);
    if (element !== undefined) return element;
    const flow = flows.get(id);
    if (!flow) return id;
    const ends = `${elements.get(flow.sourceId) ?? flow.sourceId} ${flow.bidirectional ? '↔' : '→'} ${elements.get(flow.targetId) ?? flow.targetId}`;
    return flow.name.trim() === '' ? ends : `${ends} (${flow.name})`;
  };
  return (targets) => {
    const primary = primaryTarget(targets);
    return primary ? nameOf(primary.id) : 'The whole model';
  };
}

/**
 * Gathers the report of `model` analysed with `packs`, as of `today` (`YYYY-MM-DD`: expiries
 * before it are flagged as expired).
 */
export function buildReportModel(model: Model, packs: LoadedPacks, today: string): ReportModel {
  const { threats: found, facts } = analyzeModel(model, packs.compiled);
  const register = buildThreatRegister(model, found);
  const mitigationsById = packs.compiled.mitigationsById;
  const where = targetNamer(model);
  const featureNames = new Map(model.features.map((feature) => [feature.id, displayName(feature)]));
  featureNames.set(UNASSIGNED_FEATURE_ID, UNASSIGNED_FEATURE_NAME);

  const toReportThreat = (threat: RegisteredThreat): ReportThreat => ({
    id: threat.id,
    title: threat.title,
    description: threat.description,
    category: threat.category,
    severity: threat.severity,
    inherentSeverity: threat.inherentSeverity,
    likelihood: threat.likelihood,
    impact: threat.impact,
    status: threat.status,
    where: where(threat.targets),
    featureNames: threat.featureIds.map((id) => featureNames.get(id) ?? id),
    mitigations: threat.mitigations.map((id) => mitigationsById.get(id)?.title ?? id),
    ruleRef: `${threat.packId}/${threat.ruleId}`,
    origin: threat.origin,
    owner: threat.triage?.owner ?? '',
    notes: threat.triage?.notes ?? '',
    suppressed: threat.suppression !== null,
    noLongerDetected: threat.noLongerDetected,
  });

  const active = register.filter((threat) => isActiveThreat(threat, today));
  const activeById = new Map(active.map((threat) => [threat.id, threat]));
  const threats = active.map(toReportThreat).sort(byRisk);
  // One pass over the threats (already worst first) instead of one per feature and mitigation.
  const threatsByFeature = new Map<string, ReportThreat[]>();
  const answeredBy = new Map<string, ReportThreat[]>();
  for (const threat of threats) {
    const registered = activeById.get(threat.id)!;
    for (const id of new Set(registered.featureIds)) pushTo(threatsByFeature, id, threat);
    for (const id of new Set(registered.mitigations)) pushTo(answeredBy, id, threat);
  }
  const inactiveThreats = register
    .filter((threat) => !isActiveThreat(threat, today))
    .map(toReportThreat)
    .sort(byRisk);

  const { bySeverity, byStatus } = countBySeverityAndStatus(active);
  const riskMatrix = riskMatrixOf(active);
  const categoryStatus = countByCategoryAndStatus(active);

  const byFeature: ThreatGroup[] = [
    ...model.features.map((feature) => ({
      id: feature.id,
      name: displayName(feature),
      owner: feature.owner,
      description: feature.description,
    })),
    { id: UNASSIGNED_FEATURE_ID, name: UNASSIGNED_FEATURE_NAME, owner: '', description: '' },
  ]
    .map((feature) => ({ ...feature, threats: threatsByFeature.get(feature.id) ?? [] }))
    .filter((group) => group.id !== UNASSIGNED_FEATURE_ID || group.threats.length > 0);
  const byCategory: ThreatGroup[] = STRIDE_CATEGORIES.map((category) => ({
    id: category,
    name: CATEGORY_LABELS[category],
    owner: '',
    description: '',
    threats: threats.filter((threat) => threat.category === category),
  }));

  const stories = generateStories(model, register, mitigationsById);
  const mitigations: ReportMitigation[] = [];
  const storiesByMitigation = new Map<string, typeof stories>();
  for (const story of stories) pushTo(storiesByMitigation, story.mitigationId, story);
  for (const id of [...answeredBy.keys()].sort()) {
    const mitigation = mitigationsById.get(id);
    const answered = answeredBy.get(id)!;
    mitigations.push({
      id,
      title: mitigation?.title ?? id,
      description: mitigation?.description ?? '',
      asvs: mitigation?.asvs.map((reference) => String(reference)) ?? [],
      threatCount: answered.length,
      openCount: answered.filter((threat) => isOpenStatus(threat.status)).length,
      stories: (storiesByMitigation.get(id) ?? []).map(
        (story) => `${story.featureName}: ${story.state}`,
      ),
    });
  }

  const approvals: ReportApproval[] = [];
  const severityOverrides: ReportSeverityOverride[] = [];
  for (const threat of register) {
    const triage = threat.triage;
    if (!triage) continue;
    if (
      threat.status === 'accepted' ||
      threat.status === 'not-applicable' ||
      threat.status === 'transferred'
    ) {
      const approval = triage.approval ?? {};
      approvals.push({
        threatId: threat.id,
        threatTitle: threat.title,
        status: threat.status,
        severity: threat.severity,
        approver: approval.approver ?? '',
        rationale: approval.rationale ?? '',
        expires: approval.expires ?? '',
        state: approvalState(approval, today),
        transferredTo: triage.transferredTo ?? '',
      });
    }
    const override = triage.severityOverride;
    if (override && severityRank(override.severity) < severityRank(threat.inherentSeverity)) {
      severityOverrides.push({
        threatId: threat.id,
        threatTitle: threat.title,
        from: threat.inherentSeverity,
        to: override.severity,
        approver: override.approver ?? '',
        rationale: override.rationale ?? '',
      });
    }
  }

  const suppressedCounts = new Map<string, number>();
  for (const threat of register) {
    const id = threat.suppression?.id;
    if (id !== undefined) suppressedCounts.set(id, (suppressedCounts.get(id) ?? 0) + 1);
  }
  const suppressions: ReportSuppression[] = model.suppressions.map((suppression) => ({
    id: suppression.id,
    ruleRef: `${suppression.packId}/${suppression.ruleId}`,
    scope:
      suppression.elementId === null
        ? 'The whole model'
        : where([{ role: 'element', id: suppression.elementId }]),
    approver: suppression.approver ?? '',
    rationale: suppression.rationale ?? '',
    expires: suppression.expires ?? '',
    state: approvalState(suppression, today),
    threatCount: suppressedCounts.get(suppression.id) ?? 0,
  }));

  const subjectNames = new Map<string, string>();
  for (const feature of model.features) subjectNames.set(feature.id, displayName(feature));
  for (const boundary of model.boundaries) subjectNames.set(boundary.id, displayName(boundary));
  const lint = lintModel(model, facts).map((finding) => ({
    checkId: finding.checkId,
    level: finding.level,
    subject:
      subjectNames.get(finding.subjectId) ?? where([{ role: 'element', id: finding.subjectId }]),
    message: finding.message,
  }));

  const badges = openThreatBadges(register);
  const elementNames = new Map(model.elements.map((element) => [element.id, displayName(element)]));
  const diagrams = model.diagrams.map((diagram, index) => ({
    id: diagram.id,
    name: displayName(diagram),
    description: diagram.description,
    svg: renderDiagramSvg(model, diagram.id, { badges, idPrefix: `gh-d${index}` }),
    elements: model.elements
      .filter((element) => element.diagramId === diagram.id)
      .map((element) => ({
        id: element.id,
        name: displayName(element),
        kind: KIND_NAMES[element.kind],
        zone: element.zoneId === null ? '' : (subjectNames.get(element.zoneId) ?? element.zoneId),
        description: element.description,
      })),
    flows: model.flows
      .filter((flow) => flow.diagramId === diagram.id)
      .map((flow) => ({
        id: flow.id,
        name: flow.name,
        from: elementNames.get(flow.sourceId) ?? flow.sourceId,
        to: elementNames.get(flow.targetId) ?? flow.targetId,
        bidirectional: flow.bidirectional,
        protocol: flow.properties.protocol,
        encrypted: flow.properties.encryptedInTransit,
        classification: flow.properties.dataClassification,
        description: flow.description,
      })),
    boundaryCount: model.boundaries.filter((boundary) => boundary.diagramId === diagram.id).length,
  }));

  return {
    title: model.name.trim() === '' ? 'Untitled model' : model.name,
    description: model.description,
    today,
    modelDigest: modelDigest(model),
    rulePacks: packs.packs.map((pack) => ({
      id: pack.id,
      name: pack.name,
      version: pack.version,
      enabled: model.rulePacks.find((reference) => reference.id === pack.id)?.enabled ?? true,
    })),
    counts: {
      elements: model.elements.length,
      flows: model.flows.length,
      boundaries: model.boundaries.length,
      features: model.features.length,
      threats: active.length,
      open: byStatus.open + byStatus.investigating,
      suppressed: register.filter((threat) => threat.suppression !== null).length,
      noLongerDetected: register.filter((threat) => threat.noLongerDetected).length,
      bySeverity,
      byStatus,
    },
    diagrams,
    riskMatrix,
    riskMatrixSvg: renderRiskMatrixSvg(riskMatrix),
    categoryChartSvg: renderCategoryChartSvg(
      STRIDE_CATEGORIES.map((category) => ({
        label: CATEGORY_LABELS[category],
        byStatus: categoryStatus.get(category)!,
      })),
    ),
    threats,
    byFeature,
    byCategory,
    inactiveThreats,
    mitigations,
    stories: stories.map((story) => ({
      id: story.id,
      title: story.title,
      userStory: story.userStory,
      featureName: story.featureName,
      state: story.state,
      severity: story.severity,
      needsReview: story.needsReview,
      trackerKey: story.trackerKey ?? story.jiraIssueKey,
      threatCount: story.accepted ? story.coveredThreatIds.length : story.threatIds.length,
      acceptanceCriteria: story.acceptanceCriteria,
      notes: story.notes,
    })),
    approvals,
    severityOverrides,
    suppressions,
    lint,
  };
}
