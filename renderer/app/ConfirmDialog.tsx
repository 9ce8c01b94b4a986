/** A question the person must answer before something irreversible (overwrite a changed file). */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';

export interface PendingConfirmation {
  title: string;
  message: string;
  confirmLabel: string;
  onAnswer(confirmed: boolean): void;
}

export function ConfirmDialog({
  pending,
  onClose,
}: {
  pending: PendingConfirmation | null;
  onClose(): void;
}) {
  const answer = (confirmed: boolean) => {
    pending?.onAnswer(confirmed);
    onClose();
  };
  return (
    <Modal opened={pending !== null} onClose={() => answer(false)} title={pending?.title ?? ''}>
      <Stack>
        <Text role="alert">{pending?.message}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => answer(false)} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => answer(true)}>
            {pending?.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
