import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../shared/gate/policy';
import { findReferenceIssues } from '../../../shared/model/references';
import { ModelSchema, type Model } from '../../../shared/model/schema';
import { buildModel, entity, flow, process } from '../../../shared/testing/modelBuilder';
import { assessThreats } from '../../../shared/threats/register';
import { setThreatStatus } from '../../../shared/triage/triageOperations';
import { builtinPacks, type AnalysisState } from '../../analysis/liveAnalysis';
import { createEditorStore } from '../../editor/editorStore';
import { setTriageFields } from '../../../shared/triage/triageOperations';
import { registerFor } from '../../analysis/current';
import { todayUtc } from './triageFields';

const compiled = builtinPacks().compiled;

function shop(): Model {
  return buildModel({
    elements: [
      entity('user', { properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', { properties: { internetFacing: 'yes', authenticatesCallers: 'no' } }),
    ],
    flows: [flow('f1', 'user', 'api')],
  });
}

function firstThreat(model: Model) {
  const threat = assessThreats(model, compiled)[0];
  if (!threat) throw new Error('the test model has no threat');
  return threat;
}

describe('setTriageFields', () => {
  it('creates a complete triage record that the schema accepts and that remembers the threat', () => {
    const model = shop();
    const threat = firstThreat(model);
    const next = setTriageFields(model, threat, { owner: 'Sam' }, '2026-03-10');
    expect(next.threats).toHaveLength(1);
    const record = next.threats[0]!;
    expect(record).toMatchObject({
      threatId: threat.id,
      status: 'open',
      owner: 'Sam',
      notes: '',
      firstSeen: '2026-03-10',
      lastKnown: {
        ruleRef: `${threat.packId}/${threat.ruleId}`,
        title: threat.title,
        severity: threat.inherentSeverity,
      },
    });
    expect(() => ModelSchema.parse(next)).not.toThrow();
    expect(findReferenceIssues(next)).toEqual([]);
  });

  it('changes one field of an existing record and keeps the status and approval', () => {
    const model = shop();
    const threat = firstThreat(model);
    const accepted = setThreatStatus(
      model,
      assessThreats(model, compiled),
      {
        threatId: threat.id,
        status: 'accepted',
        approval: { approver: 'Dana', rationale: 'WAF in front', expires: '2026-04-01' },
      },
      '2026-03-10',
      DEFAULT_POLICY,
    );
    const noted = setTriageFields(
      accepted,
      threat,
      { notes: 'Revisit after the pentest' },
      '2026-03-11',
    );
    expect(noted.threats).toHaveLength(1);
    expect(noted.threats[0]).toEqual({
      ...accepted.threats[0],
      notes: 'Revisit after the pentest',
    });
    expect(assessThreats(noted, compiled).find((t) => t.id === threat.id)!.status).toBe('accepted');
  });

  it('clamps residual scores, clears them with null, and cuts text to the schema limits', () => {
    const model = shop();
    const threat = firstThreat(model);
    const next = setTriageFields(
      model,
      threat,
      {
        residualLikelihood: 9,
        residualImpact: 0,
        owner: 'o'.repeat(300),
        notes: 'n'.repeat(30_000),
      },
      '2026-03-10',
    );
    expect(next.threats[0]).toMatchObject({ residualLikelihood: 5, residualImpact: 1 });
    expect(next.threats[0]!.owner).toHaveLength(200);
    expect(next.threats[0]!.notes).toHaveLength(20_000);
    expect(() => ModelSchema.parse(next)).not.toThrow();
    const cleared = setTriageFields(next, threat, { residualLikelihood: null }, '2026-03-10');
    expect(cleared.threats[0]!.residualLikelihood).toBeNull();
    const register = assessThreats(cleared, compiled);
    expect(register.find((t) => t.id === threat.id)).toMatchObject({
      residualLikelihood: threat.likelihood,
      residualImpact: 1,
    });
  });

  it('returns the same model when nothing changes (no empty undo step)', () => {
    const model = shop();
    const threat = firstThreat(model);
    expect(setTriageFields(model, threat, { owner: '' }, '2026-03-10')).toBe(model);
    const owned = setTriageFields(model, threat, { owner: 'Sam' }, '2026-03-10');
    expect(setTriageFields(owned, threat, { owner: 'Sam' }, '2026-03-10')).toBe(owned);
  });

  it('typing an owner is one undo step per field', () => {
    let now = 0;
    const editor = createEditorStore({ document: shop(), now: () => now });
    const threat = firstThreat(editor.getState().document);
    for (const value of ['S', 'Sa', 'Sam']) {
      now += 100;
      editor
        .getState()
        .apply(
          'Set threat owner',
          (m) => setTriageFields(m, threat, { owner: value }, '2026-03-10'),
          {
            mergeKey: `owner:${threat.id}`,
          },
        );
    }
    now += 100;
    editor
      .getState()
      .apply('Edit threat notes', (m) => setTriageFields(m, threat, { notes: 'x' }, '2026-03-10'), {
        mergeKey: `notes:${threat.id}`,
      });
    expect(editor.getState().past).toHaveLength(2);
    editor.getState().undo();
    expect(editor.getState().document.threats[0]).toMatchObject({ owner: 'Sam', notes: '' });
    editor.getState().undo();
    expect(editor.getState().document.threats).toEqual([]);
  });
});

describe('registerFor', () => {
  it('uses the live register for the document it analysed, and analyses any other now', () => {
    const model = shop();
    const register = assessThreats(model, compiled);
    const state = (document: Model, stale: boolean): AnalysisState => ({
      stale,
      packs: builtinPacks(),
      snapshot: {
        packs: builtinPacks(),
        revision: 1,
        document,
        register,
        byTarget: new Map(),
        lint: [],
        facts: undefined as never,
        took: 0,
      },
    });
    expect(registerFor(model, state(model, false).snapshot)).toBe(register);
    const edited = setTriageFields(model, register[0]!, { owner: 'Sam' }, '2026-03-10');
    const fresh = registerFor(edited, state(model, true).snapshot);
    expect(fresh).not.toBe(register);
    expect(fresh.map((t) => t.id)).toEqual(register.map((t) => t.id));
    expect(fresh.find((t) => t.id === register[0]!.id)!.triage?.owner).toBe('Sam');
    expect(registerFor(model, null)).toHaveLength(register.length);
  });
});

describe('todayUtc', () => {
  it('writes the UTC calendar day', () => {
    expect(todayUtc(new Date('2026-03-10T23:30:00-05:00'))).toBe('2026-03-11');
  });
});
