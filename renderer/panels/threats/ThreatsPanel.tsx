/**
 * The threats panel: the register of the open model — generated and manual threats with the
 * team's triage — grouped by element or STRIDE category, filtered, searchable, and triaged in
 * place. Expanding a threat emphasises its elements on the canvas.
 *
 * A model can have 20,000 threats: groups start collapsed with their counts, an open group
 * renders at most PAGE_SIZE rows at a time, and a threat's lazy text (title, explanation) is read
 * only for rows on screen (and by a search).
 */
import {
  Button,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { SEVERITIES, type ThreatStatus } from '../../../shared/model/schema';
import type { RegisteredThreat } from '../../../shared/threats/register';
import { useAnalysis } from '../../analysis/AnalysisContext';
import { useEditor, useEditorStore } from '../../editor/EditorContext';
import { ManualThreatModal } from './ManualThreatModal';
import { ThreatGroupList } from './ThreatGroupList';
import {
  countThreats,
  featureOptions,
  filterThreats,
  formatCount,
  groupThreats,
  hasFilters,
  indexItems,
  NO_FILTERS,
  SEVERITY_NAMES,
  STATUS_NAMES,
  threatCountText,
  type GroupBy,
  type StatusFilter,
  type ThreatFilters,
} from './threatList';
import './threats.css';

/** Filtered results up to this size open their groups at once. */
const AUTO_OPEN_LIMIT = 200;

const SEVERITY_OPTIONS = [
  { value: 'all', label: 'All severities' },
  ...[...SEVERITIES].reverse().map((s) => ({ value: s, label: SEVERITY_NAMES[s] })),
];

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All statuses' },
  { value: 'open-work', label: 'Open or investigating' },
  ...(Object.keys(STATUS_NAMES) as ThreatStatus[]).map((s) => ({
    value: s,
    label: STATUS_NAMES[s],
  })),
  { value: 'suppressed', label: 'Suppressed' },
  { value: 'no-longer-detected', label: 'No longer detected' },
];

const GROUP_OPTIONS: { value: GroupBy; label: string }[] = [
  { value: 'element', label: 'By element' },
  { value: 'category', label: 'By STRIDE category' },
];

const EMPTY_REGISTER: readonly RegisteredThreat[] = [];

export function ThreatsPanel() {
  const store = useEditorStore();
  const snapshot = useAnalysis((s) => s.snapshot);
  const features = useEditor((s) => s.document.features);
  const [groupBy, setGroupBy] = useState<GroupBy>('element');
  const [filters, setFilters] = useState<ThreatFilters>(NO_FILTERS);
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [groupOverrides, setGroupOverrides] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [modalOpen, setModalOpen] = useState(false);
  // Typing a search over 20,000 threats must not block the keystrokes.
  const shownFilters = useDeferredValue(filters);
  const shownGroupBy = useDeferredValue(groupBy);

  const register = snapshot?.register ?? EMPTY_REGISTER;
  // Names come from the analysed document, like the register: a drag does not rebuild them.
  const analysedElements = snapshot?.document.elements;
  const analysedFlows = snapshot?.document.flows;
  const items = useMemo(
    () => indexItems(analysedElements ?? [], analysedFlows ?? []),
    [analysedElements, analysedFlows],
  );
  const counts = useMemo(() => countThreats(register), [register]);
  const featureData = useMemo(() => featureOptions(features), [features]);
  // A feature deleted while it was the filter no longer filters anything out.
  const featureKnown = featureData.some((o) => o.value === shownFilters.feature);
  const filtered = useMemo(
    () =>
      filterThreats(
        register,
        featureKnown ? shownFilters : { ...shownFilters, feature: 'all' },
        items,
      ),
    [register, shownFilters, featureKnown, items],
  );
  const groups = useMemo(
    () => groupThreats(filtered, shownGroupBy, items),
    [filtered, shownGroupBy, items],
  );
  const autoOpen = hasFilters(shownFilters) && filtered.length <= AUTO_OPEN_LIMIT;

  // Leaving the panel takes the emphasis off the canvas.
  useEffect(() => () => store.getState().setHighlight([]), [store]);

  // The expanded threat, also in a ref so the row callbacks stay stable (rows are memoized).
  const expandedRef = useRef<string | null>(null);
  const expand = useCallback(
    (threatId: string | null, targetIds: readonly string[]) => {
      expandedRef.current = threatId;
      setExpandedId(threatId);
      store.getState().setHighlight(targetIds);
    },
    [store],
  );

  const toggleThreat = useCallback(
    (threat: RegisteredThreat) => {
      if (expandedRef.current === threat.id) expand(null, []);
      else
        expand(
          threat.id,
          threat.targets.map((t) => t.id),
        );
    },
    [expand],
  );

  const toggleGroup = useCallback((key: string, open: boolean) => {
    setGroupOverrides((current) => new Map(current).set(key, open));
  }, []);

  const onThreatAdded = useCallback(
    (
      threatId: string,
      targetIds: readonly string[],
      groupKeys: { element: string; category: string },
    ) => {
      setGroupOverrides((current) =>
        new Map(current)
          .set(`element:${groupKeys.element}`, true)
          .set(`category:${groupKeys.category}`, true),
      );
      expand(threatId, targetIds);
    },
    [expand],
  );

  const onThreatDeleted = useCallback(() => expand(null, []), [expand]);

  const setFilter = <K extends keyof ThreatFilters>(key: K, value: ThreatFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));

  if (!snapshot) {
    return (
      <Group className="gh-threats" gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm">Analysing the model…</Text>
      </Group>
    );
  }

  return (
    <Stack className="gh-threats" gap="xs">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={600} data-testid="threat-counts" style={{ flex: 1 }}>
          {threatCountText(counts)}
          {hasFilters(shownFilters) && (
            <Text span size="sm" c="dimmed" fw={400}>
              {` — ${formatCount(filtered.length)} shown`}
            </Text>
          )}
        </Text>
        <Button
          size="xs"
          variant="light"
          style={{ flex: 'none' }}
          onClick={() => setModalOpen(true)}
        >
          Add threat…
        </Button>
      </Group>
      <SegmentedControl
        size="xs"
        fullWidth
        aria-label="Group threats"
        value={groupBy}
        data={GROUP_OPTIONS}
        onChange={(value) => setGroupBy(value as GroupBy)}
      />
      <TextInput
        size="xs"
        type="search"
        label="Search threats"
        placeholder="Title, element, rule or threat ID"
        value={filters.search}
        maxLength={200}
        onChange={(event) => setFilter('search', event.currentTarget.value)}
      />
      <SimpleGrid cols={3} spacing={6}>
        <Select
          size="xs"
          label="Severity"
          data={SEVERITY_OPTIONS}
          value={filters.severity}
          allowDeselect={false}
          onChange={(value) => value && setFilter('severity', value as ThreatFilters['severity'])}
        />
        <Select
          size="xs"
          label="Status"
          data={STATUS_OPTIONS}
          value={filters.status}
          allowDeselect={false}
          onChange={(value) => value && setFilter('status', value as StatusFilter)}
        />
        <Select
          size="xs"
          label="Feature"
          data={featureData}
          value={featureData.some((o) => o.value === filters.feature) ? filters.feature : 'all'}
          allowDeselect={false}
          searchable={featureData.length > 10}
          onChange={(value) => value && setFilter('feature', value)}
        />
      </SimpleGrid>
      {hasFilters(filters) && (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => setFilters(NO_FILTERS)}
          style={{ alignSelf: 'flex-start' }}
        >
          Clear filters
        </Button>
      )}
      {register.length === 0 ? (
        <Text size="sm" c="dimmed">
          No threats yet: draw elements and flows, and the rules propose threats as you go. You can
          also add one by hand.
        </Text>
      ) : groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          No threat matches these filters.
        </Text>
      ) : (
        <ThreatGroupList
          key={shownGroupBy}
          groups={groups}
          groupBy={shownGroupBy}
          items={items}
          isOpen={(key) => groupOverrides.get(`${shownGroupBy}:${key}`) ?? autoOpen}
          isPinned={(key) => groupOverrides.get(`${shownGroupBy}:${key}`) === true}
          onToggleGroup={(key, open) => toggleGroup(`${shownGroupBy}:${key}`, open)}
          expandedId={expandedId}
          onToggleThreat={toggleThreat}
          onThreatDeleted={onThreatDeleted}
        />
      )}
      <ManualThreatModal
        opened={modalOpen}
        editing={null}
        onClose={() => setModalOpen(false)}
        onSaved={onThreatAdded}
      />
    </Stack>
  );
}
