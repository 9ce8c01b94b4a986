/**
 * The diagram's element nodes, one component per DFD shape: a process (rounded), a data store
 * (open-ended, between two lines) and an external entity (a plain box). The node reads its
 * record from the store by ID, so it re-renders only when that record changes.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ElementKind } from '../../shared/model/schema';
import { useEditor } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import type { DiagramNode } from './diagramView';
import { KIND_NAMES } from './diagramView';
import { ThreatBadge } from './ThreatBadge';

const SIDES = [Position.Top, Position.Right, Position.Bottom, Position.Left] as const;

function ElementShape({
  id,
  kind,
  selected,
}: {
  id: string;
  kind: ElementKind;
  selected: boolean;
}) {
  const element = useEditor((s) => documentIndex(s.document).elements.get(id));
  const highlighted = useEditor((s) => s.highlight.includes(id));
  if (!element) return null;
  return (
    <div
      className={`gh-element gh-element--${kind}${selected ? ' gh-element--selected' : ''}${highlighted ? ' gh-element--highlighted' : ''}`}
      data-testid={`element-${id}`}
    >
      <span className="gh-element-kind">{KIND_NAMES[kind]}</span>
      <span className="gh-element-name">{element.name || 'Unnamed'}</span>
      <ThreatBadge targetId={id} />
      {SIDES.map((side) => (
        <Handle key={side} id={side} type="source" position={side} className="gh-handle" />
      ))}
    </div>
  );
}

export const ProcessNode = memo(function ProcessNode({ id, selected }: NodeProps<DiagramNode>) {
  return <ElementShape id={id} kind="process" selected={selected} />;
});
export const DataStoreNode = memo(function DataStoreNode({ id, selected }: NodeProps<DiagramNode>) {
  return <ElementShape id={id} kind="dataStore" selected={selected} />;
});
export const ExternalEntityNode = memo(function ExternalEntityNode({
  id,
  selected,
}: NodeProps<DiagramNode>) {
  return <ElementShape id={id} kind="externalEntity" selected={selected} />;
});
