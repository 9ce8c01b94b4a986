import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Element, Model } from '../model/schema';
import { buildModel, entity, flow, process, store, zone } from '../testing/modelBuilder';
import { createAnalysisSession } from './analysisSession';
import { compileTestPack } from '../testing/testPack';
import { analyzeModel } from './engine';

const common = { likelihood: 3, impact: 3, mitigations: ['M-TEST'], description: 'd' };
// One rule per condition kind whose inputs an edit can change, including the non-local ones.
const compiled = compileTestPack(
  [
    {
      ...common,
      id: 'S-A-001',
      category: 'Spoofing',
      scope: { kind: 'element', elementKinds: ['process'] },
      title: '{element}',
      condition: { kind: 'reachableFromUntrusted', subject: 'element' },
    },
    {
      ...common,
      id: 'S-A-002',
      category: 'Tampering',
      scope: { kind: 'element', elementKinds: ['dataStore'] },
      title: '{element}',
      condition: {
        kind: 'hasFlow',
        direction: 'in',
        where: {
          kind: 'all',
          of: [
            {
              kind: 'property',
              subject: 'source',
              property: 'internetFacing',
              op: 'eq',
              value: 'yes',
            },
            { kind: 'reachableFromUntrusted', subject: 'source', includeUnknownTrust: false },
          ],
        },
      },
    },
    {
      ...common,
      id: 'S-A-003',
      category: 'InformationDisclosure',
      scope: { kind: 'flow' },
      title: '{flow} {source}',
      condition: {
        kind: 'all',
        of: [
          {
            kind: 'property',
            subject: 'flow',
            property: 'encryptedInTransit',
            op: 'ne',
            value: 'yes',
          },
          { kind: 'boundary', relation: 'crosses' },
        ],
      },
    },
    {
      ...common,
      id: 'S-A-004',
      category: 'ElevationOfPrivilege',
      scope: { kind: 'interaction' },
      title: '{source} {flow} {target}',
      condition: {
        kind: 'all',
        of: [
          {
            kind: 'property',
            subject: 'target',
            property: 'privilegeLevel',
            op: 'atLeast',
            value: 'elevated',
          },
          { kind: 'reachableFromUntrusted', subject: 'flow' },
        ],
      },
      raise: [
        {
          when: {
            kind: 'property',
            subject: 'flow',
            property: 'authenticated',
            op: 'eq',
            value: 'no',
          },
          impact: 5,
        },
      ],
    },
  ],
  'session',
);

const tri = fc.constantFrom('yes', 'no', 'unknown');

function baseModel(): Model {
  return buildModel({
    boundaries: [
      zone('net', 'internet'),
      zone('dmz', 'dmz'),
      zone('core', 'internal-network', { parentId: 'dmz' }),
    ],
    elements: [
      entity('u1', { zoneId: 'net', properties: { trusted: 'no' } }),
      entity('u2', { properties: { trusted: 'yes' } }),
      process('p1', { zoneId: 'dmz', properties: { internetFacing: 'yes' } }),
      process('p2', { zoneId: 'core', properties: { privilegeLevel: 'root' } }),
      process('p3'),
      store('s1', { zoneId: 'core' }),
      store('s2'),
    ],
    flows: [
      flow('f1', 'u1', 'p1'),
      flow('f2', 'p1', 'p2', { bidirectional: true }),
      flow('f3', 'p2', 's1'),
      flow('f4', 'u2', 'p3'),
      flow('f5', 'p3', 's2'),
      flow('f6', 'p1', 's2'),
    ],
  });
}

type Edit =
  | { kind: 'trust'; index: number; value: string }
  | { kind: 'process'; index: number; internetFacing: string; privilege: string }
  | { kind: 'flow'; index: number; encrypted: string; authenticated: string }
  | { kind: 'rename'; index: number; name: string }
  | { kind: 'removeFlow'; index: number };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('trust' as const), index: fc.nat(6), value: tri }),
  fc.record({
    kind: fc.constant('process' as const),
    index: fc.nat(6),
    internetFacing: tri,
    privilege: fc.constantFrom('standard', 'root', 'unknown'),
  }),
  fc.record({
    kind: fc.constant('flow' as const),
    index: fc.nat(5),
    encrypted: tri,
    authenticated: tri,
  }),
  fc.record({
    kind: fc.constant('rename' as const),
    index: fc.nat(6),
    name: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('removeFlow' as const), index: fc.nat(5) }),
);

/** Applies an edit immutably, sharing untouched records as the editor does. */
function applyEdit(model: Model, edit: Edit): Model {
  const replaceElement = (index: number, update: (element: Element) => Element): Model => {
    const elements = [...model.elements];
    elements[index % elements.length] = update(elements[index % elements.length]!);
    return { ...model, elements };
  };
  switch (edit.kind) {
    case 'trust':
      return replaceElement(edit.index, (e) =>
        e.kind === 'externalEntity'
          ? { ...e, properties: { ...e.properties, trusted: edit.value as 'yes' } }
          : e,
      );
    case 'process':
      return replaceElement(edit.index, (e) =>
        e.kind === 'process'
          ? {
              ...e,
              properties: {
                ...e.properties,
                internetFacing: edit.internetFacing as 'yes',
                privilegeLevel: edit.privilege as 'root',
              },
            }
          : e,
      );
    case 'rename':
      return replaceElement(edit.index, (e) => ({ ...e, name: edit.name }));
    case 'flow': {
      if (model.flows.length === 0) return model;
      const flows = [...model.flows];
      const index = edit.index % flows.length;
      flows[index] = {
        ...flows[index]!,
        properties: {
          ...flows[index]!.properties,
          encryptedInTransit: edit.encrypted as 'yes',
          authenticated: edit.authenticated as 'yes',
        },
      };
      return { ...model, flows };
    }
    case 'removeFlow': {
      if (model.flows.length === 0) return model;
      return {
        ...model,
        flows: model.flows.filter((_, i) => i !== edit.index % model.flows.length),
      };
    }
  }
}

describe('analysis session', () => {
  it('after any sequence of edits, equals a fresh whole-model analysis', () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 12 }), (edits) => {
        const session = createAnalysisSession(compiled);
        let model = baseModel();
        session.update(model);
        for (const edit of edits) {
          model = applyEdit(model, edit);
          // Through JSON, so the lazily rendered titles and explanations are compared too.
          const incremental = JSON.parse(JSON.stringify(session.update(model).threats));
          expect(incremental).toEqual(
            JSON.parse(JSON.stringify(analyzeModel(model, compiled).threats)),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('re-evaluates only the neighbourhood of a property edit', () => {
    const session = createAnalysisSession(compiled);
    const model = baseModel();
    session.update(model);
    const result = session.update(
      applyEdit(model, { kind: 'flow', index: 4, encrypted: 'no', authenticated: 'no' }),
    );
    expect(result.mode).toBe('incremental');
    expect(result.evaluatedTargets).toBeLessThan(model.elements.length + model.flows.length);
  });
});
