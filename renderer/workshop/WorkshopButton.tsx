/**
 * The toolbar's "Workshop" button and the full-screen workshop it opens. Full screen, because a
 * workshop is shown on a projector and the side panel has no room left for it; a dialog, so the
 * workspace's own shortcuts stay out of the way while the room talks.
 */
import { Button, Modal } from '@mantine/core';
import { useState } from 'react';
import { WorkshopView } from './WorkshopView';

export function WorkshopButton() {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpened(true)}>
        Workshop
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        fullScreen
        title="Workshop"
        withCloseButton={false}
        padding={0}
        classNames={{ header: 'gh-workshop-modal-header' }}
      >
        {opened && <WorkshopView onClose={() => setOpened(false)} />}
      </Modal>
    </>
  );
}
