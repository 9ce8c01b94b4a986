import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeModel } from './canonical';
import { InputError, formatPath, type PathSegment } from './errors';
import { migrateDocument, type Migration } from './migrations';
import { parseModel, modelFromTree } from './parseModel';

const examplePath = join(import.meta.dirname, '..', '..', 'examples', 'webshop.gatehouse.json');
const exampleText = readFileSync(examplePath, 'utf8');

/** Arbitrary valid model trees: elements in nested zones, flows between them, features. */
const validModelTree = fc
  .record({
    elementCount: fc.integer({ min: 1, max: 12 }),
    zoneCount: fc.integer({ min: 0, max: 4 }),
    seed: fc.array(fc.nat(1000), { minLength: 60, maxLength: 60 }),
    names: fc.array(fc.string({ maxLength: 30 }), { minLength: 12, maxLength: 12 }),
    tri: fc.array(fc.constantFrom('yes', 'no', 'unknown'), { minLength: 12, maxLength: 12 }),
  })
  .map(({ elementCount, zoneCount, seed, names, tri }) => {
    const pick = (i: number, n: number): number => seed[i % seed.length]! % n;
    const kinds = ['process', 'dataStore', 'externalEntity'] as const;
    const boundaries = Array.from({ length: zoneCount }, (_, i) => ({
      id: `z${i}`,
      diagramId: 'd1',
      shape: 'zone',
      name: `Zone ${i}`,
      boundaryKind: ['internet', 'dmz', 'internal-network', 'unknown'][pick(i, 4)],
      parentId: i > 0 && pick(i + 7, 2) === 0 ? `z${pick(i + 3, i)}` : null,
    }));
    const elements = Array.from({ length: elementCount }, (_, i) => {
      const kind = kinds[pick(i + 11, 3)]!;
      const properties =
        kind === 'process'
          ? { internetFacing: tri[i] }
          : kind === 'dataStore'
            ? { encryptedAtRest: tri[i] }
            : { trusted: tri[i] };
      return {
        id: `e${i}`,
        diagramId: 'd1',
        kind,
        name: names[i] ?? '',
        zoneId: zoneCount > 0 && pick(i + 20, 2) === 0 ? `z${pick(i + 21, zoneCount)}` : null,
        properties,
      };
    });
    const flows =
      elementCount < 2
        ? []
        : Array.from({ length: elementCount }, (_, i) => {
            const source = pick(i + 30, elementCount);
            const target = (source + 1 + pick(i + 40, elementCount - 1)) % elementCount;
            return {
              id: `f${i}`,
              diagramId: 'd1',
              sourceId: `e${source}`,
              targetId: `e${target}`,
              name: `Flow ${i}`,
              bidirectional: pick(i + 50, 3) === 0,
              properties: { encryptedInTransit: tri[i] },
            };
          });
    return {
      format: 'gatehouse-model',
      schemaVersion: 1,
      name: 'Random',
      diagrams: [{ id: 'd1', name: 'Main' }],
      boundaries,
      elements,
      flows,
      features: [
        { id: 'feature-1', name: 'Feature', memberIds: elements.slice(0, 2).map((e) => e.id) },
      ],
    };
  });

/** Every path in a tree, with its value. */
function paths(tree: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const result: PathSegment[][] = [prefix];
  if (Array.isArray(tree)) tree.forEach((item, i) => result.push(...paths(item, [...prefix, i])));
  else if (tree !== null && typeof tree === 'object')
    for (const [key, value] of Object.entries(tree)) result.push(...paths(value, [...prefix, key]));
  return result;
}

function valueAt(tree: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>(
    (node, segment) => (node as Record<PathSegment, unknown>)[segment],
    tree,
  );
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

describe('parseModel', () => {
  it('opens the example and writes it back byte for byte (canonical form)', () => {
    const { model } = parseModel(exampleText);
    expect(serializeModel(model)).toBe(exampleText);
  });

  it('ignores whitespace, key order, record order and CRLF line endings', () => {
    const tree = JSON.parse(exampleText);
    tree.elements.reverse();
    const shuffled = JSON.stringify(
      Object.fromEntries(Object.entries(tree).reverse()),
      null,
      4,
    ).replace(/\n/g, '\r\n');
    expect(serializeModel(parseModel(shuffled).model)).toBe(exampleText);
  });

  it('never throws on random valid models, and round-trips them', () => {
    fc.assert(
      fc.property(validModelTree, (tree) => {
        const { model } = modelFromTree(tree);
        const text = serializeModel(model);
        expect(serializeModel(parseModel(text).model)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts or rejects random mutations with an error at the mutated path or a prefix of it', () => {
    const junk = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.string({ maxLength: 5 }),
      fc.constant([]),
      fc.constant({}),
      fc.boolean(),
      fc.constant('x'.repeat(300)),
    );
    fc.assert(
      fc.property(
        validModelTree,
        fc.nat(),
        junk,
        fc.constantFrom('replace', 'delete', 'addKey'),
        (tree, index, value, mutation) => {
          const all = paths(tree).filter((p) => p.length > 0);
          const path = all[index % all.length]!;
          const mutated = structuredClone(tree) as Record<string, unknown>;
          const parent = valueAt(mutated, path.slice(0, -1)) as Record<PathSegment, unknown>;
          const last = path[path.length - 1]!;
          const oldValue = parent[last];
          if (mutation === 'replace') parent[last] = value;
          else if (mutation === 'delete') {
            if (Array.isArray(parent)) parent.splice(last as number, 1);
            else delete parent[last];
          } else if (oldValue !== null && typeof oldValue === 'object' && !Array.isArray(oldValue))
            (oldValue as Record<string, unknown>)['unexpectedKey'] = value;
          else parent[last] = value;
          try {
            modelFromTree(mutated);
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            const issues = (error as InputError).issues;
            expect(issues.length).toBeGreaterThan(0);
            // Removing or renaming a record that others refer to is reported where the dangling
            // references are; then the missing ID must be one the mutation took away.
            const removedIds = JSON.stringify(oldValue ?? null);
            const ok = issues.some((issue) => {
              if (isPrefix(issue.path, path) || isPrefix(path, issue.path)) return true;
              if (
                mutation === 'delete' &&
                typeof last === 'number' &&
                isPrefix(path.slice(0, -1), issue.path)
              )
                return true;
              const missing = /no [a-z ]+ "([^"]+)"/.exec(issue.message)?.[1];
              return missing !== undefined && removedIds.includes(`"${missing}"`);
            });
            expect(
              ok,
              `mutation ${mutation} at ${formatPath(path)} reported at ${issues.map((i) => formatPath(i.path)).join(', ')}`,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses prototype keys, deep nesting, huge files, cycles and future versions with clear messages', () => {
    const expectError = (load: () => unknown, message: string, path?: string) => {
      try {
        load();
        expect.unreachable('should have been refused');
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toContain(message);
        if (path)
          expect((error as InputError).issues.map((i) => formatPath(i.path))).toContain(path);
      }
    };
    const tree = JSON.parse(exampleText);
    expectError(
      () => parseModel(exampleText.replace('"name":', '"constructor": {}, "name":')),
      '"constructor" is not allowed',
      '$.constructor',
    );
    expectError(
      () =>
        parseModel(
          exampleText.replace('"description":', '"__proto__": {"polluted": true}, "description":'),
        ),
      '"__proto__" is not allowed',
      '$.__proto__',
    );
    expectError(
      () =>
        parseModel(
          `{"format":"gatehouse-model","schemaVersion":1,"name":"x","diagrams":${'['.repeat(40)}${']'.repeat(40)}}`,
        ),
      'nested too deeply',
    );
    expectError(
      () => parseModel(exampleText, { maxBytes: 1000, maxDepth: 32, forbiddenKeys: 'reject' }),
      'too large',
    );
    expectError(
      () => parseModel(JSON.stringify({ ...tree, schemaVersion: 99 })),
      'newer Gatehouse',
      '$.schemaVersion',
    );
    expectError(
      () => parseModel(JSON.stringify({ ...tree, format: 'something-else' })),
      'not a Gatehouse model',
      '$.format',
    );
    const cyclic = structuredClone(tree);
    cyclic.boundaries = [
      { id: 'za', diagramId: tree.diagrams[0].id, shape: 'zone', name: 'A', parentId: 'zb' },
      { id: 'zb', diagramId: tree.diagrams[0].id, shape: 'zone', name: 'B', parentId: 'za' },
    ];
    for (const element of cyclic.elements) element.zoneId = null;
    expectError(() => modelFromTree(cyclic), 'nested inside itself');
    const deep = structuredClone(tree);
    deep.boundaries = Array.from({ length: 70 }, (_, i) => ({
      id: `z${i}`,
      diagramId: tree.diagrams[0].id,
      shape: 'zone',
      name: `Z${i}`,
      parentId: i === 0 ? null : `z${i - 1}`,
    }));
    for (const element of deep.elements) element.zoneId = null;
    expectError(() => modelFromTree(deep), 'at most 64 are allowed');
    const twice = structuredClone(tree);
    twice.boundaries.push({
      id: 'line-1',
      diagramId: tree.diagrams[0].id,
      shape: 'line',
      name: 'Line',
      points: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
      crossingFlowIds: [tree.flows[0].id, tree.flows[0].id],
    });
    expectError(() => modelFromTree(twice), 'is listed twice');
    const duplicate = structuredClone(tree);
    duplicate.flows.push({ ...duplicate.flows[0] });
    expectError(() => modelFromTree(duplicate), 'duplicate ID');
  });
});

describe('migrations', () => {
  const renameTitle: Migration = {
    name: 'title-to-name',
    from: 1,
    migrate: ({ title, ...rest }) => ({ ...rest, name: title }),
  };

  it('applies named migrations in order up to the target version', () => {
    const { document, applied } = migrateDocument(
      { schemaVersion: 1, title: 'Old' },
      [renameTitle],
      2,
    );
    expect(applied).toEqual(['title-to-name']);
    expect(document).toEqual({ schemaVersion: 2, name: 'Old' });
  });

  it('refuses a gap in the chain and a missing version', () => {
    expect(() => migrateDocument({ schemaVersion: 1 }, [], 2)).toThrow(
      'No migration from schemaVersion 1',
    );
    expect(() => migrateDocument({}, [], 1)).toThrow('no valid schemaVersion');
  });
});
