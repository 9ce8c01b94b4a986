import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_ZONE_SIZE,
  containsPoint,
  containsRect,
  elementRect,
  rectCenter,
  zoneRect,
  type Rect,
} from '../../shared/model/geometry';
import { ModelSchema, type Model, type ModelInput, type Zone } from '../../shared/model/schema';
import { STARTER_TEMPLATES } from '../../shared/templates/starterTemplates';
import { CLUSTER_LAYOUT_LIMIT, layoutDiagram, needsLayout, type LayoutOptions } from './autoLayout';

const STRATEGIES = ['clusters', 'nested'] as const;
/** The default `zonePadding`, and with `zoneLabelHeight` the least room above a zone's content. */
const PADDING = 24;
const ROOM_ABOVE_CONTENT = PADDING + 28;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Where `inner` comes closer to the border of its zone `outer` than the default padding. */
function paddingProblems(id: string, inner: Rect, outerId: string, outer: Rect): string[] {
  const problems: string[] = [];
  if (inner.y - outer.y < ROOM_ABOVE_CONTENT)
    problems.push(`${id} leaves no room for the name of ${outerId}`);
  const gaps = [
    inner.x - outer.x,
    outer.x + outer.width - (inner.x + inner.width),
    outer.y + outer.height - (inner.y + inner.height),
  ];
  if (Math.min(...gaps) < PADDING) problems.push(`${id} touches the border of ${outerId}`);
  return problems;
}

/** Every way the drawing of one diagram breaks the layout rules, as readable text. */
function layoutProblems(model: Model, diagramId: string): string[] {
  const problems: string[] = [];
  const zones = model.boundaries.filter(
    (b): b is Zone => b.shape === 'zone' && b.diagramId === diagramId,
  );
  const zonesById = new Map(zones.map((zone) => [zone.id, zone]));
  const chainOf = (zoneId: string | null): string[] => {
    const chain: string[] = [];
    for (let id = zoneId; id !== null; id = zonesById.get(id)?.parentId ?? null) chain.push(id);
    return chain;
  };
  for (const zone of zones) {
    const rect = zoneRect(zone);
    if (rect.width < MIN_ZONE_SIZE.width || rect.height < MIN_ZONE_SIZE.height)
      problems.push(`zone ${zone.id} is smaller than the minimum`);
    if (zone.parentId !== null) {
      const parent = zoneRect(zonesById.get(zone.parentId)!);
      if (!containsRect(parent, rect))
        problems.push(`zone ${zone.id} sticks out of ${zone.parentId}`);
      problems.push(...paddingProblems(zone.id, rect, zone.parentId, parent));
    }
    for (const other of zones) {
      if (other.id <= zone.id) continue;
      const nested = chainOf(other.id).includes(zone.id) || chainOf(zone.id).includes(other.id);
      if (!nested && overlaps(rect, zoneRect(other)))
        problems.push(`zones ${zone.id} and ${other.id} overlap`);
    }
  }
  const elements = model.elements.filter((element) => element.diagramId === diagramId);
  elements.forEach((element, index) => {
    const rect = elementRect(element);
    const chain = chainOf(element.zoneId);
    const containing = zones
      .filter((zone) => containsPoint(zoneRect(zone), rectCenter(rect)))
      .map((zone) => zone.id);
    if ([...containing].sort().join() !== [...chain].sort().join())
      problems.push(`${element.id}: centre in [${containing}], zones [${chain}]`);
    for (const zone of zones)
      if (!chain.includes(zone.id) && overlaps(zoneRect(zone), rect))
        problems.push(`${element.id} overlaps zone ${zone.id}`);
    if (element.zoneId !== null) {
      const zone = zoneRect(zonesById.get(element.zoneId)!);
      if (!containsRect(zone, rect)) problems.push(`${element.id} sticks out of its zone`);
      problems.push(...paddingProblems(element.id, rect, element.zoneId, zone));
    }
    for (const other of elements.slice(index + 1))
      if (overlaps(rect, elementRect(other))) problems.push(`${element.id} overlaps ${other.id}`);
  });
  return problems;
}

const at0 = { x: 0, y: 0 };

/**
 * An imported-looking model: everything of diagram `main` at (0, 0), zones three deep, an empty
 * zone and an empty nested one, an element in no zone, waypoints and a line boundary; and a
 * second, hand-drawn diagram `other`.
 */
function importedModel(): Model {
  const input = {
    format: 'gatehouse-model',
    schemaVersion: 1,
    name: 'Imported',
    diagrams: [
      { id: 'main', name: 'Main' },
      { id: 'other', name: 'Other' },
    ],
    boundaries: [
      { id: 'internet', diagramId: 'main', shape: 'zone', name: 'Internet', parentId: null },
      { id: 'dmz', diagramId: 'main', shape: 'zone', name: 'DMZ', parentId: null },
      { id: 'internal', diagramId: 'main', shape: 'zone', name: 'Internal', parentId: null },
      { id: 'data', diagramId: 'main', shape: 'zone', name: 'Data', parentId: 'internal' },
      { id: 'vault', diagramId: 'main', shape: 'zone', name: 'Vault', parentId: 'data' },
      { id: 'spare', diagramId: 'main', shape: 'zone', name: 'Spare', parentId: null },
      { id: 'spare-inner', diagramId: 'main', shape: 'zone', name: 'Inner', parentId: 'internal' },
      {
        id: 'line',
        diagramId: 'main',
        shape: 'line',
        name: 'Perimeter',
        points: [
          { x: 5, y: 5 },
          { x: 5, y: 500 },
        ],
        crossingFlowIds: ['f-user-web'],
      },
      {
        id: 'other-zone',
        diagramId: 'other',
        shape: 'zone',
        name: 'Other zone',
        position: { x: 10, y: 10 },
        size: { width: 400, height: 300 },
      },
    ],
    elements: [
      { id: 'user', diagramId: 'main', kind: 'externalEntity', name: 'User', zoneId: 'internet' },
      { id: 'web', diagramId: 'main', kind: 'process', name: 'Web', zoneId: 'dmz' },
      { id: 'api', diagramId: 'main', kind: 'process', name: 'API', zoneId: 'internal' },
      { id: 'worker', diagramId: 'main', kind: 'process', name: 'Worker', zoneId: 'internal' },
      { id: 'db', diagramId: 'main', kind: 'dataStore', name: 'DB', zoneId: 'data' },
      { id: 'keys', diagramId: 'main', kind: 'dataStore', name: 'Keys', zoneId: 'vault' },
      { id: 'partner', diagramId: 'main', kind: 'externalEntity', name: 'Partner', zoneId: null },
      {
        id: 'tiny',
        diagramId: 'main',
        kind: 'process',
        name: 'Tiny',
        zoneId: 'dmz',
        size: { width: 20, height: 10 },
      },
      {
        id: 'o1',
        diagramId: 'other',
        kind: 'process',
        name: 'O1',
        zoneId: 'other-zone',
        position: { x: 100, y: 100 },
      },
      {
        id: 'o2',
        diagramId: 'other',
        kind: 'dataStore',
        name: 'O2',
        zoneId: null,
        position: { x: 600, y: 100 },
      },
    ],
    flows: [
      {
        id: 'f-user-web',
        diagramId: 'main',
        sourceId: 'user',
        targetId: 'web',
        name: 'Requests',
        waypoints: [{ x: 3, y: 4 }],
      },
      { id: 'f-web-api', diagramId: 'main', sourceId: 'web', targetId: 'api', name: 'Calls' },
      { id: 'f-api-db', diagramId: 'main', sourceId: 'api', targetId: 'db', name: 'SQL' },
      { id: 'f-worker-db', diagramId: 'main', sourceId: 'worker', targetId: 'db', name: 'Jobs' },
      { id: 'f-api-keys', diagramId: 'main', sourceId: 'api', targetId: 'keys', name: 'Keys' },
      { id: 'f-api-partner', diagramId: 'main', sourceId: 'api', targetId: 'partner', name: 'Out' },
      { id: 'f-web-tiny', diagramId: 'main', sourceId: 'web', targetId: 'tiny', name: 'Tiny' },
      {
        id: 'f-other',
        diagramId: 'other',
        sourceId: 'o1',
        targetId: 'o2',
        name: 'Writes',
        waypoints: [{ x: 1, y: 2 }],
      },
    ],
  } satisfies ModelInput;
  return ModelSchema.parse(input);
}

/**
 * A diagram on which dagre's (3.1.3) compound layout interleaves the zones: found by a random
 * search and shrunk. Laid out as clusters, it must come out right through the nested fallback.
 */
function interleavingModel(): Model {
  const zones: [string, string | null][] = [
    ['z0', null],
    ['z1', 'z0'],
    ['z2', 'z0'],
  ];
  const elements: [string, string | null][] = [
    ['e2', 'z2'],
    ['e3', null],
    ['e5', 'z2'],
    ['e6', 'z0'],
    ['e7', null],
    ['e12', null],
    ['e15', null],
    ['e26', 'z1'],
    ['e32', 'z2'],
    ['e34', 'z0'],
    ['e35', 'z2'],
    ['e37', 'z0'],
    ['e38', null],
    ['e40', 'z0'],
    ['e49', 'z1'],
    ['e59', 'z1'],
  ];
  const flows: [string, string][] = [
    ['e12', 'e7'],
    ['e59', 'e40'],
    ['e6', 'e34'],
    ['e32', 'e12'],
    ['e2', 'e32'],
    ['e37', 'e7'],
    ['e38', 'e2'],
    ['e15', 'e38'],
    ['e40', 'e3'],
    ['e26', 'e38'],
    ['e40', 'e49'],
    ['e34', 'e35'],
    ['e37', 'e6'],
    ['e35', 'e5'],
  ];
  return ModelSchema.parse({
    format: 'gatehouse-model',
    schemaVersion: 1,
    name: 'Interleaving',
    diagrams: [{ id: 'd', name: 'D' }],
    boundaries: zones.map(([id, parentId]) => ({
      id,
      diagramId: 'd',
      shape: 'zone' as const,
      name: id,
      parentId,
    })),
    elements: elements.map(([id, zoneId]) => ({
      id,
      diagramId: 'd',
      kind: 'process' as const,
      name: id,
      zoneId,
    })),
    flows: flows.map(([sourceId, targetId]) => ({
      id: `${sourceId}-${targetId}`,
      diagramId: 'd',
      sourceId,
      targetId,
      name: `${sourceId} to ${targetId}`,
    })),
  } satisfies ModelInput);
}

const xOf = (model: Model, id: string): number =>
  model.elements.find((element) => element.id === id)!.position.x;

describe.each(STRATEGIES)('layoutDiagram (%s)', (strategy) => {
  const options: LayoutOptions = { strategy };

  it('spreads an imported diagram out: no overlaps, zones enclose exactly their members', () => {
    const model = importedModel();
    expect(needsLayout(model, 'main')).toBe(true);
    const laidOut = layoutDiagram(model, 'main', options);
    expect(layoutProblems(laidOut, 'main')).toEqual([]);
    expect(needsLayout(laidOut, 'main')).toBe(false);
  });

  it('draws left to right along the flows', () => {
    const laidOut = layoutDiagram(importedModel(), 'main', options);
    expect(xOf(laidOut, 'user')).toBeLessThan(xOf(laidOut, 'web'));
    expect(xOf(laidOut, 'web')).toBeLessThan(xOf(laidOut, 'api'));
    expect(xOf(laidOut, 'api')).toBeLessThan(xOf(laidOut, 'db'));
  });

  it('returns a new model and leaves the input as it was', () => {
    const model = importedModel();
    const before = structuredClone(model);
    const laidOut = layoutDiagram(model, 'main', options);
    expect(model).toEqual(before);
    expect(laidOut).not.toBe(model);
    expect(laidOut.elements[0]).not.toBe(model.elements[0]);
  });

  it('keeps zones, sizes and other diagrams; clears the waypoints it invalidated', () => {
    const model = importedModel();
    const laidOut = layoutDiagram(model, 'main', options);
    expect(laidOut.elements.map((e) => [e.id, e.zoneId, e.size])).toEqual(
      model.elements.map((e) => [e.id, e.zoneId, e.size]),
    );
    expect(laidOut.boundaries.map((b) => [b.id, b.shape === 'zone' ? b.parentId : null])).toEqual(
      model.boundaries.map((b) => [b.id, b.shape === 'zone' ? b.parentId : null]),
    );
    const same = (id: string, pick: (m: Model) => readonly { id: string }[]) =>
      expect(pick(laidOut).find((r) => r.id === id)).toBe(pick(model).find((r) => r.id === id));
    same('o1', (m) => m.elements);
    same('o2', (m) => m.elements);
    same('other-zone', (m) => m.boundaries);
    same('line', (m) => m.boundaries);
    same('f-other', (m) => m.flows);
    expect(laidOut.flows.find((f) => f.id === 'f-user-web')!.waypoints).toEqual([]);
    expect(laidOut.flows.find((f) => f.id === 'f-other')!.waypoints).toEqual([{ x: 1, y: 2 }]);
    const { diagrams, features, threats, name } = laidOut;
    expect({ diagrams, features, threats, name }).toEqual({
      diagrams: model.diagrams,
      features: model.features,
      threats: model.threats,
      name: model.name,
    });
  });

  it('gives empty zones the minimum size, clear of everything else', () => {
    const laidOut = layoutDiagram(importedModel(), 'main', options);
    for (const id of ['spare', 'spare-inner']) {
      const zone = laidOut.boundaries.find((b) => b.id === id)!;
      expect(zone.shape === 'zone' && zone.size).toEqual(MIN_ZONE_SIZE);
    }
    // Overlaps with the empty zones are part of the general check; make sure it saw them.
    expect(layoutProblems(laidOut, 'main')).toEqual([]);
  });

  it('starts the drawing at the origin, on whole pixels', () => {
    const laidOut = layoutDiagram(importedModel(), 'main', {
      ...options,
      origin: { x: 100, y: 60 },
    });
    const rects = [
      ...laidOut.elements.filter((e) => e.diagramId === 'main').map(elementRect),
      ...laidOut.boundaries
        .filter((b): b is Zone => b.shape === 'zone' && b.diagramId === 'main')
        .map(zoneRect),
    ];
    expect(Math.min(...rects.map((r) => r.x))).toBe(100);
    expect(Math.min(...rects.map((r) => r.y))).toBe(60);
    for (const rect of rects) {
      expect(Number.isInteger(rect.x) && Number.isInteger(rect.y)).toBe(true);
    }
  });

  it('handles a cycle of flows and an element with no flows', () => {
    const model = ModelSchema.parse({
      format: 'gatehouse-model',
      schemaVersion: 1,
      name: 'Cycle',
      diagrams: [{ id: 'd', name: 'D' }],
      boundaries: [
        { id: 'outer', diagramId: 'd', shape: 'zone', name: 'Outer' },
        { id: 'inner', diagramId: 'd', shape: 'zone', name: 'Inner', parentId: 'outer' },
      ],
      elements: [
        { id: 'a', diagramId: 'd', kind: 'process', name: 'A', zoneId: 'outer' },
        { id: 'b', diagramId: 'd', kind: 'process', name: 'B', zoneId: 'inner' },
        { id: 'c', diagramId: 'd', kind: 'dataStore', name: 'C', zoneId: null },
        { id: 'alone', diagramId: 'd', kind: 'process', name: 'Alone', zoneId: 'inner' },
        { id: 'stray', diagramId: 'd', kind: 'externalEntity', name: 'Stray', zoneId: null },
      ],
      flows: [
        { id: 'ab', diagramId: 'd', sourceId: 'a', targetId: 'b', name: 'ab' },
        { id: 'bc', diagramId: 'd', sourceId: 'b', targetId: 'c', name: 'bc' },
        { id: 'ca', diagramId: 'd', sourceId: 'c', targetId: 'a', name: 'ca' },
        { id: 'ba', diagramId: 'd', sourceId: 'b', targetId: 'a', name: 'ba', bidirectional: true },
      ],
    } satisfies ModelInput);
    expect(needsLayout(model, 'd')).toBe(true);
    const laidOut = layoutDiagram(model, 'd', options);
    expect(layoutProblems(laidOut, 'd')).toEqual([]);
    expect(needsLayout(laidOut, 'd')).toBe(false);
  });

  it('reads a dangling or cyclic zone parent as none instead of failing', () => {
    const model = ModelSchema.parse({
      format: 'gatehouse-model',
      schemaVersion: 1,
      name: 'Broken',
      diagrams: [{ id: 'd', name: 'D' }],
      boundaries: [
        { id: 'p', diagramId: 'd', shape: 'zone', name: 'P', parentId: 'q' },
        { id: 'q', diagramId: 'd', shape: 'zone', name: 'Q', parentId: 'p' },
        { id: 'r', diagramId: 'd', shape: 'zone', name: 'R', parentId: 'missing' },
      ],
      elements: [
        { id: 'a', diagramId: 'd', kind: 'process', name: 'A', zoneId: 'p' },
        { id: 'b', diagramId: 'd', kind: 'process', name: 'B', zoneId: 'r' },
        { id: 'c', diagramId: 'd', kind: 'process', name: 'C', zoneId: 'nowhere' },
      ],
      flows: [{ id: 'ab', diagramId: 'd', sourceId: 'a', targetId: 'b', name: 'ab' }],
    } satisfies ModelInput);
    const laidOut = layoutDiagram(model, 'd', options);
    const rect = (id: string) => zoneRect(laidOut.boundaries.find((b) => b.id === id) as Zone);
    const centre = (id: string) =>
      rectCenter(elementRect(laidOut.elements.find((e) => e.id === id)!));
    expect(containsPoint(rect('p'), centre('a'))).toBe(true);
    expect(containsPoint(rect('r'), centre('b'))).toBe(true);
    for (const zone of ['p', 'q', 'r']) expect(containsPoint(rect(zone), centre('c'))).toBe(false);
    expect(overlaps(rect('p'), rect('r'))).toBe(false);
  });

  it.each(STARTER_TEMPLATES.map((t) => [t.name, t] as const))(
    'lays out the "%s" template with its positions zeroed',
    (_name, template) => {
      const built = template.build();
      const diagramId = built.diagrams[0]!.id;
      const zeroed = { ...built, elements: built.elements.map((e) => ({ ...e, position: at0 })) };
      expect(needsLayout(zeroed, diagramId)).toBe(true);
      const laidOut = layoutDiagram(zeroed, diagramId, options);
      expect(layoutProblems(laidOut, diagramId)).toEqual([]);
      expect(needsLayout(laidOut, diagramId)).toBe(false);
      // Untrusted senders start the drawing.
      const browserLike = laidOut.elements.filter(
        (e) => e.kind === 'externalEntity' && e.properties.trusted === 'no',
      );
      const processes = laidOut.elements.filter((e) => e.kind === 'process');
      for (const entity of browserLike)
        expect(entity.position.x).toBeLessThan(Math.min(...processes.map((p) => p.position.x)));
    },
  );

  it('keeps every rule where dagre interleaves compound clusters', () => {
    const laidOut = layoutDiagram(interleavingModel(), 'd', options);
    expect(layoutProblems(laidOut, 'd')).toEqual([]);
  });

  it('keeps every rule on random nested diagrams', () => {
    const diagram = fc
      .record({
        parents: fc.array(fc.nat(), { maxLength: 8 }),
        elements: fc.array(
          fc.record({
            kind: fc.constantFrom('process', 'dataStore', 'externalEntity'),
            zone: fc.nat(),
            inZone: fc.boolean(),
            size: fc.option(
              fc.record({
                width: fc.integer({ min: 0, max: 400 }),
                height: fc.integer({ min: 0, max: 200 }),
              }),
              { nil: undefined },
            ),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        flows: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }),
      })
      .map(({ parents, elements, flows }) =>
        ModelSchema.parse({
          format: 'gatehouse-model',
          schemaVersion: 1,
          name: 'Random',
          diagrams: [{ id: 'd', name: 'D' }],
          boundaries: parents.map((parent, index) => ({
            id: `z${index}`,
            diagramId: 'd',
            shape: 'zone',
            name: `Zone ${index}`,
            // Only earlier zones can be parents: no cycles. Every third zone is top-level.
            parentId: index === 0 || parent % 3 === 0 ? null : `z${parent % index}`,
          })),
          elements: elements.map((element, index) => ({
            id: `e${index}`,
            diagramId: 'd',
            kind: element.kind,
            name: `Element ${index}`,
            zoneId:
              element.inZone && parents.length > 0 ? `z${element.zone % parents.length}` : null,
            ...(element.size ? { size: element.size } : {}),
          })),
          flows: flows
            .map(([source, target, bidirectional], index) => ({
              id: `f${index}`,
              diagramId: 'd',
              sourceId: `e${source % elements.length}`,
              targetId: `e${target % elements.length}`,
              name: `Flow ${index}`,
              bidirectional,
            }))
            .filter((flow) => flow.sourceId !== flow.targetId),
        }),
      );
    fc.assert(
      fc.property(diagram, (model) => {
        const laidOut = layoutDiagram(model, 'd', options);
        expect(layoutProblems(laidOut, 'd')).toEqual([]);
      }),
      { numRuns: 40, seed: 20_250_101 },
    );
  });
});

describe('layoutDiagram strategies', () => {
  const zeroed = (model: Model): Model => ({
    ...model,
    elements: model.elements.map((e) => ({ ...e, position: at0 })),
  });

  it('lays small diagrams out as compound clusters', () => {
    for (const template of STARTER_TEMPLATES) {
      const model = zeroed(template.build());
      const diagramId = model.diagrams[0]!.id;
      expect(layoutDiagram(model, diagramId)).not.toEqual(
        layoutDiagram(model, diagramId, { strategy: 'nested' }),
      );
    }
  });

  it(`lays diagrams of more than ${CLUSTER_LAYOUT_LIMIT} elements out nested`, () => {
    const count = CLUSTER_LAYOUT_LIMIT + 1;
    const model = ModelSchema.parse({
      format: 'gatehouse-model',
      schemaVersion: 1,
      name: 'Large',
      diagrams: [{ id: 'd', name: 'D' }],
      boundaries: [0, 1, 2].map((index) => ({
        id: `z${index}`,
        diagramId: 'd',
        shape: 'zone' as const,
        name: `Zone ${index}`,
        parentId: index === 2 ? 'z1' : null,
      })),
      elements: Array.from({ length: count }, (_, index) => ({
        id: `e${index}`,
        diagramId: 'd',
        kind: 'process' as const,
        name: `Element ${index}`,
        zoneId: index % 4 === 3 ? null : `z${index % 4}`,
      })),
      flows: Array.from({ length: count - 1 }, (_, index) => ({
        id: `f${index}`,
        diagramId: 'd',
        sourceId: `e${index}`,
        targetId: `e${(index * 7 + 1) % count}`,
        name: `Flow ${index}`,
      })).filter((flow) => flow.sourceId !== flow.targetId),
    } satisfies ModelInput);
    const laidOut = layoutDiagram(model, 'd');
    expect(laidOut).toEqual(layoutDiagram(model, 'd', { strategy: 'nested' }));
    expect(layoutProblems(laidOut, 'd')).toEqual([]);
  });
});

describe('needsLayout', () => {
  const twoProcesses = (second: { x: number; y: number }, zoneId: string | null = null) =>
    ModelSchema.parse({
      format: 'gatehouse-model',
      schemaVersion: 1,
      name: 'Two',
      diagrams: [{ id: 'd', name: 'D' }],
      boundaries: [
        {
          id: 'z',
          diagramId: 'd',
          shape: 'zone',
          name: 'Z',
          position: { x: 0, y: 0 },
          size: { width: 400, height: 300 },
        },
      ],
      elements: [
        { id: 'a', diagramId: 'd', kind: 'process', name: 'A', position: { x: 10, y: 100 } },
        { id: 'b', diagramId: 'd', kind: 'process', name: 'B', position: second, zoneId },
      ],
    } satisfies ModelInput);

  it('is true when two elements sit at the same point', () => {
    expect(needsLayout(twoProcesses({ x: 10, y: 100 }), 'd')).toBe(true);
  });

  it('is true when one element hides most of another', () => {
    expect(needsLayout(twoProcesses({ x: 40, y: 110 }), 'd')).toBe(true);
  });

  it('is false for a slight overlap or elements apart', () => {
    // 160 × 72 rectangles 120 px apart share a quarter of their area.
    expect(needsLayout(twoProcesses({ x: 130, y: 100 }), 'd')).toBe(false);
    expect(needsLayout(twoProcesses({ x: 600, y: 100 }), 'd')).toBe(false);
  });

  it('is true when an element lies outside its own zone', () => {
    expect(needsLayout(twoProcesses({ x: 200, y: 100 }, 'z'), 'd')).toBe(false);
    expect(needsLayout(twoProcesses({ x: 600, y: 100 }, 'z'), 'd')).toBe(true);
  });

  it('is false for a diagram without elements and for the hand-drawn templates', () => {
    expect(needsLayout(twoProcesses({ x: 10, y: 100 }), 'elsewhere')).toBe(false);
    for (const template of STARTER_TEMPLATES) {
      const model = template.build();
      expect(needsLayout(model, model.diagrams[0]!.id)).toBe(false);
    }
  });
});
