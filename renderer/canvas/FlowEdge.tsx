/** A data flow: a curved arrow with its name as a label (as text, never markup). */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { changeMarkClass, useChangeMark } from '../compare/useChangeMark';
import { useEditor } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import type { DiagramEdge } from './diagramView';
import { fitText, pageFontFamily } from './fitText';

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

/** `.gh-flow-label` in app.css: 11 px text, at most 180 px wide with 6 px padding and a border. */
const LABEL_FONT_SIZE = '11px';
const LABEL_TEXT_WIDTH = 180 - 2 * 6 - 2 * 1;

/** The label's text, cut with an ellipsis to its width (fitText.ts says why not by CSS). */
function FlowLabelText({
  name,
  className,
  testId,
}: {
  name: string;
  className: string;
  testId: string;
}) {
  const shown = fitText(name, `${LABEL_FONT_SIZE} ${pageFontFamily()}`, LABEL_TEXT_WIDTH);
  return (
    <div className={className} data-testid={testId} {...(shown !== name && { title: name })}>
      {shown}
    </div>
  );
}

const COORDINATES = new Set(['sourceX', 'sourceY', 'targetX', 'targetY']);

/**
 * Props equal but for coordinates within 1/100 px. React Flow measures the handles in the DOM
 * after the first render and the measured handles differ from the declared ones by float noise
 * (they are divided by the zoom), which would draw every flow a second time.
 */
function sameProps(previous: EdgeProps<DiagramEdge>, next: EdgeProps<DiagramEdge>): boolean {
  const keys = Object.keys(next) as (keyof EdgeProps<DiagramEdge>)[];
  if (keys.length !== Object.keys(previous).length) return false;
  return keys.every((key) =>
    COORDINATES.has(key)
      ? Math.abs((previous[key] as number) - (next[key] as number)) < 0.01
      : previous[key] === next[key],
  );
}

export const FlowEdge = memo(function FlowEdge(props: EdgeProps<DiagramEdge>) {
  const flow = useEditor((s) => documentIndex(s.document).flows.get(props.id));
  const highlighted = useEditor((s) => s.highlight.includes(props.id));
  const changeMark = useChangeMark(props.id);
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        {...(props.markerEnd !== undefined && { markerEnd: props.markerEnd })}
        {...(props.markerStart !== undefined && { markerStart: props.markerStart })}
        className={`gh-flow${props.selected ? ' gh-flow--selected' : ''}${highlighted ? ' gh-flow--highlighted' : ''}${changeMarkClass(changeMark)}`}
        interactionWidth={16}
      />
      {flow && flow.name !== '' && (
        <EdgeLabel>
          {/* A zero-size anchor at the label's point centres the label by flex layout, not by a
              CSS transform: 2,000 transformed labels made Chromium's layerization a large part
              of every frame of a drag. */}
          <div className="gh-flow-label-anchor" style={{ left: labelX, top: labelY }}>
            <FlowLabelText
              name={flow.name}
              className={`gh-flow-label nodrag nopan${props.selected ? ' gh-flow-label--selected' : ''}`}
              testId={`flow-label-${props.id}`}
            />
          </div>
        </EdgeLabel>
      )}
    </>
  );
}, sameProps);
