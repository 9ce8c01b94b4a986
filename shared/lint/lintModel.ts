/**
 * Model-quality checks (PRODUCT.md, "Analysis"): problems in the diagram itself that make the
 * analysis less trustworthy. Each check has a stable ID, a level and a message naming the thing.
 * `error` findings make `gatehouse lint` exit 1.
 */
import type { GraphFacts } from '../graph/graphFacts';
import { UNASSIGNED_FEATURE_ID, type Model } from '../model/schema';
import { displayName } from '../rules/conditions';

export type LintLevel = 'error' | 'warning' | 'info';

export interface LintCheck {
  id: string;
  level: LintLevel;
  title: string;
}

export const LINT_CHECKS = {
  unnamedElement: { id: 'LINT-001', level: 'error', title: 'Element or flow without a name' },
  flowWithoutProtocol: { id: 'LINT-002', level: 'warning', title: 'Flow without a protocol' },
  elementOutsideZones: { id: 'LINT-003', level: 'warning', title: 'Element outside every zone' },
  isolatedElement: { id: 'LINT-004', level: 'warning', title: 'Element with no flows' },
  crossingUnknownEncryption: {
    id: 'LINT-005',
    level: 'warning',
    title: 'Boundary crossing with unknown encryption',
  },
  unknownBoundaryKind: { id: 'LINT-006', level: 'warning', title: 'Boundary of unknown kind' },
  unknownEntityTrust: {
    id: 'LINT-007',
    level: 'warning',
    title: 'External entity of unknown trust',
  },
  emptyFeature: { id: 'LINT-008', level: 'warning', title: 'Feature without members' },
  duplicateName: { id: 'LINT-009', level: 'warning', title: 'Two elements share a name' },
  unassignedElement: { id: 'LINT-010', level: 'info', title: 'Element in no feature' },
  emptyZone: { id: 'LINT-011', level: 'info', title: 'Zone without elements' },
  sensitiveStoreUnknownEncryption: {
    id: 'LINT-012',
    level: 'warning',
    title: 'Sensitive data store with unknown encryption at rest',
  },
} as const satisfies Record<string, LintCheck>;

export interface LintFinding {
  checkId: string;
  level: LintLevel;
  /** The element, flow, zone or feature concerned. */
  subjectId: string;
  message: string;
}

/** Runs every check. Findings are sorted by check ID, then subject ID. */
export function lintModel(model: Model, facts: GraphFacts): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (check: LintCheck, subjectId: string, message: string): void => {
    findings.push({ checkId: check.id, level: check.level, subjectId, message });
  };
  const zonesPerDiagram = new Set<string>();
  const zoneHasElements = new Set<string>();
  for (const boundary of model.boundaries) {
    if (boundary.shape === 'zone') zonesPerDiagram.add(boundary.diagramId);
    if (boundary.boundaryKind === 'unknown') {
      add(
        LINT_CHECKS.unknownBoundaryKind,
        boundary.id,
        `Boundary "${displayName(boundary)}" has no kind: rules on internet, DMZ or network boundaries cannot see it. Set its kind.`,
      );
    }
  }
  const inFeature = new Set(model.features.flatMap((feature) => feature.memberIds));
  const namesSeen = new Map<string, string>();

  for (const element of model.elements) {
    const name = displayName(element);
    if (element.name.trim() === '') {
      add(
        LINT_CHECKS.unnamedElement,
        element.id,
        `The ${element.kind} "${element.id}" has no name: stories and tickets would name nothing. Name it.`,
      );
    } else {
      const key = `${element.diagramId}\u0000${element.name.trim().toLowerCase()}`;
      const other = namesSeen.get(key);
      if (other !== undefined)
        add(
          LINT_CHECKS.duplicateName,
          element.id,
          `"${name}" is also the name of "${other}": stories that name them are ambiguous. Rename one.`,
        );
      else namesSeen.set(key, element.id);
    }
    for (const zone of facts.zoneChain(element.id)) zoneHasElements.add(zone.id);
    if (element.zoneId === null && zonesPerDiagram.has(element.diagramId)) {
      add(
        LINT_CHECKS.elementOutsideZones,
        element.id,
        `"${name}" is outside every zone, so no trust boundary applies to its flows. Place it in a zone.`,
      );
    }
    const degree =
      (facts.incoming.get(element.id)?.length ?? 0) + (facts.outgoing.get(element.id)?.length ?? 0);
    if (degree === 0)
      add(
        LINT_CHECKS.isolatedElement,
        element.id,
        `"${name}" has no flows: connect it or remove it.`,
      );
    if (element.kind === 'externalEntity' && element.properties.trusted === 'unknown') {
      add(
        LINT_CHECKS.unknownEntityTrust,
        element.id,
        `Is "${name}" trusted? Unknown trust is treated as untrusted for reachability.`,
      );
    }
    if (
      element.kind === 'dataStore' &&
      element.properties.encryptedAtRest === 'unknown' &&
      (element.properties.holdsPii === 'yes' ||
        element.properties.holdsCredentials === 'yes' ||
        element.properties.holdsSecrets === 'yes')
    ) {
      add(
        LINT_CHECKS.sensitiveStoreUnknownEncryption,
        element.id,
        `"${name}" holds sensitive data but whether it is encrypted at rest is unknown. Find out and record it.`,
      );
    }
    if (!inFeature.has(element.id) && model.features.length > 0) {
      add(
        LINT_CHECKS.unassignedElement,
        element.id,
        `"${name}" is in no feature: its threats are gated under "${UNASSIGNED_FEATURE_ID}".`,
      );
    }
  }

  for (const flow of model.flows) {
    const name = displayName(flow);
    if (flow.name.trim() === '')
      add(
        LINT_CHECKS.unnamedElement,
        flow.id,
        `The flow "${flow.id}" has no name: stories and tickets would name nothing. Name it.`,
      );
    if (flow.properties.protocol.trim() === '')
      add(
        LINT_CHECKS.flowWithoutProtocol,
        flow.id,
        `Flow "${name}" has no protocol. Record it (e.g. HTTPS, gRPC, SQL).`,
      );
    if (flow.properties.encryptedInTransit === 'unknown') {
      const directed = facts.directionsOf.get(flow.id)?.[0];
      const crossing = directed ? facts.boundaryFacts(directed) : undefined;
      if (crossing && (crossing.crossedZones.length > 0 || crossing.crossedLines.length > 0)) {
        add(
          LINT_CHECKS.crossingUnknownEncryption,
          flow.id,
          `Flow "${name}" crosses a trust boundary and nobody knows whether it is encrypted. Find out and record it.`,
        );
      }
    }
  }
  for (const boundary of model.boundaries) {
    if (boundary.shape === 'zone' && !zoneHasElements.has(boundary.id)) {
      add(
        LINT_CHECKS.emptyZone,
        boundary.id,
        `Zone "${displayName(boundary)}" contains no elements.`,
      );
    }
  }
  for (const feature of model.features) {
    if (feature.memberIds.length === 0)
      add(
        LINT_CHECKS.emptyFeature,
        feature.id,
        `Feature "${displayName(feature)}" has no elements or flows: it gates nothing.`,
      );
  }
  findings.sort((a, b) =>
    a.checkId !== b.checkId
      ? a.checkId < b.checkId
        ? -1
        : 1
      : a.subjectId < b.subjectId
        ? -1
        : a.subjectId > b.subjectId
          ? 1
          : 0,
  );
  return findings;
}
