import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { canonicalOrder, serializeModel } from '../model/canonical';
import { InputError } from '../model/errors';
import { MANUAL_PACK_ID, mapForeignId, threatIdFor } from '../model/ids';
import { parseModel } from '../model/parseModel';
import type { Element, Model, Zone } from '../model/schema';
import type { ImportReport, ImportResult } from './importReport';
import {
  ATTRIBUTE_RULES,
  COMPONENT_TYPE_TABLE,
  HEAD_WORDS,
  MECHANISM_WORDS,
  OTM_LIMITS,
  REPORT_CAP,
  ZONE_KEYWORDS,
  importOtm,
} from './otm';
import {
  applyTextEdits,
  importErrorOf,
  mutateTree,
  textEdits,
  treeMutations,
  type Json,
} from './safeYaml.fuzzing';

const read = (relative: string): string => readFileSync(new URL(relative, import.meta.url), 'utf8');

const SAMPLE_020_JSON = read('../../vendor/samples/otm/otm-0.2.0-EXAMPLE.json');
const SAMPLE_020_YAML = read('../../vendor/samples/otm/otm-0.2.0-EXAMPLE.yaml');
const SAMPLE_010 = read('../../vendor/samples/otm/otm_file_example.v0.1.0.otm.json');
const NESTED = read('./fixtures/otm/nested-zones.otm.yaml');
const INVALID_IDS = read('./fixtures/otm/invalid-ids.otm.json');
const DANGLING = read('./fixtures/otm/dangling-refs.otm.json');
const NO_ZONE = read('./fixtures/otm/no-zone.otm.yaml');

/** The error `importOtm` throws; fails the test when it throws nothing or something else. */
const importError = (text: string, fileName = 'input.otm'): InputError =>
  importErrorOf(importOtm, text, fileName);

function element(model: Model, id: string): Element {
  const found = model.elements.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no element ${id}`);
  return found;
}

function zone(model: Model, id: string): Zone {
  const found = model.boundaries.find((candidate) => candidate.id === id);
  if (found === undefined || found.shape !== 'zone') throw new Error(`no zone ${id}`);
  return found;
}

function flowIds(model: Model): string[] {
  return model.flows.map((flow) => flow.id).sort();
}

function unmappedPaths(result: ImportResult): string[] {
  return result.report.unmapped.map((entry) => entry.path);
}

/** Each element lies inside its zone, and each zone inside its parent, as drawn. */
function expectDrawnInsideZones(model: Model): void {
  const box = (item: {
    position: { x: number; y: number };
    size?: { width: number; height: number };
  }) => ({
    left: item.position.x,
    top: item.position.y,
    right: item.position.x + (item.size?.width ?? 0),
    bottom: item.position.y + (item.size?.height ?? 0),
  });
  const inside = (inner: ReturnType<typeof box>, outer: ReturnType<typeof box>): boolean =>
    inner.left >= outer.left &&
    inner.top >= outer.top &&
    inner.right <= outer.right &&
    inner.bottom <= outer.bottom;
  for (const item of model.elements) {
    if (item.zoneId === null) continue;
    expect(inside(box(item), box(zone(model, item.zoneId))), item.id).toBe(true);
  }
  for (const boundary of model.boundaries) {
    if (boundary.shape !== 'zone' || boundary.parentId === null) continue;
    expect(inside(box(boundary), box(zone(model, boundary.parentId))), boundary.id).toBe(true);
  }
}

/** Returns `list` reordered by `order` (a permutation of its indexes). */
function permute<T>(list: readonly T[], order: readonly number[]): T[] {
  return order.map((index) => list[index] as T);
}

describe('importOtm: the vendored samples', () => {
  it('imports the OTM 0.2.0 example (JSON) with its 4 components, 2 dataflows, 2 trust zones and 2 threats', () => {
    const result = importOtm(SAMPLE_020_JSON, 'otm-0.2.0-EXAMPLE.json');
    const { model, report } = result;
    expect(report.format).toBe('otm-0.2.0');
    expect(report.source).toBe('otm-0.2.0-EXAMPLE.json');
    // The file: 4 components, 2 dataflows, 2 trust zones, 1 threat referenced from 1 component
    // and 1 dataflow (so 2 threats), all in state "exposed" (no triage needed).
    expect(report.counts).toEqual({
      diagrams: 1,
      elements: 4,
      flows: 2,
      zones: 2,
      lines: 0,
      threats: 2,
    });
    expect(model.manualThreats).toHaveLength(2);
    expect(model.threats).toHaveLength(0);
    expect(model.name).toBe('Test project');
    expect(model.description).toBe('This is a test project for the OTM development');
    expect(model.diagrams).toEqual([{ id: 'main', name: 'Test project', description: '' }]);

    expect(element(model, 'web-client')).toMatchObject({
      kind: 'externalEntity',
      zoneId: 'f0ba7722-39b6-4c81-8290-a30a248bb8d9',
      tags: ['external'],
      properties: { entityKind: 'human' },
    });
    expect(element(model, 'web-service')).toMatchObject({
      kind: 'process',
      zoneId: '2ab4effa-40b7-4cd2-ba81-8247d29a6f2d',
    });
    expect(element(model, 'customer-database').kind).toBe('dataStore');
    expect(element(model, 'class-customerdatabase').kind).toBe('process');
    expect(zone(model, 'f0ba7722-39b6-4c81-8290-a30a248bb8d9').boundaryKind).toBe('internet');
    expect(zone(model, '2ab4effa-40b7-4cd2-ba81-8247d29a6f2d').boundaryKind).toBe(
      'internal-network',
    );
    expect(model.flows.every((flow) => flow.bidirectional)).toBe(true);

    // Positions are relative to the parent zone: the Internet zone is at (600, 100). The file
    // draws its zones 100 × 100, too small for what it draws inside them at (100, 100): they
    // grow to contain it, with 40 of padding.
    expect(element(model, 'web-client').position).toEqual({ x: 700, y: 200 });
    expect(element(model, 'web-client').size).toEqual({ width: 50, height: 50 });
    expect(zone(model, 'f0ba7722-39b6-4c81-8290-a30a248bb8d9')).toMatchObject({
      position: { x: 600, y: 100 },
      size: { width: 190, height: 190 },
    });
    expect(report.warnings).toContain(
      '2 trust zones were drawn smaller than what the file draws inside ("Internet", "Private"): enlarged to contain it.',
    );
    // The code class has only a code representation: placed inside its zone, below what the
    // file draws there, and the zone grows around it.
    expect(element(model, 'class-customerdatabase').position).toEqual({ x: 40, y: 190 });
    expect(zone(model, '2ab4effa-40b7-4cd2-ba81-8247d29a6f2d')).toMatchObject({
      position: { x: 0, y: 0 },
      size: { width: 290, height: 310 },
    });
    expect(report.warnings).toContain(
      '1 of 6 trust zones and components had no usable diagram position (or a parent without one): they were placed on a grid, inside their zone when it is drawn (the zone grows to hold them), otherwise below the diagram.',
    );
    expectDrawnInsideZones(model);

    const threatKey = '22724267-be7e-44c0-8b1f-d7d33e9a34ec';
    const onService = model.manualThreats.find((t) => t.targets[0]?.id === 'web-service');
    const onFlow = model.manualThreats.find((t) => t.targets[0]?.id === 'cc-store-in-db');
    expect(onService?.id).toBe(
      threatIdFor(MANUAL_PACK_ID, threatKey, [{ role: 'element', id: 'web-service' }]),
    );
    expect(onFlow?.id).toBe(
      threatIdFor(MANUAL_PACK_ID, threatKey, [{ role: 'flow', id: 'cc-store-in-db' }]),
    );
    expect(onService).toMatchObject({
      key: threatKey,
      category: 'Spoofing',
      title: 'Threat 1',
      likelihood: 3,
      impact: 5,
      cwe: [79, 787],
    });
    expect(onService?.description).toContain('Other categories in the OTM file: Tampering.');
    expect(onService?.description).toContain(
      'Mitigations in the OTM file: This is the name of mitigation 1 (implemented).',
    );
    expect(onFlow?.description).toContain('This is the name of mitigation 1 (required)');

    expect(report.mappings).toContainEqual({
      source: 'component type "code-class" (1 component)',
      result: 'process (unknown type)',
    });
    expect(report.warnings).toContain(
      'Unknown component type "code-class" ("Class CustomerDatabase"): imported as process.',
    );
    expect(unmappedPaths(result)).toEqual(
      expect.arrayContaining([
        '$.project.owner',
        '$.representations[1]',
        '$.assets[0]',
        '$.assets[1]',
        '$.mitigations[0]',
        '$.mitigations[1]',
        '$.components[1].assets',
        '$.components[3].representations[0]',
        '$.dataflows[1].assets',
        '$.threats[0].tags',
      ]),
    );
    expect(report.idMappings).toEqual([]);
  });

  it('gives the same model for the YAML and the JSON of the 0.2.0 example', () => {
    const json = importOtm(SAMPLE_020_JSON, 'otm-0.2.0-EXAMPLE.json');
    const yaml = importOtm(SAMPLE_020_YAML, 'otm-0.2.0-EXAMPLE.yaml');
    expect(canonicalOrder(yaml.model)).toEqual(canonicalOrder(json.model));
    expect(serializeModel(yaml.model)).toBe(serializeModel(json.model));
    expect(yaml.report.mappings).toEqual(json.report.mappings);
    expect(yaml.report.unmapped).toEqual(json.report.unmapped);
    // The official YAML closes its quoted code snippet on an under-indented line (133).
    expect(yaml.report.warnings).toContain(
      'YAML line 133: quoted text continued on a line indented less than YAML 1.2 allows; read as PyYAML reads it (the indentation of such lines does not change the text).',
    );
    expect(yaml.report.warnings.filter((w) => !w.startsWith('YAML line'))).toEqual(
      json.report.warnings,
    );
  });

  it('imports the OTM 0.1.0 StartLeft file with its 22 components, 22 dataflows and 2 trust zones', () => {
    const result = importOtm(SAMPLE_010, 'otm_file_example.v0.1.0.otm.json');
    const { model, report } = result;
    expect(report.format).toBe('otm-0.1.0');
    expect(report.counts).toEqual({
      diagrams: 1,
      elements: 22,
      flows: 22,
      zones: 2,
      lines: 0,
      threats: 0,
    });
    const cloud = 'b61d6911-338d-46a8-9f39-8dcd24abfe91';
    const internet = 'f0ba7722-39b6-4c81-8290-a30a248bb8d9';
    expect(zone(model, cloud).boundaryKind).toBe('cloud-account');
    expect(zone(model, internet).boundaryKind).toBe('internet');
    // Subnets, endpoints and services sit inside the VPC component, which is in the cloud zone:
    // 18 of the 22 components have a component as parent.
    const inInternet = model.elements.filter((e) => e.zoneId === internet).map((e) => e.name);
    expect(inInternet.sort()).toEqual(['0.0.0.0/0', '255.255.255.255/32']);
    expect(model.elements.filter((e) => e.zoneId === cloud)).toHaveLength(20);
    expect(element(model, '46352529-a7f3-427b-9e4a-414f29ff07a6')).toMatchObject({
      kind: 'externalEntity',
      properties: { entityKind: 'unknown' },
    });
    expect(element(model, 'a25f8e7a-e386-4cfe-9100-456dccbca545').tags).toEqual([
      'AWS::EC2::VPCEndpoint',
    ]);
    expect(report.mappings.filter((m) => m.source.includes('" inside component "'))).toHaveLength(
      18,
    );
    expect(report.mappings).toContainEqual({
      source: 'component "VPCssm" inside component "PrivateSubnet1"',
      result: 'placed in the enclosing component\'s zone "Public Cloud"',
    });
    // Tags keep their order; repeated ones ("443", "443") are kept once.
    const flow = model.flows.find((f) => f.id === '136e2cb8-2f08-42a0-995a-0951339fe962');
    expect(flow?.tags).toEqual(['Allow all outbound traffic by default', 'tcp', '443']);
    expect(report.warnings).toContain(
      'The file has no diagram positions: zones and elements were laid out on a grid (zones around their contents).',
    );
    expectDrawnInsideZones(model);
  });

  it('reports unknown component types by name, in the mappings and the warnings', () => {
    const { report } = importOtm(SAMPLE_010, 'otm_file_example.v0.1.0.otm.json');
    for (const [type, count] of [
      ['vpc', '1 component'],
      ['empty-component', '12 components'],
      ['CD-SYSTEMS-MANAGER', '1 component'],
    ] as const) {
      expect(report.mappings).toContainEqual({
        source: `component type "${type}" (${count})`,
        result: 'process (unknown type)',
      });
      expect(report.warnings.some((w) => w.startsWith(`Unknown component type "${type}"`))).toBe(
        true,
      );
    }
    expect(report.warnings).toContain(
      'Unknown component type "empty-component" ("Canary", "PrivateSubnet1", "PrivateSubnet2", …): imported as process.',
    );
    expect(report.mappings).toContainEqual({
      source: 'component type "load-balancer" (2 components)',
      result: 'process',
    });
  });

  it('draws every element inside its zone and every zone inside its parent, for every sample and fixture', () => {
    for (const [text, name] of [
      [SAMPLE_020_JSON, 'a.json'],
      [SAMPLE_020_YAML, 'a.yaml'],
      [SAMPLE_010, 'b.json'],
      [NESTED, 'c.yaml'],
      [INVALID_IDS, 'd.json'],
      [DANGLING, 'e.json'],
      [NO_ZONE, 'f.yaml'],
    ] as const) {
      expectDrawnInsideZones(importOtm(text, name).model);
    }
  });

  it('round-trips every imported model through the model file format', () => {
    for (const [text, name] of [
      [SAMPLE_020_JSON, 'a.json'],
      [SAMPLE_010, 'b.json'],
      [NESTED, 'c.yaml'],
      [INVALID_IDS, 'd.json'],
      [DANGLING, 'e.json'],
      [NO_ZONE, 'f.yaml'],
    ] as const) {
      const { model } = importOtm(text, name);
      expect(parseModel(serializeModel(model)).model).toEqual(canonicalOrder(model));
    }
  });
});

describe('importOtm: input order does not matter', () => {
  const inputs: [string, unknown][] = [
    ['0.2.0 example', JSON.parse(SAMPLE_020_JSON)],
    ['0.1.0 StartLeft file', JSON.parse(SAMPLE_010)],
    ['nested zones', parseYaml(NESTED)],
    ['dangling references', JSON.parse(DANGLING)],
    ['components without zones', parseYaml(NO_ZONE)],
  ];

  /** A shuffle of `0 … length - 1`, decided by `seed` (for the lists inside list items). */
  function shuffle(length: number, seed: number): number[] {
    const order = Array.from({ length }, (_, index) => index);
    let state = seed >>> 0;
    for (let i = length - 1; i > 0; i--) {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      const j = state % (i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    return order;
  }

  /** The report with each path as it is in the original file, every list sorted. */
  function comparable(report: ImportReport, origin: (path: string) => string) {
    const sorted = (list: readonly unknown[]): string[] =>
      list.map((entry) => JSON.stringify(entry)).sort();
    return {
      format: report.format,
      counts: report.counts,
      unmapped: sorted(report.unmapped.map((entry) => ({ ...entry, path: origin(entry.path) }))),
      mappings: sorted(report.mappings),
      warnings: sorted(report.warnings),
      idMappings: sorted(report.idMappings),
    };
  }

  const collections = ['trustZones', 'components', 'dataflows', 'threats'] as const;

  for (const [name, tree] of inputs) {
    it(`gives the same model and report for reordered zones, components, dataflows, threats and threat references (${name})`, () => {
      const document = tree as Record<string, unknown>;
      const listOf = (key: string): unknown[] => {
        const list = document[key];
        return Array.isArray(list) ? list : [];
      };
      const expected = importOtm(JSON.stringify(tree), 'original.json');
      const order = (key: string) =>
        fc.shuffledSubarray(
          listOf(key).map((_, index) => index),
          { minLength: listOf(key).length, maxLength: listOf(key).length },
        );
      fc.assert(
        fc.property(
          fc.tuple(order('trustZones'), order('components'), order('dataflows'), order('threats')),
          fc.nat(),
          (orders, seed) => {
            // Where each reordered item (and threat reference) was in the original file.
            const origins = new Map<string, string>();
            const reordered: Record<string, unknown> = { ...document };
            collections.forEach((key, k) => {
              if (!Array.isArray(document[key])) return;
              reordered[key] = (orders[k] ?? []).map((from, to) => {
                origins.set(`$.${key}[${to}]`, `$.${key}[${from}]`);
                const item = listOf(key)[from] as Record<string, unknown>;
                const references = item['threats'];
                if (key === 'threats' || !Array.isArray(references)) return item;
                const refs = shuffle(references.length, seed + from);
                refs.forEach((refFrom, refTo) =>
                  origins.set(
                    `$.${key}[${to}].threats[${refTo}]`,
                    `$.${key}[${from}].threats[${refFrom}]`,
                  ),
                );
                return { ...item, threats: permute(references, refs) };
              });
            });
            const origin = (path: string): string => {
              for (const pattern of [/^\$\.\w+\[\d+\]\.threats\[\d+\]/, /^\$\.\w+\[\d+\]/]) {
                const prefix = pattern.exec(path)?.[0] ?? '';
                const mapped = origins.get(prefix);
                if (mapped !== undefined) return mapped + path.slice(prefix.length);
              }
              return path;
            };
            const result = importOtm(JSON.stringify(reordered), 'original.json');
            expect(canonicalOrder(result.model)).toEqual(canonicalOrder(expected.model));
            expect(comparable(result.report, origin)).toEqual(
              comparable(expected.report, (path) => path),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});

describe('importOtm: hand-made edge cases', () => {
  it('nests zones three deep, keeps bidirectional flows and reads typed properties from attributes', () => {
    const result = importOtm(NESTED, 'nested-zones.otm.yaml');
    const { model, report } = result;
    expect(report.counts).toMatchObject({ elements: 5, flows: 4, zones: 5, lines: 0 });

    expect(zone(model, 'internet')).toMatchObject({ parentId: null, boundaryKind: 'internet' });
    expect(zone(model, 'aws')).toMatchObject({ parentId: null, boundaryKind: 'cloud-account' });
    expect(zone(model, 'edge')).toMatchObject({ parentId: 'aws', boundaryKind: 'dmz' });
    expect(zone(model, 'cluster')).toMatchObject({ parentId: 'aws', boundaryKind: 'container' });
    expect(zone(model, 'pods')).toMatchObject({ parentId: 'cluster', boundaryKind: 'unknown' });
    expect(report.mappings).toContainEqual({
      source: 'trust zone "Production account" (type "aws-account", trustRating 60)',
      result: 'zone, boundaryKind cloud-account: the type contains "aws"',
    });
    // Relative positions add up: aws (400, 0) + cluster (500, 40) + pods (20, 60) + (20, 40).
    expect(zone(model, 'pods').position).toEqual({ x: 920, y: 100 });
    expect(element(model, 'payments').position).toEqual({ x: 940, y: 140 });
    expectDrawnInsideZones(model);

    expect(element(model, 'shopper')).toMatchObject({
      kind: 'externalEntity',
      zoneId: 'internet',
      tags: ['external', 'customer'],
    });
    expect(element(model, 'gateway')).toMatchObject({
      kind: 'process',
      zoneId: 'edge',
      properties: {
        internetFacing: 'yes',
        authenticatesCallers: 'yes',
        technology: 'Kong 3',
        privilegeLevel: 'unknown',
      },
    });
    expect(element(model, 'payments')).toMatchObject({
      zoneId: 'pods',
      properties: { privilegeLevel: 'elevated', handlesUntrustedInput: 'yes' },
    });
    expect(element(model, 'orders-db')).toMatchObject({
      kind: 'dataStore',
      zoneId: 'cluster',
      properties: {
        encryptedAtRest: 'yes',
        holdsPii: 'yes',
        backups: 'no',
        auditLogging: 'unknown',
      },
    });
    expect(element(model, 'events').kind).toBe('dataStore');
    expect(report.mappings).toContainEqual({
      source: 'component type "postgres-database" (1 component)',
      result: 'dataStore (by its last word)',
    });

    const flows = new Map(model.flows.map((flow) => [flow.id, flow]));
    expect(flows.get('shopper-gateway')).toMatchObject({
      sourceId: 'shopper',
      targetId: 'gateway',
      bidirectional: true,
      properties: {
        protocol: 'HTTPS',
        encryptedInTransit: 'yes',
        authenticated: 'no',
        dataClassification: 'confidential',
        carriesCredentials: 'yes',
      },
    });
    expect(flows.get('gateway-payments')).toMatchObject({
      bidirectional: false,
      properties: { protocol: 'gRPC', encryptedInTransit: 'no', dataClassification: 'restricted' },
    });
    expect(flows.get('payments-db')).toMatchObject({
      bidirectional: true,
      tags: ['sql'],
      properties: { protocol: 'SQL', encryptedInTransit: 'no' },
    });
    expect(flows.get('payments-events')?.bidirectional).toBe(false);

    expect(report.unmapped).toEqual(
      expect.arrayContaining([
        {
          path: '$.trustZones[4].attributes.owner',
          name: 'owner',
          reason: 'trust-zone attributes are not read',
        },
        {
          path: '$.components[1].attributes["owner-team"]',
          name: 'owner-team',
          reason: 'no Gatehouse property of a process corresponds',
        },
        {
          path: '$.components[3].attributes.audit',
          name: 'audit',
          reason: 'the value "maybe" is not understood for auditLogging',
        },
        {
          path: '$.dataflows[2].attributes.encryption',
          name: 'encryption',
          reason: 'encryptedInTransit is already set from the attribute "tls"',
        },
        {
          path: '$.dataflows[2].attributes.colour',
          name: 'colour',
          reason: 'no Gatehouse property of a dataflow corresponds',
        },
      ]),
    );
  });

  it('imports threat references as manual threats, holding back states that need a story or an approval', () => {
    const { model, report } = importOtm(NESTED, 'nested-zones.otm.yaml');
    // 2 on the gateway, 2 on the payment service, 1 on the database, 2 on the checkout flow.
    expect(model.manualThreats).toHaveLength(7);
    // mitigated, not-applicable, accepted, Partly Mitigated and the unknown "hidden".
    expect(model.threats).toHaveLength(5);
    // Each threat once: a manual threat's triage record is the same threat.
    expect(report.counts.threats).toBe(7);

    const manual = (key: string, targetId: string) => {
      const found = model.manualThreats.find((t) => t.key === key && t.targets[0]?.id === targetId);
      if (found === undefined) throw new Error(`no threat ${key} on ${targetId}`);
      return found;
    };
    const triageOf = (threatId: string) => model.threats.find((t) => t.threatId === threatId);

    const spoof = manual('spoof-session', 'gateway');
    expect(spoof).toMatchObject({
      category: 'Spoofing',
      likelihood: 5,
      impact: 4,
      cwe: [384],
      targets: [{ role: 'element', id: 'gateway' }],
    });
    expect(spoof.id).toBe(
      threatIdFor(MANUAL_PACK_ID, 'spoof-session', [{ role: 'element', id: 'gateway' }]),
    );
    expect(spoof.description).toContain('Multi-factor authentication (implemented)');
    expect(triageOf(spoof.id)).toMatchObject({ status: 'investigating' });
    expect(triageOf(spoof.id)?.notes).toContain('with the state "mitigated"');

    const escalation = manual('admin-escalation', 'gateway');
    expect(escalation).toMatchObject({
      category: 'ElevationOfPrivilege',
      likelihood: 4,
      impact: 1,
    });
    expect(triageOf(escalation.id)).toBeUndefined();
    expect(triageOf(manual('admin-escalation', 'payments').id)?.notes).toContain(
      '"not-applicable"',
    );
    expect(triageOf(manual('card-leak', 'payments').id)?.notes).toContain('"accepted"');
    expect(triageOf(manual('card-leak', 'orders-db').id)?.notes).toContain('"Partly Mitigated"');

    const leakOnFlow = manual('card-leak', 'shopper-gateway');
    expect(leakOnFlow).toMatchObject({
      category: 'InformationDisclosure',
      likelihood: 1,
      impact: 5,
      targets: [{ role: 'flow', id: 'shopper-gateway' }],
    });
    expect(leakOnFlow.description).toBe(
      'Card numbers end up in logs.\n\nImpact: PCI scope.\n\nOther categories in the OTM file: Repudiation.',
    );
    expect(triageOf(leakOnFlow.id)?.notes).toContain('"hidden", which Gatehouse does not know');

    const linkability = manual('linkability', 'shopper-gateway');
    expect(linkability).toMatchObject({
      category: 'InformationDisclosure',
      likelihood: 2,
      impact: 3,
    });
    expect(triageOf(linkability.id)).toBeUndefined();

    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'Threat "Shoppers can be linked across sessions" has no STRIDE category ("LINDDUN Linkability"): imported as InformationDisclosure.',
        'Unknown threat state "hidden" on threat "Card data leaks" on dataflow "Checkout request": imported as investigating.',
        '5 imported threats had a state that needs a story or an approval in Gatehouse: imported as investigating, with the original state in the triage notes.',
      ]),
    );
    expect(report.mappings).toContainEqual({
      source: 'threat "Session spoofing" on component "API gateway": state "mitigated"',
      result: 'investigating (the original state is kept in the triage notes)',
    });
  });

  it('maps IDs that are not valid here, deterministically, and lists each mapping', () => {
    const { model, report } = importOtm(INVALID_IDS, 'invalid-ids.otm.json');
    const longId = `c-${Array.from({ length: 12 }, () => '0123456789').join('-')}`;
    const foreign = [
      'Corp Network / HQ',
      'web app #1',
      'datenbank-ä',
      'svc@orders',
      longId,
      'flow 1',
    ];
    const mapped = new Map(foreign.map((id) => [id, mapForeignId(id).id]));
    for (const [foreignId, id] of mapped) {
      expect(id).toMatch(/^x-[0-9a-f]{16}$/);
      expect(report.idMappings).toContainEqual({ foreignId, id });
    }
    expect(report.idMappings).toContainEqual({
      foreignId: 'THREAT #7',
      id: mapForeignId('THREAT #7').id,
    });
    expect(report.idMappings).toHaveLength(7);
    // Valid IDs stay as they are.
    expect(element(model, 'kept.id:1-2').name).toBe('Kept ID');
    expect(flowIds(model)).toEqual([mapped.get('flow 1'), 'flow:2'].sort());

    const zoneId = mapped.get('Corp Network / HQ');
    expect(model.elements.every((e) => e.zoneId === zoneId)).toBe(true);
    expect(zone(model, zoneId ?? '').boundaryKind).toBe('internal-network');
    const flow = model.flows.find((f) => f.id === mapped.get('flow 1'));
    expect(flow).toMatchObject({
      sourceId: mapped.get('web app #1'),
      targetId: mapped.get('datenbank-ä'),
    });
    expect(model.flows.find((f) => f.id === 'flow:2')?.sourceId).toBe(mapped.get('svc@orders'));

    const key = mapForeignId('THREAT #7').id;
    const onFlow = model.manualThreats.find((t) => t.targets[0]?.role === 'flow');
    expect(onFlow).toMatchObject({
      key,
      category: 'Tampering',
      likelihood: 5,
      impact: 1,
      cwe: [89],
    });
    expect(onFlow?.id).toBe(
      threatIdFor(MANUAL_PACK_ID, key, [{ role: 'flow', id: mapped.get('flow 1') ?? '' }]),
    );
    expect(model.threats).toEqual([
      expect.objectContaining({ threatId: onFlow?.id, status: 'investigating' }),
    ]);
    expect(report.unmapped).toContainEqual({
      path: '$.threats[0].cwes[2]',
      name: 'not-a-cwe',
      reason: 'not a CWE ID',
    });

    // Over-long text is cut to the schema's limits, and each cut is reported.
    const long = element(model, mapped.get(longId) ?? '');
    expect(long.name).toHaveLength(200);
    expect(long.name.endsWith('…')).toBe(true);
    expect(report.warnings.some((w) => /was 253 characters long: cut to 200/.test(w))).toBe(true);
    const tag = element(model, mapped.get('web app #1') ?? '').tags[0];
    expect(tag).toHaveLength(64);
    expect(report.warnings).toContain(
      'A tag of component "Web app" was 77 characters long: cut to 64.',
    );
  });

  it('skips dangling and self-loop dataflows, and places components with missing parents outside every zone', () => {
    const result = importOtm(DANGLING, 'dangling-refs.otm.json');
    const { model, report } = result;
    expect(report.counts).toMatchObject({ elements: 7, flows: 1, zones: 3, threats: 0 });
    expect(flowIds(model)).toEqual(['ok']);
    const reasons = new Map(report.unmapped.map((entry) => [entry.path, entry.reason]));
    expect(reasons.get('$.dataflows[1]')).toBe(
      'dataflow "A to nothing" skipped: its destination "missing" is not a component in the file',
    );
    expect(reasons.get('$.dataflows[2]')).toBe(
      'dataflow "Zone to A" skipped: its source "zone-a" is a trust zone, not a component',
    );
    expect(reasons.get('$.dataflows[3]')).toBe(
      'dataflow "A to A" skipped: it connects a component to itself',
    );
    expect(reasons.get('$.dataflows[4]')).toBe(
      'dataflow "No source" skipped: its source is missing',
    );

    expect(element(model, 'a').zoneId).toBe('zone-a');
    expect(element(model, 'f').zoneId).toBe('zone-x');
    for (const id of ['b', 'c', 'd', 'e', 'g']) expect(element(model, id).zoneId).toBeNull();
    expect(reasons.get('$.components[1].parent.trustZone')).toBe(
      'component "B": no trust zone has this ID: the component is placed outside every zone',
    );
    expect(reasons.get('$.components[2].parent.component')).toBe(
      'component "C": no component has this ID: the component is placed outside every zone',
    );
    expect(reasons.get('$.components[3].parent')).toBe(
      'the chain of parent components loops: placed outside every zone',
    );
    expect(reasons.get('$.components[4].parent')).toBe(
      'the chain of parent components loops: placed outside every zone',
    );
    // G's parent E is in the loop, G is not: it lies in no zone, and is not blamed for the loop.
    expect(reasons.has('$.components[5].parent')).toBe(false);
    expect(report.mappings).toContainEqual({
      source: 'component "G" inside component "E"',
      result: 'outside every zone (the enclosing component lies in no zone)',
    });

    // Zone A's parent does not exist; zones X and Y contain each other: the loop is cut at Y.
    expect(zone(model, 'zone-a').parentId).toBeNull();
    expect(reasons.get('$.trustZones[0].parent.trustZone')).toBe(
      'trust zone "Zone A": no trust zone has this ID: the zone is placed at the top level',
    );
    expect(zone(model, 'zone-x').parentId).toBe('zone-y');
    expect(zone(model, 'zone-y').parentId).toBeNull();
    expect(reasons.get('$.trustZones[2].parent')).toBe(
      'trust zone "Zone Y" is nested inside itself (through its parents): it is placed at the top level',
    );

    expect(model.manualThreats).toEqual([]);
    expect(reasons.get('$.components[0].threats[0].threat')).toBe(
      'component "A": no threat with this ID in the top-level "threats"',
    );
    expect(reasons.get('$.dataflows[1].threats[0]')).toBe(
      'dataflow "A to nothing" was not imported, so neither is its threat',
    );
    expect(reasons.get('$.threats[1]')).toBe(
      'the threat is on no component or dataflow: not imported',
    );
    expectDrawnInsideZones(model);
  });

  it('places components without a zone outside every zone and reads the early draft forms of OTM 0.1.0', () => {
    const result = importOtm(NO_ZONE, 'no-zone.otm.yaml');
    const { model, report } = result;
    expect(report.format).toBe('otm-0.1.0');
    expect(report.counts).toMatchObject({ elements: 5, flows: 3, zones: 1, threats: 0 });
    for (const id of ['flux', 'mainframe', 'archive']) expect(element(model, id).zoneId).toBeNull();
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'Component "Flux capacitor" has no parent trust zone: it is placed outside every zone.',
        'Component "Archive" has no parent trust zone: it is placed outside every zone.',
        'Unknown component type "quantum-flux-capacitor" ("Flux capacitor", "Mainframe"): imported as process.',
        'Components without a type ("Archive"): imported as process.',
      ]),
    );
    // `parent: { id, type }` and attributes as a list of one-key maps.
    expect(element(model, 'clerk')).toMatchObject({
      kind: 'externalEntity',
      zoneId: 'office',
      properties: { entityKind: 'system', trusted: 'yes' },
    });
    expect(element(model, 'billing')).toMatchObject({ kind: 'process', zoneId: 'office' });
    expect(element(model, 'mainframe').properties).toMatchObject({ technology: 'COBOL' });
    expect(report.unmapped).toEqual(
      expect.arrayContaining([
        { path: '$.extensions', name: 'extensions', reason: 'not an OTM 0.2.0 field: not read' },
        {
          path: '$.components[3].attributes[1].colour',
          name: 'colour',
          reason: 'no Gatehouse property of a process corresponds',
        },
        {
          path: '$.dataflows[1].bidirectional',
          name: 'bidirectional',
          reason: 'dataflow "Time travel": not true or false: taken as one-way',
        },
      ]),
    );
    expect(model.flows.every((flow) => !flow.bidirectional)).toBe(true);
    expectDrawnInsideZones(model);
  });

  it('ignores numbers that are no CWE ID or position, and reports them', () => {
    const text = [
      'otmVersion: 0.2.0',
      'project: { name: Numbers, id: n }',
      'representations: [{ id: d, name: D, type: diagram }]',
      'trustZones: [{ id: z, name: Z, risk: { trustRating: 50 } }]',
      'components:',
      '  - id: c',
      '    name: C',
      '    type: web-service',
      '    parent: { trustZone: z }',
      '    representations: [{ representation: d, id: s, position: { x: .inf, y: 1 } }]',
      '    threats: [{ threat: t, state: exposed }]',
      'threats:',
      '  - id: t',
      '    name: T',
      '    categories: [Tampering]',
      '    cwes: [1e308, 0, -3, 79.5, CWE-0, CWE-79]',
      '    risk: { likelihood: .nan, impact: 50 }',
    ].join('\n');
    const result = importOtm(text, 'numbers.yaml');
    expect(result.model.manualThreats[0]).toMatchObject({ cwe: [79], likelihood: 3, impact: 3 });
    expect(unmappedPaths(result)).toEqual(
      expect.arrayContaining([
        '$.threats[0].cwes[0]',
        '$.threats[0].cwes[1]',
        '$.threats[0].cwes[2]',
        '$.threats[0].cwes[3]',
        '$.threats[0].cwes[4]',
        '$.components[0].representations[0].position',
      ]),
    );
    expect(unmappedPaths(result)).not.toContain('$.threats[0].cwes[5]');
  });
});

describe('importOtm: nesting loops', () => {
  it('reports only the components in a loop of parent components, whatever the file order', () => {
    const a = { id: 'a', name: 'A', type: 'web-service', parent: { component: 'b' } };
    const b = { id: 'b', name: 'B', type: 'web-service', parent: { component: 'c' } };
    const c = { id: 'c', name: 'C', type: 'web-service', parent: { component: 'b' } };
    for (const components of [
      [a, b, c],
      [b, c, a],
      [c, a, b],
    ]) {
      const { model, report } = importOtm(
        JSON.stringify({ otmVersion: '0.2.0', project: { name: 'P' }, components }),
        'loop.json',
      );
      const looping = report.unmapped.filter((entry) => entry.reason.includes('loops'));
      expect(looping.map((entry) => entry.name).sort()).toEqual(['B', 'C']);
      for (const entry of looping) {
        const index = components.findIndex((component) => component.name === entry.name);
        expect(entry.path).toBe(`$.components[${index}].parent`);
      }
      expect(report.mappings).toContainEqual({
        source: 'component "A" inside component "B"',
        result: 'outside every zone (the enclosing component lies in no zone)',
      });
      expect(model.elements.every((e) => e.zoneId === null)).toBe(true);
    }
  });

  it('keeps the diagram positions of zones whose loop of parents is cut', () => {
    const shape = (id: string, x: number, width: number) => [
      { representation: 'd', id, position: { x, y: x }, size: { width, height: width } },
    ];
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'P' },
      representations: [{ id: 'd', name: 'D', type: 'diagram' }],
      trustZones: [
        { id: 'x', name: 'X', parent: { trustZone: 'y' }, representations: shape('sx', 10, 100) },
        { id: 'y', name: 'Y', parent: { trustZone: 'x' }, representations: shape('sy', 500, 300) },
      ],
      components: [
        {
          id: 'k',
          name: 'K',
          type: 'api',
          parent: { trustZone: 'y' },
          representations: [{ representation: 'd', id: 'sk', position: { x: 1, y: 1 } }],
        },
      ],
    });
    const { model, report } = importOtm(text, 'zones.json');
    // The loop is cut at Y (visited from X, the smaller ID): Y is drawn at the top level, X
    // and K relative to it.
    expect(zone(model, 'y')).toMatchObject({
      parentId: null,
      position: { x: 500, y: 500 },
      size: { width: 300, height: 300 },
    });
    expect(zone(model, 'x')).toMatchObject({
      parentId: 'y',
      position: { x: 510, y: 510 },
      size: { width: 100, height: 100 },
    });
    expect(element(model, 'k').position).toEqual({ x: 501, y: 501 });
    expect(report.warnings.filter((w) => w.includes('grid'))).toEqual([]);
    expectDrawnInsideZones(model);
  });
});

describe('importOtm: attribute values', () => {
  /** The typed property each value gives, and whether the value is reported as not understood. */
  function read(
    kind: 'store' | 'flow',
    attribute: string,
    values: readonly string[],
  ): { property: string | undefined; reported: boolean }[] {
    const property = {
      encryption: kind === 'store' ? 'encryptedAtRest' : 'encryptedInTransit',
      authentication: 'authenticated',
    }[attribute];
    const components = [
      { id: 'a', name: 'A', type: 'web-service', parent: { trustZone: 'z' } },
      { id: 'b', name: 'B', type: 'web-service', parent: { trustZone: 'z' } },
      ...values.map((value, i) => ({
        id: `s${i}`,
        name: `S${i}`,
        type: 'database',
        parent: { trustZone: 'z' },
        attributes: { [attribute]: value },
      })),
    ];
    const dataflows = values.map((value, i) => ({
      id: `f${i}`,
      name: `F${i}`,
      source: 'a',
      destination: 'b',
      attributes: { [attribute]: value },
    }));
    const { model, report } = importOtm(
      JSON.stringify({
        otmVersion: '0.2.0',
        project: { name: 'P' },
        trustZones: [{ id: 'z', name: 'Z' }],
        components: kind === 'store' ? components : components.slice(0, 2),
        dataflows: kind === 'flow' ? dataflows : [],
      }),
      'values.json',
    );
    return values.map((_, i) => {
      const item =
        kind === 'store'
          ? element(model, `s${i}`)
          : model.flows.find((flow) => flow.id === `f${i}`);
      const prefix = kind === 'store' ? `$.components[${i + 2}]` : `$.dataflows[${i}]`;
      return {
        property: (item?.properties as Record<string, string> | undefined)?.[property ?? ''],
        reported: report.unmapped.some(
          (entry) =>
            entry.path === `${prefix}.attributes.${attribute}` &&
            entry.reason.startsWith('the value '),
        ),
      };
    });
  }

  const cases: [kind: 'store' | 'flow', attribute: string, value: string, expected: string][] = [
    // Encryption at rest has its own words; in-transit words alone say nothing about it.
    ['store', 'encryption', 'AES-256', 'yes'],
    ['store', 'encryption', 'SSE-KMS', 'yes'],
    ['store', 'encryption', 'encrypted at rest', 'yes'],
    ['store', 'encryption', 'TDE', 'yes'],
    ['store', 'encryption', 'encrypted', 'yes'],
    ['store', 'encryption', 'TLS', 'unknown'],
    ['store', 'encryption', 'TLS 1.3', 'unknown'],
    ['store', 'encryption', 'TLS disabled', 'unknown'],
    ['store', 'encryption', 'encrypted (TLS)', 'unknown'],
    ['store', 'encryption', 'AES disabled', 'no'],
    ['store', 'encryption', 'unencrypted', 'no'],
    ['store', 'encryption', 'plaintext', 'no'],
    ['store', 'encryption', 'not encrypted', 'no'],
    ['store', 'encryption', 'none', 'no'],
    ['store', 'encryption', 'off', 'no'],
    ['store', 'encryption', 'false', 'no'],
    ['store', 'encryption', 'maybe', 'unknown'],
    // Encryption in transit.
    ['flow', 'encryption', 'TLS 1.3', 'yes'],
    ['flow', 'encryption', 'TLSv1.2', 'yes'],
    ['flow', 'encryption', 'HTTPS', 'yes'],
    ['flow', 'encryption', 'mTLS', 'yes'],
    ['flow', 'encryption', 'HTTP over TLS', 'yes'],
    ['flow', 'encryption', 'encrypted', 'yes'],
    ['flow', 'encryption', 'TLS disabled', 'no'],
    ['flow', 'encryption', 'SSL off', 'no'],
    ['flow', 'encryption', 'no TLS', 'no'],
    ['flow', 'encryption', 'TLS: none', 'no'],
    ['flow', 'encryption', 'plaintext', 'no'],
    ['flow', 'encryption', 'unencrypted', 'no'],
    ['flow', 'encryption', 'HTTP', 'no'],
    ['flow', 'encryption', 'AES-256', 'unknown'],
    ['flow', 'encryption', 'rtls', 'unknown'],
    ['flow', 'encryption', 'httpsish', 'unknown'],
    // Authentication: whole words, so "tokenless" is no token.
    ['flow', 'authentication', 'OAuth2', 'yes'],
    ['flow', 'authentication', 'JWT bearer', 'yes'],
    ['flow', 'authentication', 'API key', 'yes'],
    ['flow', 'authentication', 'tokenless', 'unknown'],
    ['flow', 'authentication', 'token disabled', 'no'],
    ['flow', 'authentication', 'anonymous', 'no'],
    ['flow', 'authentication', 'none', 'no'],
    ['flow', 'authentication', 'no auth', 'no'],
  ];

  for (const kind of ['store', 'flow'] as const) {
    for (const attribute of ['encryption', 'authentication']) {
      const chosen = cases.filter((c) => c[0] === kind && c[1] === attribute);
      if (chosen.length === 0) continue;
      it(`reads ${attribute} on a ${kind === 'store' ? 'data store' : 'dataflow'} by whole words, with negations anywhere`, () => {
        const results = read(
          kind,
          attribute,
          chosen.map((c) => c[2]),
        );
        chosen.forEach(([, , value, expected], i) => {
          // Not understood: the property stays unknown and the attribute is reported.
          expect({ value, ...results[i] }).toEqual({
            value,
            property: expected,
            reported: expected === 'unknown',
          });
        });
      });
    }
  }

  it('reads yes/no words for bidirectional as true/false and lists each in the mappings', () => {
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'P' },
      trustZones: [{ id: 'z', name: 'Z' }],
      components: [
        { id: 'a', name: 'A', type: 'web-service', parent: { trustZone: 'z' } },
        { id: 'b', name: 'B', type: 'web-service', parent: { trustZone: 'z' } },
      ],
      dataflows: ['yes', 'enabled', 'none', 'sometimes', true].map((bidirectional, i) => ({
        id: `f${i}`,
        name: `F${i}`,
        source: 'a',
        destination: 'b',
        bidirectional,
      })),
    });
    const { model, report } = importOtm(text, 'bidirectional.json');
    expect(model.flows.map((flow) => flow.bidirectional)).toEqual([true, true, false, false, true]);
    for (const [i, value, result] of [
      [0, 'yes', true],
      [1, 'enabled', true],
      [2, 'none', false],
    ] as const) {
      expect(report.mappings).toContainEqual({
        source: `bidirectional "${value}" of dataflow "F${i}"`,
        result: `bidirectional: ${result}`,
      });
    }
    expect(report.mappings.filter((m) => m.source.startsWith('bidirectional'))).toHaveLength(3);
    expect(report.unmapped).toEqual([
      {
        path: '$.dataflows[3].bidirectional',
        name: 'bidirectional',
        reason: 'dataflow "F3": not true or false: taken as one-way',
      },
    ]);
  });

  it('reports mitigation entries of a threat reference that name no mitigation', () => {
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'P' },
      trustZones: [{ id: 'z', name: 'Z' }],
      components: [
        {
          id: 'a',
          name: 'A',
          type: 'web-service',
          parent: { trustZone: 'z' },
          threats: [
            {
              threat: 't',
              state: 'exposed',
              mitigations: ['just text', { state: 'implemented' }, null, { mitigation: 'm' }],
            },
          ],
        },
      ],
      threats: [{ id: 't', name: 'T', categories: ['Tampering'] }],
      mitigations: [{ id: 'm', name: 'Input validation' }],
    });
    const { model, report } = importOtm(text, 'mitigations.json');
    const reason = 'the entry names no mitigation (expected an object with "mitigation"): not read';
    expect(report.unmapped).toEqual(
      expect.arrayContaining([
        { path: '$.components[0].threats[0].mitigations[0]', name: 'mitigation', reason },
        { path: '$.components[0].threats[0].mitigations[1]', name: 'mitigation', reason },
      ]),
    );
    expect(report.unmapped.filter((e) => e.reason === reason)).toHaveLength(2);
    expect(model.manualThreats[0]?.description).toBe(
      'Mitigations in the OTM file: Input validation.',
    );
  });
});

describe('importOtm: hostile input', () => {
  it(`keeps at most ${REPORT_CAP} report entries for one reason, and counts the rest in one`, () => {
    const attributes = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]));
    const loose = Array.from({ length: 1_500 }, (_, i) => ({
      id: `l${i}`,
      name: `L${i}`,
      type: 'api',
      attributes: { technology: 'Go' },
    }));
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'P' },
      trustZones: [{ id: 'z', name: 'Z' }],
      components: [
        {
          id: 'c',
          name: 'C',
          type: 'api',
          parent: { trustZone: 'z' },
          attributes,
          tags: Array.from({ length: 5_000 }, (_, i) => `tag${i}`),
          threats: [{ threat: 't' }],
        },
        ...loose,
      ],
      threats: [
        {
          id: 't',
          name: 'T',
          categories: ['Tampering'],
          cwes: Array.from({ length: 5_000 }, (_, i) => `bad${i}`),
        },
      ],
    });
    const { model, report } = importOtm(text, 'hostile.json');
    const reasons = (list: readonly string[]) => {
      const counts = new Map<string, number>();
      for (const reason of list) counts.set(reason, (counts.get(reason) ?? 0) + 1);
      return counts;
    };
    const unmapped = reasons(report.unmapped.map((entry) => entry.reason));
    expect(unmapped.get('no Gatehouse property of a process corresponds')).toBe(REPORT_CAP);
    expect(unmapped.get(`at most 64 tags are kept`)).toBe(REPORT_CAP);
    expect(unmapped.get('not a CWE ID')).toBe(REPORT_CAP);
    expect(report.unmapped).toEqual(
      expect.arrayContaining([
        {
          path: '$.components[0].attributes.k1000',
          name: '…',
          reason: '… and 99000 more: no Gatehouse property of a process corresponds',
        },
        {
          path: '$.components[0].tags[1064]',
          name: '…',
          reason: '… and 3936 more: at most 64 tags are kept',
        },
        { path: '$.threats[0].cwes[1000]', name: '…', reason: '… and 4000 more: not a CWE ID' },
      ]),
    );
    expect(report.unmapped).toHaveLength(3 * (REPORT_CAP + 1));
    const warnings = report.warnings.filter((w) => w.includes('has no parent trust zone'));
    expect(warnings).toHaveLength(REPORT_CAP + 1);
    expect(warnings[REPORT_CAP]).toBe(
      '… and 500 more: Component "L1000" has no parent trust zone: it is placed outside every zone.',
    );
    const technology = report.mappings.filter((m) => m.result === 'technology: Go');
    expect(technology).toHaveLength(REPORT_CAP + 1);
    expect(technology[REPORT_CAP]?.source).toBe(
      '… and 500 more: attribute "technology" of component "L1000"',
    );
    // The model itself is complete.
    expect(model.elements).toHaveLength(1_501);
    expect(element(model, 'c').tags).toHaveLength(64);
  });

  it('refuses YAML aliases, however small the file', () => {
    // 215 KB that would otherwise expand to 2,000,000 unknown attributes.
    const lines = [
      'otmVersion: 0.2.0',
      'project: { name: P, id: p }',
      'trustZones: [{ id: z, name: Z }]',
      'components:',
      '  - id: c0',
      '    parent: { trustZone: z }',
      `    attributes: &a {${Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join(', ')}}`,
    ];
    for (let i = 1; i <= 99; i++)
      lines.push(`  - id: c${i}`, '    parent: { trustZone: z }', '    attributes: *a');
    expect(importError(lines.join('\n'), 'alias.yaml').message).toBe(
      'alias.yaml: the file uses the YAML alias "*a" (at line 10, column 17); Open Threat Model files do not use aliases, so they are not accepted.',
    );
  });

  it(`refuses more than ${OTM_LIMITS.maxNodes} values before building the tree`, () => {
    // The object, "0.2.0", the list, and three values in each item of the list: 2,000,000.
    const list = (tail: string) =>
      `{"otmVersion": "0.2.0", "x": [${'{"a": [], "b": {}},'.repeat(666_665)}${tail}]}`;
    expect(importOtm(list('0, 0'), 'wide.json').report.unmapped).toEqual([
      { path: '$.x', name: 'x', reason: 'not an OTM 0.2.0 field: not read' },
    ]);
    const message = `wide.json: the file holds more than ${OTM_LIMITS.maxNodes} values (objects, lists, texts and numbers), the limit for an Open Threat Model file.`;
    expect(importError(list('0, 0, 0'), 'wide.json').message).toBe(message);
    const numbers = `{"otmVersion": "0.2.0", "x": [${'0,'.repeat(OTM_LIMITS.maxNodes)}0]}`;
    expect(importError(numbers, 'wide.json').message).toBe(message);
  });

  it('reads a YAML map with 100,000 keys, and still refuses a repeated key', () => {
    const head = [
      'otmVersion: 0.2.0',
      'project: { name: P }',
      'trustZones: [{ id: z, name: Z }]',
      'components:',
      '  - id: c',
      '    name: C',
      '    type: api',
      '    parent: { trustZone: z }',
      '    attributes:',
    ];
    const keys = Array.from({ length: 100_000 }, (_, i) => `      k${i}: v`);
    const { report } = importOtm([...head, ...keys].join('\n'), 'keys.yaml');
    expect(report.unmapped).toHaveLength(REPORT_CAP + 1);
    const repeated = [...head, ...keys.slice(0, 5), '      k2: again'].join('\n');
    expect(importError(repeated, 'keys.yaml').message).toBe(
      'keys.yaml: the file is not valid YAML or JSON: Map keys must be unique at line 15, column 7:',
    );
  });
});

describe('importOtm: the YAML repair', () => {
  const head = [
    'otmVersion: 0.2.0',
    'project: { name: P, id: p }',
    'trustZones: [{ id: z, name: Z }]',
  ];
  const component = (i: number, name: string[]): string[] => [
    `  - id: c${i}`,
    ...name,
    '    type: web-service',
    '    parent: { trustZone: z }',
  ];

  it('reads quoted text closed on an under-indented line, as PyYAML does', () => {
    const text = [
      ...head,
      'components:',
      ...component(0, ['    description:', "      'line one", '      line two', "    end'"]),
    ].join('\n');
    const { model, report } = importOtm(text, 'ok.yaml');
    expect(element(model, 'c0').description).toBe('line one line two end');
    expect(report.warnings).toContain(
      'YAML line 9: quoted text continued on a line indented less than YAML 1.2 allows; read as PyYAML reads it (the indentation of such lines does not change the text).',
    );
  });

  it("keeps the parser's message for a missing closing quote", () => {
    const text = [
      ...head,
      'components:',
      ...component(0, ['    name: "Web app']),
      ...component(1, ['    name: "DB"']),
    ].join('\n');
    expect(importError(text, 'typo.yaml').message).toBe(
      'typo.yaml: the file is not valid YAML or JSON: Missing closing "quote at line 6, column 19:',
    );
  });

  it('never indents a document marker', () => {
    const text = [
      ...head,
      'components:',
      '  - id: a',
      '    name: "A',
      '---',
      '      B"',
      '    parent: { trustZone: z }',
    ].join('\n');
    expect(importError(text, 'marker.yaml').message).toBe(
      'marker.yaml: the file is not valid YAML or JSON: Missing closing "quote at line 6, column 13:',
    );
  });

  it('repairs at most 20 lines, and otherwise shows the first error', () => {
    const names = (count: number): string[] => [
      ...head,
      'components:',
      ...Array.from({ length: count }, (_, i) =>
        component(i, ['    name: "Long', '   name"']),
      ).flat(),
    ];
    const twenty = importOtm(names(20).join('\n'), 'twenty.yaml');
    expect(element(twenty.model, 'c19').name).toBe('Long name');
    expect(twenty.report.warnings[0]).toMatch(/^YAML lines 7, 12, .*, 102: /);
    expect(importError(names(21).join('\n'), 'many.yaml').message).toBe(
      'many.yaml: the file is not valid YAML or JSON: Missing closing "quote at line 6, column 16:',
    );
  });

  it('repairs nothing in a file of more than 1 MiB', () => {
    const text = [
      ...head,
      'components:',
      ...component(0, ['    name: "Long', '   name"']),
      ...component(1, [`    description: ${'x'.repeat(1024 * 1024)}`]),
    ].join('\n');
    expect(importError(text, 'big.yaml').message).toBe(
      'big.yaml: the file is not valid YAML or JSON: Missing closing "quote at line 6, column 16:',
    );
  });
});

describe('importOtm: keys that reach JavaScript object internals', () => {
  const json = `{
    "otmVersion": "0.2.0",
    "__proto__": { "polluted": "yes" },
    "project": { "name": "P", "id": "p", "constructor": { "prototype": { "polluted": "yes" } } },
    "trustZones": [{ "id": "z", "name": "Z", "risk": { "trustRating": 50 } }],
    "components": [{
      "id": "c", "name": "C", "type": "web-service", "parent": { "trustZone": "z" },
      "attributes": { "__proto__": { "internetFacing": "yes" }, "internetFacing": "no" }
    }],
    "dataflows": []
  }`;
  const yaml = [
    'otmVersion: 0.2.0',
    '__proto__: { polluted: yes }',
    'project: { name: P, id: p, constructor: { prototype: { polluted: yes } } }',
    'trustZones: [{ id: z, name: Z, risk: { trustRating: 50 } }]',
    'components:',
    '  - id: c',
    '    name: C',
    '    type: web-service',
    '    parent: { trustZone: z }',
    '    attributes: { __proto__: { internetFacing: yes }, internetFacing: "no" }',
    'dataflows: []',
  ].join('\n');

  for (const [format, text] of [
    ['JSON', json],
    ['YAML', yaml],
  ] as const) {
    it(`drops __proto__ and constructor keys and reports them (${format})`, () => {
      const result = importOtm(text, `proto.${format.toLowerCase()}`);
      expect(unmappedPaths(result)).toEqual(
        expect.arrayContaining([
          '$.__proto__',
          '$.project.constructor',
          '$.components[0].attributes.__proto__',
        ]),
      );
      const dropped = result.report.unmapped.find((e) => e.path === '$.__proto__');
      expect(dropped).toEqual({
        path: '$.__proto__',
        name: '__proto__',
        reason: 'key ignored: it could reach JavaScript object internals',
      });
      expect(element(result.model, 'c').properties).toMatchObject({ internetFacing: 'no' });
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  }
});

describe('importOtm: unusable input', () => {
  it('refuses DOCTYPE-like junk before parsing', () => {
    for (const junk of [
      '<!DOCTYPE html><html><body>Not a model</body></html>',
      '  <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
    ]) {
      expect(importError(junk, 'junk.otm').message).toBe(
        'junk.otm: the file looks like XML or HTML, not an Open Threat Model document (expected JSON or YAML with "otmVersion").',
      );
    }
  });

  it('refuses JSON and YAML that is not OTM, naming what was expected', () => {
    const expected =
      'not an Open Threat Model file: expected a JSON or YAML object with "otmVersion" (0.1.0 or 0.2.0), "project", "trustZones", "components" and "dataflows".';
    const gatehouse = JSON.stringify({ format: 'gatehouse-model', schemaVersion: 1, name: 'x' });
    for (const text of [gatehouse, '{"components": []}', '[1, 2, 3]', 'just a sentence', '42']) {
      const error = importError(text, 'other.json');
      expect(error.message.split('\n')[0]).toBe(`other.json: ${expected}`);
      expect(error.issues).toEqual([{ path: ['otmVersion'], message: 'required' }]);
    }
  });

  it('refuses an empty file and unsupported versions', () => {
    expect(importError(' \n ', 'empty.yaml').message).toBe(
      'empty.yaml: the file is empty (expected an Open Threat Model document in JSON or YAML).',
    );
    expect(importError('{"otmVersion": "1.0.0", "project": {}}', 'v.json').message).toMatch(
      /^v\.json: unsupported Open Threat Model version "1\.0\.0" \(Gatehouse reads OTM 0\.1\.x and 0\.2\.x\)\./,
    );
  });

  it('refuses truncated JSON', () => {
    const error = importError(SAMPLE_020_JSON.slice(0, 2000), 'cut.json');
    expect(error.message).toMatch(/^cut\.json: The file is not valid JSON: /);
  });

  it('refuses truncated YAML (cut inside quoted text)', () => {
    const cut = SAMPLE_020_YAML.indexOf("'public void") + 40;
    const error = importError(SAMPLE_020_YAML.slice(0, cut), 'cut.yaml');
    expect(error.message).toMatch(
      /^cut\.yaml: the file is not valid YAML or JSON: Missing closing 'quote at line \d+, column \d+/,
    );
  });

  it('refuses a file larger than the limit before parsing it', () => {
    const huge = `{"otmVersion": "0.2.0", "padding": "${'x'.repeat(OTM_LIMITS.maxBytes)}"}`;
    expect(importError(huge, 'huge.json').message).toBe(
      `huge.json: the file is too large (${huge.length} characters; the limit for an Open Threat Model file is ${OTM_LIMITS.maxBytes}).`,
    );
  });

  it('refuses nesting deeper than the limit, in JSON and in YAML', () => {
    const deepJson = `{"otmVersion": "0.2.0", "x": ${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(importError(deepJson, 'deep.json').message).toMatch(
      /^deep\.json: The file is nested too deeply/,
    );
    const deepYaml = `otmVersion: 0.2.0\nx: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    const error = importError(deepYaml, 'deep.yaml');
    expect(error.message).toMatch(
      /^deep\.yaml: The file is nested too deeply \(more than 64 levels\)/,
    );
    expect(error.issues[0]?.message).toBe('nesting deeper than 64 levels');
    // So deep that the YAML parser itself runs out of stack before the tree can be checked.
    const deeperYaml = `otmVersion: 0.2.0\nx: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(importError(deeperYaml, 'deeper.yaml').message).toBe(
      'deeper.yaml: the YAML is nested too deeply to read (the limit is 64 levels).',
    );
  });

  it('refuses a YAML alias bomb', () => {
    const lines = ['otmVersion: 0.2.0', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(importError(lines.join('\n'), 'bomb.yaml').message).toBe(
      'bomb.yaml: the file uses the YAML alias "*a0" (at line 3, column 10); Open Threat Model files do not use aliases, so they are not accepted.',
    );
  });

  it('refuses duplicate IDs, naming them', () => {
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'Dup', id: 'dup' },
      trustZones: [{ id: 'shared', name: 'Zone', risk: { trustRating: 50 } }],
      components: [
        { id: 'a', name: 'A', type: 'web-service', parent: { trustZone: 'shared' } },
        { id: 'a', name: 'A again', type: 'web-service', parent: { trustZone: 'shared' } },
        {
          id: 'shared',
          name: 'Same as the zone',
          type: 'database',
          parent: { trustZone: 'shared' },
        },
      ],
      dataflows: [],
    });
    const error = importError(text, 'dup.json');
    expect(error.message.split('\n')[0]).toBe(
      'dup.json: the file repeats IDs, so its references are ambiguous: duplicate ID "a"; duplicate ID "shared".',
    );
    expect(error.issues).toEqual([
      {
        path: ['components', 1, 'id'],
        message: 'duplicate ID "a" (already used at $.components[0])',
      },
      {
        path: ['components', 2, 'id'],
        message: 'duplicate ID "shared" (already used at $.trustZones[0])',
      },
    ]);
  });

  it('refuses structural errors, listing each with its path', () => {
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'Broken', id: 'broken' },
      trustZones: { id: 'not-a-list' },
      components: [{ name: 'No ID', type: 'web-service' }, 'not an object'],
      dataflows: [{ id: 'f', name: { text: 'an object' }, source: 'a', destination: 'b' }],
    });
    const error = importError(text, 'broken.json');
    expect(error.message.split('\n')[0]).toBe(
      'broken.json: the file is not a valid Open Threat Model document.',
    );
    expect(error.issues).toEqual([
      { path: ['trustZones'], message: 'expected a list' },
      { path: ['components', 0, 'id'], message: 'an ID is required' },
      { path: ['components', 1], message: 'expected an object' },
      { path: ['dataflows', 0, 'name'], message: 'expected text' },
    ]);
  });

  it('refuses more trust zones than a model can hold', () => {
    const trustZones = Array.from({ length: 20_001 }, (_, i) => ({
      id: `z${i}`,
      name: 'Z',
      risk: { trustRating: 50 },
    }));
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'Big', id: 'b' },
      trustZones,
    });
    expect(importError(text, 'big.json').message).toBe(
      'big.json: the file has 20001 trust zones; a Gatehouse model holds at most 20000.',
    );
  });
});

describe('importOtm: random damage never escapes as anything but InputError', () => {
  // Values that are likely to matter, besides those every importer's damage tries: IDs that
  // exist (duplicates, self-loops, parent loops), states, categories, extreme numbers and
  // positions, and references in the shapes OTM writes them.
  const telling: Json[] = [
    'web-client',
    'web-service',
    'customer-database',
    'f0ba7722-39b6-4c81-8290-a30a248bb8d9',
    '22724267-be7e-44c0-8b1f-d7d33e9a34ec',
    'architecture-diagram',
    'mitigated',
    'Elevation of Privilege',
    -1e308,
    { trustZone: 'web-client' },
    { component: 'web-service' },
    { x: 1e308, y: 1e308 },
    { width: -1, height: 5 },
  ];

  function expectOnlyInputError(text: string, fileName: string): void {
    try {
      const { model } = importOtm(text, fileName);
      expect(model.diagrams).toHaveLength(1);
      expectDrawnInsideZones(model);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }

  for (const [name, tree] of [
    ['the 0.2.0 example', JSON.parse(SAMPLE_020_JSON) as Json],
    ['the nested-zones fixture', parseYaml(NESTED) as Json],
  ] as const) {
    it(`survives random edits of the tree of ${name}`, () => {
      fc.assert(
        fc.property(
          treeMutations(telling, ['replace', 'delete', 'duplicate', 'wrap']),
          (mutations) => {
            const damaged = mutations.reduce(mutateTree, tree);
            expectOnlyInputError(JSON.stringify(damaged), 'damaged.json');
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  for (const [name, text, fileName] of [
    ['JSON', SAMPLE_020_JSON, 'damaged.json'],
    ['YAML', SAMPLE_020_YAML, 'damaged.yaml'],
    ['YAML fixture', NESTED, 'damaged.yaml'],
  ] as const) {
    it(`survives random edits of the text of the ${name}`, () => {
      fc.assert(
        fc.property(textEdits, fc.nat(), (edits, cutAt) => {
          const damaged = applyTextEdits(text, edits);
          expectOnlyInputError(damaged, fileName);
          expectOnlyInputError(damaged.slice(0, cutAt % (damaged.length + 1)), fileName);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('docs/otm-import.md', () => {
  const docs = read('../../docs/otm-import.md');
  /** The table row of the doc that starts with `cell`. */
  const row = (cell: string): string =>
    docs.split('\n').find((line) => line.startsWith(`| ${cell} `)) ?? `(no row ${cell})`;

  it('lists every component type and last word the importer knows', () => {
    for (const word of [...COMPONENT_TYPE_TABLE.keys(), ...HEAD_WORDS.keys()]) {
      expect(docs, word).toContain(`\`${word}\``);
    }
  });

  it('lists the trust-zone words of each boundary kind in its row', () => {
    for (const entry of ZONE_KEYWORDS) {
      for (const word of [...entry.words, ...entry.tokens])
        expect(row(`\`${entry.kind}\``), word).toContain(word);
    }
  });

  it('lists every attribute name in a row of its element kind and property', () => {
    const kinds = {
      flow: 'dataflow',
      process: 'process',
      dataStore: 'data store',
      externalEntity: 'external entity',
    };
    for (const [kind, rules] of Object.entries(ATTRIBUTE_RULES)) {
      for (const rule of rules) {
        const rows = docs
          .split('\n')
          .filter((line) => line.startsWith(`| ${kinds[kind as keyof typeof kinds]} `))
          .filter((line) => line.includes(`\`${rule.property}\``));
        expect(rows, `${kind} ${rule.property}`).toHaveLength(1);
        for (const name of rule.names) expect(rows[0], name).toContain(`\`${name}\``);
      }
    }
  });

  it('lists every encryption and authentication word', () => {
    for (const list of Object.values(MECHANISM_WORDS)) {
      for (const word of list.split(' ')) expect(docs, word).toContain(`\`${word}\``);
    }
  });
});

describe('threat states Gatehouse writes itself', () => {
  it('reads "investigating" as investigating, without an unknown-state warning', () => {
    const text = JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'Shop', id: 'shop' },
      trustZones: [{ id: 'internet', name: 'Internet', risk: { trustRating: 10 } }],
      components: [
        {
          id: 'api',
          name: 'API',
          type: 'web-service',
          parent: { trustZone: 'internet' },
          threats: [{ threat: 't1', state: 'investigating' }],
        },
      ],
      threats: [
        {
          id: 't1',
          name: 'Replay',
          categories: ['Repudiation'],
          risk: { likelihood: 50, impact: 50 },
        },
      ],
    });
    const { model, report } = importOtm(text, 'shop.otm.json');
    expect(model.threats.map((entry) => entry.status)).toEqual(['investigating']);
    expect(report.warnings.some((warning) => warning.includes('Unknown threat state'))).toBe(false);
  });
});
