import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../model/errors';
import { OTM_IMPORTER } from './otm';
import { PYTM_IMPORTER } from './pytm';
import { assertSurvivesDamage, importErrorOf, type Json } from './safeYaml.fuzzing';
import { THREAGILE_IMPORTER, importThreagile } from './threagile';
import { THREAT_COMPOSER_IMPORTER } from './threatComposer';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const SAMPLE = read('../../vendor/samples/threagile/threagile-stub.yaml');
const EDGE = read('./fixtures/threagile/edge-cases.yaml');

const importError = (text: string, fileName = 'bad.yaml'): InputError =>
  importErrorOf(importThreagile, text, fileName);

describe('importThreagile on the Threagile stub model', () => {
  const source = parseYaml(SAMPLE) as {
    title: string;
    technical_assets: Record<string, { communication_links: Record<string, unknown> | null }>;
    trust_boundaries: Record<string, unknown>;
    individual_risk_categories: Record<string, { risks_identified: Record<string, unknown> }>;
  };
  const { model, report } = importThreagile(SAMPLE, 'threagile.yaml');
  const unmappedNames = report.unmapped.map((entry) => entry.name);

  it('counts match the source', () => {
    const assets = Object.values(source.technical_assets);
    expect(report.counts.elements).toBe(assets.length);
    expect(report.counts.flows).toBe(
      assets.reduce((sum, asset) => sum + Object.keys(asset.communication_links ?? {}).length, 0),
    );
    expect(report.counts.zones).toBe(Object.keys(source.trust_boundaries).length);
    expect(report.counts.threats).toBe(
      Object.values(source.individual_risk_categories).reduce(
        (sum, category) => sum + Object.keys(category.risks_identified).length,
        0,
      ),
    );
    expect(model.name).toBe(source.title);
  });

  it('maps assets, links, boundaries and the individual risk', () => {
    expect(model.elements.find((each) => each.id === 'some-component')).toMatchObject({
      kind: 'process',
      zoneId: 'some-network',
      properties: { technology: 'web-service-rest', internetFacing: 'no' },
    });
    expect(model.flows[0]).toMatchObject({
      sourceId: 'some-component',
      targetId: 'some-other-component',
      properties: {
        protocol: 'https',
        encryptedInTransit: 'yes',
        authenticated: 'no',
        dataClassification: 'confidential',
      },
    });
    expect(model.boundaries[0]).toMatchObject({ boundaryKind: 'internal-network' });
    expect(model.manualThreats[0]).toMatchObject({
      category: 'Repudiation',
      title: 'Example Individual Risk at Some Technical Asset',
      targets: [{ role: 'element', id: 'some-component' }],
      cwe: [693],
    });
  });

  it('names asset fields, data assets, runtimes and other sections it cannot map', () => {
    const assetField = (field: string) =>
      report.unmapped.find(
        (entry) =>
          entry.name === field &&
          entry.path.startsWith('$.technical_assets["Some Technical Asset"]'),
      );
    for (const field of [
      'owner',
      'machine',
      'confidentiality',
      'integrity',
      'availability',
      'size',
    ])
      expect(assetField(field), field).toBeDefined();
    expect(unmappedNames).toEqual(
      expect.arrayContaining([
        'Some Data Asset',
        'Some Shared Runtime',
        'Some Abuse Case',
        'Some Security Requirement',
        'Some question with an answer?',
        'business_criticality',
        'authorization',
      ]),
    );
  });
});

describe('importThreagile on hand-made edge cases', () => {
  const { model, report } = importThreagile(EDGE, 'edge-cases.yaml');
  const element = (id: string) => model.elements.find((each) => each.id === id)!;
  const reasons = (name: string) =>
    report.unmapped.filter((entry) => entry.name === name).map((entry) => entry.reason);
  const threat = (title: string) => model.manualThreats.find((each) => each.title === title)!;

  it('maps kinds and properties by asset type', () => {
    expect(element('browser')).toMatchObject({
      kind: 'externalEntity',
      properties: { entityKind: 'human' },
    });
    expect(element('db')).toMatchObject({
      kind: 'dataStore',
      properties: { encryptedAtRest: 'yes' },
      tags: ['out-of-scope'],
    });
    expect(element('db').description).toContain('Managed by the DBA team');
    expect(element('api').description).toContain(
      'Data assets processed (Threagile): Card Data, ghost-data.',
    );
    expect(reasons('technology')[0]).toContain('only processes have a technology');
    expect(reasons('internet')[0]).toContain('only processes have an internet-facing');
    expect(reasons('ghost-data')[0]).toContain('names no data asset');
  });

  it('imports the first of two assets with one ID and skips links to nowhere', () => {
    expect(model.elements).toHaveLength(3);
    expect(reasons('Copy Of API')[0]).toContain('used twice');
    expect(reasons('Broken Link')[0]).toContain('"no-such-asset" is no technical asset');
    const checkout = model.flows.find((flow) => flow.name === 'Checkout Request')!;
    expect(checkout.properties).toMatchObject({
      authenticated: 'yes',
      carriesCredentials: 'yes',
      dataClassification: 'restricted',
    });
    expect(reasons('vpn')).toHaveLength(1);
    expect(model.flows.find((flow) => flow.name === 'Write')!.properties).toMatchObject({
      encryptedInTransit: 'no',
      dataClassification: 'internal',
    });
  });

  it('nests boundaries and keeps an asset in the first boundary that lists it', () => {
    const zone = (id: string) => model.boundaries.find((each) => each.id === id)!;
    expect(zone('vpc')).toMatchObject({ parentId: 'cloud', boundaryKind: 'cloud-account' });
    expect(element('api').zoneId).toBe('cloud');
    expect(element('db').zoneId).toBe('vpc');
    expect(reasons('api')[0]).toContain('already inside another trust boundary');
    expect(reasons('nowhere')[0]).toContain('names no technical asset');
    expect(zone('odd').boundaryKind).toBe('unknown');
    // Threagile keeps asset and boundary IDs apart; Gatehouse has one namespace.
    expect(model.boundaries.find((each) => each.name === 'Database Zone')!.id).toBe('db-2');
    expect(element('db').kind).toBe('dataStore');
    expect(report.warnings.join('\n')).toContain('"quantum-tunnel"');
  });

  it('imports individual risks on their link or asset, with likelihood and impact', () => {
    const replay = threat('Card Replay at Checkout Request');
    const checkout = model.flows.find((flow) => flow.name === 'Checkout Request')!;
    expect(replay).toMatchObject({
      category: 'Spoofing',
      targets: [{ role: 'flow', id: checkout.id }],
      likelihood: 4,
      impact: 4,
      cwe: [294],
    });
    expect(threat('Card Replay at API')).toMatchObject({
      targets: [{ role: 'element', id: 'api' }],
      likelihood: 5,
      impact: 5,
    });
    expect(threat('Nobody logs')).toMatchObject({ targets: [], category: 'Repudiation' });
    expect(report.counts.threats).toBe(3);
  });

  it('applies risk tracking (wildcards included) with the state policy', () => {
    const triage = (title: string) =>
      model.threats.find((entry) => entry.threatId === threat(title).id);
    expect(triage('Card Replay at Checkout Request')).toMatchObject({
      status: 'investigating',
      trackerLinks: [{ key: 'PAY-12' }],
    });
    expect(triage('Card Replay at Checkout Request')!.notes).toContain('"accepted"');
    expect(triage('Card Replay at Checkout Request')!.notes).toContain('checked by: Jane');
    expect(triage('Card Replay at API')!.status).toBe('open');
    expect(triage('Nobody logs')).toBeUndefined();
    expect(reasons('unencrypted-asset@db')[0]).toContain("Threagile's own rules");
  });

  it('names abuse cases and data assets', () => {
    expect(reasons('Card testing')).toHaveLength(1);
    expect(reasons('Card Data')[0]).toContain('strictly-confidential → restricted');
    expect(reasons('Kubernetes Cluster')[0]).toContain('shared runtime');
  });
});

describe('importThreagile on bad input', () => {
  it.each([
    ['', 'the file is empty'],
    ['<model/>', 'looks like XML'],
    ['title: x\ntechnical_assets: {}\n', '"threagile_version" is missing'],
    ['threagile_version: 1.0.0\ntechnical_assets: [1, 2]\n', '"technical_assets" is not a map'],
    ['threagile_version: 1.0.0\ntitle: "unclosed\n', 'not valid YAML'],
    ['threagile_version: 1.0.0\ntitle: a\ntitle: b\n', 'Map keys must be unique'],
    ['threagile_version: 1.0.0\nx: &a [1]\ny: *a\n', 'YAML alias "*a"'],
  ])('refuses %j with a message naming the problem', (text, message) => {
    expect(importError(text).message).toContain(message);
  });

  it('reads language tags as plain text, never decoding or constructing anything', () => {
    const { model, report } = importThreagile(
      'threagile_version: 1.0.0\nx: !!binary aGVsbG8=\ny: !!python/object:os.system ls\n',
      'tags.yaml',
    );
    expect(report.unmapped.map((entry) => entry.name)).toEqual(expect.arrayContaining(['x', 'y']));
    expect(JSON.stringify(model)).not.toContain('hello');
  });

  it('does not merge keys (YAML 1.1 merge keys are read as plain keys)', () => {
    const text = 'threagile_version: 1.0.0\nbase: {a: 1}\nmerged:\n  <<: {b: 2}\n';
    const { report } = importThreagile(text, 'merge.yaml');
    expect(report.unmapped.map((entry) => entry.name)).toContain('merged');
  });

  it('refuses nesting deeper than the limit', () => {
    const text = `threagile_version: 1.0.0\nx: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    expect(importError(text).message).toContain('nested too deeply');
  });
});

describe('THREAGILE_IMPORTER.detect', () => {
  it('claims Threagile models, and no other importer does', () => {
    for (const text of [SAMPLE, EDGE]) {
      expect(THREAGILE_IMPORTER.detect(text)).toBe(true);
      for (const other of [OTM_IMPORTER, THREAT_COMPOSER_IMPORTER, PYTM_IMPORTER])
        expect(other.detect(text), other.format).toBe(false);
    }
  });
  it.each([
    '../../vendor/samples/otm/otm-0.2.0-EXAMPLE.yaml',
    '../../vendor/samples/otm/otm-0.2.0-EXAMPLE.json',
    '../../vendor/samples/pytm/tm-input.json',
    '../../vendor/samples/threat-composer/ThreatComposer.tc.json',
  ])('does not claim %s', (path) => {
    expect(THREAGILE_IMPORTER.detect(read(path).slice(0, 64 * 1024))).toBe(false);
  });
});

describe('importThreagile: random damage gives a model or an InputError', () => {
  function expectModelOrInputError(text: string, fileName = 'damaged.yaml'): void {
    try {
      const { model, report } = importThreagile(text, fileName);
      expect(report.counts.elements).toBe(model.elements.length);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.message.startsWith(`${fileName}: `)).toBe(true);
    }
  }
  const tree = parseYaml(EDGE) as Json;
  const telling: Json[] = [
    'api',
    'db',
    'browser',
    'cloud',
    'vpc',
    'card-data',
    'card-replay@*',
    'datastore',
    'accepted',
  ];

  it('survives random edits of the tree and of the text', () => {
    assertSurvivesDamage({ tree, text: EDGE, telling }, (text) => expectModelOrInputError(text));
  });
});
