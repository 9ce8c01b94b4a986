/**
 * "Connect…": draws a data flow with the keyboard (React Flow has no keyboard way to draw an
 * edge). From the selected element, or a chosen one, to a chosen target on the same diagram.
 */
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { KIND_NAMES } from '../canvas/diagramView';
import { connect } from '../editor/commands';
import { useEditor, useEditorStore } from '../editor/EditorContext';

export function ConnectDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  // Closed, it reads nothing from the store: it must not re-render on every drag frame.
  return opened ? <ConnectForm onClose={onClose} /> : null;
}

function ConnectForm({ onClose }: { onClose(): void }) {
  const store = useEditorStore();
  const elements = useEditor((s) => s.document.elements);
  const diagramId = useEditor((s) => s.activeDiagramId);
  const selection = useEditor((s) => s.selection);
  const onDiagram = elements.filter((e) => e.diagramId === diagramId);
  const options = onDiagram.map((e) => ({
    value: e.id,
    label: `${e.name || 'Unnamed'} (${KIND_NAMES[e.kind]})`,
  }));
  const preselected = selection.find((id) => onDiagram.some((e) => e.id === id)) ?? null;
  const [source, setSource] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const from = source ?? preselected;

  const close = () => {
    setSource(null);
    setTarget(null);
    onClose();
  };

  return (
    <Modal opened onClose={close} title="Connect elements with a data flow">
      <Stack>
        {onDiagram.length < 2 ? (
          <Text size="sm">Add at least two elements to this diagram first.</Text>
        ) : (
          <>
            {/* With an element selected, "From" is known: the focus goes to "To". */}
            <Select
              label="From"
              data={options}
              value={from}
              onChange={setSource}
              searchable
              {...(preselected === null && { 'data-autofocus': true })}
            />
            <Select
              label="To"
              data={options.filter((o) => o.value !== from)}
              value={target}
              onChange={setTarget}
              searchable
              {...(preselected !== null && { 'data-autofocus': true })}
            />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={!from || !target || from === target}
            onClick={() => {
              if (from && target) connect(store, from, target);
              close();
            }}
          >
            Connect
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
