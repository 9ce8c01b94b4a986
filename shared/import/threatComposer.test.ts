import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors';
import { OTM_IMPORTER } from './otm';
import { PYTM_IMPORTER } from './pytm';
import { assertSurvivesDamage, importErrorOf, type Json } from './safeYaml.fuzzing';
import { THREAGILE_IMPORTER } from './threagile';
import { THREAT_COMPOSER_IMPORTER, importThreatComposer } from './threatComposer';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const SAMPLE = read('../../vendor/samples/threat-composer/ThreatComposer.tc.json');
const EDGE = read('./fixtures/threat-composer/edge-cases.tc.json');

const importError = (text: string, fileName = 'bad.tc.json'): InputError =>
  importErrorOf(importThreatComposer, text, fileName);

describe('importThreatComposer on the Threat Composer sample (its own threat model)', () => {
  const source = JSON.parse(SAMPLE) as {
    applicationInfo: { name: string };
    threats: { id: string; status: string; metadata: { key: string; value: string[] }[] }[];
  };
  const { model, report } = importThreatComposer(SAMPLE, 'ThreatComposer.tc.json');

  it('brings every threat statement across as a model-level manual threat', () => {
    expect(report.counts.threats).toBe(source.threats.length);
    expect(model.manualThreats).toHaveLength(source.threats.length);
    expect(model.manualThreats.every((threat) => threat.targets.length === 0)).toBe(true);
    expect(report.counts.elements + report.counts.flows + report.counts.zones).toBe(0);
    expect(model.name).toBe(source.applicationInfo.name);
  });

  it('takes the first STRIDE letter as the category', () => {
    for (const threat of source.threats) {
      const letter = threat.metadata.find((entry) => entry.key === 'STRIDE')!.value[0];
      const imported = model.manualThreats.find((each) => each.key === threat.id)!;
      expect(imported.category.startsWith(letter!)).toBe(true);
    }
  });

  it('imports resolved threats as investigating, with the status in the notes', () => {
    const resolved = source.threats.filter((threat) => threat.status === 'threatResolved');
    expect(model.threats).toHaveLength(resolved.length);
    expect(model.threats.every((entry) => entry.status === 'investigating')).toBe(true);
    expect(model.threats[0]!.notes).toContain('"threatResolved"');
  });

  it('keeps linked mitigations with their status in the description', () => {
    const links = (JSON.parse(SAMPLE) as { mitigationLinks: { linkedId: string }[] })
      .mitigationLinks;
    const linked = source.threats.filter((threat) =>
      links.some((link) => link.linkedId === threat.id),
    );
    const withMitigations = model.manualThreats.filter((each) =>
      each.description.includes('Mitigations in Threat Composer:\n- '),
    );
    expect(withMitigations.map((each) => each.key).sort()).toEqual(
      linked.map((threat) => threat.id).sort(),
    );
    expect(withMitigations.every((each) => each.description.includes('(resolved)'))).toBe(true);
  });

  it('names the images, and the links to threats deleted in Threat Composer, as not imported', () => {
    const names = report.unmapped.map((entry) => entry.name);
    expect(names).toContain('architecture image');
    expect(names).toContain('dataflow image');
    expect(names).toContain('1e829518-ca27-454a-a759-6720349b7d6b');
    expect(JSON.stringify(model)).not.toContain('base64');
  });
});

describe('importThreatComposer on hand-made edge cases', () => {
  const { model, report } = importThreatComposer(EDGE, 'edge-cases.tc.json');
  const byKey = (key: string) => model.manualThreats.find((threat) => threat.key === key)!;
  const unmapped = (name: string) => report.unmapped.filter((entry) => entry.name === name);

  it('imports each threat ID once and names the duplicate and the threat without an ID', () => {
    expect(model.manualThreats).toHaveLength(3);
    expect(unmapped('11111111-1111-4111-8111-111111111111')[0]!.reason).toContain('used twice');
    expect(unmapped('threat 5')[0]!.reason).toContain('without an "id"');
  });

  it('maps STRIDE, priority, comments and custom metadata', () => {
    const first = byKey('11111111-1111-4111-8111-111111111111');
    expect(first.category).toBe('Spoofing');
    expect([first.likelihood, first.impact]).toEqual([4, 4]);
    expect(first.description).toContain('STRIDE: S, T');
    expect(first.description).toContain('Comments: Seen in the 2023 pen test');
    expect(first.description).toContain('custom:owner: Team Red');
    expect(first.mitigationIds).toEqual(['M-USER-AUTHENTICATION']);
  });

  it('keeps the mitigation, its status and its assumption with the threat', () => {
    const first = byKey('11111111-1111-4111-8111-111111111111');
    expect(first.description).toContain('- Sign requests with a nonce (in progress)');
    expect(first.description).toContain('  - Assumption: Clocks are synchronised');
    const second = byKey('22222222-2222-4222-8222-222222222222');
    expect(second.description).toContain('- Logs are kept for 30 days');
  });

  it('falls back to impacted goals, then the statement parts, for category and title', () => {
    expect(byKey('22222222-2222-4222-8222-222222222222').category).toBe('InformationDisclosure');
    const third = byKey('33333333-3333-4333-8333-333333333333');
    expect(third.category).toBe('Tampering');
    expect(third.title).toBe('flood the API');
    expect(report.warnings.join('\n')).toContain('priority "Urgent" is not High, Medium or Low');
  });

  it('applies the state policy to known and unknown statuses', () => {
    const status = (key: string) => model.threats.find((entry) => entry.threatId === byKey(key).id);
    expect(status('11111111-1111-4111-8111-111111111111')).toBeUndefined();
    expect(status('22222222-2222-4222-8222-222222222222')!.notes).toContain(
      'threatResolvedNotUseful',
    );
    expect(status('33333333-3333-4333-8333-333333333333')!.status).toBe('investigating');
    expect(report.warnings.join('\n')).toContain('Unknown threat status "threatMaybe"');
  });

  it('names what it could not bring across', () => {
    expect(unmapped('futureFeature')).toHaveLength(1);
    expect(unmapped('colour')).toHaveLength(1);
    expect(unmapped('Rotate the HSM keys yearly')[0]!.reason).toContain('linked to no threat');
    expect(unmapped('Nobody reads this')[0]!.reason).toContain('linked to no threat');
    expect(unmapped('99999999-9999-4999-8999-999999999999')[0]!.reason).toContain('linkedId');
    expect(unmapped('architecture image')).toHaveLength(1);
    expect(model.description).toContain('Architecture:\nThree tiers.');
  });
});

describe('importThreatComposer on bad input', () => {
  it.each([
    ['', 'the file is empty'],
    ['<html></html>', 'looks like XML or HTML'],
    ['{"schema": 1, "threats": [', 'not valid JSON'],
    ['[1, 2]', 'expected a JSON object'],
    ['{"threats": []}', '"schema" is missing'],
    ['{"schema": 1, "threats": {"a": 1}}', '"threats" is not a list'],
  ])('refuses %j with a message naming the problem', (text, message) => {
    expect(importError(text).message).toContain(message);
  });

  it('refuses absurd sizes before parsing', () => {
    const text = `{"schema":1,"threats":[],"x":"${'a'.repeat(32 * 1024 * 1024)}"}`;
    expect(importError(text).message).toContain('too large');
  });

  it('drops and reports keys that could reach object internals', () => {
    const text =
      '{"schema":1,"threats":[{"id":"t","__proto__":{"polluted":true},"statement":"S"}]}';
    const { model, report } = importThreatComposer(text, 'proto.tc.json');
    expect(model.manualThreats).toHaveLength(1);
    expect(report.unmapped.map((entry) => entry.name)).toContain('__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('THREAT_COMPOSER_IMPORTER.detect', () => {
  const samples = [
    '../../vendor/samples/otm/otm-0.2.0-EXAMPLE.json',
    '../../vendor/samples/otm/otm-0.2.0-EXAMPLE.yaml',
    '../../vendor/samples/pytm/tm-input.json',
    '../../vendor/samples/threagile/threagile-stub.yaml',
    '../../vendor/samples/threat-dragon/v2-threat-model.json',
    '../../vendor/samples/threat-dragon/v1-demo-threat-model.json',
  ];
  it('claims Threat Composer files, and no other importer does', () => {
    for (const text of [SAMPLE, EDGE]) {
      const head = text.slice(0, 64 * 1024);
      expect(THREAT_COMPOSER_IMPORTER.detect(head)).toBe(true);
      for (const other of [OTM_IMPORTER, PYTM_IMPORTER, THREAGILE_IMPORTER])
        expect(other.detect(head), other.format).toBe(false);
    }
  });
  it.each(samples)('does not claim %s', (path) => {
    expect(THREAT_COMPOSER_IMPORTER.detect(read(path).slice(0, 64 * 1024))).toBe(false);
  });
});

describe('importThreatComposer: random damage gives a model or an InputError', () => {
  function expectModelOrInputError(text: string): void {
    try {
      const { model, report } = importThreatComposer(text, 'damaged.tc.json');
      expect(report.counts.threats).toBe(model.manualThreats.length);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.message).toMatch(/^damaged\.tc\.json: /);
    }
  }
  const tree = JSON.parse(EDGE) as Json;
  const telling: Json[] = [
    '11111111-1111-4111-8111-111111111111',
    'm1111111-1111-4111-8111-111111111111',
    'a1111111-1111-4111-8111-111111111111',
    'STRIDE',
    'Priority',
    ['X', 'S'],
    'threatResolved',
  ];

  it('survives random edits of the tree and of the text', () => {
    assertSurvivesDamage({ tree, text: EDGE, telling }, (text) => expectModelOrInputError(text));
  });
});
