import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors';
import type { Boundary, Element, Flow, ManualThreat, Model } from '../model/schema';
import { severityOf } from '../rules/scoring';
import type { ImportResult } from './importReport';
import {
  applyTextEdits,
  mutateTree,
  textEdits,
  treeMutations,
  type Json,
} from './safeYaml.fuzzing';
import {
  SEVERITY_SCALE,
  THREAT_DRAGON_IMPORTER,
  THREAT_DRAGON_LIMITS,
  THREAT_TYPE_TABLE,
  importThreatDragon,
} from './threatDragon';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const V2_SAMPLE = read('../../vendor/samples/threat-dragon/v2-threat-model.json');
const V1_SAMPLE = read('../../vendor/samples/threat-dragon/v1-demo-threat-model.json');
const V2_EDGES = read('./fixtures/threat-dragon/edge-cases-v2.json');
const V1_EDGES = read('./fixtures/threat-dragon/edge-cases-v1.json');

function importError(text: string, fileName = 'bad.json'): InputError {
  try {
    importThreatDragon(text, fileName);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

/** Counts taken from the source file itself, so that the importer cannot agree with itself. */
function sourceCounts(text: string): Record<string, number> {
  const file = JSON.parse(text) as { detail: { diagrams: Record<string, unknown>[] } };
  const counts = { elements: 0, flows: 0, zones: 0, lines: 0, threats: 0, texts: 0 };
  for (const diagram of file.detail.diagrams) {
    const cells = (diagram['cells'] ??
      (diagram['diagramJson'] as { cells?: unknown[] } | undefined)?.cells ??
      []) as Record<string, unknown>[];
    for (const cell of cells) {
      const data = (cell['data'] ?? cell) as Record<string, unknown>;
      const type = data['type'] ?? cell['type'];
      if (type === 'tm.Actor' || type === 'tm.Process' || type === 'tm.Store') counts.elements++;
      if (type === 'tm.Flow') counts.flows++;
      if (type === 'tm.BoundaryBox') counts.zones++;
      if (type === 'tm.Boundary') counts.lines++;
      if (type === 'tm.Text') counts.texts++;
      counts.threats += ((data['threats'] as unknown[] | undefined) ?? []).length;
    }
  }
  return counts;
}

/** The report counts one diagram and, for everything else, what the source file holds. */
function expectCountsOf(report: ImportResult['report'], source: Record<string, number>): void {
  const { elements, flows, zones, lines, threats } = source;
  expect(report.counts).toEqual({ diagrams: 1, elements, flows, zones, lines, threats });
}

const byName = <T extends { name: string }>(list: readonly T[], name: string): T => {
  const found = list.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no item named ${name}`);
  return found;
};
const threatTitled = (model: Model, title: string): ManualThreat => {
  const found = model.manualThreats.find((threat) => threat.title === title);
  if (found === undefined) throw new Error(`no threat titled ${title}`);
  return found;
};
const unmappedNames = (result: ImportResult): string[] =>
  result.report.unmapped.map((entry) => entry.name);
const unmappedFor = (result: ImportResult, name: string): string[] =>
  result.report.unmapped.filter((entry) => entry.name === name).map((entry) => entry.reason);
const lines = (model: Model) =>
  model.boundaries.filter((b): b is Extract<Boundary, { shape: 'line' }> => b.shape === 'line');
const flowNames = (model: Model, ids: readonly string[]): string[] =>
  ids.map((id) => model.flows.find((flow) => flow.id === id)?.name ?? id).sort();

describe('importThreatDragon on the v2 demo model (td.vue/src/service/demo/v2-threat-model.json)', () => {
  const result = importThreatDragon(V2_SAMPLE, 'v2-threat-model.json');
  const { model, report } = result;
  const source = sourceCounts(V2_SAMPLE);

  it('brings across every element, flow, boundary and threat the file has', () => {
    expect(source).toEqual({ elements: 7, flows: 10, zones: 0, lines: 3, threats: 14, texts: 1 });
    expect(report.format).toBe('threat-dragon-2.3.0');
    expectCountsOf(report, source);
    expect(model.name).toBe('Demo Threat Model');
    expect(model.description).toContain('Owner: Mike Goodwin');
    expect(model.description).toContain('Contributors: Tom Brown, Albert Moneypenny');
  });

  it('names the items it could not carry in the report', () => {
    expect(unmappedFor(result, 'isPublicNetwork')).toEqual([
      'data flow "Web Response": Gatehouse has no such property; kept as the tag "public-network"',
      'data flow "Web Request": Gatehouse has no such property; kept as the tag "public-network"',
    ]);
    expect(unmappedFor(result, 'isALog')).toEqual([
      'store "Database": Gatehouse has no such property; kept as the tag "log"',
    ]);
    const note =
      'A Demo Threat Model showing an example web application, with a queue-decoupled background process';
    expect(unmappedNames(result)).toContain(note);
    expect(model.diagrams[0]!.description).toContain('A Demo Threat Model');
  });

  it('attaches the loose end of "Web Request" to the Browser it was drawn beside, and says so', () => {
    const webRequest = byName(model.flows, 'Web Request');
    expect(webRequest.sourceId).toBe(byName(model.elements, 'Browser').id);
    expect(report.warnings).toContain(
      '1 flow end drawn loose within 20 units of an element attached to it ("Web Request (source)").',
    );
  });

  it('maps kinds, names, sizes, properties and out-of-scope marks', () => {
    const worker = byName(model.elements, 'Background Worker Process');
    expect(worker.kind).toBe('process');
    expect(worker.position).toEqual({ x: 685, y: 180 });
    expect(worker.size).toEqual({ width: 100, height: 100 });
    expect(byName(model.elements, 'Browser').kind).toBe('externalEntity');
    const config = byName(model.elements, 'Worker Config');
    expect(config.kind === 'dataStore' && config.properties.holdsCredentials).toBe('yes');
    // Threat Dragon writes false for every flag nobody ticked: false stays unknown.
    expect(config.kind === 'dataStore' && config.properties.encryptedAtRest).toBe('unknown');
    const response = byName(model.flows, 'Web Response');
    expect(response.properties).toMatchObject({ protocol: 'HTTP/S', encryptedInTransit: 'yes' });
    expect(response.tags).toEqual(['public-network']);
    const readConfig = byName(model.flows, 'Read web app config');
    expect(readConfig.tags).toEqual(['out-of-scope']);
    expect(readConfig.description).toBe(
      'Out of scope in Threat Dragon: This data flow represents a read from the file system',
    );
  });

  it('computes which flows cross each boundary curve', () => {
    const crossings = lines(model).map((line) => flowNames(model, line.crossingFlowIds));
    expect(crossings).toContainEqual(['Message', 'Put Message']);
    expect(crossings.every((names) => names.length > 0)).toBe(true);
  });

  it('imports threats with their text, severity and status', () => {
    const theft = threatTitled(model, 'Credential theft');
    expect(theft.category).toBe('InformationDisclosure');
    expect(theft.targets).toEqual([{ role: 'element', id: byName(model.elements, 'Database').id }]);
    expect([theft.likelihood, theft.impact]).toEqual([3, 3]);
    expect(theft.description).toContain('Mitigation in Threat Dragon: Use a firewall');
    expect(theft.mitigationIds).toEqual(['M-SENSITIVE-DATA-HANDLING']);
    const mitigated = model.manualThreats.filter((threat) =>
      model.threats.some((entry) => entry.threatId === threat.id),
    );
    expect(mitigated.map((threat) => threat.title).sort()).toEqual([
      'Data flow should use HTTP/S',
      'Data flow should use HTTP/S',
      'Fake messages could be placed on the queue',
      'Unauthorised access',
    ]);
    for (const entry of model.threats) {
      expect(entry.status).toBe('investigating');
      expect(entry.notes).toContain('with the status "Mitigated"');
    }
  });
});

describe('importThreatDragon on the v1 demo model (ThreatDragonModels/demo-threat-model.json)', () => {
  const result = importThreatDragon(V1_SAMPLE, 'demo-threat-model.json');
  const { model, report } = result;
  const source = sourceCounts(V1_SAMPLE);

  it('brings across every element, flow, boundary and threat the file has', () => {
    expect(source).toEqual({ elements: 7, flows: 10, zones: 0, lines: 4, threats: 14, texts: 0 });
    expect(report.format).toBe('threat-dragon-1');
    expectCountsOf(report, source);
  });

  it('names the items it could not carry in the report', () => {
    expect(unmappedFor(result, 'isPublicNetwork')).toEqual([
      'data flow "Web Request": Gatehouse has no such property; kept as the tag "public-network"',
      'data flow "Web Response": Gatehouse has no such property; kept as the tag "public-network"',
    ]);
    expect(unmappedFor(result, 'isALog')).toEqual([
      'store "Database": Gatehouse has no such property; kept as the tag "log"',
    ]);
  });

  it('reads names from the drawn labels and the privilege level from its text', () => {
    expect(model.elements.map((element) => element.name).sort()).toEqual([
      'Background Worker Process',
      'Browser',
      'Database',
      'Message Queue',
      'Web Application',
      'Web Application Config',
      'Worker Config',
    ]);
    const worker = byName(model.elements, 'Background Worker Process');
    expect(worker.kind === 'process' && worker.properties.privilegeLevel).toBe('unprivileged');
    expect(byName(model.flows, 'Web Request').properties.encryptedInTransit).toBe('yes');
  });

  it('turns the legacy boundary links into lines and finds the flows crossing them', () => {
    const crossings = lines(model).map((line) => flowNames(model, line.crossingFlowIds));
    expect(crossings).toContainEqual(['Web Request', 'Web Response']);
    expect(lines(model)[0]!.points).toEqual([
      { x: 130, y: 232 },
      { x: 177, y: 149 },
      { x: 291, y: 150 },
    ]);
  });

  it('gives v1 threats (which have no IDs) stable keys and keeps their statuses', () => {
    expect(model.manualThreats).toHaveLength(14);
    expect(new Set(model.manualThreats.map((threat) => threat.key)).size).toBe(14);
    expect(importThreatDragon(V1_SAMPLE, 'again.json').model.manualThreats).toEqual(
      model.manualThreats,
    );
    expect(model.threats).toHaveLength(4);
  });
});

describe('importThreatDragon on hand-made v2 edge cases', () => {
  const result = importThreatDragon(V2_EDGES, 'edge-cases-v2.json');
  const { model, report } = result;
  const element = (name: string): Element => byName(model.elements, name);
  const flow = (name: string): Flow => byName(model.flows, name);

  it('imports two diagrams, each with its own items', () => {
    expect(model.diagrams.map((diagram) => diagram.name)).toEqual(['Boxes', 'Second diagram']);
    expect(element('Admin').diagramId).toBe(model.diagrams[1]!.id);
    expect(report.counts).toEqual({
      diagrams: 2,
      elements: 6,
      flows: 3,
      zones: 3,
      lines: 1,
      threats: 6,
    });
  });

  it('turns boundary boxes into zones, with membership and nesting from the geometry', () => {
    const zone = (name: string) => byName(model.boundaries, name);
    expect(element('Customer').zoneId).toBe('box-internet');
    expect(element('API').zoneId).toBe('box-corp');
    expect(element('Orders DB').zoneId).toBe('box-db');
    const dataTier = zone('Data tier');
    expect(dataTier.shape === 'zone' && dataTier.parentId).toBe('box-corp');
    expect(zone('Internet').boundaryKind).toBe('internet');
    expect(zone('Corporate network').boundaryKind).toBe('internal-network');
  });

  it('reports each flow it could not import, by name and why', () => {
    expect(unmappedFor(result, 'To nowhere')).toEqual([
      'data flow "To nowhere" skipped: its target "no-such-cell" is not a cell of the diagram',
    ]);
    expect(unmappedFor(result, 'Into a box')).toEqual([
      'data flow "Into a box" skipped: its target is a trust boundary, not an element',
    ]);
    expect(unmappedFor(result, 'Far loose end')).toEqual([
      'data flow "Far loose end" skipped: its source is a loose end, attached to no element',
    ]);
    expect(unmappedFor(result, 'Loop')).toEqual([
      'data flow "Loop" skipped: it connects an element to itself',
    ]);
    expect(unmappedFor(result, 'Across diagrams')).toEqual([
      'data flow "Across diagrams" skipped: its target "api" is on another diagram',
    ]);
    expect(unmappedFor(result, 'Lost threat')).toEqual([
      'data flow "To nowhere" was not imported, so neither is its threat',
    ]);
  });

  it('reports duplicate IDs, unknown shapes, text and unknown keys by name', () => {
    expect(unmappedFor(result, 'Copy of Orders DB')).toEqual([
      'store "Copy of Orders DB" skipped: its ID "db" is already used by store "Orders DB"',
    ]);
    expect(unmappedFor(result, 'Mystery shape')).toEqual([
      'unknown cell shape or type "cloud-blob": not imported',
    ]);
    expect(unmappedNames(result)).toContain('Remember the backups');
    expect(model.diagrams[0]!.description).toContain('Remember the backups');
    expect(unmappedFor(result, 'favouriteColour')).toHaveLength(1);
    expect(unmappedFor(result, 'providesAuthentication')).toHaveLength(1);
    expect(element('Customer').tags).toEqual(['provides-authentication']);
  });

  it('maps properties, out of scope, privilege and flows both ways', () => {
    const store = element('Orders DB');
    expect(store.kind === 'dataStore' && store.properties).toMatchObject({
      encryptedAtRest: 'yes',
      holdsCredentials: 'yes',
    });
    expect(store.tags).toEqual(['out-of-scope']);
    expect(store.description).toBe('Out of scope in Threat Dragon: Run by the platform team');
    const api = element('API');
    expect(api.kind === 'process' && api.properties.privilegeLevel).toBe('root');
    expect(api.tags).toEqual(['web-application']);
    const login = flow('Login');
    expect(login.bidirectional).toBe(true);
    expect(login.waypoints).toEqual([{ x: 300, y: 140 }]);
    expect(login.properties).toMatchObject({ protocol: 'HTTPS', encryptedInTransit: 'yes' });
  });

  it('names an unnamed element after its kind and places what has no position', () => {
    const unnamed = element('Process');
    // Below the lowest drawn shape (the "Corporate network" box ends at y = 400).
    expect(unnamed.position.y).toBeGreaterThan(400);
    expect(unmappedFor(result, 'nameless')).toEqual([
      'process "nameless" has no usable position (two numbers within ±10000000): placed on a grid',
    ]);
  });

  it('maps threat types, severities and statuses as documented', () => {
    const leaky = threatTitled(model, 'Leaky logs');
    expect(leaky.category).toBe('InformationDisclosure');
    expect([leaky.likelihood, leaky.impact]).toEqual([5, 5]);
    expect(leaky.description).toBe(
      [
        'Logs hold tokens.',
        'Mitigation in Threat Dragon: Scrub tokens.',
        'Threat Dragon type: Confidentiality (CIA).',
        'Score in Threat Dragon: 9.1.',
      ].join('\n\n'),
    );
    expect(leaky.source).toBe('Threat Dragon: threat #7 t-cia-1');
    const unaware = threatTitled(model, 'Users are unaware');
    expect(unaware.category).toBe('InformationDisclosure');
    expect([unaware.likelihood, unaware.impact]).toEqual([3, 3]);
    expect(threatTitled(model, 'Odd status').category).toBe('Tampering');
    expect(threatTitled(model, 'DB outage').category).toBe('DenialOfService');
    expect(threatTitled(model, 'Sessions linkable').category).toBe('InformationDisclosure');
    expect(unmappedFor(result, 'Leaky logs again')).toEqual([
      'process "API" lists this threat twice: imported once',
    ]);
    const statusOf = (title: string) =>
      model.threats.find((entry) => entry.threatId === threatTitled(model, title).id);
    expect(statusOf('Leaky logs')?.notes).toContain('with the status "NotApplicable"');
    expect(statusOf('Users are unaware')?.notes).toContain('with the status "Accepted"');
    expect(statusOf('Odd status')?.notes).toContain('which Gatehouse does not know');
    expect(statusOf('Interception')).toBeUndefined();
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'Unknown threat status "Wontfix" on threat "Odd status" on process "API": imported as investigating.',
        'Unknown severity "Extreme" on threat "Odd status" on process "API": imported as unrated (likelihood 3, impact 3).',
        'Threat type "Unawareness" has no STRIDE counterpart ("Users are unaware"): imported as InformationDisclosure, the type kept in the description.',
      ]),
    );
  });

  it('computes the crossing of a curve on the second diagram', () => {
    const [line] = lines(model);
    expect(line!.name).toBe('Admin boundary');
    expect(flowNames(model, line!.crossingFlowIds)).toEqual(['Manage']);
  });
});

describe('importThreatDragon on hand-made v1 edge cases', () => {
  const result = importThreatDragon(V1_EDGES, 'edge-cases-v1.json');
  const { model } = result;

  it('keeps a blank diagram and reads the legacy one', () => {
    expect(model.diagrams.map((diagram) => diagram.name)).toEqual(['Blank diagram', 'Legacy']);
    expect(model.elements.map((element) => element.name).sort()).toEqual([
      'Files',
      'Legacy User',
      'Server',
    ]);
    expect(model.flows.map((flow) => flow.name).sort()).toEqual(['Request', 'Write']);
  });

  it('reports what it cannot read, by name', () => {
    expect(unmappedFor(result, 'Half a flow')).toEqual([
      'data flow "Half a flow" skipped: its target is missing',
    ]);
    expect(unmappedFor(result, 'runs as a potato')).toEqual([
      'process "Server": privilege level not understood: left unknown',
    ]);
  });

  it('imports threats without IDs, with NA as investigating', () => {
    expect(model.manualThreats.map((threat) => threat.key).sort()).toEqual([
      'td-threat-1',
      'td-threat-2',
    ]);
    const crash = threatTitled(model, 'Crash');
    expect(model.threats).toEqual([
      expect.objectContaining({ threatId: crash.id, status: 'investigating' }),
    ]);
  });

  it('finds the flows crossing each legacy boundary', () => {
    expect(lines(model).map((line) => flowNames(model, line.crossingFlowIds))).toEqual([
      ['Request'],
      ['Write'],
    ]);
  });
});

describe('the mapping tables', () => {
  it('keeps each Threat Dragon severity in its band of the risk matrix', () => {
    for (const [severity, { likelihood, impact }] of SEVERITY_SCALE)
      expect(severityOf(likelihood * impact)).toBe(severity);
  });

  it('maps every STRIDE label Threat Dragon writes to its category', () => {
    const stride = [...THREAT_TYPE_TABLE.values()].filter((decision) => decision.exact);
    expect(stride.map((decision) => decision.category).sort()).toEqual([
      'DenialOfService',
      'ElevationOfPrivilege',
      'InformationDisclosure',
      'Repudiation',
      'Spoofing',
      'Tampering',
    ]);
  });
});

describe('THREAT_DRAGON_IMPORTER.detect', () => {
  const head = (text: string) => text.slice(0, 64 * 1024);

  it('claims Threat Dragon files of both versions', () => {
    for (const text of [V2_SAMPLE, V1_SAMPLE, V2_EDGES, V1_EDGES])
      expect(THREAT_DRAGON_IMPORTER.detect(head(text))).toBe(true);
    const empty = '{"summary":{"title":"New"},"detail":{"contributors":[],"diagrams":[]}}';
    expect(THREAT_DRAGON_IMPORTER.detect(empty)).toBe(true);
  });

  it('never claims another tool’s file', () => {
    for (const path of [
      '../../vendor/samples/otm/otm-0.2.0-EXAMPLE.json',
      '../../vendor/samples/otm/otm_file_example.v0.1.0.otm.json',
      '../../vendor/samples/threat-composer/ThreatComposer.tc.json',
      '../../vendor/samples/pytm/tm-input.json',
      '../../vendor/samples/threagile/threagile-stub.yaml',
      '../../examples/webshop.gatehouse.json',
    ])
      expect(THREAT_DRAGON_IMPORTER.detect(head(read(path))), path).toBe(false);
  });
});

describe('importThreatDragon on bad input', () => {
  it('refuses what is not a Threat Dragon model, naming the problem', () => {
    expect(importError('not json').message).toMatch(/^bad\.json: The file is not valid JSON/);
    expect(importError('[1, 2]').message).toContain('the file is not a JSON object');
    expect(importError('{"summary": {}}').message).toContain('"detail" is missing');
    expect(importError('{"detail": {"diagrams": {}}}').message).toContain(
      '"detail.diagrams" is missing or not a list',
    );
    expect(importError('').message).toContain('the file is empty');
  });

  it('refuses a truncated file', () => {
    expect(importError(V2_SAMPLE.slice(0, V2_SAMPLE.length / 2)).message).toContain(
      'not valid JSON',
    );
  });

  it('refuses UTF-16 text and warns about undecodable characters', () => {
    const utf16 = [...'{"detail":{}}'].map((character) => `${character}\u0000`).join('');
    expect(importError(utf16).message).toContain('saved as UTF-16?');
    const garbled = importThreatDragon(V1_EDGES.replace('Server', 'Serv\ufffdr'), 'garbled.json');
    expect(garbled.report.warnings[0]).toContain('replacement characters (U+FFFD)');
  });

  it('refuses an oversized file before parsing it', () => {
    const huge = ' '.repeat(THREAT_DRAGON_LIMITS.maxBytes + 1);
    expect(importError(huge).message).toContain('the file is too large');
  });

  it('drops and reports keys that could reach object internals', () => {
    const polluted = V1_EDGES.replace(
      '"title": "Legacy edge cases"',
      '"title": "Legacy edge cases", "__proto__": {"polluted": true}',
    );
    const result = importThreatDragon(polluted, 'polluted.json');
    expect(result.report.unmapped).toContainEqual({
      path: '$.summary.__proto__',
      name: '__proto__',
      reason: 'key ignored: it could reach JavaScript object internals',
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('importThreatDragon under fuzzing (mutations of both samples)', () => {
  /** A model, or an `InputError` naming the problem; anything else is a bug. */
  function importsOrExplains(text: string): void {
    try {
      const { model, report } = importThreatDragon(text, 'fuzzed.json');
      expect(report.counts.elements).toBe(model.elements.length);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.message).toMatch(/^fuzzed\.json: \S/);
    }
  }

  for (const [name, sample] of [
    ['v2', V2_SAMPLE],
    ['v1', V1_SAMPLE],
  ] as const) {
    const tree = JSON.parse(sample) as Json;
    const telling: Json[] = [
      'tm.Actor',
      'tm.Flow',
      'tm.BoundaryBox',
      'trust-boundary-box',
      '0d9909ea-1398-4898-be81-cf1c808324dc',
      'Mitigated',
      'NotApplicable',
      'Linkability',
      { x: 1e9, y: 0 },
      { cell: 'b394f9f7-07ca-42bc-b616-ad77c6fbfcce' },
    ];

    it(`survives tree mutations of the ${name} sample`, () => {
      fc.assert(
        fc.property(treeMutations(telling), (mutations) => {
          const mutated = mutations.reduce(mutateTree, tree);
          importsOrExplains(JSON.stringify(mutated));
        }),
        { numRuns: 150 },
      );
    });

    it(`survives text edits of the ${name} sample`, () => {
      fc.assert(
        fc.property(textEdits, (edits) => importsOrExplains(applyTextEdits(sample, edits))),
        { numRuns: 150 },
      );
    });
  }
});
