import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalOrder, serializeModel } from '../model/canonical';
import { InputError } from '../model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../model/ids';
import { parseModel } from '../model/parseModel';
import type { Element, Flow, LineBoundary, Model, Zone } from '../model/schema';
import { loadRulePacks } from '../rules/loadPacks';
import type { ImportResult } from './importReport';
import { reconcileImportedThreats } from './reconcileImportedThreats';
import { TM7_IMPORTER, importTm7 } from './tm7';
import { decodeEntities, readXml } from './tm7Xml';

const read = (relative: string): string => readFileSync(new URL(relative, import.meta.url), 'utf8');

const NESTED = read('../../vendor/samples/tm7/startleft_MTMT_nested_tz.tm7');
const PRETTY = read('../../vendor/samples/tm7/threatmodel-sdk_mstam2016.tm7');
const CUSTOM = read('./fixtures/tm7/custom-template.tm7');

/** The error `importTm7` throws; fails the test when it throws nothing or something else. */
function importError(text: string, fileName = 'model.tm7'): InputError {
  try {
    importTm7(text, fileName);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but the import succeeded');
}

function byName<T extends { name: string }>(list: readonly T[], name: string): T {
  const found = list.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`nothing named ${name}`);
  return found;
}

const element = (model: Model, name: string): Element => byName(model.elements, name);
const flow = (model: Model, name: string): Flow => byName(model.flows, name);
function zone(model: Model, name: string): Zone {
  const found = byName(model.boundaries, name);
  if (found.shape !== 'zone') throw new Error(`${name} is not a zone`);
  return found;
}
function line(model: Model, name: string): LineBoundary {
  const found = byName(model.boundaries, name);
  if (found.shape !== 'line') throw new Error(`${name} is not a line`);
  return found;
}

/** Shapes of a generic type in the raw file, counted without the importer. */
function countGeneric(text: string, generic: string): number {
  return [...text.matchAll(/<GenericTypeId[^>]*>\s*([^<\s]+)\s*</g)].filter(
    (match) => match[1] === generic,
  ).length;
}

function unmappedNames(result: ImportResult): string[] {
  return result.report.unmapped.map((entry) => entry.name);
}

describe('the startleft sample (SDL template, nested border boundaries, a line boundary)', () => {
  const result = importTm7(NESTED, 'MTMT_nested_tz.tm7');
  const { model, report } = result;

  it('brings across as many shapes and threats as the file holds', () => {
    const elements = ['GE.P', 'GE.DS', 'GE.EI'].reduce(
      (sum, g) => sum + countGeneric(NESTED, g),
      0,
    );
    expect(model.elements).toHaveLength(elements);
    expect(report.counts).toEqual({
      diagrams: 1,
      elements: 4,
      flows: 2,
      zones: countGeneric(NESTED, 'GE.TB.B'),
      lines: countGeneric(NESTED, 'GE.TB.L'),
      threats: 16,
    });
    expect(NESTED.match(/<b:State>/g)).toHaveLength(16);
    // The file's third connector is attached to nothing at its source: reported by name.
    expect(countGeneric(NESTED, 'GE.DF')).toBe(3);
    expect(report.unmapped).toContainEqual(
      expect.objectContaining({
        name: 'Production data',
        reason: 'data flow "Production data" skipped: its source is connected to nothing',
      }),
    );
  });

  it('maps stencils through the knowledge base', () => {
    expect(element(model, 'Customer web client').kind).toBe('process');
    expect(element(model, 'Sandbox Mongo').kind).toBe('dataStore');
    expect(report.mappings).toContainEqual({
      source: 'stencil "Non Relational Database" (SE.DS.TMCore.NoSQL)',
      result: 'data store (through the knowledge base: GE.DS)',
    });
  });

  it('nests the border boundaries and places elements in the innermost one', () => {
    const outer = zone(model, 'Generic Trust Border Boundary');
    const sandbox = zone(model, 'Sandbox environment');
    expect(outer.parentId).toBeNull();
    expect(sandbox.parentId).toBe(outer.id);
    expect(sandbox.boundaryKind).toBe('container');
    expect(element(model, 'Sandbox Mongo').zoneId).toBe(sandbox.id);
    expect(element(model, 'Main Application').zoneId).toBe(outer.id);
    expect(element(model, 'Customer web client').zoneId).toBeNull();
    expect(sandbox.position).toEqual({ x: 131, y: 121 });
    expect(sandbox.size).toEqual({ width: 174, height: 168 });
  });

  it('computes the flows crossing the line boundary from the drawing', () => {
    const internet = line(model, 'Internet Boundary');
    expect(internet.boundaryKind).toBe('internet');
    expect(internet.crossingFlowIds).toEqual([flow(model, 'HTTPS').id]);
    expect(internet.points).toEqual([
      { x: 723, y: 125 },
      { x: 661, y: 318 },
      { x: 731, y: 487 },
    ]);
  });

  it('imports every threat open, on its interaction, with its category', () => {
    expect(model.threats).toEqual([]);
    const https = flow(model, 'HTTPS');
    const spoofing = model.manualThreats.find(
      (t) => t.title === 'Spoofing the Customer web client Process',
    );
    expect(spoofing).toMatchObject({
      key: 'S1',
      category: 'Spoofing',
      likelihood: 4,
      impact: 4,
      mitigationIds: ['M-USER-AUTHENTICATION'],
      targets: [
        { role: 'source', id: https.sourceId },
        { role: 'flow', id: https.id },
        { role: 'target', id: https.targetId },
      ],
    });
    expect(spoofing!.id).toBe(threatIdFor(MANUAL_PACK_ID, 'S1', spoofing!.targets));
    const categories = model.manualThreats.map((t) => t.category).sort();
    const fromFile = [...NESTED.matchAll(/<a:Key>UserThreatCategory<\/a:Key><a:Value>([^<]*)</g)]
      .map((match) => match[1]!.replace(/ /g, ''))
      .sort();
    expect(categories).toEqual(fromFile);
  });

  it('keeps every threat through the registry step that meets the rules', () => {
    const reconciled = reconcileImportedThreats(result, loadRulePacks().compiled).model;
    const manual = new Set(reconciled.manualThreats.map((t) => t.id));
    const triageOfGenerated = reconciled.threats.filter((t) => !manual.has(t.threatId));
    expect(reconciled.manualThreats.length + triageOfGenerated.length).toBe(16);
  });

  it('produces a model that saves and opens again', () => {
    expect(parseModel(serializeModel(model)).model).toEqual(canonicalOrder(model));
  });
});

describe('the threatmodel-sdk sample (pretty-printed, decided states)', () => {
  const { model, report } = importTm7(PRETTY, 'mstam2016.tm7');

  it('counts match the file', () => {
    expect(report.counts).toEqual({
      diagrams: 1,
      elements: 3,
      flows: countGeneric(PRETTY, 'GE.DF'),
      zones: 0,
      lines: 1,
      threats: 13,
    });
  });

  it('trims text and undoes the pretty-printer’s wrapping', () => {
    expect(line(model, 'Internet Boundary').name).toBe('Internet Boundary');
    for (const record of [...model.elements, ...model.flows, ...model.boundaries])
      expect(record.name).toBe(record.name.replace(/\s+/g, ' ').trim());
    const tampered = model.manualThreats.find((t) => t.key === 'T2')!;
    expect(tampered.title).toBe('Browser Client Process Memory Tampered');
    expect(tampered.description).toMatch(/^If Browser Client is given access to memory/);
    expect(tampered.description).not.toMatch(/\n|\s{2}/);
  });

  it('brings Mitigated and NotApplicable in as investigating, with the state and justification', () => {
    const states = [...PRETTY.matchAll(/<b:State>([^<]*)</g)].map((match) => match[1]);
    const decided = states.filter((state) => state === 'Mitigated' || state === 'NotApplicable');
    expect(decided).toHaveLength(3);
    expect(model.threats).toHaveLength(3);
    expect(model.threats.every((t) => t.status === 'investigating')).toBe(true);
    const mitigated = model.threats.find((t) => t.notes.includes('"Mitigated"'))!;
    expect(mitigated.notes).toContain(
      'Its justification there: Data cannot be tampered with. We will use magic beans to prevent tampering.',
    );
    expect(model.threats.filter((t) => t.notes.includes('"NotApplicable"'))).toHaveLength(2);
    // NeedsInvestigation stays open: it has a manual threat and no triage.
    const investigate = model.manualThreats.find((t) => t.key === 'S7.1')!;
    expect(model.threats.some((t) => t.threatId === investigate.id)).toBe(false);
  });
});

describe('a custom template with GUID type IDs (hand-made fixture)', () => {
  const result = importTm7(CUSTOM, 'custom-template.tm7');
  const { model, report } = result;

  it('maps GUID stencil types through a chain of knowledge-base parents', () => {
    expect(element(model, 'Orders API').kind).toBe('process');
    expect(element(model, 'Customer').kind).toBe('externalEntity');
    expect(report.mappings).toContainEqual({
      source: 'stencil "Orders Web App" (c0570000-0000-4000-8000-000000000001)',
      result: 'process (through the knowledge base: GE.P)',
    });
  });

  it('makes one diagram per drawing surface and keeps shapes on theirs', () => {
    expect(model.diagrams.map((d) => d.name)).toEqual(['Cloud', 'Back office']);
    const batch = element(model, 'Batch job');
    expect(batch.diagramId).toBe(model.diagrams[1]!.id);
    // It had no position: placed below the drawing, and the report says so.
    expect(batch.position.y).toBeGreaterThan(30);
    expect(report.warnings).toContain(
      '1 shape on diagram "Back office" had no usable position or size: placed in a row below the drawing.',
    );
    expect(report.unmapped).toContainEqual(
      expect.objectContaining({
        name: 'Nightly sync',
        reason: `data flow "Nightly sync" skipped: its target "${element(model, 'Orders API').id}" is on another diagram`,
      }),
    );
  });

  it('decodes entities, maps properties, and leaves TMT defaults unknown', () => {
    expect(model.name).toBe('Orders & Payments');
    expect(model.description).toBe(
      'Order handling.\n\nOwner: Team Orders\n\nNotes:\n- Review in Q3',
    );
    expect(zone(model, 'Subscription & VNet').boundaryKind).toBe('cloud-account');
    expect(element(model, 'Orders API').properties).toMatchObject({ privilegeLevel: 'elevated' });
    expect(element(model, 'Orders DB').properties).toMatchObject({
      encryptedAtRest: 'yes',
      // "No" at the head of the list is TMT's default, not a statement.
      holdsCredentials: 'unknown',
    });
    expect(element(model, 'Customer').properties).toMatchObject({ entityKind: 'human' });
    expect(flow(model, 'Place order').properties).toMatchObject({
      protocol: 'HTTPS',
      encryptedInTransit: 'yes',
      authenticated: 'yes',
    });
    expect(flow(model, 'Write order').properties.protocol).toBe('');
  });

  it('names TMT properties and threat fields without a counterpart in the report', () => {
    const names = unmappedNames(result);
    expect(names).toContain('Azure Web App Firewall: On');
    expect(names).toContain('Store Type: SQL Relational Database');
    expect(names).toContain('SDL Phase');
    expect(names).toContain('Remember TLS');
    expect(names).not.toContain(expect.stringMatching(/^Sanitizes Input/));
    expect(element(model, 'Orders API').description).toContain('- Azure Web App Firewall: On');
    const customer = element(model, 'Customer');
    expect(customer.tags).toEqual(['out-of-scope']);
    expect(customer.description).toContain('- Out of scope: Owned by marketing');
  });

  it('nests zones, fills them, and finds the crossing flow', () => {
    const outer = zone(model, 'Subscription & VNet');
    const inner = zone(model, 'Private subnet');
    expect(inner.parentId).toBe(outer.id);
    expect(inner.boundaryKind).toBe('internal-network');
    expect(element(model, 'Orders API').zoneId).toBe(inner.id);
    expect(element(model, 'Customer').zoneId).toBeNull();
    expect(line(model, 'Internet Boundary').crossingFlowIds).toEqual([
      flow(model, 'Place order').id,
    ]);
    expect(flow(model, 'Place order').waypoints).toEqual([{ x: 250, y: 420 }]);
    // A handle on the straight line bends nothing.
    expect(flow(model, 'Write order').waypoints).toEqual([]);
  });

  it('reports a dangling connector by name and drops its threats with a reason', () => {
    expect(report.unmapped).toContainEqual(
      expect.objectContaining({
        name: 'Audit feed',
        reason:
          'data flow "Audit feed" skipped: its target "deadbeef-0000-4000-8000-000000000000" is not a process, data store or external interactor in the file',
      }),
    );
    expect(unmappedNames(result)).toContain('Audit feed interrupted');
  });

  it('imports threats with priority, category and state policy', () => {
    const titles = model.manualThreats.map((t) => t.title).sort();
    expect(titles).toEqual([
      'Abuse of Orders API via Place order',
      'Orders DB denies writes',
      'SQL injection on Orders DB',
      'Spoofing of Customer',
    ]);
    const injection = byTitle(model, 'SQL injection on Orders DB');
    expect(injection).toMatchObject({ category: 'Tampering', likelihood: 2, impact: 2 });
    expect(injection.description).toBe(
      'Queries are built from <input> & may be injected.\n\nPossible mitigations: Use parameterised queries.',
    );
    expect(byTitle(model, 'Spoofing of Customer')).toMatchObject({ likelihood: 3, impact: 3 });
    const abuse = byTitle(model, 'Abuse of Orders API via Place order');
    expect(abuse.category).toBe('InformationDisclosure');
    expect(abuse.description).toBe('Category in the Threat Modeling Tool: Abuse.');
    const unknownState = model.threats.find(
      (t) => t.threatId === byTitle(model, 'Orders DB denies writes').id,
    );
    expect(unknownState?.notes).toMatch(/"Reviewed", which Gatehouse does not know/);
    expect(report.warnings).toContain(
      'The threat "Orders DB denies writes" on flow "Write order" has the priority "Urgent", which is not High, Medium or Low: imported with likelihood 3 and impact 3.',
    );
    expect(report.unmapped).toContainEqual(
      expect.objectContaining({
        name: 'SQL injection again',
        reason: 'a second threat with the same key: skipped',
      }),
    );
  });
});

function byTitle(model: Model, title: string) {
  const found = model.manualThreats.find((t) => t.title === title);
  if (found === undefined) throw new Error(`no threat ${title}`);
  return found;
}

describe('bad input', () => {
  it('refuses a DOCTYPE or an ENTITY before parsing', () => {
    expect(importError(read('./fixtures/tm7/doctype.tm7')).message).toMatch(
      /declares a document type or an entity \(<!DOCTYPE on line 2\).*refused without parsing it/,
    );
    expect(importError(read('./fixtures/tm7/entity.tm7')).message).toMatch(/<!ENTITY on line 2/);
  });

  it('refuses a ZIP archive renamed .tm7 with a clear message', () => {
    expect(importError(read('./fixtures/tm7/zip-renamed.tm7')).message).toMatch(
      /^model\.tm7: The file is a ZIP archive, not a text file/,
    );
  });

  it('says a truncated file looks truncated', () => {
    expect(importError(read('./fixtures/tm7/truncated.tm7')).message).toBe(
      'model.tm7: not well-formed XML: the file ends before all its elements are closed, so it looks truncated.',
    );
  });

  it('refuses duplicate GUIDs, naming the GUID and both places', () => {
    const error = importError(read('./fixtures/tm7/duplicate-guids.tm7'));
    expect(error.summary).toMatch(/repeats GUIDs.*"e0000000-0000-4000-8000-000000000001"/);
    expect(error.issues[0]!.message).toMatch(/already used at \$\.DrawingSurfaceList/);
  });

  it('reports dangling and unattached connectors, and their threats, by name', () => {
    const result = importTm7(read('./fixtures/tm7/dangling-connector.tm7'), 'dangling.tm7');
    expect(result.report.counts).toMatchObject({ elements: 1, flows: 0, threats: 0 });
    expect(unmappedNames(result)).toEqual(['To nowhere', 'From nothing', 'Spoofing the ghost']);
  });

  it('refuses a file that is not a TMT model, or has no diagram', () => {
    expect(importError('<Other xmlns="x"/>').message).toMatch(/root element is <Other>/);
    expect(importError('<ThreatModel xmlns="x"><Notes/></ThreatModel>').message).toMatch(
      /no drawing surface/,
    );
    expect(importError('').message).toMatch(/not well-formed XML/);
    expect(importError('{"otmVersion": "0.2.0"}').message).toMatch(/not well-formed XML/);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(importTm7(`\uFEFF${CUSTOM}`, 'bom.tm7').report.counts.elements).toBe(4);
  });

  it('bounds depth, tag count and size', () => {
    const limits = { maxLength: 10_000, maxTags: 50, maxDepth: 8 };
    const deep = `${'<a>'.repeat(20)}${'</a>'.repeat(20)}`;
    expect(() => readXml(deep, 'deep.xml', limits)).toThrow(/nested too deeply/);
    expect(() => readXml(`<a>${'<b/>'.repeat(60)}</a>`, 'many.xml', limits)).toThrow(
      /more than 50 tags/,
    );
    expect(() => readXml(`<a>${'x'.repeat(10_001)}</a>`, 'big.xml', limits)).toThrow(/larger than/);
    expect(importError(`<ThreatModel>${'<a>'.repeat(100)}`).message).toMatch(
      /nested too deeply|not well-formed/,
    );
  });

  it('ignores and reports names that could reach JavaScript object internals', () => {
    const { root, dropped } = readXml(
      '<a><__proto__>x</__proto__><b constructor="y">z</b></a>',
      'names.xml',
      { maxLength: 1000, maxTags: 100, maxDepth: 10 },
    );
    expect(root.children.map((child) => child.name)).toEqual(['b']);
    expect(root.children[0]!.attributes.size).toBe(0);
    expect(dropped).toEqual([['__proto__'], ['b', '@constructor']]);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('decodes the predefined entities and character references once, and nothing else', () => {
    expect(decodeEntities('a &amp;lt; b &lt;c&gt; &#65;&#x42; &quot;&apos; &nbsp; &#0;')).toBe(
      'a &lt; b <c> AB "\' &nbsp; &#0;',
    );
  });
});

describe('detection', () => {
  it('claims TMT files by their root and namespace, and nothing else', () => {
    expect(TM7_IMPORTER.detect(NESTED.slice(0, 65_536))).toBe(true);
    expect(TM7_IMPORTER.detect(PRETTY.slice(0, 65_536))).toBe(true);
    expect(TM7_IMPORTER.detect(read('./fixtures/tm7/doctype.tm7'))).toBe(true);
    expect(TM7_IMPORTER.detect(read('../../vendor/samples/otm/otm-0.2.0-EXAMPLE.json'))).toBe(
      false,
    );
    expect(TM7_IMPORTER.detect('<ThreatModel><Notes/></ThreatModel>')).toBe(false);
    expect(TM7_IMPORTER.extensions).toEqual(['.tm7']);
  });
});

describe('fuzzing with mutations of a valid file', () => {
  const snippets = [
    '<',
    '>',
    '&',
    '&amp;',
    '&#0;',
    '"',
    '</a:Value>',
    '<a:Value>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '<!DOCTYPE x>',
    '<__proto__/>',
    'GE.P',
    'GE.TB.L',
    'e0000000-0000-4000-8000-000000000001',
    'f0000000-0000-4000-8000-000000000001',
    'NaN',
    '-1e309',
    '99999999999',
  ];
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 200 }),
    insert: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...snippets)),
  });
  // Values between tags, where mutations keep the XML well-formed and reach the mapping.
  const valueEdit = fc.record({
    at: fc.nat(),
    value: fc.constantFrom(...snippets.slice(13), '', ' ', 'Yes'),
  });

  /** Imports `text`: a model that saves and opens again, or an InputError; anything else fails. */
  function importsOrExplains(text: string): void {
    try {
      const { model } = importTm7(text, 'fuzz.tm7');
      expect(parseModel(serializeModel(model)).model).toEqual(canonicalOrder(model));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.message).toMatch(/^fuzz\.tm7: /);
    }
  }

  it('cuts, inserts and truncates anywhere', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(), (edits, cutAt) => {
        let text = CUSTOM;
        for (const { at, remove, insert } of edits) {
          const index = at % (text.length + 1);
          text = text.slice(0, index) + insert + text.slice(index + remove);
        }
        importsOrExplains(cutAt % 5 === 0 ? text.slice(0, cutAt % (text.length + 1)) : text);
      }),
      { numRuns: 150 },
    );
  });

  it('replaces element values', () => {
    const values = [...CUSTOM.matchAll(/>([^<]+)</g)].map((match) => ({
      start: match.index + 1,
      end: match.index + 1 + match[1]!.length,
    }));
    fc.assert(
      fc.property(fc.array(valueEdit, { minLength: 1, maxLength: 8 }), (edits) => {
        const chosen = new Map<number, string>();
        for (const { at, value } of edits) chosen.set(at % values.length, value);
        let text = CUSTOM;
        for (const [index, value] of [...chosen].sort((a, b) => b[0] - a[0])) {
          const { start, end } = values[index]!;
          text = text.slice(0, start) + value.replace(/[<&]/g, '') + text.slice(end);
        }
        importsOrExplains(text);
      }),
      { numRuns: 150 },
    );
  });
});
