import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process, zone } from '../../shared/testing/modelBuilder';
import { moveNodes, updateElement } from '../../shared/model/edit/nodes';
import { assessThreats } from '../../shared/threats/register';
import { loadRulePacks } from '../../shared/rules/loadPacks';
import { RulePackSchema } from '../../shared/rules/packSchema';
import { TEST_MITIGATION } from '../../shared/testing/testPack';
import { createEditorStore } from '../editor/editorStore';
import { createLiveAnalysis, summarizeTargets } from './liveAnalysis';

const packs = loadRulePacks([]);
const compiled = packs.compiled;

function fakeTimers() {
  const pending: (() => void)[] = [];
  return {
    timers: {
      setTimeout: (callback: () => void) => pending.push(callback),
      clearTimeout: (handle: unknown) => {
        pending[(handle as number) - 1] = () => {};
      },
    },
    flush: () => {
      for (const callback of pending.splice(0)) callback();
    },
  };
}

function shop() {
  return buildModel({
    boundaries: [
      zone('internal', 'internal-network', {
        position: { x: 300, y: 0 },
        size: { width: 600, height: 400 },
      }),
    ],
    elements: [
      entity('user', { properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', { position: { x: 400, y: 50 }, zoneId: 'internal' }),
    ],
    flows: [flow('f1', 'user', 'api')],
  });
}

describe('live analysis', () => {
  it('analyses after the first paint, marks edits stale, and refreshes after the pause', () => {
    const editor = createEditorStore({ document: shop() });
    const { timers, flush } = fakeTimers();
    const live = createLiveAnalysis(editor, { packs, timers });
    expect(live.getState()).toEqual({ snapshot: null, stale: true, packs });
    flush();
    const first = live.getState().snapshot!;
    expect(live.getState().stale).toBe(false);
    expect(first.register).toHaveLength(assessThreats(shop(), compiled).length);

    editor
      .getState()
      .apply('Edit', (m) =>
        updateElement(m, 'api', { properties: { authenticatesCallers: 'no' } }),
      );
    expect(live.getState().stale).toBe(true);
    expect(live.getState().snapshot).toBe(first);
    flush();
    const second = live.getState().snapshot!;
    expect(live.getState().stale).toBe(false);
    expect(second.revision).toBe(1);
    // Same result as a fresh whole-model analysis of the edited document.
    expect(second.register.map((t) => t.id)).toEqual(
      assessThreats(editor.getState().document, compiled).map((t) => t.id),
    );
    live.dispose();
  });

  it('starts the first analysis only once the page is idle, and never after dispose', () => {
    const editor = createEditorStore({ document: shop() });
    const { timers, flush } = fakeTimers();
    const idle: (() => void)[] = [];
    const whenIdle = (callback: () => void) => void idle.push(callback);
    const live = createLiveAnalysis(editor, { packs, timers, whenIdle });
    flush();
    expect(live.getState().snapshot).toBeNull(); // the canvas is still being drawn
    idle.shift()!();
    flush();
    expect(live.getState().snapshot).not.toBeNull();
    live.dispose();

    const closed = createLiveAnalysis(editor, { packs, timers, whenIdle });
    closed.dispose(); // the document was closed before the page was idle
    idle.shift()!();
    flush();
    expect(closed.getState().snapshot).toBeNull();
  });

  it('waits for a drag to end', () => {
    const editor = createEditorStore({ document: shop() });
    const { timers, flush } = fakeTimers();
    const live = createLiveAnalysis(editor, { packs, timers });
    flush();
    editor.getState().beginGesture();
    editor.getState().updateGesture((m) => moveNodes(m, new Map([['api', { x: 0, y: 500 }]])));
    flush();
    expect(live.getState().stale).toBe(true);
    flush(); // rescheduled while the gesture lasts
    expect(live.getState().stale).toBe(true);
    editor.getState().endGesture('Move');
    flush();
    expect(live.getState().stale).toBe(false);
    expect(
      live.getState().snapshot!.document.elements.find((e) => e.id === 'api')!.zoneId,
    ).toBeNull();
    live.dispose();
  });

  it('re-analyses with new packs, and the snapshot says which packs found it', () => {
    const editor = createEditorStore({ document: shop() });
    const { timers, flush } = fakeTimers();
    const live = createLiveAnalysis(editor, { packs, timers });
    flush();
    const before = live.getState().snapshot!;
    const custom = loadRulePacks([
      RulePackSchema.parse({
        format: 'gatehouse-rule-pack',
        schemaVersion: 1,
        id: 'custom',
        version: '1.0.0',
        name: 'Custom',
        mitigations: [{ ...TEST_MITIGATION, id: 'M-CUSTOM-TEST' }],
        rules: [
          {
            id: 'CUSTOM-S-001',
            category: 'Spoofing',
            scope: { kind: 'element', elementKinds: ['process'] },
            title: '{element} is a process',
            description: 'Every process.',
            condition: { kind: 'elementKind', subject: 'element', in: ['process'] },
            likelihood: 1,
            impact: 1,
            mitigations: ['M-CUSTOM-TEST'],
          },
        ],
      }),
    ]);
    live.setPacks(custom);
    expect(live.getState()).toMatchObject({ stale: true, packs: custom, snapshot: before });
    flush();
    const after = live.getState().snapshot!;
    expect(after.packs).toBe(custom);
    expect(after.register.filter((t) => t.packId === 'custom').map((t) => t.targets)).toEqual([
      [{ role: 'element', id: 'api' }],
    ]);
    expect(after.register).toHaveLength(before.register.length + 1);
    live.setPacks(custom); // the same packs again: nothing to do
    expect(live.getState().stale).toBe(false);
    live.dispose();
  });

  it('counts open threats per target with their worst severity; closed and suppressed ones do not count', () => {
    const register = assessThreats(shop(), compiled);
    const summary = summarizeTargets(register);
    const onApi = register.filter((t) => t.targets.some((target) => target.id === 'api'));
    expect(summary.get('api')!.open).toBe(onApi.length);
    const order = ['low', 'medium', 'high', 'critical'];
    const worst = onApi
      .map((t) => t.severity)
      .sort((a, b) => order.indexOf(b) - order.indexOf(a))[0];
    expect(summary.get('api')!.worst).toBe(worst);
    const accepted = register.map((t) =>
      t.targets.some((x) => x.id === 'api')
        ? Object.assign(Object.create(Object.getPrototypeOf(t)), t, { status: 'accepted' })
        : t,
    );
    expect(summarizeTargets(accepted as typeof register).get('api')).toBeUndefined();
  });
});
