import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process, store, zone } from '../testing/modelBuilder';
import { compileTestPack } from '../testing/testPack';
import { analyzeModel } from './engine';

const pack = (rules: Parameters<typeof compileTestPack>[0]) => compileTestPack(rules);

const base = { likelihood: 3, impact: 4, mitigations: ['M-TEST'] };

describe('analyzeModel', () => {
  it('derives the threat ID from pack, rule and role-ordered targets', () => {
    const compiled = pack([
      {
        ...base,
        id: 'T-X-001',
        category: 'Tampering',
        scope: { kind: 'interaction' },
        title: '{source} to {target} via {flow}',
        description: 'd',
        condition: { kind: 'elementKind', subject: 'source', in: ['externalEntity'] },
      },
    ]);
    const model = buildModel({
      elements: [entity('user'), process('api')],
      flows: [flow('f1', 'user', 'api')],
    });
    const [threat] = analyzeModel(model, compiled).threats;
    const expected = `T-${bytesToHex(sha256(utf8ToBytes('test/T-X-001|source:user|flow:f1|target:api'))).slice(0, 16)}`;
    expect(threat?.id).toBe(expected);
    expect(threat?.targets).toEqual([
      { role: 'source', id: 'user' },
      { role: 'flow', id: 'f1' },
      { role: 'target', id: 'api' },
    ]);
    expect(threat?.title).toBe('"user" to "api" via "f1"');
  });

  it('tells crossing, entering and exiting zones apart, and nested zones count at any depth', () => {
    const rule = (id: string, relation: 'crosses' | 'enters' | 'exits') => ({
      ...base,
      id,
      category: 'InformationDisclosure' as const,
      scope: { kind: 'flow' as const },
      title: 't',
      description: 'd',
      condition: {
        kind: 'boundary' as const,
        relation,
        boundaryKinds: ['internal-network' as const],
      },
    });
    const compiled = pack([
      rule('B-C-001', 'crosses'),
      rule('B-E-001', 'enters'),
      rule('B-X-001', 'exits'),
    ]);
    const model = buildModel({
      boundaries: [zone('net', 'internal-network'), zone('pod', 'container', { parentId: 'net' })],
      elements: [
        entity('user'),
        process('api', { zoneId: 'pod' }),
        process('peer', { zoneId: 'net' }),
      ],
      flows: [flow('in', 'user', 'api'), flow('out', 'api', 'user'), flow('inside', 'peer', 'api')],
    });
    const fired = analyzeModel(model, compiled)
      .threats.map((t) => `${t.ruleId}:${t.targets[0]!.id}`)
      .sort();
    expect(fired).toEqual(['B-C-001:in', 'B-C-001:out', 'B-E-001:in', 'B-X-001:out']);
  });

  it('analyzes a bidirectional flow in both directions', () => {
    const compiled = pack([
      {
        ...base,
        id: 'I-A-001',
        category: 'Spoofing',
        scope: { kind: 'interaction' },
        title: 't',
        description: 'd',
        condition: { kind: 'elementKind', subject: 'target', in: ['process'] },
      },
      {
        ...base,
        id: 'F-A-001',
        category: 'Tampering',
        scope: { kind: 'flow' },
        title: 't',
        description: 'd',
        condition: { kind: 'boundary', relation: 'enters' },
      },
    ]);
    const model = buildModel({
      boundaries: [zone('z1', 'dmz')],
      elements: [process('a'), process('b', { zoneId: 'z1' })],
      flows: [flow('f', 'a', 'b', { bidirectional: true })],
    });
    const threats = analyzeModel(model, compiled).threats;
    const interactions = threats
      .filter((t) => t.ruleId === 'I-A-001')
      .map((t) => t.targets.map((x) => x.id).join('>'));
    expect(interactions.sort()).toEqual(['a>f>b', 'b>f>a']);
    expect(threats.filter((t) => t.ruleId === 'F-A-001')).toHaveLength(1);
  });

  it('distinguishes unknown from no, honours unless, and raises scores', () => {
    const compiled = pack([
      {
        ...base,
        id: 'P-U-001',
        category: 'InformationDisclosure',
        scope: { kind: 'flow' },
        title: 't',
        description: 'd',
        condition: {
          kind: 'property',
          subject: 'flow',
          property: 'encryptedInTransit',
          op: 'eq',
          value: 'no',
        },
        unless: {
          kind: 'property',
          subject: 'flow',
          property: 'dataClassification',
          op: 'eq',
          value: 'public',
        },
        raise: [
          {
            when: {
              kind: 'property',
              subject: 'flow',
              property: 'dataClassification',
              op: 'atLeast',
              value: 'confidential',
            },
            impact: 5,
            likelihood: 4,
          },
        ],
      },
    ]);
    const model = buildModel({
      elements: [process('a'), process('b')],
      flows: [
        flow('plain', 'a', 'b', {
          properties: { encryptedInTransit: 'no', dataClassification: 'restricted' },
        }),
        flow('unknown', 'a', 'b'),
        flow('public', 'a', 'b', {
          properties: { encryptedInTransit: 'no', dataClassification: 'public' },
        }),
        flow('internal', 'a', 'b', {
          properties: { encryptedInTransit: 'no', dataClassification: 'internal' },
        }),
      ],
    });
    const threats = analyzeModel(model, compiled).threats;
    const byFlow = new Map(threats.map((t) => [t.targets[0]!.id, t]));
    expect([...byFlow.keys()].sort()).toEqual(['internal', 'plain']);
    expect(byFlow.get('plain')).toMatchObject({
      likelihood: 4,
      impact: 5,
      score: 20,
      severity: 'critical',
    });
    expect(byFlow.get('internal')).toMatchObject({
      likelihood: 3,
      impact: 4,
      score: 12,
      severity: 'high',
    });
    expect(
      byFlow
        .get('plain')!
        .explanation.map((e) => e.text)
        .join('\n'),
    ).toContain('raised likelihood to 4 and impact to 5');
  });

  it('follows flows from untrusted entities for reachability, and hasFlow reads incident flows', () => {
    const compiled = pack([
      {
        ...base,
        id: 'R-A-001',
        category: 'ElevationOfPrivilege',
        scope: { kind: 'element', elementKinds: ['dataStore'] },
        title: '{element}',
        description: 'd',
        condition: {
          kind: 'reachableFromUntrusted',
          subject: 'element',
          includeUnknownTrust: false,
        },
      },
      {
        ...base,
        id: 'H-A-001',
        category: 'Tampering',
        scope: { kind: 'element', elementKinds: ['dataStore'] },
        title: '{element}',
        description: 'd',
        condition: {
          kind: 'hasFlow',
          direction: 'in',
          where: {
            kind: 'property',
            subject: 'flow',
            property: 'authenticated',
            op: 'eq',
            value: 'no',
          },
        },
      },
    ]);
    const model = buildModel({
      elements: [
        entity('anon', { properties: { trusted: 'no' } }),
        entity('who'),
        process('api'),
        store('db'),
        store('db2'),
      ],
      flows: [
        flow('f1', 'anon', 'api'),
        flow('f2', 'api', 'db', { properties: { authenticated: 'no' } }),
        flow('f3', 'who', 'db2'),
      ],
    });
    const threats = analyzeModel(model, compiled).threats;
    const reach = threats.find((t) => t.ruleId === 'R-A-001');
    expect(reach?.targets).toEqual([{ role: 'element', id: 'db' }]);
    expect(reach?.explanation.map((e) => e.text).join()).toContain('from "anon" in 2 hops');
    expect(threats.filter((t) => t.ruleId === 'H-A-001').map((t) => t.targets[0]!.id)).toEqual([
      'db',
    ]);
  });

  it('gives the same threats whatever the order of records', () => {
    const compiled = pack([
      {
        ...base,
        id: 'O-A-001',
        category: 'Spoofing',
        scope: { kind: 'interaction' },
        title: '{flow}',
        description: 'd',
        condition: { kind: 'boundary', relation: 'crosses' },
      },
    ]);
    const parts = {
      boundaries: [zone('z1', 'dmz'), zone('z2', 'internet')],
      elements: [entity('u', { zoneId: 'z2' }), process('p', { zoneId: 'z1' }), store('s')],
      flows: [flow('f1', 'u', 'p'), flow('f2', 'p', 's')],
    };
    const a = analyzeModel(buildModel(parts), compiled).threats;
    const b = analyzeModel(
      buildModel({
        boundaries: [...parts.boundaries].reverse(),
        elements: [...parts.elements].reverse(),
        flows: [...parts.flows].reverse(),
      }),
      compiled,
    ).threats;
    expect(a.length).toBe(2);
    expect(b).toEqual(a);
  });
});
