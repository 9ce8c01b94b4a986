/** The keyboard shortcuts, from the one table the menus use too. */
import { Kbd, Modal, Table } from '@mantine/core';
import { SHORTCUTS } from '../../shared/editor/shortcuts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function show(keys: string): string {
  return keys.replace('Mod', isMac ? '⌘' : 'Ctrl');
}

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Table striped>
        <Table.Tbody>
          {SHORTCUTS.map((shortcut) => (
            <Table.Tr key={shortcut.command}>
              <Table.Td>{shortcut.description}</Table.Td>
              <Table.Td>
                {shortcut.keys.map((keys) => (
                  <Kbd key={keys} mr={4}>
                    {show(keys)}
                  </Kbd>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>Select several items</Table.Td>
            <Table.Td>
              <Kbd>Shift</Kbd> + click, or <Kbd>Shift</Kbd> + drag a box
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
