import { describe, expect, it } from 'vitest';
import { computeGraphFacts } from '../graph/graphFacts';
import { buildModel, entity, flow, process, store, zone, type Tree } from '../testing/modelBuilder';
import { LINT_CHECKS, lintModel } from './lintModel';

/** A tidy model that no check complains about. */
function tidy(): Record<string, Tree[]> {
  return {
    boundaries: [zone('net', 'internet'), zone('core', 'internal-network')],
    elements: [
      entity('user', { zoneId: 'net', properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', { zoneId: 'core' }),
      store('db', { zoneId: 'core', properties: { holdsPii: 'yes', encryptedAtRest: 'yes' } }),
    ],
    flows: [
      flow('f1', 'user', 'api', { properties: { protocol: 'HTTPS', encryptedInTransit: 'yes' } }),
      flow('f2', 'api', 'db', { properties: { protocol: 'SQL' } }),
    ],
    features: [{ id: 'shop', name: 'Shop', memberIds: ['user', 'api', 'db'] }] as Tree[],
  };
}

function findings(parts: Record<string, Tree[]>) {
  const model = buildModel(parts);
  return lintModel(model, computeGraphFacts(model)).map((f) => `${f.checkId}:${f.subjectId}`);
}

/** For each check: an edit of the tidy model that makes it fire on one subject. */
const cases: {
  check: keyof typeof LINT_CHECKS;
  subject: string;
  edit: (m: Record<string, Tree[]>) => void;
}[] = [
  { check: 'unnamedElement', subject: 'api', edit: (m) => void (m.elements![1]!.name = ' ') },
  { check: 'flowWithoutProtocol', subject: 'f2', edit: (m) => void (m.flows![1]!.properties = {}) },
  {
    check: 'elementOutsideZones',
    subject: 'db',
    edit: (m) => void (m.elements![2]!.zoneId = null),
  },
  { check: 'isolatedElement', subject: 'db', edit: (m) => void m.flows!.pop() },
  {
    check: 'crossingUnknownEncryption',
    subject: 'f1',
    edit: (m) => void (m.flows![0]!.properties = { protocol: 'HTTPS' }),
  },
  {
    check: 'unknownBoundaryKind',
    subject: 'core',
    edit: (m) => void (m.boundaries![1]!.boundaryKind = 'unknown'),
  },
  {
    check: 'unknownEntityTrust',
    subject: 'user',
    edit: (m) => void (m.elements![0]!.properties = { entityKind: 'human' }),
  },
  { check: 'emptyFeature', subject: 'shop', edit: (m) => void (m.features![0]!.memberIds = []) },
  { check: 'duplicateName', subject: 'db', edit: (m) => void (m.elements![2]!.name = 'API') },
  {
    check: 'unassignedElement',
    subject: 'db',
    edit: (m) => void (m.features![0]!.memberIds = ['user', 'api']),
  },
  {
    check: 'emptyZone',
    subject: 'core',
    edit: (m) => m.elements!.forEach((e) => e.zoneId === 'core' && (e.zoneId = 'net')),
  },
  {
    check: 'sensitiveStoreUnknownEncryption',
    subject: 'db',
    edit: (m) => void (m.elements![2]!.properties = { holdsPii: 'yes' }),
  },
];

describe('lintModel', () => {
  it('finds nothing in a tidy model', () => {
    expect(findings(tidy())).toEqual([]);
  });

  it('has a firing case for every check', () => {
    expect(cases.map((c) => c.check).sort()).toEqual(Object.keys(LINT_CHECKS).sort());
  });

  it.each(cases)('$check fires on $subject', ({ check, subject, edit }) => {
    const parts = structuredClone(tidy());
    if (check === 'duplicateName') parts.elements![1]!.name = 'api';
    edit(parts);
    expect(findings(parts)).toContain(`${LINT_CHECKS[check].id}:${subject}`);
  });
});
