/**
 * Referential integrity of a model: what zod cannot see record by record. Every problem is
 * reported with the JSON path of the offending value.
 */
import type { InputIssue } from './errors';
import { MANUAL_PACK_ID, storyIdFor, threatIdFor } from './ids';
import { UNASSIGNED_FEATURE_ID, type Model } from './schema';

function findDuplicates(
  issues: InputIssue[],
  collection: string,
  ids: readonly string[],
  label: string,
): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id))
      issues.push({ path: [collection, index, 'id'], message: `duplicate ${label} ID "${id}"` });
    seen.add(id);
  });
}

/** Deeper nesting is refused: no real system nests trust zones this deep. */
export const MAX_ZONE_DEPTH = 64;
const CYCLE = -1;

/** Returns every referential problem of `model` (an empty list when it is sound). */
export function findReferenceIssues(model: Model): InputIssue[] {
  const issues: InputIssue[] = [];
  const diagramIds = new Set(model.diagrams.map((diagram) => diagram.id));
  findDuplicates(
    issues,
    'diagrams',
    model.diagrams.map((d) => d.id),
    'diagram',
  );

  // Elements, flows and boundaries share one namespace: a feature or a threat target names
  // any of them by ID alone.
  const nodeDiagram = new Map<string, string>();
  const kindOf = new Map<string, 'element' | 'flow' | 'zone' | 'line'>();
  const claim = (
    collection: string,
    index: number,
    id: string,
    kind: 'element' | 'flow' | 'zone' | 'line',
  ): void => {
    if (kindOf.has(id)) {
      issues.push({
        path: [collection, index, 'id'],
        message: `duplicate ID "${id}" (already used by a ${kindOf.get(id)})`,
      });
    } else kindOf.set(id, kind);
  };
  model.elements.forEach((element, index) => {
    claim('elements', index, element.id, 'element');
    nodeDiagram.set(element.id, element.diagramId);
    if (!diagramIds.has(element.diagramId)) {
      issues.push({
        path: ['elements', index, 'diagramId'],
        message: `no diagram "${element.diagramId}"`,
      });
    }
  });
  const zoneDiagram = new Map<string, string>();
  const zoneParent = new Map<string, string | null>();
  model.boundaries.forEach((boundary, index) => {
    claim('boundaries', index, boundary.id, boundary.shape);
    if (!diagramIds.has(boundary.diagramId)) {
      issues.push({
        path: ['boundaries', index, 'diagramId'],
        message: `no diagram "${boundary.diagramId}"`,
      });
    }
    if (boundary.shape === 'zone') {
      zoneDiagram.set(boundary.id, boundary.diagramId);
      zoneParent.set(boundary.id, boundary.parentId);
    }
  });
  model.flows.forEach((flow, index) => {
    claim('flows', index, flow.id, 'flow');
    if (!diagramIds.has(flow.diagramId)) {
      issues.push({
        path: ['flows', index, 'diagramId'],
        message: `no diagram "${flow.diagramId}"`,
      });
    }
    for (const end of ['sourceId', 'targetId'] as const) {
      const endDiagram = nodeDiagram.get(flow[end]);
      if (endDiagram === undefined) {
        issues.push({ path: ['flows', index, end], message: `no element "${flow[end]}"` });
      } else if (endDiagram !== flow.diagramId) {
        issues.push({
          path: ['flows', index, end],
          message: `element "${flow[end]}" belongs to diagram "${endDiagram}", not to the flow's diagram "${flow.diagramId}"`,
        });
      }
    }
    if (flow.sourceId === flow.targetId) {
      issues.push({
        path: ['flows', index, 'targetId'],
        message: 'a flow cannot connect an element to itself',
      });
    }
  });

  model.elements.forEach((element, index) => {
    if (element.zoneId === null) return;
    const diagram = zoneDiagram.get(element.zoneId);
    if (diagram === undefined) {
      issues.push({ path: ['elements', index, 'zoneId'], message: `no zone "${element.zoneId}"` });
    } else if (diagram !== element.diagramId) {
      issues.push({
        path: ['elements', index, 'zoneId'],
        message: `zone "${element.zoneId}" is on another diagram`,
      });
    }
  });

  // Nesting depth of each zone, memoized, found without recursion: linear in the number of
  // zones however deep the nesting (a deep chain made the old walk quadratic).
  const depths = new Map<string, number>();
  const zoneDepth = (zoneId: string): number => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | null = zoneId;
    while (current !== null && !depths.has(current)) {
      if (onPath.has(current)) {
        for (const id of path) depths.set(id, CYCLE);
        return CYCLE;
      }
      onPath.add(current);
      path.push(current);
      const parent: string | null = zoneParent.get(current) ?? null;
      current = parent !== null && zoneParent.has(parent) ? parent : null;
    }
    let depth = current === null ? 0 : depths.get(current)!;
    for (let i = path.length - 1; i >= 0; i--) {
      depth = depth === CYCLE ? CYCLE : depth + 1;
      depths.set(path[i]!, depth);
    }
    return depths.get(zoneId)!;
  };
  model.boundaries.forEach((boundary, index) => {
    if (boundary.shape === 'zone') {
      if (boundary.parentId === null) return;
      const parentDiagram = zoneDiagram.get(boundary.parentId);
      if (parentDiagram === undefined) {
        issues.push({
          path: ['boundaries', index, 'parentId'],
          message: `no zone "${boundary.parentId}"`,
        });
        return;
      }
      if (parentDiagram !== boundary.diagramId) {
        issues.push({
          path: ['boundaries', index, 'parentId'],
          message: `zone "${boundary.parentId}" is on another diagram`,
        });
      }
      const depth = zoneDepth(boundary.id);
      if (depth === CYCLE) {
        issues.push({
          path: ['boundaries', index, 'parentId'],
          message: `zone "${boundary.id}" is nested inside itself (a cycle)`,
        });
      } else if (depth > MAX_ZONE_DEPTH) {
        issues.push({
          path: ['boundaries', index, 'parentId'],
          message: `zone "${boundary.id}" is nested ${depth} levels deep; at most ${MAX_ZONE_DEPTH} are allowed`,
        });
      }
    } else {
      const listed = new Set<string>();
      boundary.crossingFlowIds.forEach((flowId, flowIndex) => {
        if (listed.has(flowId)) {
          issues.push({
            path: ['boundaries', index, 'crossingFlowIds', flowIndex],
            message: `flow "${flowId}" is listed twice`,
          });
        }
        listed.add(flowId);
        if (kindOf.get(flowId) !== 'flow') {
          issues.push({
            path: ['boundaries', index, 'crossingFlowIds', flowIndex],
            message: `no flow "${flowId}"`,
          });
        }
      });
    }
  });

  findDuplicates(
    issues,
    'features',
    model.features.map((f) => f.id),
    'feature',
  );
  model.features.forEach((feature, index) => {
    feature.memberIds.forEach((memberId, memberIndex) => {
      const kind = kindOf.get(memberId);
      if (kind !== 'element' && kind !== 'flow') {
        issues.push({
          path: ['features', index, 'memberIds', memberIndex],
          message: `no element or flow "${memberId}"`,
        });
      }
    });
  });

  const threatIds = new Set<string>();
  model.threats.forEach((triage, index) => {
    if (threatIds.has(triage.threatId)) {
      issues.push({
        path: ['threats', index, 'threatId'],
        message: `duplicate triage for "${triage.threatId}"`,
      });
    }
    threatIds.add(triage.threatId);
  });
  findDuplicates(
    issues,
    'manualThreats',
    model.manualThreats.map((t) => t.id),
    'manual threat',
  );
  model.manualThreats.forEach((threat, index) => {
    threat.targets.forEach((target, targetIndex) => {
      const kind = kindOf.get(target.id);
      const expected = target.role === 'flow' ? 'flow' : 'element';
      if (kind !== expected) {
        issues.push({
          path: ['manualThreats', index, 'targets', targetIndex, 'id'],
          message: `no ${expected} "${target.id}"`,
        });
      }
    });
    const expectedId = threatIdFor(MANUAL_PACK_ID, threat.key, threat.targets);
    if (threat.id !== expectedId) {
      issues.push({
        path: ['manualThreats', index, 'id'],
        message: `must be ${expectedId} (derived from its key and targets)`,
      });
    }
  });

  findDuplicates(
    issues,
    'suppressions',
    model.suppressions.map((s) => s.id),
    'suppression',
  );
  model.suppressions.forEach((suppression, index) => {
    if (suppression.elementId !== null && !kindOf.has(suppression.elementId)) {
      issues.push({
        path: ['suppressions', index, 'elementId'],
        message: `no element or flow "${suppression.elementId}"`,
      });
    }
  });

  const featureIds = new Set(model.features.map((feature) => feature.id));
  featureIds.add(UNASSIGNED_FEATURE_ID);
  findDuplicates(
    issues,
    'stories',
    model.stories.map((s) => s.id),
    'story',
  );
  model.stories.forEach((story, index) => {
    if (!featureIds.has(story.featureId)) {
      issues.push({
        path: ['stories', index, 'featureId'],
        message: `no feature "${story.featureId}"`,
      });
    }
    const expectedId = storyIdFor(story.featureId, story.mitigationId);
    if (story.id !== expectedId) {
      issues.push({
        path: ['stories', index, 'id'],
        message: `must be ${expectedId} (derived from its feature and mitigation)`,
      });
    }
  });

  findDuplicates(
    issues,
    'rulePacks',
    model.rulePacks.map((p) => p.id),
    'rule pack',
  );
  model.workshop.reviews.forEach((review, index) => {
    if (!kindOf.has(review.elementId)) {
      issues.push({
        path: ['workshop', 'reviews', index, 'elementId'],
        message: `no element or flow "${review.elementId}"`,
      });
    }
  });
  return issues;
}
