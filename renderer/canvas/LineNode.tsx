/**
 * A trust boundary drawn as a line (Threat Dragon's curves, the Threat Modeling Tool's line
 * boundaries): a dashed polyline with its name at the first point. Only the stroke takes clicks,
 * so what lies under the line's bounding box stays clickable; the flows that cross it are
 * computed from geometry by the analysis.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { changeMarkClass, useChangeMark } from '../compare/useChangeMark';
import { useEditor } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import { lineBox, type DiagramNode } from './diagramView';

export const LineNode = memo(function LineNode({ id, selected }: NodeProps<DiagramNode>) {
  const line = useEditor((s) => documentIndex(s.document).boundaries.get(id));
  const changeMark = useChangeMark(id);
  if (!line || line.shape !== 'line') return null;
  const box = lineBox(line);
  const points = line.points.map((point) => `${point.x - box.x},${point.y - box.y}`).join(' ');
  const first = line.points[0]!;
  return (
    <svg
      className={`gh-line gh-line--${line.boundaryKind}${selected ? ' gh-line--selected' : ''}${changeMarkClass(changeMark)}`}
      width={box.width}
      height={box.height}
      data-testid={`line-${id}`}
    >
      <polyline className="gh-line-hit" points={points} />
      <polyline className="gh-line-stroke" points={points} />
      <text className="gh-line-label" x={first.x - box.x + 4} y={first.y - box.y - 4}>
        {line.name || 'Trust boundary'}
      </text>
    </svg>
  );
});
