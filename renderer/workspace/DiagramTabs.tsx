/** Tabs for the model's diagrams: switch, add, rename (double-click) and delete. */
import { ActionIcon, Group, Menu, Tabs, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { addDiagram, deleteDiagram, renameDiagram } from '../../shared/model/edit/diagrams';
import { useEditor, useEditorStore } from '../editor/EditorContext';
import { newId } from '../editor/newId';

export function DiagramTabs() {
  const store = useEditorStore();
  const diagrams = useEditor((s) => s.document.diagrams);
  const active = useEditor((s) => s.activeDiagramId);
  const [renaming, setRenaming] = useState<string | null>(null);

  const add = () => {
    const id = newId('diagram');
    store
      .getState()
      .apply('Add diagram', (m) => addDiagram(m, { id, name: `Diagram ${m.diagrams.length + 1}` }));
    store.getState().setActiveDiagram(id);
  };

  return (
    <Group gap={4} wrap="nowrap" className="gh-diagram-tabs">
      <Tabs
        value={active}
        onChange={(id) => id && store.getState().setActiveDiagram(id)}
        variant="outline"
      >
        <Tabs.List aria-label="Diagrams">
          {diagrams.map((diagram) =>
            renaming === diagram.id ? (
              <TextInput
                key={diagram.id}
                size="xs"
                autoFocus
                aria-label="Diagram name"
                defaultValue={diagram.name}
                maxLength={200}
                onBlur={(event) => {
                  const name = event.currentTarget.value.trim() || diagram.name;
                  store
                    .getState()
                    .apply('Rename diagram', (m) => renameDiagram(m, diagram.id, name));
                  setRenaming(null);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') event.currentTarget.blur();
                  if (event.key === 'Escape') setRenaming(null);
                }}
              />
            ) : (
              <Menu
                key={diagram.id}
                trigger="click-hover"
                disabled={diagram.id !== active}
                openDelay={600}
              >
                <Menu.Target>
                  <Tabs.Tab value={diagram.id} onDoubleClick={() => setRenaming(diagram.id)}>
                    {diagram.name || 'Untitled diagram'}
                  </Tabs.Tab>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setRenaming(diagram.id)}>Rename…</Menu.Item>
                  <Menu.Item
                    color="red"
                    disabled={diagrams.length <= 1}
                    onClick={() =>
                      store.getState().apply('Delete diagram', (m) => deleteDiagram(m, diagram.id))
                    }
                  >
                    Delete diagram
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ),
          )}
        </Tabs.List>
      </Tabs>
      <Tooltip label="Add a diagram">
        <ActionIcon variant="subtle" aria-label="Add a diagram" onClick={add}>
          +
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
