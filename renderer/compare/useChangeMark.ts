/**
 * The canvas's hook into the compare view: a node or edge reads what happened to it and adds a
 * class. The selector returns a string (or undefined), never a new object, so an item
 * re-renders only when its own mark changes — and not at all while nothing is compared.
 */
import { useStore } from 'zustand';
import type { ChangeMark } from '../../shared/diff/modelDiff';
import { useEditorStore } from '../editor/EditorContext';
import { compareStoreFor } from './compareStore';

/** What happened to the item since the compared version, or undefined. */
export function useChangeMark(id: string): ChangeMark | undefined {
  return useStore(compareStoreFor(useEditorStore()), (state) => state.marks.get(id));
}

/** The class names for a mark (` gh-change gh-change--added`), or '' for none. */
export function changeMarkClass(mark: ChangeMark | undefined): string {
  return mark === undefined ? '' : ` gh-change gh-change--${mark}`;
}
