/** A data flow: a curved arrow with its name as a label (as text, never markup). */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useEditor } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import type { DiagramEdge } from './diagramView';

/**
 * React Flow's edge-label layer (`.react-flow__edgelabel-renderer`), found once by the canvas.
 * `EdgeLabelRenderer` would find it with a `querySelector` in a store selector: one DOM query
 * per label on every store update (2,000 at 2,000 flows, several times per drag frame).
 */
export const EdgeLabelLayer = createContext<Element | null>(null);

function EdgeLabel({ children }: { children: ReactNode }) {
  const layer = useContext(EdgeLabelLayer);
  return layer ? createPortal(children, layer) : null;
}

export const FlowEdge = memo(function FlowEdge(props: EdgeProps<DiagramEdge>) {
  const flow = useEditor((s) => documentIndex(s.document).flows.get(props.id));
  const highlighted = useEditor((s) => s.highlight.includes(props.id));
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        {...(props.markerEnd !== undefined && { markerEnd: props.markerEnd })}
        {...(props.markerStart !== undefined && { markerStart: props.markerStart })}
        className={`gh-flow${props.selected ? ' gh-flow--selected' : ''}${highlighted ? ' gh-flow--highlighted' : ''}`}
        interactionWidth={16}
      />
      {flow && flow.name !== '' && (
        <EdgeLabel>
          <div
            className={`gh-flow-label nodrag nopan${props.selected ? ' gh-flow-label--selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`flow-label-${props.id}`}
          >
            {flow.name}
          </div>
        </EdgeLabel>
      )}
    </>
  );
});
