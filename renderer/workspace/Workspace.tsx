/**
 * The workspace of an open model: toolbar, palette, diagram tabs and canvas, and the side panel.
 * Keyboard shortcuts are handled here, outside text fields, from the shared shortcut table.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Tabs,
  Text,
  TextInput,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { commandFor, type EditorCommand } from '../../shared/editor/shortcuts';
import type { Fragment } from '../../shared/model/edit/fragments';
import { DiagramCanvas } from '../canvas/DiagramCanvas';
import { CompareButton } from '../compare/CompareButton';
import { DashboardButton } from '../dashboard/DashboardButton';
import {
  copySelection,
  deleteSelection,
  duplicateSelection,
  pasteFragment,
  selectAll,
} from '../editor/commands';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { redoLabel, undoLabel } from '../editor/editorStore';
import { useAnalysis } from '../analysis/AnalysisContext';
import { ChecksPanel } from '../panels/ChecksPanel';
import { FeaturesPanel } from '../panels/FeaturesPanel';
import { GatePanel } from '../panels/GatePanel';
import { Inspector } from '../panels/Inspector';
import { StoriesPanel } from '../panels/StoriesPanel';
import { ThreatsPanel } from '../panels/threats/ThreatsPanel';
import { ReportsPanel } from '../panels/reports/ReportsPanel';
import { RulesButton } from '../rules/RulesButton';
import { ConnectDialog } from './ConnectDialog';
import { DiagramTabs } from './DiagramTabs';
import { Palette } from './Palette';
import { ShortcutsHelp } from './ShortcutsHelp';
import { WorkshopButton } from '../workshop/WorkshopButton';

/** Commands that arrive from outside the page (the desktop menus). */
export type WorkspaceCommand =
  'undo' | 'redo' | 'zoomIn' | 'zoomOut' | 'fitView' | 'shortcuts' | 'export';

/** A source of such commands; `subscribe` returns the unsubscription. */
export interface WorkspaceCommandSource {
  subscribe(listener: (command: WorkspaceCommand) => void): () => void;
}

export interface WorkspaceProps {
  saveLabel: string;
  hasUnsavedChanges: boolean;
  onOpen(): void;
  onSave(): void;
  onClose(): void;
  /** The desktop menus' commands; absent in the browser. */
  commands?: WorkspaceCommandSource | undefined;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}

function ModelName() {
  const store = useEditorStore();
  const name = useEditor((s) => s.document.name);
  return (
    <TextInput
      aria-label="Model name"
      value={name}
      maxLength={200}
      variant="unstyled"
      className="gh-model-name"
      onChange={(event) => {
        const value = event.currentTarget.value;
        store
          .getState()
          .apply('Rename model', (m) => (m.name === value ? m : { ...m, name: value }), {
            mergeKey: 'model-name',
          });
      }}
    />
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to the ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to the ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {scheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  );
}

const PANELS = [
  { value: 'inspector', label: 'Inspector', Panel: Inspector },
  { value: 'threats', label: 'Threats', Panel: ThreatsPanel },
  { value: 'features', label: 'Features', Panel: FeaturesPanel },
  { value: 'stories', label: 'Stories', Panel: StoriesPanel },
  { value: 'gate', label: 'Gate', Panel: GatePanel },
  { value: 'checks', label: 'Checks', Panel: ChecksPanel },
  { value: 'report', label: 'Report', Panel: ReportsPanel },
] as const;

/** The side panel: one labelled region per tab, so screen readers can jump between them. */
function SidePanel({ tab, setTab }: { tab: string; setTab(tab: string): void }) {
  const stale = useAnalysis((s) => s.stale);
  return (
    <Tabs value={tab} onChange={(value) => value && setTab(value)} keepMounted={false}>
      <Tabs.List className="gh-side-tabs">
        {PANELS.map(({ value, label }) => (
          <Tabs.Tab key={value} value={value} px={5} fz={13}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {stale && (
        <Text size="xs" c="dimmed" px="sm" pt={4} role="status" data-testid="analysis-stale">
          Analysing the latest change…
        </Text>
      )}
      {PANELS.map(({ value, label, Panel }) => (
        <Tabs.Panel key={value} value={value}>
          <section aria-label={label} className="gh-panel">
            <Panel />
          </section>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function WorkspaceInner(props: WorkspaceProps) {
  const store = useEditorStore();
  const flowApi = useReactFlow();
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const undoText = useEditor(undoLabel);
  const redoText = useEditor(redoLabel);
  const [connectOpen, setConnectOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [tab, setTab] = useState<string>('inspector');
  const clipboard = useRef<Fragment | null>(null);
  const propsRef = useRef(props);
  useEffect(() => {
    propsRef.current = props;
  });

  useEffect(() => {
    const run = (command: EditorCommand): boolean => {
      switch (command) {
        case 'undo':
          store.getState().undo();
          return true;
        case 'redo':
          store.getState().redo();
          return true;
        case 'copy':
          clipboard.current = copySelection(store) ?? clipboard.current;
          return true;
        case 'paste':
          if (clipboard.current) pasteFragment(store, clipboard.current);
          return true;
        case 'duplicate':
          duplicateSelection(store);
          return true;
        case 'delete':
          deleteSelection(store);
          return true;
        case 'selectAll':
          selectAll(store);
          return true;
        case 'fitView':
          void flowApi.fitView({ padding: 0.15, duration: 200 });
          return true;
        case 'zoomIn':
          void flowApi.zoomIn({ duration: 150 });
          return true;
        case 'zoomOut':
          void flowApi.zoomOut({ duration: 150 });
          return true;
        case 'connect':
          setConnectOpen(true);
          return true;
        case 'shortcuts':
          setHelpOpen(true);
          return true;
        case 'save':
          propsRef.current.onSave();
          return true;
        case 'open':
          propsRef.current.onOpen();
          return true;
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const command = commandFor(event, isMac);
      if (!command) return;
      // In a text field, editing keys belong to the field; save and open still work.
      if (isTextField(event.target) && !['save', 'open', 'connect'].includes(command)) return;
      if (document.querySelector('[role="dialog"]') && command !== 'save') return;
      if (run(command)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    const fromMenu = props.commands?.subscribe((command) => {
      if (command === 'export') {
        // The exports (Jira, plan gate) live with the stories.
        setTab('stories');
        return;
      }
      // Undo and Redo from the menu belong to a focused text field first, as the keys do.
      if ((command === 'undo' || command === 'redo') && isTextField(document.activeElement)) {
        document.execCommand(command);
        return;
      }
      run(command);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      fromMenu?.();
    };
  }, [store, flowApi, props.commands]);

  return (
    <div className="gh-workspace">
      <header className="gh-toolbar" role="banner">
        <Group gap="xs" wrap="nowrap">
          <img className="gh-logo" src="./favicon.svg" alt="" width={22} height={22} />
          <ModelName />
          {props.hasUnsavedChanges && (
            <Badge
              variant="light"
              color="gray"
              title="Autosaved in this browser; not yet saved to a file"
            >
              Not saved to a file
            </Badge>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={undoText ? `Undo ${undoText.toLowerCase()}` : 'Nothing to undo'}>
            <Button
              variant="default"
              size="xs"
              disabled={!canUndo}
              onClick={() => store.getState().undo()}
            >
              Undo
            </Button>
          </Tooltip>
          <Tooltip label={redoText ? `Redo ${redoText.toLowerCase()}` : 'Nothing to redo'}>
            <Button
              variant="default"
              size="xs"
              disabled={!canRedo}
              onClick={() => store.getState().redo()}
            >
              Redo
            </Button>
          </Tooltip>
          <Button variant="default" size="xs" onClick={() => setConnectOpen(true)}>
            Connect…
          </Button>
          <Button variant="default" size="xs" onClick={props.onOpen}>
            Open…
          </Button>
          <CompareButton />
          <DashboardButton />
          <WorkshopButton />
          <RulesButton />
          <Button size="xs" onClick={props.onSave}>
            {props.saveLabel}
          </Button>
          <Button variant="subtle" size="xs" onClick={props.onClose}>
            Close
          </Button>
          <Tooltip label="Keyboard shortcuts">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Keyboard shortcuts"
              onClick={() => setHelpOpen(true)}
            >
              ?
            </ActionIcon>
          </Tooltip>
          <ThemeToggle />
        </Group>
      </header>
      <nav className="gh-left" aria-label="Tools">
        <Palette />
      </nav>
      <main className="gh-center" aria-label="Diagram">
        <DiagramTabs />
        <DiagramCanvas />
      </main>
      <aside className="gh-right" aria-label="Side panel">
        <SidePanel tab={tab} setTab={setTab} />
      </aside>
      <ConnectDialog opened={connectOpen} onClose={() => setConnectOpen(false)} />
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

export function Workspace(props: WorkspaceProps) {
  return (
    <ReactFlowProvider>
      <WorkspaceInner {...props} />
    </ReactFlowProvider>
  );
}
