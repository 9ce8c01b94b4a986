/**
 * The toolbar's "Dashboard" button and the full-screen risk dashboard it opens. A full view and
 * not a side-panel tab: the tab row is full, and the charts need the room.
 */
import { Button, Modal } from '@mantine/core';
import { useState } from 'react';
import { Dashboard } from './Dashboard';

export function DashboardButton() {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpened(true)}>
        Dashboard
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        fullScreen
        title="Risk dashboard"
        closeButtonProps={{ 'aria-label': 'Close the dashboard' }}
      >
        {opened && <Dashboard />}
      </Modal>
    </>
  );
}
