/** A data flow: a curved arrow with its name as a label (as text, never markup). */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useEditor } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import type { DiagramEdge } from './diagramView';

export const FlowEdge = memo(function FlowEdge(props: EdgeProps<DiagramEdge>) {
  const flow = useEditor((s) => documentIndex(s.document).flows.get(props.id));
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        {...(props.markerEnd !== undefined && { markerEnd: props.markerEnd })}
        {...(props.markerStart !== undefined && { markerStart: props.markerStart })}
        className={props.selected ? 'gh-flow gh-flow--selected' : 'gh-flow'}
        interactionWidth={16}
      />
      {flow && flow.name !== '' && (
        <EdgeLabelRenderer>
          <div
            className={`gh-flow-label nodrag nopan${props.selected ? ' gh-flow-label--selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`flow-label-${props.id}`}
          >
            {flow.name}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
