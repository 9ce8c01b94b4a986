/**
 * The palette: one button per DFD shape. Click (or Enter) adds it in the middle of the view;
 * dragging it onto the canvas drops it where it lands.
 */
import { Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import { PALETTE_MIME } from '../canvas/DiagramCanvas';
import { addPaletteItem, type PaletteItem } from '../editor/commands';
import { useEditorStore } from '../editor/EditorContext';

const ITEMS: readonly { item: PaletteItem; label: string; hint: string }[] = [
  { item: 'process', label: 'Process', hint: 'Code that runs: a service, an app, a job.' },
  {
    item: 'dataStore',
    label: 'Data store',
    hint: 'Where data rests: a database, a bucket, a queue.',
  },
  {
    item: 'externalEntity',
    label: 'External entity',
    hint: 'A person or system outside your control.',
  },
  { item: 'zone', label: 'Trust boundary', hint: 'A zone of equal trust; drag elements into it.' },
];

export function Palette() {
  const store = useEditorStore();
  const flowApi = useReactFlow();
  const addAtCenter = (item: PaletteItem) => {
    const canvas = document.querySelector('.gh-canvas')?.getBoundingClientRect();
    const screen = canvas
      ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 }
      : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
    const point = flowApi.screenToFlowPosition(screen);
    // A small shift per element already there, so repeated clicks do not stack exactly.
    const count = store.getState().document.elements.length % 8;
    addPaletteItem(store, item, {
      x: Math.round(point.x) + count * 20,
      y: Math.round(point.y) + count * 20,
    });
  };
  return (
    <Stack
      gap={6}
      p="xs"
      className="gh-palette"
      role="toolbar"
      aria-label="Palette"
      aria-orientation="vertical"
    >
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Add
      </Text>
      {ITEMS.map(({ item, label, hint }) => (
        <Tooltip key={item} label={hint} position="right" openDelay={400}>
          <UnstyledButton
            className={`gh-palette-item gh-palette-item--${item}`}
            draggable
            onDragStart={(event: DragEvent) => {
              event.dataTransfer.setData(PALETTE_MIME, item);
              event.dataTransfer.effectAllowed = 'copy';
            }}
            onClick={() => addAtCenter(item)}
            aria-label={label}
            data-testid={`palette-${item}`}
          >
            <span className={`gh-palette-icon gh-palette-icon--${item}`} aria-hidden="true" />
            <span>{label}</span>
          </UnstyledButton>
        </Tooltip>
      ))}
    </Stack>
  );
}
