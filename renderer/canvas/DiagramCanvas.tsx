/**
 * The diagram canvas (React Flow). Controlled by the editor store: nodes and edges are derived
 * from the document; gestures are turned into pure edits. Drags are coalesced into one document
 * update per animation frame (headless Chromium does not batch mouse moves, and React Flow does
 * a full update per event).
 */
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
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { moveNodes, type Point } from '../../shared/model/edit/nodes';
import { addPaletteItem, connect, type PaletteItem } from '../editor/commands';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { DiagramViewCache, type DiagramEdge, type DiagramNode } from './diagramView';
import { DataStoreNode, ExternalEntityNode, ProcessNode } from './ElementNode';
import { FlowEdge } from './FlowEdge';
import { ZoneNode } from './ZoneNode';

// Module level, so React Flow never sees new types (a new object each render remounts nodes).
const nodeTypes = {
  process: ProcessNode,
  dataStore: DataStoreNode,
  externalEntity: ExternalEntityNode,
  zone: ZoneNode,
};
const edgeTypes = { flow: FlowEdge };

export const PALETTE_MIME = 'application/x-gatehouse-palette';
const GRID = 10;

export function DiagramCanvas() {
  const store = useEditorStore();
  const document = useEditor((s) => s.document);
  const selection = useEditor((s) => s.selection);
  const diagramId = useEditor((s) => s.activeDiagramId);
  const flowApi = useReactFlow();
  // One cache per canvas: it only memoizes, so holding it in state is safe during render.
  const [cache] = useState(() => new DiagramViewCache());
  const selected = useMemo(() => new Set(selection), [selection]);
  const nodes = useMemo(
    () => cache.nodesOf(document, diagramId, selected),
    [cache, document, diagramId, selected],
  );
  const edges = useMemo(
    () => cache.edgesOf(document, diagramId, selected),
    [cache, document, diagramId, selected],
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
    <div className="gh-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<DiagramNode, DiagramEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        connectionMode={ConnectionMode.Loose}
        connectionRadius={30}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        snapToGrid
        snapGrid={[GRID, GRID]}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={4}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.2 }}
        proOptions={{ hideAttribution: true }}
        aria-label="Diagram canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID * 2} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
      </ReactFlow>
    </div>
  );
}
