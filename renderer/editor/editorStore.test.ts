import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process } from '../../shared/testing/modelBuilder';
import { connectElements } from '../../shared/model/edit/flows';
import { deleteItems } from '../../shared/model/edit/removal';
import { moveNodes, updateElement } from '../../shared/model/edit/nodes';
import {
  createEditorStore,
  documentSettled,
  HISTORY_LIMIT,
  MERGE_WINDOW_MS,
  redoLabel,
  undoLabel,
} from './editorStore';

function setup() {
  let clock = 10_000;
  const store = createEditorStore({
    document: buildModel({
      elements: [entity('user'), process('api', { position: { x: 300, y: 0 } })],
      flows: [flow('f1', 'user', 'api')],
    }),
    now: () => clock,
  });
  return { store, advance: (ms: number) => (clock += ms) };
}

const nameOf = (store: ReturnType<typeof setup>['store'], id: string) =>
  store.getState().document.elements.find((e) => e.id === id)?.name;

describe('editor store', () => {
  it('records one step per edit and undoes and redoes it', () => {
    const { store } = setup();
    const { apply } = store.getState();
    expect(
      apply('Connect', (m) => connectElements(m, { id: 'f2', sourceId: 'api', targetId: 'user' })),
    ).toBe(true);
    expect(store.getState().document.flows).toHaveLength(2);
    expect(undoLabel(store.getState())).toBe('Connect');
    store.getState().undo();
    expect(store.getState().document.flows).toHaveLength(1);
    expect(redoLabel(store.getState())).toBe('Connect');
    store.getState().redo();
    expect(store.getState().document.flows).toHaveLength(2);
    expect(store.getState().revision).toBe(3);
  });

  it('an edit that changes nothing adds no step', () => {
    const { store } = setup();
    expect(store.getState().apply('Rename', (m) => updateElement(m, 'api', { name: 'api' }))).toBe(
      false,
    );
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().revision).toBe(0);
  });

  it('typing in one field is one step; a pause or another field starts a new one', () => {
    const { store, advance } = setup();
    for (const name of ['O', 'Or', 'Ord', 'Orders']) {
      store
        .getState()
        .apply('Rename', (m) => updateElement(m, 'api', { name }), { mergeKey: 'name:api' });
      advance(200);
    }
    expect(store.getState().past).toHaveLength(1);
    advance(MERGE_WINDOW_MS + 1);
    store.getState().apply('Rename', (m) => updateElement(m, 'api', { name: 'Orders API' }), {
      mergeKey: 'name:api',
    });
    store.getState().apply('Rename', (m) => updateElement(m, 'user', { name: 'Shopper' }), {
      mergeKey: 'name:user',
    });
    expect(store.getState().past).toHaveLength(3);
    store.getState().undo();
    store.getState().undo();
    expect(nameOf(store, 'api')).toBe('Orders');
    store.getState().undo();
    expect(nameOf(store, 'api')).toBe('api');
  });

  it('a drag is one step however many frames it has; selection is not in the history', () => {
    const { store } = setup();
    store.getState().select(['api']);
    store.getState().beginGesture();
    for (let x = 301; x <= 400; x++)
      store.getState().updateGesture((m) => moveNodes(m, new Map([['api', { x, y: 0 }]])));
    store.getState().endGesture('Move');
    expect(store.getState().past).toHaveLength(1);
    store.getState().select(['user']);
    store.getState().undo();
    const api = store.getState().document.elements.find((e) => e.id === 'api')!;
    expect(api.position).toEqual({ x: 300, y: 0 });
    expect(store.getState().selection).toEqual(['user']);
  });

  it('a gesture that ends where it started records nothing', () => {
    const { store } = setup();
    store.getState().beginGesture();
    store.getState().endGesture('Move');
    expect(store.getState().past).toHaveLength(0);
  });

  it('prunes the selection to what exists after an edit or undo', () => {
    const { store } = setup();
    store
      .getState()
      .apply('Connect', (m) => connectElements(m, { id: 'f2', sourceId: 'api', targetId: 'user' }));
    store.getState().select(['f2', 'api', 'ghost']);
    expect(store.getState().selection).toEqual(['f2', 'api']);
    store.getState().undo();
    expect(store.getState().selection).toEqual(['api']);
    store.getState().apply('Delete', (m) => deleteItems(m, new Set(['api'])));
    expect(store.getState().selection).toEqual([]);
  });

  it('a new edit clears the redo steps; history is bounded', () => {
    const { store, advance } = setup();
    store.getState().apply('Rename', (m) => updateElement(m, 'api', { name: 'a' }));
    store.getState().undo();
    store.getState().apply('Rename', (m) => updateElement(m, 'api', { name: 'b' }));
    expect(store.getState().future).toHaveLength(0);
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) {
      advance(10);
      store.getState().apply('Rename', (m) => updateElement(m, 'api', { name: `n${i}` }));
    }
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('reports a document to persist after an edit and at the end of a drag, not during it', () => {
    const { store } = setup();
    const settled: boolean[] = [];
    store.subscribe((state, previous) => settled.push(documentSettled(state, previous)));
    store.getState().apply('Rename', (m) => updateElement(m, 'api', { name: 'x' }));
    store.getState().beginGesture();
    store.getState().updateGesture((m) => moveNodes(m, new Map([['api', { x: 1, y: 1 }]])));
    store.getState().updateGesture((m) => moveNodes(m, new Map([['api', { x: 2, y: 2 }]])));
    store.getState().endGesture('Move');
    store.getState().select(['user']);
    expect(settled).toEqual([true, false, false, false, true, false]);
  });
});
