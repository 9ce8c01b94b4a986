/**
 * "Compare…": opens another version of the model through the platform adapter and shows what
 * changed from it to the open document — a list grouped by kind (beside the canvas), and
 * classes on the canvas's added, changed and moved items (`useChangeMark`). Removed items are
 * listed only: they exist in the other version, not on this canvas (docs/diff.md).
 *
 * The diff follows the live analysis: it is recomputed when a fresh analysis of the document
 * arrives (after an edit settles), reusing that analysis for the document's threats.
 */
import { Button, CloseButton, Group, ScrollArea, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from 'zustand';
import {
  DIFF_KINDS,
  DIFF_KIND_LABELS,
  type DiffKind,
  type DiffThreat,
  type ItemRef,
  type ModelDiff,
} from '../../shared/diff/diffSchema';
import { describeFieldChange, diffHeadline, openThreatCounts } from '../../shared/diff/formatDiff';
import type { ChangeMark } from '../../shared/diff/modelDiff';
import { parseModel } from '../../shared/model/parseModel';
import { useAnalysis } from '../analysis/AnalysisContext';
import { builtinPacks } from '../analysis/liveAnalysis';
import { ErrorDialog, type ShownError } from '../app/ErrorDialog';
import { useServices } from '../app/ServicesContext';
import { useEditorStore } from '../editor/EditorContext';
import { SeverityBadge } from '../panels/SeverityBadge';
import { compareBase, compareDocument, compareStoreFor, type CompareStore } from './compareStore';

/** Kinds drawn on the canvas: their items can be shown there. */
const CANVAS_KINDS: ReadonlySet<DiffKind> = new Set(['elements', 'flows', 'boundaries']);

/** The toolbar button, and the changes panel while a comparison is open. */
export function CompareButton() {
  const editor = useEditorStore();
  const compare = compareStoreFor(editor);
  const { platform } = useServices();
  const comparing = useStore(compare, (state) => state.base !== null);
  const [shownError, setShownError] = useState<ShownError | null>(null);

  const chooseVersion = async () => {
    let name = 'the file';
    try {
      const file = await platform.openModelFile();
      if (!file) return;
      name = file.name;
      const { model } = parseModel(file.text);
      compare.getState().start(compareBase(file.name, model, builtinPacks().compiled));
    } catch (error) {
      setShownError({ title: `Could not compare with ${name}`, error });
    }
  };

  return (
    <>
      <Button
        variant={comparing ? 'light' : 'default'}
        size="xs"
        onClick={() => void chooseVersion()}
      >
        Compare…
      </Button>
      {comparing && createPortal(<ChangesPanel compare={compare} />, document.body)}
      <ErrorDialog shown={shownError} onClose={() => setShownError(null)} />
    </>
  );
}

/** Keeps the diff current: on start, and whenever a fresh analysis of the document arrives. */
function useCurrentDiff(compare: CompareStore): ModelDiff | null {
  const editor = useEditorStore();
  const base = useStore(compare, (state) => state.base);
  const snapshot = useAnalysis((state) => state.snapshot);
  useEffect(() => {
    if (!base) return;
    const packs = builtinPacks().compiled;
    compare
      .getState()
      .update(
        snapshot
          ? compareDocument(base, snapshot.document, packs, snapshot.register)
          : compareDocument(base, editor.getState().document, packs),
      );
  }, [base, snapshot, compare, editor]);
  // The emphasis set from this panel goes with it.
  useEffect(() => () => editor.getState().setHighlight([]), [editor]);
  return useStore(compare, (state) => state.diff);
}

function ChangesPanel({ compare }: { compare: CompareStore }) {
  const base = useStore(compare, (state) => state.base);
  const diff = useCurrentDiff(compare);
  if (!base) return null;
  return (
    <aside className="gh-compare" aria-label={`Changes since ${base.name}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs" className="gh-compare-header">
        <Text fw={600} size="sm" truncate>
          Changes since {base.name}
        </Text>
        <CloseButton
          aria-label="Stop comparing"
          title="Stop comparing"
          onClick={() => compare.getState().stop()}
        />
      </Group>
      {diff && (
        <ScrollArea.Autosize mah="calc(50vh - 48px)" type="auto">
          <Text size="sm" role="status" data-testid="compare-headline" px="sm" pb={4}>
            {diffHeadline(diff)}
          </Text>
          {diff.threats && diff.summary.hasSemanticChanges && <ThreatChanges diff={diff} />}
          {diff.model.length > 0 && (
            <section aria-label="Model" className="gh-compare-kind">
              <h3>Model</h3>
              <ul>
                {diff.model.map((change) => (
                  <li key={change.field}>{describeFieldChange(change)}</li>
                ))}
              </ul>
            </section>
          )}
          {DIFF_KINDS.map((kind) => (
            <KindChanges key={kind} kind={kind} diff={diff} />
          ))}
        </ScrollArea.Autosize>
      )}
    </aside>
  );
}

function ThreatChanges({ diff }: { diff: ModelDiff }) {
  const threats = diff.threats!;
  const rows: { change: string; threat: DiffThreat }[] = [
    ...threats.added.map((threat) => ({ change: 'added', threat })),
    ...threats.removed.map((threat) => ({ change: 'removed', threat })),
    ...threats.severityChanged.map(({ before, after, ...threat }) => ({
      change: `${before} → ${after}`,
      threat: { ...threat, severity: after },
    })),
  ];
  return (
    <section aria-label="Threats" className="gh-compare-kind">
      <h3>Threats</h3>
      <Text size="xs" c="dimmed">
        Open: {openThreatCounts(threats)}
      </Text>
      <ul>
        {rows.map(({ change, threat }) => (
          <li key={threat.id}>
            <span
              className={`gh-compare-mark gh-compare-mark--${change.includes('→') ? 'changed' : change}`}
            >
              {change}
            </span>{' '}
            <SeverityBadge severity={threat.severity} /> {threat.title}
          </li>
        ))}
      </ul>
    </section>
  );
}

function KindChanges({ kind, diff }: { kind: DiffKind; diff: ModelDiff }) {
  const editor = useEditorStore();
  const { added, removed, changed, moved } = diff.kinds[kind];
  const rows: { mark: ChangeMark; item: ItemRef; fields: string[] }[] = [
    ...added.map((item) => ({ mark: 'added' as const, item, fields: [] })),
    ...removed.map((item) => ({ mark: 'removed' as const, item, fields: [] })),
    ...changed.map((item) => ({
      mark: 'changed' as const,
      item,
      fields: item.fields.map(describeFieldChange),
    })),
    ...moved.map((item) => ({ mark: 'moved' as const, item, fields: [] })),
  ];
  if (rows.length === 0) return null;
  const label = DIFF_KIND_LABELS[kind];
  return (
    <section aria-label={label} className="gh-compare-kind">
      <h3>{label}</h3>
      <ul>
        {rows.map(({ mark, item, fields }) => (
          <li key={item.id}>
            <span className={`gh-compare-mark gh-compare-mark--${mark}`}>{mark}</span>{' '}
            {CANVAS_KINDS.has(kind) && mark !== 'removed' ? (
              <button
                type="button"
                className="gh-compare-item"
                title="Show on the canvas"
                onClick={() => editor.getState().setHighlight([item.id])}
              >
                {item.name || item.id}
              </button>
            ) : (
              <span>{item.name || item.id}</span>
            )}
            {item.detail !== '' && <span className="gh-compare-detail"> · {item.detail}</span>}
            {fields.length > 0 && (
              <ul className="gh-compare-fields">
                {fields.map((field) => (
                  <li key={field}>{field}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
