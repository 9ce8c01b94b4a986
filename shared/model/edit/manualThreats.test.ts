import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process, store, zone } from '../../testing/modelBuilder';
import { loadRulePacks } from '../../rules/loadPacks';
import { assessThreats } from '../../threats/register';
import { setThreatStatus } from '../../triage/triageOperations';
import { DEFAULT_POLICY } from '../../gate/policy';
import { InputError } from '../errors';
import { MANUAL_PACK_ID, threatIdFor } from '../ids';
import { findReferenceIssues } from '../references';
import { ModelSchema, type Model } from '../schema';
import {
  addManualThreat,
  deleteManualThreat,
  manualThreatTargets,
  updateManualThreat,
} from './manualThreats';
import { deleteItems } from './removal';

const compiled = loadRulePacks([]).compiled;

function expectValid(model: Model): void {
  expect(() => ModelSchema.parse(model)).not.toThrow();
  expect(findReferenceIssues(model)).toEqual([]);
}

function shop(): Model {
  return buildModel({
    boundaries: [zone('internal', 'internal-network')],
    elements: [entity('user'), process('api'), store('db')],
    flows: [flow('f1', 'user', 'api'), flow('f2', 'api', 'db')],
  });
}

const base = {
  key: 'manual-0a1b2c3d4e',
  category: 'Tampering' as const,
  title: 'Orders can be changed by support staff',
};

describe('addManualThreat', () => {
  it('adds a threat on an element whose ID is derived from its key and targets', () => {
    const model = shop();
    const targets = manualThreatTargets(model, 'api');
    const next = addManualThreat(model, { ...base, targets, likelihood: 4, impact: 5 });
    expect(next).not.toBe(model);
    expect(model.manualThreats).toEqual([]);
    const [threat] = next.manualThreats;
    expect(threat).toMatchObject({
      id: threatIdFor(MANUAL_PACK_ID, base.key, [{ role: 'element', id: 'api' }]),
      key: base.key,
      category: 'Tampering',
      targets: [{ role: 'element', id: 'api' }],
      title: base.title,
      likelihood: 4,
      impact: 5,
      source: '',
    });
    expectValid(next);
  });

  it('adds a threat on a flow (role flow) and a model-level threat (no targets)', () => {
    const model = shop();
    const onFlow = addManualThreat(model, { ...base, targets: manualThreatTargets(model, 'f2') });
    expect(onFlow.manualThreats[0]!.targets).toEqual([{ role: 'flow', id: 'f2' }]);
    expectValid(onFlow);
    const modelLevel = addManualThreat(onFlow, {
      ...base,
      key: 'manual-ffffffffff',
      targets: manualThreatTargets(onFlow, null),
    });
    expect(modelLevel.manualThreats[1]!.targets).toEqual([]);
    expectValid(modelLevel);
  });

  it('repairs what the schema would refuse: long or padded text, scales out of range, duplicate mitigations', () => {
    const model = shop();
    const next = addManualThreat(model, {
      ...base,
      targets: [],
      title: `   ${'x'.repeat(700)}   `,
      description: `  ${'d'.repeat(25_000)}`,
      likelihood: 9,
      impact: 0.2,
      mitigationIds: [
        'M-AUDIT-LOGGING',
        'M-AUDIT-LOGGING',
        'not an id',
        ...Array.from({ length: 60 }, (_, i) => `M-X${i}`),
      ],
    });
    const threat = next.manualThreats[0]!;
    expect(threat.title).toHaveLength(500);
    expect(threat.title.startsWith('x')).toBe(true);
    expect(threat.description).toHaveLength(20_000);
    expect(threat.likelihood).toBe(5);
    expect(threat.impact).toBe(1);
    expect(threat.mitigationIds).toHaveLength(50);
    expect(threat.mitigationIds[0]).toBe('M-AUDIT-LOGGING');
    expect(threat.mitigationIds).not.toContain('not an id');
    expect(threat.mitigationIds.filter((id) => id === 'M-AUDIT-LOGGING')).toHaveLength(1);
    expectValid(next);
  });

  it('defaults likelihood and impact to 3 and description to empty', () => {
    const next = addManualThreat(shop(), { ...base, targets: [] });
    expect(next.manualThreats[0]).toMatchObject({ likelihood: 3, impact: 3, description: '' });
  });

  it('refuses a blank title, an unknown target, a boundary, an invalid key and a duplicate', () => {
    const model = shop();
    expect(() => addManualThreat(model, { ...base, targets: [], title: '   ' })).toThrow(
      /needs a title/,
    );
    expect(() =>
      addManualThreat(model, { ...base, targets: [{ role: 'element', id: 'nope' }] }),
    ).toThrow(InputError);
    // A flow named with the element role is not an element.
    expect(() =>
      addManualThreat(model, { ...base, targets: [{ role: 'element', id: 'f1' }] }),
    ).toThrow(/no element "f1"/);
    expect(() => manualThreatTargets(model, 'internal')).toThrow(/trust boundaries/);
    expect(() => addManualThreat(model, { ...base, key: 'bad key', targets: [] })).toThrow(
      /cannot be a threat key/,
    );
    const once = addManualThreat(model, { ...base, targets: [] });
    expect(() => addManualThreat(once, { ...base, targets: [] })).toThrow(/exists already/);
  });

  it('appears in the register as a manual threat that can be triaged like the others', () => {
    const model = addManualThreat(shop(), {
      ...base,
      targets: [{ role: 'element', id: 'db' }],
      likelihood: 4,
      impact: 4,
    });
    const register = assessThreats(model, compiled);
    const manual = register.find((t) => t.origin === 'manual')!;
    expect(manual.title).toBe(base.title);
    expect(manual.severity).toBe('high');
    const accepted = setThreatStatus(
      model,
      register,
      {
        threatId: manual.id,
        status: 'accepted',
        approval: { approver: 'Dana', rationale: 'Support is audited', expires: '2026-02-01' },
      },
      '2026-01-01',
      DEFAULT_POLICY,
    );
    expect(accepted.threats).toHaveLength(1);
    expect(assessThreats(accepted, compiled).find((t) => t.id === manual.id)!.status).toBe(
      'accepted',
    );
    expectValid(accepted);
  });
});

describe('updateManualThreat', () => {
  const withThreat = () =>
    addManualThreat(shop(), { ...base, targets: [{ role: 'flow', id: 'f1' }] });

  it('changes text, category, scores and mitigations, keeping the ID and targets', () => {
    const model = withThreat();
    const id = model.manualThreats[0]!.id;
    const next = updateManualThreat(model, id, {
      title: '  Replayed orders  ',
      category: 'Repudiation',
      likelihood: 2,
      impact: 7,
      description: 'Nobody can tell',
      mitigationIds: ['M-AUDIT-LOGGING'],
    });
    expect(next.manualThreats[0]).toMatchObject({
      id,
      targets: [{ role: 'flow', id: 'f1' }],
      title: 'Replayed orders',
      category: 'Repudiation',
      likelihood: 2,
      impact: 5,
      description: 'Nobody can tell',
      mitigationIds: ['M-AUDIT-LOGGING'],
    });
    expectValid(next);
  });

  it('returns the same model when nothing changes or the threat is unknown', () => {
    const model = withThreat();
    const id = model.manualThreats[0]!.id;
    expect(updateManualThreat(model, id, { title: base.title })).toBe(model);
    expect(updateManualThreat(model, 'T-0000000000000000', { title: 'x' })).toBe(model);
  });

  it('refuses to blank the title', () => {
    const model = withThreat();
    expect(() => updateManualThreat(model, model.manualThreats[0]!.id, { title: '' })).toThrow(
      InputError,
    );
  });
});

describe('deleteManualThreat', () => {
  it('removes the threat and its triage, and leaves other triage alone', () => {
    const model = addManualThreat(shop(), { ...base, targets: [{ role: 'element', id: 'api' }] });
    const id = model.manualThreats[0]!.id;
    const register = assessThreats(model, compiled);
    const other = register.find((t) => t.origin === 'rule')!;
    let triaged = model;
    for (const threatId of [id, other.id]) {
      triaged = setThreatStatus(
        triaged,
        assessThreats(triaged, compiled),
        { threatId, status: 'investigating', approval: {} },
        '2026-01-01',
        DEFAULT_POLICY,
      );
    }
    expect(triaged.threats).toHaveLength(2);
    const next = deleteManualThreat(triaged, id);
    expect(next.manualThreats).toEqual([]);
    expect(next.threats.map((t) => t.threatId)).toEqual([other.id]);
    expect(assessThreats(next, compiled).some((t) => t.id === id)).toBe(false);
    expectValid(next);
  });

  it('returns the same model for an unknown ID', () => {
    const model = shop();
    expect(deleteManualThreat(model, 'T-0000000000000000')).toBe(model);
  });

  it('goes with its element when the element is deleted', () => {
    const model = addManualThreat(shop(), { ...base, targets: [{ role: 'element', id: 'db' }] });
    const next = deleteItems(model, new Set(['db']));
    expect(next.manualThreats).toEqual([]);
    expectValid(next);
  });
});
