import { describe, expect, it } from 'vitest';
import { InputError, formatPath } from '../model/errors';
import { builtinPackInput } from './builtin/pack';
import { loadRulePacks, packDigest, parseRulePack } from './loadPacks';

const customPack = {
  format: 'gatehouse-rule-pack',
  schemaVersion: 1,
  id: 'acme',
  version: '1.2.0',
  name: 'ACME additions',
  rules: [
    {
      id: 'ACME-I-001',
      category: 'InformationDisclosure',
      scope: { kind: 'flow' },
      title: 'Unencrypted {flow} leaves the device',
      description: '{flow} carries data from {source} to {target} without encryption.',
      condition: {
        kind: 'all',
        of: [
          {
            kind: 'property',
            subject: 'flow',
            property: 'encryptedInTransit',
            op: 'eq',
            value: 'no',
          },
          { kind: 'boundary', relation: 'exits', boundaryKinds: ['device'] },
        ],
      },
      likelihood: 3,
      impact: 4,
      mitigations: ['M-TRANSPORT-ENCRYPTION'],
      cwe: [319],
    },
  ],
};

function issuesOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map(
      (issue) => `${formatPath(issue.path)}: ${issue.message}`,
    );
  }
  throw new Error('expected an InputError');
}

describe('rule packs from files', () => {
  it('loads a custom pack that uses the built-in catalogue', () => {
    const loaded = loadRulePacks([parseRulePack(JSON.stringify(customPack))]);
    expect(loaded.packs.map((p) => p.id)).toEqual(['gatehouse-stride', 'acme']);
    expect(loaded.digests.get('acme')).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.compiled.flowRules.rules.some((rule) => rule.rule.id === 'ACME-I-001')).toBe(
      true,
    );
  });

  it('gives the same digest for the same pack and another after any change', () => {
    const a = parseRulePack(JSON.stringify(customPack));
    const b = parseRulePack(JSON.stringify(customPack, null, 3));
    expect(packDigest(a)).toBe(packDigest(b));
    expect(packDigest(parseRulePack(JSON.stringify({ ...customPack, version: '1.2.1' })))).not.toBe(
      packDigest(a),
    );
  });

  it('refuses unknown keys, prototype keys, deep nesting and huge files with their path', () => {
    expect(issuesOf(() => parseRulePack(JSON.stringify({ ...customPack, extra: true })))).toEqual([
      expect.stringContaining('$: Unrecognized key'),
    ]);
    expect(
      issuesOf(() =>
        parseRulePack(
          JSON.stringify(customPack).replace('"likelihood"', '"__proto__":{},"likelihood"'),
        ),
      ),
    ).toEqual(['$.rules[0].__proto__: the key "__proto__" is not allowed']);
    let deep: unknown = {
      kind: 'property',
      subject: 'flow',
      property: 'authenticated',
      op: 'eq',
      value: 'no',
    };
    for (let i = 0; i < 60; i++) deep = { kind: 'not', condition: deep };
    expect(() =>
      parseRulePack(
        JSON.stringify({ ...customPack, rules: [{ ...customPack.rules[0], condition: deep }] }),
      ),
    ).toThrow('nested too deeply');
    expect(() => parseRulePack(' '.repeat(9 * 1024 * 1024))).toThrow('too large');
    expect(() => parseRulePack('{"format": ')).toThrow('not valid JSON');
  });

  it('refuses conditions that cannot work in their scope, with the path of each', () => {
    const rule = customPack.rules[0]!;
    const broken = {
      ...customPack,
      rules: [
        {
          ...rule,
          id: 'ACME-X-001',
          title: '{element}',
          description: '{element}',
          scope: { kind: 'element', elementKinds: ['process'] },
          condition: { kind: 'boundary', relation: 'crosses' },
        },
        {
          ...rule,
          id: 'ACME-X-002',
          condition: {
            kind: 'property',
            subject: 'flow',
            property: 'holdsPii',
            op: 'eq',
            value: 'yes',
          },
        },
        {
          ...rule,
          id: 'ACME-X-003',
          condition: {
            kind: 'property',
            subject: 'flow',
            property: 'encryptedInTransit',
            op: 'eq',
            value: 'maybe',
          },
        },
        {
          ...rule,
          id: 'ACME-X-004',
          condition: {
            kind: 'property',
            subject: 'flow',
            property: 'authenticated',
            op: 'atLeast',
            value: 'yes',
          },
        },
        { ...rule, id: 'ACME-X-005', mitigations: ['M-NOT-IN-ANY-CATALOGUE'] },
        { ...rule, id: 'ACME-X-005' },
        { ...rule, id: 'ACME-X-007', title: 'On {element}' },
        {
          ...rule,
          id: 'ACME-X-008',
          condition: { kind: 'boundary', relation: 'enters', shape: 'line' },
        },
      ],
    };
    const issues = issuesOf(() => loadRulePacks([parseRulePack(JSON.stringify(broken))]));
    expect(issues).toEqual([
      '$.rules[0].condition: boundary conditions need a flow: use them in flow or interaction scope, or inside hasFlow',
      '$.rules[1].condition.property: "holdsPii" belongs to dataStore, which the subject "flow" cannot be here',
      '$.rules[2].condition.value: "maybe" is not a value of encryptedInTransit (yes, no, unknown)',
      '$.rules[3].condition.op: "authenticated" has no order; use eq or in',
      '$.rules[4].mitigations[0]: no mitigation "M-NOT-IN-ANY-CATALOGUE" in the loaded catalogues',
      '$.rules[5].id: duplicate rule ID "ACME-X-005"',
      '$.rules[6].title: {element} is not available in flow scope',
      '$.rules[7].condition.relation: a line boundary is only crossed, never entered or exited',
    ]);
  });

  it('refuses a second pack with the built-in ID', () => {
    expect(() => loadRulePacks([parseRulePack(JSON.stringify(builtinPackInput))])).toThrow(
      'Two rule packs have the ID "gatehouse-stride"',
    );
  });
});

describe('packs that would corrupt threat identity or the catalogue', () => {
  const rule = customPack.rules[0]!;
  const load = (pack: unknown) => () => loadRulePacks([parseRulePack(JSON.stringify(pack))]);

  it('refuses the pack ID reserved for manual threats', () => {
    expect(load({ ...customPack, id: 'manual' })).toThrow('cannot have the ID "manual"');
  });

  it("refuses a mitigation that redefines another pack's", () => {
    const builtin = loadRulePacks().packs[0]!.mitigations[0]!;
    expect(load({ ...customPack, mitigations: [{ ...builtin, title: 'Do nothing' }] })).toThrow(
      `redefines the mitigation "${builtin.id}"`,
    );
  });

  it('refuses "unknown" as a point on an ordered scale', () => {
    const atLeastUnknown = {
      ...rule,
      condition: {
        kind: 'property',
        subject: 'flow',
        property: 'dataClassification',
        op: 'atLeast',
        value: 'unknown',
      },
    };
    expect(load({ ...customPack, rules: [atLeastUnknown] })).toThrow(
      'The rule pack "acme" is not usable',
    );
  });

  it('never yields one threat twice from repeated values or kinds', async () => {
    const { buildModel, flow, process } = await import('../testing/modelBuilder');
    const { analyzeModel } = await import('./engine');
    const repeated = {
      ...customPack,
      rules: [
        {
          ...rule,
          id: 'ACME-D-001',
          condition: {
            kind: 'property',
            subject: 'flow',
            property: 'protocol',
            op: 'in',
            values: ['HTTP', 'http', ' Http '],
          },
        },
        {
          ...rule,
          id: 'ACME-D-002',
          scope: { kind: 'element', elementKinds: ['process', 'process'] },
          title: '{element}',
          description: '{element}',
          condition: { kind: 'elementKind', subject: 'element', in: ['process'] },
        },
      ],
    };
    const { compiled } = loadRulePacks([parseRulePack(JSON.stringify(repeated))]);
    const model = buildModel({
      elements: [process('a'), process('b')],
      flows: [flow('f', 'a', 'b', { properties: { protocol: 'http' } })],
    });
    const ids = analyzeModel(model, compiled)
      .threats.filter((t) => t.packId === 'acme')
      .map((t) => t.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});
