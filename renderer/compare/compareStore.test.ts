import { describe, expect, it } from 'vitest';
import { connectElements } from '../../shared/model/edit/flows';
import { updateElement } from '../../shared/model/edit/nodes';
import { deleteItems } from '../../shared/model/edit/removal';
import { loadRulePacks } from '../../shared/rules/loadPacks';
import { buildModel, entity, flow, process } from '../../shared/testing/modelBuilder';
import { assessThreats } from '../../shared/threats/register';
import { createEditorStore } from '../editor/editorStore';
import { compareBase, compareDocument, compareStoreFor } from './compareStore';
import { changeMarkClass } from './useChangeMark';

const packs = loadRulePacks().compiled;
const original = buildModel({
  elements: [entity('user'), process('api', { position: { x: 300, y: 0 } }), process('worker')],
  flows: [flow('f1', 'user', 'api'), flow('f2', 'api', 'worker')],
});

describe('compare store', () => {
  it('is one per editor store, and starts empty', () => {
    const editor = createEditorStore({ document: original });
    expect(compareStoreFor(editor)).toBe(compareStoreFor(editor));
    expect(compareStoreFor(createEditorStore({ document: original }))).not.toBe(
      compareStoreFor(editor),
    );
    expect(compareStoreFor(editor).getState()).toMatchObject({ base: null, diff: null });
    expect(compareStoreFor(editor).getState().marks.size).toBe(0);
  });

  it('marks what changed from the other version to the document, and forgets it on stop', () => {
    const editor = createEditorStore({ document: original });
    editor.getState().apply('Edit', (model) =>
      connectElements(
        deleteItems(updateElement(model, 'api', { name: 'Gateway' }), new Set(['f2'])),
        {
          id: 'f3',
          sourceId: 'user',
          targetId: 'worker',
        },
      ),
    );
    const compare = compareStoreFor(editor);
    const base = compareBase('v1.gatehouse.json', original, packs);
    compare.getState().start(base);
    const document = editor.getState().document;
    // The live analysis of the document, when fresh, is used as it is.
    compare
      .getState()
      .update(compareDocument(base, document, packs, assessThreats(document, packs)));
    const { marks, diff } = compare.getState();
    expect([...marks]).toEqual([
      ['api', 'changed'],
      ['f3', 'added'],
      ['f2', 'removed'],
    ]);
    expect(diff!.before.source).toBe('v1.gatehouse.json');
    expect(diff).toEqual(compareDocument(base, document, packs));
    expect(changeMarkClass(marks.get('f3'))).toBe(' gh-change gh-change--added');
    expect(changeMarkClass(marks.get('user'))).toBe('');

    compare.getState().stop();
    expect(compare.getState()).toMatchObject({ base: null, diff: null });
    expect(compare.getState().marks.size).toBe(0);
  });
});
