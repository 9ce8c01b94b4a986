/** A problem the user must read (a file that cannot be opened), with its details as plain text. */
import { Button, Code, Group, List, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { formatIssue, InputError } from '../../shared/model/errors';

export interface ShownError {
  title: string;
  error: unknown;
}

export function ErrorDialog({ shown, onClose }: { shown: ShownError | null; onClose(): void }) {
  const error = shown?.error;
  const summary =
    error instanceof InputError
      ? error.summary
      : error instanceof Error
        ? error.message
        : String(error ?? '');
  const issues = error instanceof InputError ? error.issues.slice(0, 20) : [];
  return (
    <Modal opened={shown !== null} onClose={onClose} title={shown?.title ?? ''} size="lg">
      <Stack>
        <Text role="alert" data-testid="error-summary">
          {summary}
        </Text>
        {issues.length > 0 && (
          <ScrollArea.Autosize mah={240}>
            <List size="sm" spacing={4}>
              {issues.map((issue, index) => (
                <List.Item key={index}>
                  <Code>{formatIssue(issue)}</Code>
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
        )}
        <Text size="sm" c="dimmed">
          Nothing was changed: your current work is as it was.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose}>OK</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
