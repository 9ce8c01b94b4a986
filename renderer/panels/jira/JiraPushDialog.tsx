/**
 * "Push to Jira…" (desktop only): choose the project and the stories, preview what will be
 * created or updated, push with a progress bar, read the result per item, and get the keys
 * written back into the model (one undo step). The shell rebuilds the issues from the model text
 * itself; this dialog sends only the text, the project key and the selection.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Progress,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type {
  JiraConnectionView,
  JiraPreview,
  JiraProgressEvent,
  JiraPushResult,
} from '../../../shared/ipc/jiraChannels';
import { serializeModel } from '../../../shared/model/canonical';
import type { Model } from '../../../shared/model/schema';
import type { Story } from '../../../shared/stories/generateStories';
import type { DesktopApi } from '../../platform/desktopApi';
import { JiraConnectionDialog } from './JiraConnectionDialog';
import { recordPushedKeys } from './writeBack';

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

/** What the dialog needs from the open document. */
export interface JiraPushDocument {
  /** The document as it is now. */
  current(): Model;
  /** The stories of `model` as the analysis sees them now. */
  storiesOf(model: Model): Story[];
  /** Applies an edit as one undo step (the editor store's `apply`). */
  apply(label: string, edit: (model: Model) => Model): void;
}

export interface JiraPushDialogProps {
  desktop: DesktopApi;
  document: JiraPushDocument;
  opened: boolean;
  onClose: () => void;
}

type Step =
  | { kind: 'choose' }
  | { kind: 'preview'; preview: JiraPreview }
  | { kind: 'pushing'; progress: JiraProgressEvent | null }
  | { kind: 'done'; result: JiraPushResult; recorded: boolean };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The push dialog. */
export function JiraPushDialog({ desktop, document, opened, onClose }: JiraPushDialogProps) {
  const [connection, setConnection] = useState<JiraConnectionView | null | 'loading'>('loading');
  const [connecting, setConnecting] = useState(false);
  const [project, setProject] = useState('');
  const [which, setWhich] = useState<'accepted' | 'all'>('accepted');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    let cancelled = false;
    desktop
      .call('jira:getConnection', {})
      .then((answer) => {
        if (cancelled) return;
        // A fresh start on each opening: last time's preview or result is stale.
        setStep((current) => (current.kind === 'pushing' ? current : { kind: 'choose' }));
        setError(null);
        setConnection(answer.connection);
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        setConnection(null);
        setError(messageOf(caught));
      });
    return () => {
      cancelled = true;
    };
  }, [desktop, opened]);

  const request = () => ({
    modelText: serializeModel(document.current()),
    projectKey: project,
    which,
  });
  const projectValid = PROJECT_KEY.test(project);

  const preview = async () => {
    setBusy(true);
    setError(null);
    try {
      setStep({ kind: 'preview', preview: await desktop.call('jira:preview', request()) });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const push = async () => {
    setBusy(true);
    setError(null);
    setStep({ kind: 'pushing', progress: null });
    const stop = desktop.on('jira:progress', (progress) =>
      setStep((current) => (current.kind === 'pushing' ? { kind: 'pushing', progress } : current)),
    );
    try {
      const result = await desktop.call('jira:push', request());
      let recorded = false;
      document.apply('Record Jira keys', (model) => {
        const next = recordPushedKeys(model, document.storiesOf(model), result);
        recorded = next !== model;
        return next;
      });
      setStep({ kind: 'done', result, recorded });
    } catch (caught) {
      setError(messageOf(caught));
      setStep({ kind: 'choose' });
    } finally {
      stop();
      setBusy(false);
    }
  };

  const close = () => {
    if (step.kind !== 'pushing') onClose();
  };

  return (
    <>
      <Modal opened={opened} onClose={close} title="Push stories to Jira" size="xl">
        <Stack>
          {connection === null && (
            <Alert color="blue" title="No Jira connection yet">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">Connect to Jira Cloud or Data Center first.</Text>
                <Button size="xs" onClick={() => setConnecting(true)}>
                  Connect to Jira…
                </Button>
              </Stack>
            </Alert>
          )}
          {connection !== null && connection !== 'loading' && (
            <Group justify="space-between">
              <Text size="sm">
                To {connection.kind === 'cloud' ? connection.site : connection.baseUrl}
              </Text>
              <Button size="xs" variant="subtle" onClick={() => setConnecting(true)}>
                Connection…
              </Button>
            </Group>
          )}
          <Group align="flex-end">
            <TextInput
              label="Jira project key"
              placeholder="e.g. SHOP"
              value={project}
              disabled={step.kind === 'pushing'}
              error={
                project === '' || projectValid
                  ? undefined
                  : 'Capital letters, digits and _, starting with a letter'
              }
              onChange={(event) => {
                setProject(event.currentTarget.value.trim().toUpperCase());
                setStep({ kind: 'choose' });
              }}
            />
            <SegmentedControl
              aria-label="Which stories"
              value={which}
              disabled={step.kind === 'pushing'}
              onChange={(value) => {
                setWhich(value as 'accepted' | 'all');
                setStep({ kind: 'choose' });
              }}
              data={[
                { value: 'accepted', label: 'Accepted stories' },
                { value: 'all', label: 'All but rejected' },
              ]}
            />
          </Group>
          {error !== null && (
            <Alert color="red" title="Jira push failed" role="alert">
              {error}
            </Alert>
          )}
          {step.kind === 'preview' && <PreviewTable preview={step.preview} />}
          {step.kind === 'pushing' && (
            <Stack gap={4}>
              <Progress
                aria-label="Push progress"
                value={
                  step.progress && step.progress.total > 0
                    ? (100 * step.progress.done) / step.progress.total
                    : 0
                }
                animated
              />
              <Text size="xs" c="dimmed" role="status">
                {step.progress
                  ? `${step.progress.phase === 'epics' ? 'Epics' : 'Stories'}: ${step.progress.done} of ${step.progress.total} items`
                  : 'Starting…'}
              </Text>
            </Stack>
          )}
          {step.kind === 'done' && <ResultTable result={step.result} recorded={step.recorded} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={step.kind === 'pushing'}>
              {step.kind === 'done' ? 'Close' : 'Cancel'}
            </Button>
            {(step.kind === 'choose' || step.kind === 'done') && (
              <Button
                variant={step.kind === 'done' ? 'default' : 'filled'}
                disabled={busy || !projectValid || connection === null || connection === 'loading'}
                onClick={() => void preview()}
              >
                Preview
              </Button>
            )}
            {step.kind === 'preview' && (
              <Button
                disabled={busy || step.preview.stories.length + step.preview.epics.length === 0}
                onClick={() => void push()}
              >
                Push {plural(step.preview.stories.length, 'story', 'stories')}
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
      <JiraConnectionDialog
        desktop={desktop}
        opened={connecting}
        onClose={() => setConnecting(false)}
        onChanged={(changed) => setConnection(changed)}
      />
    </>
  );
}

function PreviewTable({ preview }: { preview: JiraPreview }) {
  const creates = preview.stories.filter((story) => story.action === 'create').length;
  const newEpics = preview.epics.filter((epic) => epic.issueKey === null).length;
  if (preview.stories.length === 0)
    return <Text size="sm">No stories match: accept some stories first, or choose “All”.</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm">
        {plural(newEpics, 'epic', 'epics')} and {plural(creates, 'story', 'stories')} will be
        created; {plural(preview.stories.length - creates, 'story', 'stories')} updated.
      </Text>
      <ScrollArea.Autosize mah={320}>
        <Table striped aria-label="Preview of the push">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th>Summary</Table.Th>
              <Table.Th>Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.epics.map((epic) => (
              <Table.Tr key={`epic-${epic.featureId}`}>
                <Table.Td>Epic</Table.Td>
                <Table.Td>{epic.name}</Table.Td>
                <Table.Td>
                  {epic.issueKey === null ? 'Create' : `Use ${epic.issueKey} (found by label)`}
                </Table.Td>
              </Table.Tr>
            ))}
            {preview.stories.map((story) => (
              <Table.Tr key={story.storyId}>
                <Table.Td>
                  <code>{story.storyId}</code>
                </Table.Td>
                <Table.Td>{story.summary}</Table.Td>
                <Table.Td>
                  {story.action === 'create'
                    ? 'Create'
                    : `Update ${story.issueKey}${story.keySource === 'label' ? ' (found by label)' : ''}`}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}

const OUTCOME_COLORS = { created: 'teal', updated: 'blue', found: 'blue', failed: 'red' } as const;

function ResultTable({ result, recorded }: { result: JiraPushResult; recorded: boolean }) {
  const failed = [...result.epics, ...result.results].filter(
    (entry) => entry.outcome === 'failed',
  ).length;
  return (
    <Stack gap="xs">
      <Text size="sm" role="status">
        {failed === 0
          ? 'Everything was pushed.'
          : `${plural(failed, 'item', 'items')} failed; the others were pushed.`}{' '}
        {recorded ? 'The issue keys were written into the model.' : ''}
      </Text>
      <ScrollArea.Autosize mah={320}>
        <Table striped aria-label="Result of the push">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Issue</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.epics.map((epic) => (
              <Table.Tr key={`epic-${epic.featureId}`}>
                <Table.Td>Epic of {epic.featureId}</Table.Td>
                <Table.Td>
                  <Badge color={OUTCOME_COLORS[epic.outcome]}>{epic.outcome}</Badge>
                </Table.Td>
                <Table.Td>{epic.issueKey ?? '—'}</Table.Td>
                <Table.Td>{epic.message ?? ''}</Table.Td>
              </Table.Tr>
            ))}
            {result.results.map((entry) => (
              <Table.Tr key={entry.storyId}>
                <Table.Td>
                  <code>{entry.storyId}</code>
                </Table.Td>
                <Table.Td>
                  <Badge color={OUTCOME_COLORS[entry.outcome]}>{entry.outcome}</Badge>
                </Table.Td>
                <Table.Td>{entry.issueKey ?? '—'}</Table.Td>
                <Table.Td>{entry.message ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}
