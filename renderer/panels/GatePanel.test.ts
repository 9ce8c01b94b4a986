import { describe, expect, it } from 'vitest';
import dogfoodManifest from '../../plan-gate.json?raw';
import dogfoodModel from '../../threat-model/gatehouse.gatehouse.json?raw';
import { parseModel } from '../../shared/model/parseModel';
import { modelPathFor, planGateText, verifyInApp } from './GatePanel';

const model = parseModel(dogfoodModel).model;

describe('the plan gate in the app', () => {
  it('writes byte for byte the manifest `gatehouse gate write` wrote for the same model', () => {
    // plan-gate.json in this repository was written by the CLI (and is verified by CI).
    expect(planGateText(model, 'threat-model/gatehouse.gatehouse.json')).toBe(dogfoodManifest);
  });

  it('verifies as the CLI does: passes on the committed manifest, reports a stale one', () => {
    const result = verifyInApp(
      model,
      dogfoodManifest,
      'main',
      'threat-model/gatehouse.gatehouse.json',
    );
    expect(result.result).toBe('pass');
    const edited = { ...model, name: `${model.name} (edited)` };
    const stale = verifyInApp(
      edited,
      dogfoodManifest,
      'main',
      'threat-model/gatehouse.gatehouse.json',
    );
    expect(stale.result).toBe('fail');
    expect(stale.findings[0]).toMatchObject({ check: 'GATE-001', level: 'error' });
    expect(stale.findings[0]!.message).toContain('the model changed');
  });

  it('names the model next to the manifest from its file name or its name', () => {
    expect(modelPathFor(model, 'shop.gatehouse.json')).toBe('shop.gatehouse.json');
    expect(modelPathFor({ ...model, name: 'Web Shop / EU' }, null)).toBe(
      'web-shop-eu.gatehouse.json',
    );
    expect(modelPathFor({ ...model, name: '***' }, '../evil.gatehouse.json')).toBe(
      'model.gatehouse.json',
    );
  });
});
