import { describe, expect, it } from 'vitest';
import { computeGraphFacts } from '../graph/graphFacts';
import { LINT_CHECKS, lintModel } from '../lint/lintModel';
import { serializeModel } from '../model/canonical';
import {
  containsPoint,
  containsRect,
  elementRect,
  rectCenter,
  zoneRect,
  type Rect,
} from '../model/geometry';
import { parseModel } from '../model/parseModel';
import { findReferenceIssues } from '../model/references';
import type { Model, Zone } from '../model/schema';
import { loadRulePacks } from '../rules/loadPacks';
import type { Condition } from '../rules/packSchema';
import { assessThreats } from '../threats/register';
import { STARTER_TEMPLATES } from './starterTemplates';

const loaded = loadRulePacks([]);
const rulesByRef = new Map(
  loaded.packs.flatMap((pack) => pack.rules.map((rule) => [`${pack.id}/${rule.id}`, rule])),
);

/** Whether a condition reads the model's topology: boundaries, zones or reachability. */
function readsTopology(condition: Condition): boolean {
  switch (condition.kind) {
    case 'boundary':
    case 'inZone':
    case 'reachableFromUntrusted':
      return true;
    case 'all':
    case 'any':
      return condition.of.some(readsTopology);
    case 'not':
      return readsTopology(condition.condition);
    case 'hasFlow':
      return readsTopology(condition.where);
    default:
      return false;
  }
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The zone and its ancestors. */
function zoneChainIds(zonesById: ReadonlyMap<string, Zone>, zoneId: string | null): string[] {
  const chain: string[] = [];
  for (let id = zoneId; id !== null; id = zonesById.get(id)?.parentId ?? null) chain.push(id);
  return chain;
}

/** Every way the hand-made layout breaks the geometry rules of the diagram, as readable text. */
function layoutProblems(model: Model): string[] {
  const problems: string[] = [];
  const zones = model.boundaries.filter((b): b is Zone => b.shape === 'zone');
  const zonesById = new Map(zones.map((zone) => [zone.id, zone]));
  for (const zone of zones) {
    if (zone.parentId !== null) {
      const parent = zonesById.get(zone.parentId)!;
      if (!containsRect(zoneRect(parent), zoneRect(zone)))
        problems.push(`zone ${zone.id} sticks out of its parent ${parent.id}`);
    }
    for (const other of zones) {
      if (other.id <= zone.id || other.parentId !== zone.parentId) continue;
      if (overlaps(zoneRect(zone), zoneRect(other)))
        problems.push(`sibling zones ${zone.id} and ${other.id} overlap`);
    }
  }
  model.elements.forEach((element, index) => {
    const rect = elementRect(element);
    const centre = rectCenter(rect);
    const chain = zoneChainIds(zonesById, element.zoneId);
    const containing = zones
      .filter((zone) => zone.diagramId === element.diagramId)
      .filter((zone) => containsPoint(zoneRect(zone), centre))
      .map((zone) => zone.id);
    if ([...containing].sort().join() !== [...chain].sort().join())
      problems.push(
        `${element.id}: centre lies in [${containing.join(', ')}], assigned to [${chain.join(', ')}]`,
      );
    if (element.zoneId !== null && !containsRect(zoneRect(zonesById.get(element.zoneId)!), rect))
      problems.push(`${element.id} sticks out of its zone ${element.zoneId}`);
    for (const zone of zones) {
      if (!chain.includes(zone.id) && overlaps(zoneRect(zone), rect))
        problems.push(`${element.id} overlaps zone ${zone.id}, which it is not in`);
    }
    for (const other of model.elements.slice(index + 1)) {
      if (overlaps(rect, elementRect(other))) problems.push(`${element.id} overlaps ${other.id}`);
    }
  });
  return problems;
}

describe('the checks this file relies on', () => {
  const ruleById = (ruleId: string) =>
    [...rulesByRef.values()].find((rule) => rule.id === ruleId)!.condition;

  it('tell topological rules from property-only ones', () => {
    expect(readsTopology(ruleById('STRIDE-D-001'))).toBe(true);
    expect(readsTopology(ruleById('STRIDE-E-009'))).toBe(true);
    expect(readsTopology(ruleById('STRIDE-B-001'))).toBe(false);
  });

  it('report misplaced and overlapping elements and zones that stick out', () => {
    const model = STARTER_TEMPLATES[0]!.build();
    const user = model.elements.find((e) => e.id === 'browser-user')!;
    const frontEnd = model.elements.find((e) => e.id === 'web-frontend')!;
    user.position = { x: frontEnd.position.x + 10, y: frontEnd.position.y };
    const internal = model.boundaries.find((b) => b.id === 'zone-internal')!;
    if (internal.shape === 'zone') internal.size = { width: 400, height: 560 };
    const problems = layoutProblems(model);
    expect(problems).toContain(
      'browser-user: centre lies in [zone-dmz], assigned to [zone-internet]',
    );
    expect(problems).toContain('browser-user overlaps web-frontend');
    expect(problems).toContain('browser-user overlaps zone zone-dmz, which it is not in');
    expect(problems).toContain('zone zone-data sticks out of its parent zone-internal');
  });
});

describe('STARTER_TEMPLATES', () => {
  it('offers three templates with unique IDs, names and descriptions', () => {
    expect(STARTER_TEMPLATES).toHaveLength(3);
    const ids = STARTER_TEMPLATES.map((template) => template.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const template of STARTER_TEMPLATES) {
      expect(template.id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
      expect(template.id).not.toContain('--');
      expect(template.name.trim()).not.toBe('');
      expect(template.description.trim()).not.toBe('');
    }
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(STARTER_TEMPLATES)).toBe(true);
  });
});

describe.each(STARTER_TEMPLATES.map((template) => [template.name, template] as const))(
  'starter template "%s"',
  (_name, template) => {
    const model = template.build();

    it('survives a save and reopen unchanged', () => {
      expect(parseModel(serializeModel(model)).model).toEqual(model);
    });

    it('refers only to things that exist', () => {
      expect(findReferenceIssues(model)).toEqual([]);
    });

    it('passes the model checks: no errors, and none of the structural warnings', () => {
      const findings = lintModel(model, computeGraphFacts(model));
      expect(findings.filter((finding) => finding.level === 'error')).toEqual([]);
      const structural: string[] = [
        LINT_CHECKS.flowWithoutProtocol.id,
        LINT_CHECKS.elementOutsideZones.id,
        LINT_CHECKS.isolatedElement.id,
        LINT_CHECKS.unknownBoundaryKind.id,
        LINT_CHECKS.emptyFeature.id,
        LINT_CHECKS.duplicateName.id,
        LINT_CHECKS.emptyZone.id,
      ];
      expect(findings.filter((finding) => structural.includes(finding.checkId))).toEqual([]);
    });

    it('is laid out without overlaps, each element inside exactly its zone chain', () => {
      expect(layoutProblems(model)).toEqual([]);
    });

    it('nests zones and leaves some facts unknown, as real models do', () => {
      expect(model.boundaries.some((b) => b.shape === 'zone' && b.parentId !== null)).toBe(true);
      const facts = [
        ...model.elements.flatMap((element) => Object.values(element.properties)),
        ...model.flows.flatMap((flow) => Object.values(flow.properties)),
      ];
      const unknown = facts.filter((value) => value === 'unknown').length;
      expect(unknown).toBeGreaterThan(0);
      expect(unknown / facts.length).toBeLessThan(0.1);
    });

    it('reads left to right: untrusted entities sit left of every process', () => {
      const centreX = (element: Model['elements'][number]): number =>
        rectCenter(elementRect(element)).x;
      const untrusted = model.elements.filter(
        (e) => e.kind === 'externalEntity' && e.properties.trusted === 'no',
      );
      const processes = model.elements.filter((e) => e.kind === 'process');
      expect(untrusted.length).toBeGreaterThan(0);
      const leftmostProcess = Math.min(...processes.map(centreX));
      for (const entity of untrusted) expect(centreX(entity)).toBeLessThan(leftmostProcess);
    });

    it('yields threats, including some found through boundaries or reachability', () => {
      const threats = assessThreats(model, loaded.compiled);
      expect(threats.length).toBeGreaterThan(5);
      const topological = threats.filter((threat) => {
        const rule = rulesByRef.get(`${threat.packId}/${threat.ruleId}`);
        return rule !== undefined && readsTopology(rule.condition);
      });
      expect(topological.length).toBeGreaterThan(0);
    });

    it('has features that cover most elements and flows', () => {
      expect(model.features.length).toBeGreaterThanOrEqual(2);
      const members = new Set(model.features.flatMap((feature) => feature.memberIds));
      const coveredElements = model.elements.filter((e) => members.has(e.id)).length;
      const coveredFlows = model.flows.filter((f) => members.has(f.id)).length;
      expect(coveredElements / model.elements.length).toBeGreaterThanOrEqual(0.8);
      expect(coveredFlows / model.flows.length).toBeGreaterThanOrEqual(0.8);
    });

    it('builds a fresh model on every call', () => {
      const first = template.build();
      const second = template.build();
      expect(second).toEqual(first);
      expect(second).not.toBe(first);
      expect(second.elements).not.toBe(first.elements);
      expect(second.elements[0]).not.toBe(first.elements[0]);
      expect(second.elements[0]!.position).not.toBe(first.elements[0]!.position);
      first.elements[0]!.position.x += 1000;
      expect(template.build()).toEqual(second);
    });
  },
);
