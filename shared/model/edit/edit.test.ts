import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process, store, zone } from '../../testing/modelBuilder';
import { findReferenceIssues } from '../references';
import { ModelSchema, type Model, type Zone } from '../schema';
import { assignContainment } from './containment';
import { addDiagram, deleteDiagram, renameDiagram } from './diagrams';
import { addFeature, deleteFeature, setFeatureMembership, updateFeature } from './features';
import { connectElements, reverseFlow, updateFlow } from './flows';
import { extractFragment, insertFragment } from './fragments';
import {
  addElement,
  addZone,
  moveNodes,
  newElement,
  newZone,
  resizeZone,
  updateBoundary,
  updateElement,
} from './nodes';
import { deleteItems } from './removal';

/** Every edit must leave a document the schema and the reference checks accept. */
function expectValid(model: Model): void {
  expect(() => ModelSchema.parse(model)).not.toThrow();
  expect(findReferenceIssues(model)).toEqual([]);
}

const at = (x: number, y: number) => ({ position: { x, y } });

/** An internet zone on the left holding a user; an internal zone holding a DMZ zone and an API. */
function base(): Model {
  return buildModel({
    boundaries: [
      zone('internet', 'internet', { ...at(0, 0), size: { width: 300, height: 300 } }),
      zone('internal', 'internal-network', { ...at(400, 0), size: { width: 600, height: 400 } }),
      zone('dmz', 'dmz', {
        ...at(420, 20),
        size: { width: 250, height: 200 },
        parentId: 'internal',
      }),
    ],
    elements: [
      entity('user', { ...at(50, 50), zoneId: 'internet' }),
      process('api', { ...at(450, 60), zoneId: 'dmz' }),
      store('db', { ...at(750, 250), zoneId: 'internal' }),
    ],
    flows: [flow('f1', 'user', 'api'), flow('f2', 'api', 'db')],
    features: [{ id: 'checkout', name: 'Checkout', memberIds: ['api', 'f2'] }],
  });
}

describe('containment', () => {
  it('keeps a consistent model unchanged (same object)', () => {
    const model = base();
    expect(assignContainment(model, 'd1')).toBe(model);
  });

  it('puts an element in the innermost zone holding its centre, and zones in larger zones', () => {
    const model = base();
    const broken: Model = {
      ...model,
      elements: model.elements.map((e) => ({ ...e, zoneId: null })),
      boundaries: model.boundaries.map((b) => (b.shape === 'zone' ? { ...b, parentId: null } : b)),
    };
    const fixed = assignContainment(broken, 'd1');
    expect(fixed.elements.map((e) => [e.id, e.zoneId])).toEqual([
      ['user', 'internet'],
      ['api', 'dmz'],
      ['db', 'internal'],
    ]);
    expect((fixed.boundaries.find((b) => b.id === 'dmz') as Zone).parentId).toBe('internal');
    expectValid(fixed);
  });
});

describe('nodes', () => {
  it('adds an element with unknown facts, inside the zone it is dropped into', () => {
    const model = addElement(
      base(),
      newElement('dataStore', { id: 'cache', diagramId: 'd1', position: { x: 480, y: 100 } }),
    );
    const cache = model.elements.find((e) => e.id === 'cache')!;
    expect(cache.zoneId).toBe('dmz');
    expect(cache.properties).toMatchObject({ encryptedAtRest: 'unknown', holdsPii: 'unknown' });
    expectValid(model);
  });

  it('dragging an element out of a zone changes its zone (the analysis sees it)', () => {
    const moved = moveNodes(base(), new Map([['api', { x: 60, y: 150 }]]));
    expect(moved.elements.find((e) => e.id === 'api')!.zoneId).toBe('internet');
    const outside = moveNodes(base(), new Map([['api', { x: 2000, y: 2000 }]]));
    expect(outside.elements.find((e) => e.id === 'api')!.zoneId).toBeNull();
    expectValid(outside);
  });

  it('moving a zone carries its contents; a no-op move returns the same model', () => {
    const model = base();
    expect(moveNodes(model, new Map([['api', { x: 450, y: 60 }]]))).toBe(model);
    const moved = moveNodes(model, new Map([['internal', { x: 500, y: 100 }]]));
    expect(moved.elements.find((e) => e.id === 'db')!.position).toEqual({ x: 850, y: 350 });
    expect(moved.elements.find((e) => e.id === 'api')!.position).toEqual({ x: 550, y: 160 });
    expect((moved.boundaries.find((b) => b.id === 'dmz') as Zone).position).toEqual({
      x: 520,
      y: 120,
    });
    expect(moved.elements.find((e) => e.id === 'api')!.zoneId).toBe('dmz');
    expect(model.elements.find((e) => e.id === 'db')!.position).toEqual({ x: 750, y: 250 });
  });

  it('a new zone drawn around elements takes them in; resizing lets them out', () => {
    let model = addZone(
      base(),
      newZone({
        id: 'vault',
        diagramId: 'd1',
        position: { x: 700, y: 200 },
        size: { width: 280, height: 180 },
      }),
    );
    expect(model.elements.find((e) => e.id === 'db')!.zoneId).toBe('vault');
    expect((model.boundaries.find((b) => b.id === 'vault') as Zone).parentId).toBe('internal');
    model = resizeZone(model, 'vault', { x: 700, y: 200, width: 20, height: 20 });
    const vault = model.boundaries.find((b) => b.id === 'vault') as Zone;
    expect(vault.size).toEqual({ width: 120, height: 80 }); // never below the minimum
    expect(model.elements.find((e) => e.id === 'db')!.zoneId).toBe('internal');
    expectValid(model);
  });

  it('edits names and properties key by key; an identical edit is no change', () => {
    const model = base();
    const edited = updateElement(model, 'api', {
      name: 'Orders API',
      properties: { internetFacing: 'yes' },
    });
    const api = edited.elements.find((e) => e.id === 'api')!;
    expect(api.name).toBe('Orders API');
    expect(api.properties).toMatchObject({
      internetFacing: 'yes',
      authenticatesCallers: 'unknown',
    });
    expect(updateElement(edited, 'api', { name: 'Orders API' })).toBe(edited);
    const kind = updateBoundary(model, 'dmz', { boundaryKind: 'cloud-account', name: 'Edge' });
    expect(kind.boundaries.find((b) => b.id === 'dmz')).toMatchObject({
      name: 'Edge',
      boundaryKind: 'cloud-account',
    });
  });
});

describe('flows', () => {
  it('connects two elements of one diagram and refuses loops and missing ends', () => {
    const model = base();
    const connected = connectElements(model, { id: 'f3', sourceId: 'db', targetId: 'user' });
    expect(connected.flows.find((f) => f.id === 'f3')).toMatchObject({
      sourceId: 'db',
      targetId: 'user',
      diagramId: 'd1',
    });
    expectValid(connected);
    expect(connectElements(model, { id: 'x', sourceId: 'api', targetId: 'api' })).toBe(model);
    expect(connectElements(model, { id: 'x', sourceId: 'api', targetId: 'ghost' })).toBe(model);
  });

  it('updates and reverses a flow', () => {
    const model = updateFlow(base(), 'f1', {
      properties: { protocol: 'HTTPS', encryptedInTransit: 'yes' },
      bidirectional: true,
    });
    expect(model.flows[0]).toMatchObject({
      bidirectional: true,
      properties: { protocol: 'HTTPS', encryptedInTransit: 'yes', authenticated: 'unknown' },
    });
    const reversed = reverseFlow(model, 'f1');
    expect(reversed.flows[0]).toMatchObject({ sourceId: 'api', targetId: 'user' });
  });
});

describe('deleteItems', () => {
  it('takes attached flows, feature members and manual threats along; keeps contents of a deleted zone', () => {
    let model = base();
    model = { ...model, manualThreats: [], suppressions: [] };
    const after = deleteItems(model, new Set(['api', 'internal']));
    expect(after.elements.map((e) => e.id)).toEqual(['user', 'db']);
    expect(after.flows).toEqual([]);
    expect(after.features[0]!.memberIds).toEqual([]);
    // The DMZ zone moves up (its parent is gone); the store stays, now in no zone.
    expect((after.boundaries.find((b) => b.id === 'dmz') as Zone).parentId).toBeNull();
    expect(after.elements.find((e) => e.id === 'db')!.zoneId).toBeNull();
    expectValid(after);
    expect(deleteItems(model, new Set(['nothing']))).toBe(model);
  });

  it('drops workshop reviews of deleted items and detaches their questions, so the file reopens', () => {
    const model: Model = {
      ...base(),
      workshop: {
        reviews: [
          { elementId: 'api', reviewer: 'Ada', reviewedOn: '2026-11-30', notes: 'checked' },
          { elementId: 'user', reviewer: 'Ada', reviewedOn: '2026-11-30', notes: '' },
        ],
        questions: [
          {
            id: 'q1',
            text: 'Who rotates the API keys?',
            elementId: 'api',
            resolved: false,
            answer: '',
          },
          { id: 'q2', text: 'Is MFA on?', elementId: null, resolved: false, answer: '' },
        ],
      },
    };
    expectValid(model);
    const after = deleteItems(model, new Set(['api']));
    expect(after.workshop.reviews.map((review) => review.elementId)).toEqual(['user']);
    expect(after.workshop.questions.map((question) => [question.id, question.elementId])).toEqual([
      ['q1', null],
      ['q2', null],
    ]);
    expectValid(after);
  });
});

describe('fragments', () => {
  it('duplicates a zone with its contents and inner flows under fresh IDs', () => {
    const model = base();
    let counter = 0;
    const fragment = extractFragment(model, new Set(['internal']));
    expect(fragment.zones.map((z) => z.id).sort()).toEqual(['dmz', 'internal']);
    expect(fragment.elements.map((e) => e.id).sort()).toEqual(['api', 'db']);
    expect(fragment.flows.map((f) => f.id)).toEqual(['f2']); // f1 has an end outside
    const { model: pasted, insertedIds } = insertFragment(model, fragment, {
      diagramId: 'd1',
      offset: { x: 0, y: 1000 },
      newId: () => `copy-${++counter}`,
    });
    expect(insertedIds).toHaveLength(5);
    const copyOfDb = pasted.elements.find((e) => e.name === 'db' && e.id !== 'db')!;
    const copyOfInternal = pasted.boundaries.find(
      (b) => b.name === 'internal' && b.id !== 'internal',
    )!;
    expect(copyOfDb.zoneId).toBe(copyOfInternal.id);
    expect(pasted.flows).toHaveLength(3);
    expectValid(pasted);
  });

  it('pastes into another diagram', () => {
    const model = addDiagram(base(), { id: 'd2', name: 'Second' });
    const { model: pasted } = insertFragment(
      model,
      extractFragment(model, new Set(['user', 'api', 'f1'])),
      {
        diagramId: 'd2',
        offset: { x: 0, y: 0 },
        newId: (() => {
          let n = 0;
          return () => `p${++n}`;
        })(),
      },
    );
    const onD2 = pasted.elements.filter((e) => e.diagramId === 'd2');
    expect(onD2).toHaveLength(2);
    expect(onD2.every((e) => e.zoneId === null)).toBe(true);
    expect(pasted.flows.filter((f) => f.diagramId === 'd2')).toHaveLength(1);
    expectValid(pasted);
  });
});

describe('diagrams and features', () => {
  it('renames and deletes diagrams, never the last one', () => {
    let model = addDiagram(base(), { id: 'd2', name: 'Second' });
    model = renameDiagram(model, 'd2', 'Payments');
    expect(model.diagrams.map((d) => d.name)).toEqual(['Main', 'Payments']);
    const withoutMain = deleteDiagram(model, 'd1');
    expect(withoutMain.elements).toEqual([]);
    expect(withoutMain.flows).toEqual([]);
    expectValid(withoutMain);
    expect(deleteDiagram(withoutMain, 'd2')).toBe(withoutMain);
  });

  it('creates features, assigns members from the canvas, deletes with their stories', () => {
    let model = addFeature(base(), { id: 'signin', name: 'Sign-in', memberIds: ['user', 'f1'] });
    model = setFeatureMembership(model, 'signin', ['api', 'ghost'], true);
    expect(model.features[1]!.memberIds).toEqual(['user', 'f1', 'api']);
    expect(setFeatureMembership(model, 'signin', ['api'], true)).toBe(model);
    model = setFeatureMembership(model, 'signin', ['user'], false);
    expect(model.features[1]!.memberIds).toEqual(['f1', 'api']);
    model = updateFeature(model, 'signin', { owner: 'team-auth@example.com' });
    expect(model.features[1]!.owner).toBe('team-auth@example.com');
    expectValid(model);
    expect(deleteFeature(model, 'signin').features.map((f) => f.id)).toEqual(['checkout']);
  });
});
