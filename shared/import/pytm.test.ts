import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors';
import type { Model } from '../model/schema';
import { OTM_IMPORTER } from './otm';
import { PYTM_IMPORTER, importPytm } from './pytm';
import { assertSurvivesDamage, importErrorOf, type Json } from './safeYaml.fuzzing';
import { THREAGILE_IMPORTER } from './threagile';
import { THREAT_COMPOSER_IMPORTER } from './threatComposer';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const SAMPLE = read('../../vendor/samples/pytm/tm-input.json');
const EDGE = read('./fixtures/pytm/output-style.json');

const importError = (text: string, fileName = 'bad.json'): InputError =>
  importErrorOf(importPytm, text, fileName);

/** Every element lies inside its zone's box, and every zone inside its parent's. */
function expectDrawnInsideZones(model: Model): void {
  const zones = new Map(
    model.boundaries.flatMap((boundary) =>
      boundary.shape === 'zone' ? [[boundary.id, boundary]] : [],
    ),
  );
  const inside = (
    box: { position: { x: number; y: number }; size?: { width: number; height: number } },
    zoneId: string | null,
  ) => {
    const zone = zoneId === null ? undefined : zones.get(zoneId);
    if (zone === undefined) return;
    const size = box.size ?? { width: 0, height: 0 };
    expect(box.position.x).toBeGreaterThanOrEqual(zone.position.x);
    expect(box.position.y).toBeGreaterThanOrEqual(zone.position.y);
    expect(box.position.x + size.width).toBeLessThanOrEqual(zone.position.x + zone.size.width);
    expect(box.position.y + size.height).toBeLessThanOrEqual(zone.position.y + zone.size.height);
  };
  for (const element of model.elements) inside(element, element.zoneId);
  for (const zone of zones.values()) inside(zone, zone.parentId);
}

describe('importPytm on the pytm sample (tests/input.json)', () => {
  const source = JSON.parse(SAMPLE) as {
    name: string;
    boundaries: unknown[];
    elements: { name: string; __class__: string }[];
    flows: unknown[];
  };
  const { model, report } = importPytm(SAMPLE, 'tm-input.json');

  it('counts match the source', () => {
    expect(report.counts.elements).toBe(source.elements.length);
    expect(report.counts.flows).toBe(source.flows.length);
    expect(report.counts.zones).toBe(source.boundaries.length);
    expect(report.counts.threats).toBe(0);
    expect(model.name).toBe(source.name);
  });

  it('maps classes, boundaries and the data a flow carries', () => {
    const kind = (name: string) => model.elements.find((element) => element.name === name)!;
    expect(kind('User')).toMatchObject({ kind: 'externalEntity', zoneId: 'Internet' });
    expect(kind('User').properties).toMatchObject({ entityKind: 'human' });
    expect(kind('Web Server')).toMatchObject({ kind: 'process', zoneId: null });
    expect(kind('SQL Database')).toMatchObject({ kind: 'dataStore', zoneId: 'Server-DB' });
    const request = model.flows.find((flow) => flow.name === 'Request')!;
    expect(request).toMatchObject({ sourceId: 'User', targetId: 'Web-Server', description: 'bbb' });
    expect(request.properties.dataClassification).toBe('restricted');
    expect(model.boundaries.find((zone) => zone.name === 'Internet')!.boundaryKind).toBe(
      'internet',
    );
    expectDrawnInsideZones(model);
  });

  it('names the data item and the run options as not imported', () => {
    const names = report.unmapped.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['Password', 'isOrdered', 'onDuplicates']));
  });
});

describe('importPytm on --json style output with edge cases', () => {
  const { model, report } = importPytm(EDGE, 'output-style.json');
  const element = (name: string) => model.elements.find((each) => each.name === name)!;
  const flow = (name: string) => model.flows.find((each) => each.name === name);
  const reasons = (name: string) =>
    report.unmapped.filter((entry) => entry.name === name).map((entry) => entry.reason);

  it('reads controls objects and top-level attributes', () => {
    expect(element('Web Server').properties).toMatchObject({
      authenticatesCallers: 'yes',
      technology: 'Server',
    });
    expect(element('Orders DB').properties).toMatchObject({
      encryptedAtRest: 'yes',
      holdsPii: 'yes',
    });
    expect(flow('Checkout')!.properties).toMatchObject({
      protocol: 'HTTPS',
      encryptedInTransit: 'yes',
      dataClassification: 'restricted',
      carriesCredentials: 'yes',
    });
  });

  it('nests boundaries, breaks loops and places dangling references at the top', () => {
    const zone = (name: string) => model.boundaries.find((each) => each.name === name)!;
    expect(zone('Private subnet')).toMatchObject({ parentId: zone('Cloud VPC').id });
    expect(zone('Cloud VPC').boundaryKind).toBe('cloud-account');
    expect(report.warnings.join('\n')).toContain('"Loop A" → "Loop B"');
    expect(element('Web Server').zoneId).toBe(zone('Private subnet').id);
    expect(element('Worker').zoneId).toBeNull();
    expect(reasons('Nowhere')[0]).toContain('names no boundary');
    expectDrawnInsideZones(model);
  });

  it('skips duplicate names, nameless entries and dangling or looping flows, by name', () => {
    expect(model.elements.filter((each) => each.name === 'Customer')).toHaveLength(1);
    expect(reasons('Customer')[0]).toContain('a second element with this name');
    expect(reasons('element 7')[0]).toContain('without a name');
    expect(reasons('To nowhere')[0]).toContain('"Ghost" is not an element');
    expect(reasons('Self')[0]).toContain('connects an element to itself');
    expect(flow('By id')).toMatchObject({ targetId: 'Orders-DB' });
    expect(model.flows).toHaveLength(3);
  });

  it('names attributes, findings, classes and data it could not map', () => {
    expect(reasons('isHardened')[0]).toContain('no Gatehouse property');
    expect(reasons('OS')[0]).toContain('"Ubuntu"');
    expect(reasons('isAdmin')).toHaveLength(1);
    expect(reasons('sanitizesInput')).toEqual([]);
    expect(reasons('usesVPN')).toHaveLength(1);
    expect(reasons('INP02')[0]).toContain('pytm finding not imported');
    expect(reasons('Unknown data')[0]).toContain('not a data item');
    expect(reasons('threatsFile')).toHaveLength(1);
    expect(report.warnings.join('\n')).toContain('no element class "Mainframe"');
    expect(report.mappings.map((entry) => entry.source)).toContain('"actors" and "assets"');
    expect(model.description).toContain('- TLS everywhere: Terminated at the edge');
  });
});

describe('importPytm on bad input', () => {
  it.each([
    ['', 'the file is empty'],
    ['<?xml version="1.0"?>', 'looks like XML'],
    ['{"name": "x", "elements": [', 'not valid JSON'],
    ['name: x\nelements: []', 'not valid JSON'],
    ['{"name": "x"}', 'not a pytm model'],
    ['{"elements": {"a": 1}}', '"elements" is not a list'],
  ])('refuses %j with a message naming the problem', (text, message) => {
    expect(importError(text).message).toContain(message);
  });

  it('refuses more values than the limit before parsing', () => {
    expect(importError(`{"elements":[${'0,'.repeat(2_000_001)}0]}`).message).toContain(
      'more than 2000000 values',
    );
  });
});

describe('PYTM_IMPORTER.detect', () => {
  it('claims pytm input and output, and no other importer does', () => {
    for (const text of [SAMPLE, EDGE]) {
      expect(PYTM_IMPORTER.detect(text)).toBe(true);
      for (const other of [OTM_IMPORTER, THREAT_COMPOSER_IMPORTER, THREAGILE_IMPORTER])
        expect(other.detect(text), other.format).toBe(false);
    }
  });
  it.each([
    '../../vendor/samples/otm/otm-0.2.0-EXAMPLE.json',
    '../../vendor/samples/otm/otm_file_example.v0.1.0.otm.json',
    '../../vendor/samples/threat-composer/ThreatComposer.tc.json',
    '../../vendor/samples/threat-dragon/v2-threat-model.json',
    '../../vendor/samples/threat-dragon/v1-demo-threat-model.json',
    '../../vendor/samples/threagile/threagile-stub.yaml',
  ])('does not claim %s', (path) => {
    expect(PYTM_IMPORTER.detect(read(path).slice(0, 64 * 1024))).toBe(false);
  });
});

describe('importPytm: random damage gives a model or an InputError', () => {
  function expectModelOrInputError(text: string): void {
    try {
      const { model } = importPytm(text, 'damaged.json');
      expectDrawnInsideZones(model);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.message).toMatch(/^damaged\.json: /);
    }
  }
  const tree = JSON.parse(EDGE) as Json;
  const telling: Json[] = [
    'Customer',
    'Web Server',
    'Orders DB',
    'Internet',
    'Cloud VPC',
    'Card',
    'Datastore',
    'Boundary',
  ];

  it('survives random edits of the tree and of the text', () => {
    assertSurvivesDamage({ tree, text: EDGE, telling }, (text) => expectModelOrInputError(text));
  });
});
