/**
 * The diagram's element nodes, one component per DFD shape: a process (rounded), a data store
 * (open-ended, between two lines) and an external entity (a plain box). The node reads its
 * record from the store by ID, so it re-renders only when that record changes.
 *
 * Handles (hidden until the node is hovered, selected or focused) are React Flow `Handle`s only
 * while they can be seen or used: on a node under the pointer, selected or focused, and on every
 * node while a connection is being drawn — four `Handle`s on each of 1,000 nodes cost 8 MB of
 * heap and a store subscription each. React Flow measures a node's handles in the DOM when it
 * first sees the node (and when the node is resized), and that measurement replaces the handles
 * declared up front (diagramView.ts): so a node without `Handle`s holds four invisible anchors
 * where the handles are drawn.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, useEffect, useRef, useState } from 'react';
import type { ElementKind } from '../../shared/model/schema';
import { changeMarkClass, useChangeMark } from '../compare/useChangeMark';
import { useEditor } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import type { DiagramNode } from './diagramView';
import { ELEMENT_BORDERS, elementHandles, KIND_NAMES } from './diagramView';
import { fitText, pageFontFamily } from './fitText';
import { ThreatBadge } from './ThreatBadge';

const SIDES = [Position.Top, Position.Right, Position.Bottom, Position.Left] as const;

/** True while a connection is being drawn (by dragging or by clicking handles). */
export const ConnectionInProgress = createContext(false);

/** Where React Flow measures the handles of a node whose `Handle`s are not mounted. */
function HandleAnchors({
  kind,
  width,
  height,
}: {
  kind: ElementKind;
  width: number;
  height: number;
}) {
  return elementHandles(kind, width, height).map((handle) => (
    <div
      key={handle.id}
      className="source"
      data-handleid={handle.id}
      data-handlepos={handle.position}
      aria-hidden="true"
      style={{
        position: 'absolute',
        left: handle.x,
        top: handle.y,
        width: handle.width,
        height: handle.height,
        visibility: 'hidden',
        pointerEvents: 'none',
      }}
    />
  ));
}

function ElementShape({
  id,
  kind,
  selected,
  width,
  height,
}: {
  id: string;
  kind: ElementKind;
  selected: boolean;
  width: number;
  height: number;
}) {
  const element = useEditor((s) => documentIndex(s.document).elements.get(id));
  const highlighted = useEditor((s) => s.highlight.includes(id));
  const changeMark = useChangeMark(id);
  const connecting = useContext(ConnectionInProgress);
  const [pointerOver, setPointerOver] = useState(false);
  const [focused, setFocused] = useState(false);
  const shape = useRef<HTMLDivElement>(null);
  // React Flow focuses the node's wrapper, the element's parent.
  useEffect(() => {
    const wrapper = shape.current?.parentElement;
    if (!wrapper) return;
    const onFocus = () => setFocused(true);
    const onBlur = () => setFocused(false);
    wrapper.addEventListener('focus', onFocus);
    wrapper.addEventListener('blur', onBlur);
    return () => {
      wrapper.removeEventListener('focus', onFocus);
      wrapper.removeEventListener('blur', onBlur);
    };
  }, []);
  if (!element) return null;
  const live = selected || pointerOver || focused || connecting;
  return (
    <>
      <div
        ref={shape}
        className={`gh-element gh-element--${kind}${selected ? ' gh-element--selected' : ''}${highlighted ? ' gh-element--highlighted' : ''}${changeMarkClass(changeMark)}`}
        data-testid={`element-${id}`}
        onMouseEnter={() => setPointerOver(true)}
        onMouseLeave={() => setPointerOver(false)}
      >
        <span className="gh-element-kind">{KIND_NAMES[kind]}</span>
        <ElementName name={element.name || 'Unnamed'} kind={kind} width={width} />
        <ThreatBadge targetId={id} />
        {live &&
          SIDES.map((side) => (
            <Handle key={side} id={side} type="source" position={side} className="gh-handle" />
          ))}
      </div>
      {!live && <HandleAnchors kind={kind} width={width} height={height} />}
    </>
  );
}

/** `.gh-element-name` in app.css; `.gh-element`'s padding is 10 px a side. */
const NAME_FONT_SIZE_AND_WEIGHT = '600 13px';
const ELEMENT_PADDING_X = 10;

/** The name, cut with an ellipsis to the node's inner width (fitText.ts says why not by CSS). */
function ElementName({ name, kind, width }: { name: string; kind: ElementKind; width: number }) {
  const [, right, , left] = ELEMENT_BORDERS[kind];
  const available = width - 2 * ELEMENT_PADDING_X - left - right;
  const shown = fitText(name, `${NAME_FONT_SIZE_AND_WEIGHT} ${pageFontFamily()}`, available);
  return (
    <span className="gh-element-name" {...(shown !== name && { title: name })}>
      {shown}
    </span>
  );
}

export const ProcessNode = memo(function ProcessNode(props: NodeProps<DiagramNode>) {
  return <ElementShape kind="process" {...shapeProps(props)} />;
});
export const DataStoreNode = memo(function DataStoreNode(props: NodeProps<DiagramNode>) {
  return <ElementShape kind="dataStore" {...shapeProps(props)} />;
});
export const ExternalEntityNode = memo(function ExternalEntityNode(props: NodeProps<DiagramNode>) {
  return <ElementShape kind="externalEntity" {...shapeProps(props)} />;
});

function shapeProps({ id, selected, width, height }: NodeProps<DiagramNode>) {
  return { id, selected, width: width ?? 0, height: height ?? 0 };
}
