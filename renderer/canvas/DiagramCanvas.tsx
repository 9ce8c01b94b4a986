/**
 * The diagram canvas (React Flow). Controlled by the editor store: nodes and edges are derived
 * from the document; gestures are turned into pure edits. Drags are coalesced into one document
 * update per animation frame (headless Chromium does not batch mouse moves, and React Flow does
 * a full update per event).
 *
 * The viewport is remembered per document and diagram (viewportMemory.ts) and given to React
 * Flow as its `defaultViewport`; a diagram seen for the first time opens fitted, with the fit
 * computed up front. The flow is drawn once the canvas's size and the stored viewports are
 * known, and drawn anew (a fresh `defaultViewport`) when another diagram's tab is chosen.
 */
import { useComputedColorScheme } from '@mantine/core';
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
} from 'react';
import { moveNodes, type Point } from '../../shared/model/edit/nodes';
import { useServices } from '../app/ServicesContext';
import { addPaletteItem, connect, type PaletteItem } from '../editor/commands';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import type { GatehouseDatabase } from '../persistence/database';
import { getSetting, setSetting } from '../persistence/documentStore';
import { DiagramViewCache, type DiagramEdge, type DiagramNode } from './diagramView';
import {
  ConnectionInProgress,
  DataStoreNode,
  ExternalEntityNode,
  ProcessNode,
} from './ElementNode';
import { EdgeLabelLayer, FlowEdge } from './FlowEdge';
import {
  clampViewport,
  createViewportMemory,
  diagramBounds,
  DiagramViewportsSchema,
  fitViewport,
  viewportSettingKey,
  type FitOptions,
  type Viewport,
  type ViewportMemory,
} from './viewportMemory';
import { LineNode } from './LineNode';
import { ZoneNode } from './ZoneNode';

// Module level, so React Flow never sees new types (a new object each render remounts nodes).
const nodeTypes = {
  process: ProcessNode,
  dataStore: DataStoreNode,
  externalEntity: ExternalEntityNode,
  zone: ZoneNode,
  line: LineNode,
};
const edgeTypes = { flow: FlowEdge };

export const PALETTE_MIME = 'application/x-gatehouse-palette';
const GRID = 10;
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;
/** As `fitView` was: a little room around the diagram, and never zoomed in past 1.2. */
const FIT: FitOptions = { padding: 0.15, minZoom: MIN_ZOOM, maxZoom: 1.2 };
const LIMITS: FitOptions = { padding: 0, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM };
const fitViewOptions = { padding: FIT.padding, maxZoom: FIT.maxZoom };
const proOptions = { hideAttribution: true };
const snapGrid: [number, number] = [GRID, GRID];
const multiSelectionKeyCode = ['Shift', 'Meta', 'Control'];

/** One viewport memory per database (so per page), stored in its settings. */
const memories = new WeakMap<GatehouseDatabase, ViewportMemory>();

function viewportMemoryOf(db: GatehouseDatabase): ViewportMemory {
  let memory = memories.get(db);
  if (!memory) {
    const created = createViewportMemory({
      load: (documentId) =>
        getSetting(db, viewportSettingKey(documentId), DiagramViewportsSchema, {}),
      save: (documentId, viewports) => setSetting(db, viewportSettingKey(documentId), viewports),
    });
    // Best effort: a write started on `pagehide` usually lands; the debounce is short anyway.
    window.addEventListener('pagehide', () => void created.flush());
    memories.set(db, created);
    memory = created;
  }
  return memory;
}

export function DiagramCanvas() {
  const store = useEditorStore();
  const diagramId = useEditor((s) => s.activeDiagramId);
  const flowApi = useReactFlow();
  const { db, documentId } = useServices();
  const memory = viewportMemoryOf(db);
  const container = useRef<HTMLDivElement>(null);

  // The stored viewports are read once per document and page, before the flow is drawn.
  const [loadedFor, setLoadedFor] = useState(() =>
    memory.isLoaded(documentId) ? documentId : null,
  );
  useEffect(() => {
    if (loadedFor === documentId) return;
    let cancelled = false;
    void memory.load(documentId).then(() => {
      if (!cancelled) setLoadedFor(documentId);
    });
    return () => {
      cancelled = true;
    };
  }, [memory, documentId, loadedFor]);

  // The canvas's size, for the fit computed up front (it is laid out before the flow exists).
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const element = container.current;
    if (element) setSize({ width: element.clientWidth, height: element.clientHeight });
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = event.dataTransfer.getData(PALETTE_MIME) as PaletteItem | '';
      if (!['process', 'dataStore', 'externalEntity', 'zone'].includes(item)) return;
      event.preventDefault();
      const point = flowApi.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addPaletteItem(store, item as PaletteItem, {
        x: Math.round(point.x / GRID) * GRID,
        y: Math.round(point.y / GRID) * GRID,
      });
    },
    [flowApi, store],
  );

  return (
    <div className="gh-canvas" ref={container} onDragOver={onDragOver} onDrop={onDrop}>
      {loadedFor === documentId && size !== null && (
        <DiagramFlow
          key={diagramId}
          diagramId={diagramId}
          documentId={documentId}
          memory={memory}
          size={size}
        />
      )}
    </div>
  );
}

/** The viewport a diagram opens with: the remembered one, else the fit of its bounds. */
function openingViewport(
  memory: ViewportMemory,
  documentId: string,
  diagramId: string,
  bounds: ReturnType<typeof diagramBounds>,
  size: { width: number; height: number },
): { viewport: Viewport; fitLater: boolean } {
  const remembered = memory.get(documentId, diagramId);
  if (remembered) return { viewport: clampViewport(remembered, LIMITS), fitLater: false };
  // An empty diagram is fitted to what is drawn first, as `fitView` did.
  return {
    viewport: fitViewport(bounds, size.width, size.height, FIT),
    fitLater: bounds === null,
  };
}

function DiagramFlow({
  diagramId,
  documentId,
  memory,
  size,
}: {
  diagramId: string;
  documentId: string;
  memory: ViewportMemory;
  size: { width: number; height: number };
}) {
  const store = useEditorStore();
  const document = useEditor((s) => s.document);
  const selection = useEditor((s) => s.selection);
  // React Flow's own controls, minimap and background follow the app's light or dark theme.
  const colorMode = useComputedColorScheme('light');
  // Chosen once per diagram shown (this component is keyed by the diagram).
  const [opening] = useState(() =>
    openingViewport(
      memory,
      documentId,
      diagramId,
      diagramBounds(store.getState().document, diagramId),
      size,
    ),
  );
  const onViewportChange = useCallback(
    (viewport: Viewport) => memory.remember(documentId, diagramId, viewport),
    [memory, documentId, diagramId],
  );
  // While a connection is drawn, every node has its handles (ElementNode.tsx).
  const [connecting, setConnecting] = useState(false);
  const connectionStarted = useCallback(() => setConnecting(true), []);
  const connectionEnded = useCallback(() => setConnecting(false), []);
  // The edge-label layer, found once the flow is in the DOM (before it is painted).
  const flowElement = useRef<HTMLDivElement>(null);
  const [labelLayer, setLabelLayer] = useState<Element | null>(null);
  useLayoutEffect(() => {
    setLabelLayer(flowElement.current?.querySelector('.react-flow__edgelabel-renderer') ?? null);
  }, []);
  // One cache per diagram shown: it only memoizes, so holding it in state is safe during render.
  const [cache] = useState(() => new DiagramViewCache());
  const selected = useMemo(() => new Set(selection), [selection]);
  const nodes = useMemo(
    () => cache.nodesOf(document, diagramId, selected),
    [cache, document, diagramId, selected],
  );
  // While a node is dragged, flows keep their sides (see `edgesOf`).
  const gestureRunning = useEditor((s) => s.gestureStart !== null);
  const edges = useMemo(
    () => cache.edgesOf(document, diagramId, selected, gestureRunning),
    [cache, document, diagramId, selected, gestureRunning],
  );

  const pending = useRef(new Map<string, Point>());
  const frame = useRef<number | null>(null);
  const flushMoves = useCallback(() => {
    frame.current = null;
    if (pending.current.size === 0) return;
    const moves = new Map(pending.current);
    pending.current.clear();
    store.getState().updateGesture((m) => moveNodes(m, moves));
  }, [store]);

  // The nodes and edges are controlled: React Flow reports selection as changes, and the store
  // is where the selection lives. Node and edge changes of one click arrive in two calls; each
  // applies to the store's current selection.
  const applySelection = useCallback(
    (changes: readonly (NodeChange<DiagramNode> | EdgeChange<DiagramEdge>)[]) => {
      const next = new Set(store.getState().selection);
      let touched = false;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        touched = true;
        if (change.selected) next.add(change.id);
        else next.delete(change.id);
      }
      if (touched) store.getState().select([...next]);
    },
    [store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<DiagramNode>[]) => {
      applySelection(changes);
      let ended = false;
      for (const change of changes) {
        if (change.type !== 'position' || !change.position) {
          if (change.type === 'position' && change.dragging === false) ended = true;
          continue;
        }
        store.getState().beginGesture();
        pending.current.set(change.id, {
          x: Math.round(change.position.x),
          y: Math.round(change.position.y),
        });
        if (change.dragging === false) ended = true;
      }
      if (ended) {
        if (frame.current !== null) cancelAnimationFrame(frame.current);
        flushMoves();
        store.getState().endGesture('Move');
      } else if (pending.current.size > 0 && frame.current === null) {
        frame.current = requestAnimationFrame(flushMoves);
      }
    },
    [store, flushMoves, applySelection],
  );

  const onNodeDragStop = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    flushMoves();
    store.getState().endGesture('Move');
  }, [store, flushMoves]);

  // Deletion goes through editor commands (deleteKeyCode is off); only selection is taken here.
  const onEdgesChange = useCallback(
    (changes: EdgeChange<DiagramEdge>[]) => applySelection(changes),
    [applySelection],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      connect(store, connection.source, connection.target);
    },
    [store],
  );

  return (
    <ConnectionInProgress.Provider value={connecting}>
      <EdgeLabelLayer.Provider value={labelLayer}>
        <ReactFlow<DiagramNode, DiagramEdge>
          ref={flowElement}
          colorMode={colorMode}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onConnectStart={connectionStarted}
          onConnectEnd={connectionEnded}
          onClickConnectStart={connectionStarted}
          onClickConnectEnd={connectionEnded}
          connectionMode={ConnectionMode.Loose}
          connectionRadius={30}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={multiSelectionKeyCode}
          snapToGrid
          snapGrid={snapGrid}
          onlyRenderVisibleElements
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          defaultViewport={opening.viewport}
          onViewportChange={onViewportChange}
          {...(opening.fitLater && { fitView: true, fitViewOptions })}
          proOptions={proOptions}
          aria-label="Diagram canvas"
        >
          <Background variant={BackgroundVariant.Dots} gap={GRID * 2} />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable ariaLabel="Minimap" />
        </ReactFlow>
      </EdgeLabelLayer.Provider>
    </ConnectionInProgress.Provider>
  );
}
