import { describe, expect, it } from 'vitest';
import { setFeatureMembership } from '../model/edit/features';
import { moveNodes, updateBoundary, updateElement } from '../model/edit/nodes';
import type { Model } from '../model/schema';
import { loadRulePacks } from '../rules/loadPacks';
import { buildModel, flow, process, store, zone } from '../testing/modelBuilder';
import { describeFieldChange, formatDiffMarkdown, formatDiffText } from './formatDiff';
import { changeMarks, diffModels, stableJson } from './modelDiff';

const base = buildModel({
  elements: [
    process('api', { position: { x: 10, y: 10 }, tags: ['edge', 'public'] }),
    store('db', { position: { x: 600, y: 10 }, zoneId: 'z-internal' }),
  ],
  flows: [flow('f-api-db', 'api', 'db', { properties: { protocol: 'SQL' } })],
  boundaries: [
    zone('z-internal', 'internal-network', {
      position: { x: 500, y: 0 },
      size: { width: 300, height: 200 },
    }),
  ],
  features: [{ id: 'orders', name: 'Orders', memberIds: ['api'] }],
});

describe('diffModels', () => {
  it('finds nothing between a model and itself, or a copy with its keys in another order', () => {
    const shuffled: Model = {
      ...base,
      elements: base.elements.map(
        (element) => Object.fromEntries(Object.entries(element).reverse()) as never,
      ),
    };
    const diff = diffModels(base, shuffled);
    expect(diff.summary).toEqual({
      semanticChanges: 0,
      layoutChanges: 0,
      threatChanges: 0,
      hasSemanticChanges: false,
    });
    expect(diff.threats).toBeNull();
    expect(formatDiffText(diff)).toBe('Model diff: "Test model" → "Test model"\nNo differences.\n');
  });

  it('reports a move into a zone as a zone-membership change that also moved', () => {
    const after = moveNodes(base, new Map([['api', { x: 560, y: 40 }]]));
    const { elements } = diffModels(base, after).kinds;
    expect(elements.changed).toEqual([
      {
        id: 'api',
        name: 'api',
        detail: 'process',
        fields: [{ field: 'zoneId', before: null, after: 'z-internal' }],
        moved: true,
      },
    ]);
    expect(elements.moved).toEqual([]);
  });

  it('compares set-like lists as sets and ordered ones in order', () => {
    const after = setFeatureMembership(
      updateElement(base, 'api', { tags: ['public', 'edge'] }),
      'orders',
      ['f-api-db', 'db'],
      true,
    );
    const diff = diffModels(base, after);
    const [tags] = diff.kinds.elements.changed[0]!.fields;
    expect(describeFieldChange(tags!)).toBe('tags: reordered');
    const [members] = diff.kinds.features.changed[0]!.fields;
    expect(members).toEqual({
      field: 'memberIds',
      before: ['api'],
      after: ['api', 'db', 'f-api-db'],
    });
    expect(describeFieldChange(members!)).toBe('memberIds: +"db", +"f-api-db"');
  });

  it('reports a changed kind with each property, model fields, and boundaries', () => {
    const retyped = {
      ...base,
      name: 'Renamed',
      elements: base.elements.map((element) =>
        element.id === 'db'
          ? {
              ...buildModel({ elements: [process('db')] }).elements[0]!,
              position: element.position,
              zoneId: element.zoneId,
            }
          : element,
      ),
    };
    const after = updateBoundary(retyped, 'z-internal', { boundaryKind: 'dmz' });
    const diff = diffModels(base, after);
    expect(diff.model).toEqual([{ field: 'name', before: 'Test model', after: 'Renamed' }]);
    const fields = diff.kinds.elements.changed[0]!.fields.map((change) => change.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'kind',
        'properties.internetFacing',
        'properties.encryptedAtRest',
        'properties.holdsPii',
      ]),
    );
    expect(diff.kinds.boundaries.changed[0]!.fields).toEqual([
      { field: 'boundaryKind', before: 'internal-network', after: 'dmz' },
    ]);
    expect(diff.summary.semanticChanges).toBe(3);
    expect(formatDiffMarkdown(diff)).toContain(
      '<details><summary>Model: 1 field changed</summary>',
    );
  });

  it('marks canvas items by what happened to them', () => {
    const after = moveNodes(
      { ...updateElement(base, 'db', { name: 'Orders' }), flows: [] },
      new Map([['z-internal', { x: 520, y: 0 }]]),
    );
    const marks = changeMarks(diffModels(base, after));
    // The zone moved and carried the store along; the store was renamed too.
    expect([...marks]).toEqual([
      ['db', 'changed'],
      ['f-api-db', 'removed'],
      ['z-internal', 'moved'],
    ]);
  });

  it('with packs, compares the threats of both versions', () => {
    const packs = loadRulePacks().compiled;
    const after = updateElement(base, 'api', {
      properties: { internetFacing: 'yes', handlesUntrustedInput: 'yes' },
    });
    const { threats, summary } = diffModels(base, after, packs);
    expect(threats!.added.length + threats!.removed.length + threats!.severityChanged.length).toBe(
      summary.threatChanges,
    );
    expect(summary.threatChanges).toBeGreaterThan(0);
    expect(diffModels(base, base, packs).threats).toMatchObject({
      added: [],
      removed: [],
      severityChanged: [],
    });
  });
});

describe('stableJson', () => {
  it('ignores key order and undefined members', () => {
    expect(stableJson({ b: 1, a: [{ y: 2, x: undefined }] })).toBe(
      stableJson({ a: [{ y: 2 }], b: 1 }),
    );
  });
});

describe('the Markdown diff as a pull-request comment', () => {
  it('stays within GitHub comment size, naming the sections it leaves out', () => {
    const before = buildModel({ elements: [process('p0')] });
    const long = (index: number) => `${'Payment settlement worker '.repeat(7)}${index}`;
    const after = buildModel({
      elements: [
        process('p0'),
        ...Array.from({ length: 300 }, (_, index) =>
          process(`p${index + 1}`, { name: long(index) }),
        ),
        ...Array.from({ length: 300 }, (_, index) => store(`s${index}`, { name: long(index) })),
      ],
      flows: Array.from({ length: 300 }, (_, index) =>
        flow(`f${index}`, `p${index + 1}`, `s${index}`),
      ),
    });
    const markdown = formatDiffMarkdown(diffModels(before, after, loadRulePacks().compiled));
    expect(markdown.length).toBeLessThanOrEqual(65_536);
    expect(markdown).toMatch(/not shown, the comment would be too long for GitHub/);
    expect(markdown).toContain('gatehouse diff --format json');
  });
});
