import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importForeignFile } from '../import/importFile';
import { importOtm } from '../import/otm';
import { threatIdFor, MANUAL_PACK_ID } from '../model/ids';
import { parseModel } from '../model/parseModel';
import {
  BOUNDARY_KINDS,
  STRIDE_CATEGORIES,
  THREAT_STATUSES,
  type Model,
  type Zone,
} from '../model/schema';
import { loadRulePacks } from '../rules/loadPacks';
import { STARTER_TEMPLATES } from '../templates/starterTemplates';
import { buildModel, entity, flow, process, store, zone, type Tree } from '../testing/modelBuilder';
import { assessThreats, type RegisteredThreat } from '../threats/register';
import {
  COMPONENT_TYPE_BY_KIND,
  exportOtm,
  exportOtmText,
  serializeOtm,
  TRUST_RATING_BY_KIND,
  type OtmDocument,
} from './otmExport';

const repo = join(import.meta.dirname, '..', '..');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateOtm = ajv.compile(
  JSON.parse(
    readFileSync(join(repo, 'vendor', 'schemas', 'otm_schema-0.2.0.json'), 'utf8'),
  ) as object,
);
const packs = loadRulePacks([]);
const webshop = parseModel(
  readFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), 'utf8'),
).model;

/** The shipped models: the example and the starter templates. */
const exampleModels: [string, Model][] = [
  ['the web shop example', webshop],
  ...STARTER_TEMPLATES.map((template): [string, Model] => [
    `the template ${template.id}`,
    template.build(),
  ]),
];

/** Validates what a reader gets: the parsed text, JSON and YAML alike. */
function expectValidOtm(document: OtmDocument): void {
  for (const parsed of [
    JSON.parse(serializeOtm(document, 'json')) as unknown,
    parseYaml(serializeOtm(document, 'yaml')) as unknown,
  ]) {
    expect(validateOtm(parsed), JSON.stringify(validateOtm.errors, null, 2)).toBe(true);
  }
}

/** A model with what OTM carries only in part: manual and model-level threats, triage, a line. */
function richModel(): Model {
  const manual = (key: string, targets: Tree[], extra: Tree = {}): Tree => ({
    id: threatIdFor(MANUAL_PACK_ID, key, targets as never),
    key,
    category: 'Tampering',
    targets,
    title: `Manual ${key}`,
    ...extra,
  });
  const onBrowser = manual('browser-tamper', [{ role: 'element', id: 'browser' }], {
    category: 'Spoofing',
    likelihood: 4,
    impact: 2,
    cwe: [79, 352],
    mitigationIds: ['M-USER-AUTHENTICATION'],
  });
  const onFlow = manual('flow-dos', [{ role: 'flow', id: 'f-login' }], {
    category: 'DenialOfService',
  });
  const modelLevel = manual('whole-system', [], { title: 'Insider abuse of the whole system' });
  return buildModel({
    name: 'Rich: model',
    description: 'For the OTM export tests.',
    diagrams: [
      { id: 'd1', name: 'Main' },
      { id: 'd2', name: 'Back office', description: 'Staff only.' },
    ],
    boundaries: [
      zone('z-net', 'internet', {
        name: 'Public internet',
        position: { x: 0, y: 0 },
        size: { width: 400, height: 300 },
      }),
      zone('z-corp', 'internal-network', {
        name: 'Corporate',
        position: { x: 500, y: 0 },
        size: { width: 600, height: 400 },
        tags: ['corp'],
      }),
      zone('z-k8s', 'container', {
        name: 'Cluster',
        parentId: 'z-corp',
        position: { x: 540, y: 60 },
        size: { width: 300, height: 200 },
      }),
      zone('z-odd', 'unknown', {
        name: 'Partner area',
        position: { x: 0, y: 500 },
        size: { width: 300, height: 200 },
      }),
      {
        id: 'line-1',
        diagramId: 'd1',
        shape: 'line',
        name: 'Perimeter',
        boundaryKind: 'dmz',
        points: [
          { x: 450, y: 0 },
          { x: 450, y: 600 },
        ],
        crossingFlowIds: ['f-login'],
      },
    ],
    elements: [
      entity('browser', {
        name: 'Browser',
        zoneId: 'z-net',
        position: { x: 40, y: 60 },
        properties: { entityKind: 'human', trusted: 'no' },
        tags: ['client', 'web'],
      }),
      process('api', {
        name: 'API',
        zoneId: 'z-k8s',
        position: { x: 580, y: 120 },
        size: { width: 180, height: 90 },
        description: 'Public API.',
        properties: {
          internetFacing: 'yes',
          authenticatesCallers: 'no',
          privilegeLevel: 'elevated',
          technology: 'yes',
        },
      }),
      store('db', {
        name: 'Orders DB',
        zoneId: 'z-corp',
        position: { x: 900, y: 300 },
        properties: { encryptedAtRest: 'no', holdsPii: 'yes', backups: 'yes' },
      }),
      entity('partner', {
        name: 'Partner',
        zoneId: 'z-odd',
        position: { x: 40, y: 560 },
        properties: { entityKind: 'system' },
      }),
      entity('stray', { name: 'Stray', position: { x: 1200, y: 700 } }),
      process('backoffice', { diagramId: 'd2', name: 'Back office', position: { x: 10, y: 20 } }),
    ],
    flows: [
      flow('f-login', 'browser', 'api', {
        name: 'Login',
        bidirectional: true,
        properties: {
          protocol: 'HTTPS',
          encryptedInTransit: 'yes',
          authenticated: 'no',
          dataClassification: 'confidential',
          carriesCredentials: 'yes',
        },
      }),
      flow('f-orders', 'api', 'db', { name: 'Orders', properties: { protocol: 'on' } }),
      flow('f-partner', 'partner', 'api', { name: 'Partner feed' }),
      flow('f-stray', 'stray', 'db', { name: 'Stray write' }),
    ],
    manualThreats: [onBrowser, onFlow, modelLevel],
    threats: [
      { threatId: onBrowser['id'], status: 'accepted' },
      { threatId: onFlow['id'], status: 'investigating' },
    ],
  });
}

/** What the importer should give back for each exported threat instance. */
function expectedImportedThreats(register: readonly RegisteredThreat[], model: Model) {
  const flowIds = new Set(model.flows.map((each) => each.id));
  return register
    .filter((threat) => !threat.noLongerDetected)
    .flatMap((threat) => {
      const central = threat.targets.filter((t) => t.role === 'element' || t.role === 'flow');
      return (central.length > 0 ? central : threat.targets).map((target) => ({
        title: threat.title,
        category: threat.category,
        target: `${flowIds.has(target.id) ? 'flow' : 'element'}:${target.id}`,
        likelihood: threat.likelihood,
        impact: threat.impact,
        cwe: threat.cwe,
        status: threat.status === 'open' ? 'open' : 'investigating',
      }));
    })
    .sort(byJson);
}

/** Records in ID order: the export writes them so, whatever the model's order. */
function sortedById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `record` without `keys`: the fields a comparison leaves to a check of its own. */
function without(record: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

function byJson(a: unknown, b: unknown): number {
  const [left, right] = [JSON.stringify(a), JSON.stringify(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

function importedThreats(model: Model) {
  const statusOf = new Map(model.threats.map((triage) => [triage.threatId, triage.status]));
  return model.manualThreats
    .map((threat) => ({
      title: threat.title,
      category: threat.category,
      target: threat.targets.map((t) => `${t.role}:${t.id}`).join(','),
      likelihood: threat.likelihood,
      impact: threat.impact,
      cwe: threat.cwe,
      status: statusOf.get(threat.id) ?? 'open',
    }))
    .sort(byJson);
}

/**
 * Asserts that importing the export gives back what OTM carries (docs/otm-export.md,
 * "Round trip"). `exactGeometry`: the drawing keeps every element inside its zone's box, so
 * zones keep their boxes too (otherwise the importer enlarges them).
 */
function expectRoundTrip(model: Model, exactGeometry: boolean): void {
  const register = assessThreats(model, packs.compiled);
  const { document } = exportOtm(model, packs.compiled, { register });
  const back = importOtm(serializeOtm(document), 'export.otm.json').model;
  const first = model.diagrams[0]!.id;
  const modelIds = new Set(model.boundaries.map((boundary) => boundary.id));
  const addedZoneIds = new Set(
    document.trustZones.map((each) => each.id).filter((id) => !modelIds.has(id)),
  );

  expect(back.name).toBe(model.name);
  expect(back.description).toBe(model.description);
  // Geometry and zones are compared below: one diagram, and the zone added for zone-less elements.
  const elementFacts = ['diagramId', 'position', 'size', 'zoneId'];
  expect(sortedById(back.elements).map((each) => without(each, elementFacts))).toEqual(
    sortedById(model.elements).map((each) => without(each, elementFacts)),
  );
  const zoneOf = new Map(back.elements.map((element) => [element.id, element.zoneId]));
  for (const element of model.elements)
    expect(zoneOf.get(element.id)).toBe(
      element.zoneId ?? document.components.find((c) => c.id === element.id)?.parent.trustZone,
    );
  expect(sortedById(back.flows).map((each) => without(each, ['diagramId', 'waypoints']))).toEqual(
    sortedById(model.flows).map((each) => without(each, ['diagramId', 'waypoints'])),
  );
  const zones = sortedById(model.boundaries.filter((b): b is Zone => b.shape === 'zone'));
  const backZones = back.boundaries.filter((b): b is Zone => b.shape === 'zone');
  const semantic = (each: Zone) => without(each, ['diagramId', 'position', 'size']);
  expect(sortedById(backZones.filter((z) => !addedZoneIds.has(z.id))).map(semantic)).toEqual(
    zones.map(semantic),
  );

  // Positions: the first diagram is the one OTM readers draw.
  const onFirst = model.elements.filter((element) => element.diagramId === first);
  const backById = new Map(back.elements.map((element) => [element.id, element]));
  for (const element of onFirst) {
    expect(backById.get(element.id)?.position).toEqual(element.position);
    expect(backById.get(element.id)?.size).toEqual(element.size);
  }
  if (exactGeometry) {
    const backZone = new Map(backZones.map((each) => [each.id, each]));
    for (const each of zones.filter((z) => z.diagramId === first)) {
      expect(backZone.get(each.id)?.position).toEqual(each.position);
      expect(backZone.get(each.id)?.size).toEqual(each.size);
    }
  }

  expect(importedThreats(back)).toEqual(expectedImportedThreats(register, model));
}

describe('exportOtm: valid OTM 0.2.0 (official schema)', () => {
  it.each<[string, Model]>([...exampleModels, ['a model with every kind of record', richModel()]])(
    '%s',
    (_name, model) => {
      const { document } = exportOtm(model, packs.compiled);
      expectValidOtm(document);
      expect(document.components).toHaveLength(model.elements.length);
      expect(document.dataflows).toHaveLength(model.flows.length);
      const zones = model.boundaries.filter((b) => b.shape === 'zone');
      for (const each of zones)
        expect(document.trustZones.map((trustZone) => trustZone.id)).toContain(each.id);
      const register = assessThreats(model, packs.compiled);
      expect(register.length).toBeGreaterThan(0);
      expect(document.threats).toHaveLength(register.length);
    },
  );
});

describe('exportOtm: the mapping', () => {
  const model = richModel();
  const { document, notes } = exportOtm(model, packs.compiled);
  const component = (id: string) => document.components.find((each) => each.id === id)!;
  const trustZone = (id: string) => document.trustZones.find((each) => each.id === id)!;
  const dataflow = (id: string) => document.dataflows.find((each) => each.id === id)!;

  it('writes the project and one diagram representation per diagram, sized to hold its drawing', () => {
    expect(document.otmVersion).toBe('0.2.0');
    expect(document.project).toEqual({
      name: 'Rich: model',
      id: 'rich-model',
      description: 'For the OTM export tests.',
      attributes: {
        lineBoundaries: [
          {
            id: 'line-1',
            name: 'Perimeter',
            boundaryKind: 'dmz',
            diagram: 'd1',
            crossingDataflows: ['f-login'],
          },
        ],
      },
    });
    expect(exportOtm(model, packs.compiled, { projectId: 'shop' }).document.project.id).toBe(
      'shop',
    );
    expect(document.representations).toEqual([
      // The stray element (1200, 700) and its added zone's padding reach furthest.
      { name: 'Main', id: 'd1', type: 'diagram', size: { width: 1400, height: 804 } },
      {
        name: 'Back office',
        id: 'd2',
        type: 'diagram',
        description: 'Staff only.',
        size: { width: 210, height: 132 },
      },
    ]);
  });

  it('rates trust zones by boundary kind and types them so that the importer reads the kind back', () => {
    expect(trustZone('z-net')).toMatchObject({ type: 'internet', risk: { trustRating: 1 } });
    expect(trustZone('z-odd').type).toBeUndefined();
    expect(trustZone('z-odd').risk.trustRating).toBe(TRUST_RATING_BY_KIND.unknown);
    expect(trustZone('z-k8s')).toMatchObject({
      parent: { trustZone: 'z-corp' },
      // Relative to the parent zone, as OTM positions are.
      representations: [
        { representation: 'd1', position: { x: 40, y: 60 }, size: { width: 300, height: 200 } },
      ],
    });
    expect(TRUST_RATING_BY_KIND.internet).toBeLessThanOrEqual(20);
    for (const kind of BOUNDARY_KINDS.filter((each) => each !== 'internet'))
      expect(TRUST_RATING_BY_KIND[kind]).toBeGreaterThan(20);
  });

  it('writes components with their kind as a type, their parent zone, attributes and relative shapes', () => {
    expect(component('browser')).toMatchObject({
      type: COMPONENT_TYPE_BY_KIND.human,
      parent: { trustZone: 'z-net' },
      tags: ['client', 'web'],
      attributes: { trusted: false },
      representations: [{ representation: 'd1', position: { x: 40, y: 60 } }],
    });
    // No size in the model: none in OTM either (readers use their default).
    expect(component('browser').representations[0]!.size).toBeUndefined();
    expect(component('api')).toMatchObject({
      type: 'generic-service',
      description: 'Public API.',
      parent: { trustZone: 'z-k8s' },
      attributes: {
        internetFacing: true,
        authenticatesCallers: false,
        privilegeLevel: 'elevated',
        // Free text stays text, even when it reads like a yes.
        technology: 'yes',
      },
      representations: [{ position: { x: 40, y: 60 }, size: { width: 180, height: 90 } }],
    });
    expect(component('db').attributes).toEqual({
      encryptedAtRest: false,
      holdsPii: true,
      backups: true,
    });
    expect(component('partner').type).toBe(COMPONENT_TYPE_BY_KIND.system);
    expect(component('partner').attributes).toBeUndefined();
    expect(component('backoffice').representations[0]!.representation).toBe('d2');
  });

  it('puts elements outside every zone into an added zone per diagram, and says so', () => {
    const outside = trustZone(component('stray').parent.trustZone);
    expect(outside).toMatchObject({
      name: 'Outside every zone',
      risk: { trustRating: TRUST_RATING_BY_KIND.unknown },
      representations: [
        {
          representation: 'd1',
          position: { x: 1160, y: 660 },
          size: { width: 240, height: 144 },
        },
      ],
    });
    expect(component('stray').representations[0]!.position).toEqual({ x: 40, y: 40 });
    expect(component('backoffice').parent.trustZone).not.toBe(outside.id);
    expect(notes.join('\n')).toMatch(/2 elements outside every zone \("Stray", "Back office"\)/);
  });

  it('writes dataflows with their direction, attributes and the line boundaries they cross', () => {
    expect(dataflow('f-login')).toMatchObject({
      source: 'browser',
      destination: 'api',
      bidirectional: true,
      attributes: {
        protocol: 'HTTPS',
        encryptedInTransit: true,
        authenticated: false,
        dataClassification: 'confidential',
        carriesCredentials: true,
        crossesLineBoundaries: 'Perimeter (dmz)',
      },
    });
    expect(dataflow('f-partner').attributes).toBeUndefined();
    expect(notes.join('\n')).toMatch(/OTM has no line boundaries: 1 line boundary \("Perimeter"\)/);
  });

  it('writes every threat of the register, with STRIDE category, CWEs, risk on 0–100 and instances', () => {
    const register = assessThreats(model, packs.compiled);
    expect(document.threats.map((threat) => threat.attributes['gatehouseThreatId']).sort()).toEqual(
      register.map((threat) => threat.id).sort(),
    );
    const browserThreat = document.threats.find((threat) => threat.id === 'browser-tamper')!;
    expect(browserThreat).toMatchObject({
      name: 'Manual browser-tamper',
      categories: ['Spoofing'],
      cwes: ['CWE-79', 'CWE-352'],
      risk: { likelihood: 80, impact: 40 },
      attributes: { origin: 'manual', status: 'accepted', severity: 'medium' },
    });
    expect(component('browser').threats).toContainEqual({
      threat: 'browser-tamper',
      state: 'accepted',
      mitigations: [{ mitigation: 'M-USER-AUTHENTICATION', state: 'recommended' }],
    });
    // A rule's threat carries its rule and its mitigations from the catalogue.
    const generated = register.find((threat) => threat.origin === 'rule')!;
    const written = document.threats.find((threat) => threat.id === generated.id)!;
    expect(written.attributes['rule']).toBe(`${generated.packId}/${generated.ruleId}`);
    for (const mitigationId of generated.mitigations)
      expect(document.mitigations.find((m) => m.id === mitigationId)).toMatchObject({
        name: packs.compiled.mitigationsById.get(mitigationId)!.title,
        riskReduction: 50,
      });
  });

  it('lists a model-level threat in the top-level threats only, and the importer says so', () => {
    const written = document.threats.find((threat) => threat.id === 'whole-system')!;
    expect(written.name).toBe('Insider abuse of the whole system');
    const onAnything = [...document.components, ...document.dataflows].flatMap(
      (each) => each.threats ?? [],
    );
    expect(onAnything.map((instance) => instance.threat)).not.toContain('whole-system');
    expect(notes.join('\n')).toMatch(/listed in the top-level "threats" only/);
    const { report } = importOtm(serializeOtm(document), 'rich.otm.json');
    expect(report.unmapped).toContainEqual(
      expect.objectContaining({
        name: 'Insider abuse of the whole system',
        reason: expect.stringMatching(/on no component or dataflow/),
      }),
    );
  });

  it('lists triage of a threat no longer detected in the top-level threats only', () => {
    const gone = 'T-00000000000000aa';
    const withGone: Model = {
      ...model,
      threats: [
        ...model.threats,
        {
          ...model.threats[0]!,
          threatId: gone,
          status: 'investigating',
          noLongerDetected: true,
          lastKnown: {
            ruleRef: 'gatehouse-stride/STRIDE-S-001',
            category: 'Spoofing',
            targets: [{ role: 'element', id: 'browser' }],
            title: 'Spoofed browser',
            severity: 'high',
          },
        },
      ],
    };
    const exported = exportOtm(withGone, packs.compiled).document;
    expect(exported.threats.find((threat) => threat.id === gone)).toMatchObject({
      name: 'Spoofed browser',
      attributes: { rule: 'gatehouse-stride/STRIDE-S-001', noLongerDetected: true },
    });
    const browser = exported.components.find((each) => each.id === 'browser')!;
    expect(browser.threats?.map((instance) => instance.threat)).not.toContain(gone);
  });

  it('puts an interaction threat on its flow', () => {
    const register = assessThreats(model, packs.compiled);
    const interaction = register.find((threat) => threat.targets.length === 3)!;
    const flowId = interaction.targets.find((target) => target.role === 'flow')!.id;
    expect(dataflow(flowId).threats?.map((instance) => instance.threat)).toContain(interaction.id);
    for (const endpoint of interaction.targets.filter((target) => target.role !== 'flow'))
      expect(component(endpoint.id).threats?.map((i) => i.threat) ?? []).not.toContain(
        interaction.id,
      );
  });

  it('marks the mitigation implemented when a done story covers the threat', () => {
    const register = assessThreats(model, packs.compiled);
    const threat = register.find((each) => each.origin === 'rule' && each.mitigations.length > 0)!;
    const [mitigationId] = threat.mitigations;
    const covered: RegisteredThreat = {
      ...threat,
      title: threat.title,
      description: threat.description,
      explanation: threat.explanation,
      status: 'mitigated',
      coveringStoryIds: ['S-0000000000000001'],
    };
    const withStory: Model = {
      ...model,
      stories: [
        {
          id: 'S-0000000000000001',
          featureId: '_unassigned',
          mitigationId: mitigationId!,
          state: 'done',
          coveredThreatIds: [threat.id],
          title: null,
          notes: '',
          trackerKey: null,
          docPath: null,
          jiraIssueKey: null,
        },
      ],
    };
    const exported = exportOtm(withStory, packs.compiled, { register: [covered] }).document;
    const instance = [...exported.components, ...exported.dataflows]
      .flatMap((each) => each.threats ?? [])
      .find((each) => each.threat === threat.id)!;
    expect(instance.state).toBe('mitigated');
    expect(instance.mitigations).toContainEqual({ mitigation: mitigationId, state: 'implemented' });
  });
});

describe('serializeOtm', () => {
  it('is deterministic: the same model in another record order gives the same bytes', () => {
    const model = richModel();
    const shuffled: Model = {
      ...model,
      elements: [...model.elements].reverse(),
      flows: [...model.flows].reverse(),
      boundaries: [...model.boundaries].reverse(),
      manualThreats: [...model.manualThreats].reverse(),
    };
    const text = exportOtmText(model, packs.compiled);
    expect(exportOtmText(shuffled, packs.compiled)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(exportOtmText(model, packs.compiled, { format: 'yaml' })).toBe(
      exportOtmText(shuffled, packs.compiled, { format: 'yaml' }),
    );
  });

  it('quotes texts in YAML that a YAML 1.1 reader would take for booleans or numbers', () => {
    const yaml = exportOtmText(richModel(), packs.compiled, { format: 'yaml' });
    // The API's technology "yes" and the flow's protocol "on".
    expect(yaml).toMatch(/technology: "yes"/);
    expect(yaml).toMatch(/protocol: "on"/);
    const back = importOtm(yaml, 'rich.otm.yaml').model;
    expect(back.elements.find((each) => each.id === 'api')?.properties).toMatchObject({
      technology: 'yes',
    });
  });
});

describe('OTM export → OTM import round trip', () => {
  it.each<[string, Model]>(exampleModels)(
    'keeps what OTM carries for %s, positions and zone boxes included',
    (_name, model) => {
      expectRoundTrip(model, true);
    },
  );

  it('keeps what OTM carries for a model with every kind of record', () => {
    expectRoundTrip(richModel(), false);
  });

  it('keeps the IDs of manual threats on one element or flow, so their triage finds them', () => {
    const model = richModel();
    const back = importOtm(exportOtmText(model, packs.compiled), 'rich.otm.json').model;
    const ids = new Set(back.manualThreats.map((threat) => threat.id));
    for (const threat of model.manualThreats.filter((each) => each.targets.length === 1))
      expect(ids).toContain(threat.id);
    expect(
      back.threats.find((triage) => triage.threatId === model.threats[0]!.threatId),
    ).toMatchObject({
      status: 'investigating',
      notes: expect.stringContaining('"accepted"'),
    });
  });

  it('brings generated threats back as the triage of the same generated threats', () => {
    const model = richModel();
    const register = assessThreats(model, packs.compiled);
    const { model: back } = importForeignFile(
      exportOtmText(model, packs.compiled),
      'rich.otm.json',
      packs,
    );
    const generated = register.filter((threat) => threat.origin === 'rule');
    expect(generated.length).toBeGreaterThan(5);
    // Every generated threat found again in the imported model, nothing duplicated as manual.
    const backRegister = assessThreats(back, packs.compiled);
    const backIds = new Set(backRegister.map((threat) => threat.id));
    for (const threat of generated) expect(backIds).toContain(threat.id);
    expect(back.manualThreats.map((threat) => threat.key).sort()).toEqual([
      'browser-tamper',
      'flow-dos',
    ]);
  });

  it('names manual threats by their IDs when two share a key, so the file stays importable', () => {
    const targetsOf = (id: string) => [{ role: 'element' as const, id }];
    const manual = (id: string) => ({
      id: threatIdFor(MANUAL_PACK_ID, 'same', targetsOf(id)),
      key: 'same',
      category: 'Tampering',
      targets: targetsOf(id),
      title: `Tampering with ${id}`,
    });
    const model = buildModel({
      elements: [process('a'), process('b')],
      manualThreats: [manual('a'), manual('b')],
    });
    const text = exportOtmText(model, packs.compiled);
    const ids = (JSON.parse(text) as OtmDocument).threats.map((threat) => threat.id);
    expect(ids).toContain(model.manualThreats[0]!.id);
    expect(ids).toContain(model.manualThreats[1]!.id);
    expect(ids).not.toContain('same');
    const back = importOtm(text, 'same.otm.json').model;
    expect(
      back.manualThreats.filter((threat) => threat.title.startsWith('Tampering with')),
    ).toHaveLength(2);
  });

  it('reads an unknown zone whose name has a telling word as that kind (documented loss)', () => {
    const model = buildModel({
      boundaries: [zone('z', 'unknown', { name: 'Public partner area' })],
      elements: [process('p', { zoneId: 'z' })],
    });
    const back = importOtm(exportOtmText(model, packs.compiled), 'z.otm.json').model;
    expect(back.boundaries[0]).toMatchObject({ id: 'z', boundaryKind: 'internet' });
  });

  it('holds for random models (and each export is valid OTM)', () => {
    fc.assert(
      fc.property(randomModel, (model) => {
        expectValidOtm(exportOtm(model, packs.compiled).document);
        expectRoundTrip(model, false);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random valid models on one diagram.

/** Zone names without the importer's telling words, so that an unknown kind stays unknown. */
const ZONE_WORDS = ['Alpha', 'Blue', 'Core', 'Delta', 'Edge', 'Green', 'Harbor', 'Office'];
const TAG_WORDS = ['pci', 'gdpr', 'team-a', 'legacy', 'beta', 'critical'];
const tri = fc.constantFrom('yes', 'no', 'unknown');
const text = fc.string({ maxLength: 20 });
const tags = fc.uniqueArray(fc.constantFrom(...TAG_WORDS), { maxLength: 3 });
const point = fc.record({
  x: fc.integer({ min: -500, max: 3000 }),
  y: fc.integer({ min: -500, max: 3000 }),
});

const elementTree = fc.oneof(
  fc.record({
    kind: fc.constant('process'),
    properties: fc.record({
      internetFacing: tri,
      authenticatesCallers: tri,
      privilegeLevel: fc.constantFrom('unprivileged', 'standard', 'elevated', 'root', 'unknown'),
      handlesUntrustedInput: tri,
      technology: text,
    }),
  }),
  fc.record({
    kind: fc.constant('dataStore'),
    properties: fc.record({
      encryptedAtRest: tri,
      holdsPii: tri,
      holdsCredentials: tri,
      holdsSecrets: tri,
      auditLogging: tri,
      backups: tri,
    }),
  }),
  fc.record({
    kind: fc.constant('externalEntity'),
    properties: fc.record({
      entityKind: fc.constantFrom('human', 'system', 'unknown'),
      trusted: tri,
    }),
  }),
);

const randomModel: fc.Arbitrary<Model> = fc
  .record({
    zones: fc.array(
      fc.record({
        kind: fc.constantFrom(...BOUNDARY_KINDS, 'unknown'),
        name: fc.constantFrom(...ZONE_WORDS),
        parent: fc.nat(),
        position: point,
        tags,
      }),
      { maxLength: 4 },
    ),
    elements: fc.array(
      fc.record({
        shape: elementTree,
        name: text,
        description: text,
        zone: fc.nat(),
        position: point,
        sized: fc.boolean(),
        tags,
      }),
      { minLength: 1, maxLength: 8 },
    ),
    flows: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        name: text,
        bidirectional: fc.boolean(),
        properties: fc.record({
          protocol: text,
          encryptedInTransit: tri,
          authenticated: tri,
          dataClassification: fc.constantFrom(
            'public',
            'internal',
            'confidential',
            'restricted',
            'unknown',
          ),
          carriesCredentials: tri,
        }),
      }),
      { maxLength: 8 },
    ),
    manual: fc.array(
      fc.record({
        target: fc.nat(),
        onFlow: fc.boolean(),
        category: fc.constantFrom(...STRIDE_CATEGORIES),
        likelihood: fc.integer({ min: 1, max: 5 }),
        impact: fc.integer({ min: 1, max: 5 }),
        status: fc.constantFrom(...THREAT_STATUSES),
        // A blank title comes back as the threat's ID (docs/otm-export.md, "What is lost").
        title: fc.string({ minLength: 1, maxLength: 20 }).filter((title) => title.trim() !== ''),
      }),
      { maxLength: 3 },
    ),
    crossed: fc.boolean(),
  })
  .map((parts) => {
    const zones = parts.zones.map((each, index) =>
      zone(`z${index}`, each.kind, {
        name: each.name,
        // Nested only in an earlier zone, so there is no cycle.
        parentId: index === 0 || each.parent % 2 === 0 ? null : `z${each.parent % index}`,
        position: each.position,
        tags: each.tags,
      }),
    );
    const elements = parts.elements.map(
      (each, index) =>
        ({
          id: `e${index}`,
          diagramId: 'd1',
          ...each.shape,
          name: each.name,
          description: each.description,
          tags: each.tags,
          // About one element in three outside every zone.
          zoneId: zones.length === 0 || each.zone % 3 === 0 ? null : `z${each.zone % zones.length}`,
          position: each.position,
          ...(each.sized ? { size: { width: 100 + index, height: 50 } } : {}),
        }) as Tree,
    );
    const flows = parts.flows
      .map((each, index) => ({
        ...each,
        index,
        from: each.from % elements.length,
        to: each.to % elements.length,
      }))
      .filter((each) => each.from !== each.to)
      .map((each) =>
        flow(`f${each.index}`, `e${each.from}`, `e${each.to}`, {
          name: each.name,
          bidirectional: each.bidirectional,
          properties: each.properties,
        }),
      );
    const manualThreats = parts.manual.map((each, index) => {
      const onFlow = each.onFlow && flows.length > 0;
      const targets = [
        onFlow
          ? { role: 'flow', id: flows[each.target % flows.length]!['id'] as string }
          : { role: 'element', id: `e${each.target % elements.length}` },
      ];
      return {
        id: threatIdFor(MANUAL_PACK_ID, `m${index}`, targets as never),
        key: `m${index}`,
        category: each.category,
        targets,
        title: each.title,
        likelihood: each.likelihood,
        impact: each.impact,
      };
    });
    const lines =
      parts.crossed && flows.length > 0
        ? [
            {
              id: 'line',
              diagramId: 'd1',
              shape: 'line',
              name: 'Line',
              points: [
                { x: 0, y: 0 },
                { x: 0, y: 100 },
              ],
              crossingFlowIds: [flows[0]!['id']],
            },
          ]
        : [];
    return buildModel({
      boundaries: [...zones, ...lines],
      elements,
      flows,
      manualThreats,
      threats: manualThreats.map((threat, index) => ({
        threatId: threat.id,
        status: parts.manual[index]!.status,
      })),
    });
  });
