/**
 * A trust boundary drawn as a zone: a dashed, resizable frame. Its body lets clicks through to
 * what is drawn inside (CSS `pointer-events`); it is moved by its label and resized by its
 * handles, and both gestures are one undo step.
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { MIN_ZONE_SIZE } from '../../shared/model/geometry';
import { resizeZone } from '../../shared/model/edit/nodes';
import { changeMarkClass, useChangeMark } from '../compare/useChangeMark';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { documentIndex } from './diagramIndex';
import type { DiagramNode } from './diagramView';

/** The kind is shown unless it is unknown or the name already says it ("DMZ" of kind dmz). */
function showsKind(name: string, kind: string): boolean {
  if (kind === 'unknown') return false;
  const normalize = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  return !normalize(name).includes(normalize(kind));
}

export const ZoneNode = memo(function ZoneNode({ id, selected }: NodeProps<DiagramNode>) {
  const store = useEditorStore();
  const zone = useEditor((s) => documentIndex(s.document).boundaries.get(id));
  const changeMark = useChangeMark(id);
  if (!zone || zone.shape !== 'zone') return null;
  return (
    <div
      className={`gh-zone gh-zone--${zone.boundaryKind}${selected ? ' gh-zone--selected' : ''}${changeMarkClass(changeMark)}`}
      data-testid={`zone-${id}`}
    >
      <NodeResizer
        isVisible={selected}
        minWidth={MIN_ZONE_SIZE.width}
        minHeight={MIN_ZONE_SIZE.height}
        onResizeStart={() => store.getState().beginGesture()}
        onResize={(_event, params) =>
          store.getState().updateGesture((m) =>
            resizeZone(m, id, {
              x: params.x,
              y: params.y,
              width: params.width,
              height: params.height,
            }),
          )
        }
        onResizeEnd={() => store.getState().endGesture('Resize trust boundary')}
      />
      <div className="gh-zone-label">
        {zone.name || 'Trust boundary'}
        {showsKind(zone.name, zone.boundaryKind) && (
          <span className="gh-zone-kind"> · {zone.boundaryKind.replace(/-/g, ' ')}</span>
        )}
      </div>
    </div>
  );
});
