/**
 * Workshop mode: a guided walk through the model, attack surface first (`workshopOrder`), for
 * the whole model or one feature. Each stop shows the questions for the item's kind, its threats
 * and quick entry for new ones (`WorkshopStep`); the header carries the progress, a timer and
 * the presenter view (large type, high contrast, for a projector); the parking lot sits beside
 * the stop; "Summary" ends with the Markdown summary to download.
 *
 * Where the walk is, the timer and the presenter view are session state; what was reviewed, the
 * notes and the questions are in the model (`model.workshop`), so a workshop can resume.
 */
import {
  Badge,
  Button,
  Group,
  Progress,
  Select,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { computeGraphFacts } from '../../shared/graph/graphFacts';
import { WALK_KIND_NAMES } from '../../shared/workshop/questionBank';
import { workshopOrder, type WalkScope } from '../../shared/workshop/walkOrder';
import {
  isReviewed,
  markReviewed,
  reviewedCount,
  unmarkReviewed,
} from '../../shared/workshop/workshopRecord';
import { progressText } from '../../shared/workshop/workshopSummary';
import { useAnalysis } from '../analysis/AnalysisContext';
import { registerFor } from '../analysis/current';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { todayUtc } from '../panels/threats/triageFields';
import { ParkingLot } from './ParkingLot';
import { formatElapsed, useStopwatch } from './useStopwatch';
import { WorkshopStep } from './WorkshopStep';
import { WorkshopSummaryPanel } from './WorkshopSummaryPanel';

const WHOLE_MODEL = '(model)';

function isTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function WorkshopView({ onClose }: { onClose(): void }) {
  const editor = useEditorStore();
  const document = useEditor((s) => s.document);
  const snapshot = useAnalysis((s) => s.snapshot);
  // The model as the workshop found it: the summary reports what changed since.
  const [baseline] = useState(() => editor.getState().document);
  const [scopeValue, setScopeValue] = useState(WHOLE_MODEL);
  const [position, setPosition] = useState(0);
  const [reviewer, setReviewer] = useState('');
  const [presenter, setPresenter] = useState(false);
  const [summaryShown, setSummaryShown] = useState(false);
  const stopwatch = useStopwatch();

  const scope: WalkScope = scopeValue === WHOLE_MODEL ? 'model' : { featureId: scopeValue };
  const facts = useMemo(() => computeGraphFacts(document), [document]);
  const walk = useMemo(
    () =>
      workshopOrder(
        document,
        facts,
        scopeValue === WHOLE_MODEL ? 'model' : { featureId: scopeValue },
      ),
    [document, facts, scopeValue],
  );
  // Typing a note changes the document (its workshop record) but not what the analysis sees:
  // recompute the register only when the diagram or the triage changed, not on every keystroke.
  const { elements, flows, boundaries, features, threats, manualThreats, suppressions, rulePacks } =
    document;
  const register = useMemo(
    () => registerFor(document, snapshot),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on what the register reads
    [
      elements,
      flows,
      boundaries,
      features,
      threats,
      manualThreats,
      suppressions,
      rulePacks,
      snapshot,
    ],
  );
  const index = Math.min(position, Math.max(0, walk.length - 1));
  const item = walk[index] ?? null;
  const reviewed = reviewedCount(
    document,
    walk.map((i) => i.id),
  );
  const scopeName =
    scope === 'model'
      ? 'the whole model'
      : (document.features.find((f) => f.id === scope.featureId)?.name ?? 'a feature');

  /** Moves to a stop and shows its item selected on the canvas behind the workshop. */
  const goTo = (next: number) => {
    const target = walk[next];
    if (!target) return;
    setPosition(next);
    editor.getState().setActiveDiagram(target.diagramId);
    editor.getState().select([target.id]);
  };
  const toggleReviewed = (andNext: boolean) => {
    if (!item) return;
    const done = isReviewed(editor.getState().document, item.id);
    // "Mark reviewed and next" on an item someone already reviewed only moves on: it must not
    // replace their name and date with this session's (perhaps empty) reviewer.
    if (!(done && andNext))
      editor
        .getState()
        .apply(done ? 'Unmark reviewed' : 'Mark reviewed', (model) =>
          done
            ? unmarkReviewed(model, item.id)
            : markReviewed(model, item.id, reviewer, todayUtc()),
        );
    if (andNext) {
      if (index + 1 < walk.length) goTo(index + 1);
      else setSummaryShown(true);
    }
  };

  // Arrow keys and Page Up / Page Down (what presentation clickers send) step through the walk,
  // except while typing. The handler reads the latest render through a ref.
  const keys = useRef({ next: () => {}, previous: () => {} });
  useEffect(() => {
    keys.current = {
      next: () => !summaryShown && goTo(index + 1),
      previous: () => !summaryShown && goTo(index - 1),
    };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (
        event.defaultPrevented ||
        isTextField(event.target) ||
        event.altKey ||
        event.ctrlKey ||
        event.metaKey
      )
        return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown') keys.current.next();
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') keys.current.previous();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const scopeOptions = [
    { value: WHOLE_MODEL, label: 'The whole model' },
    ...document.features.map((f) => ({ value: f.id, label: `Feature: ${f.name}` })),
  ];

  return (
    <div className={presenter ? 'gh-workshop gh-workshop--presenter' : 'gh-workshop'}>
      <header className="gh-workshop-header">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={2} size="h3">
            {`Workshop: ${document.name}`}
          </Title>
          <Group gap="sm" wrap="wrap">
            <Text fw={700} role="status" aria-live="polite" data-testid="workshop-progress">
              {progressText(reviewed, walk.length)}
            </Text>
            <Text
              ff="monospace"
              fw={700}
              aria-label={`Time elapsed ${formatElapsed(stopwatch.elapsed)}`}
            >
              {formatElapsed(stopwatch.elapsed)}
            </Text>
            <Button size="xs" variant="default" onClick={stopwatch.toggle}>
              {stopwatch.running
                ? 'Pause timer'
                : stopwatch.elapsed > 0
                  ? 'Resume timer'
                  : 'Start timer'}
            </Button>
            <Switch
              label="Presenter view"
              checked={presenter}
              onChange={(event) => setPresenter(event.currentTarget.checked)}
            />
            <Button size="xs" variant="default" onClick={onClose}>
              Close workshop
            </Button>
          </Group>
        </Group>
        <Progress
          value={walk.length === 0 ? 0 : (100 * reviewed) / walk.length}
          aria-label="Elements reviewed"
          mt="xs"
        />
      </header>
      {summaryShown ? (
        <WorkshopSummaryPanel
          document={document}
          register={register}
          walk={walk}
          scopeName={scopeName}
          baseline={baseline}
          onBack={() => setSummaryShown(false)}
        />
      ) : (
        <div className="gh-workshop-body">
          <nav className="gh-workshop-controls" aria-label="Workshop walk">
            <Group gap="sm" wrap="wrap" align="flex-end">
              <Select
                label="Walk through"
                data={scopeOptions}
                value={scopeValue}
                allowDeselect={false}
                onChange={(value) => {
                  if (!value) return;
                  setScopeValue(value);
                  setPosition(0);
                }}
              />
              <TextInput
                label="Reviewer"
                placeholder="Who records the review"
                maxLength={200}
                value={reviewer}
                onChange={(event) => setReviewer(event.currentTarget.value)}
              />
              <Button variant="default" disabled={index === 0} onClick={() => goTo(index - 1)}>
                Previous
              </Button>
              <Button
                variant="default"
                disabled={index + 1 >= walk.length}
                onClick={() => goTo(index + 1)}
              >
                Next
              </Button>
              <Button variant="light" onClick={() => setSummaryShown(true)}>
                Summary
              </Button>
            </Group>
          </nav>
          {item === null ? (
            <Text>Nothing to walk through: this scope has no elements or flows.</Text>
          ) : (
            <>
              <section aria-labelledby="gh-workshop-item" className="gh-workshop-item">
                <Group gap="sm" align="baseline" wrap="wrap">
                  <Text size="sm">{`Stop ${index + 1} of ${walk.length}`}</Text>
                  <Badge variant="outline" color="dark">
                    {WALK_KIND_NAMES[item.kind]}
                  </Badge>
                  {item.distance === null ? (
                    <Text size="sm">No untrusted entity reaches it</Text>
                  ) : (
                    item.distance === 0 && <Text size="sm">An untrusted entry point</Text>
                  )}
                </Group>
                <Title order={2} id="gh-workshop-item" className="gh-workshop-item-name">
                  {item.name || item.id}
                </Title>
                <Group gap="sm">
                  <Button onClick={() => toggleReviewed(true)}>
                    {index + 1 < walk.length
                      ? 'Mark reviewed and next'
                      : 'Mark reviewed and finish'}
                  </Button>
                  <Button variant="default" onClick={() => toggleReviewed(false)}>
                    {isReviewed(document, item.id) ? 'Unmark reviewed' : 'Mark reviewed'}
                  </Button>
                  {isReviewed(document, item.id) && <Text fw={700}>✓ Reviewed</Text>}
                </Group>
              </section>
              <WorkshopStep key={item.id} item={item} document={document} register={register} />
            </>
          )}
          <ParkingLot
            document={document}
            currentItem={item === null ? null : { id: item.id, name: item.name || item.id }}
          />
        </div>
      )}
    </div>
  );
}
