/**
 * Security stories per feature: generated from the open threats (one per feature × mitigation),
 * accepted one by one (a bulk accept lists what it will accept and asks once more), moved along,
 * documented with a tracker key, and exported for Jira.
 */
import {
  Accordion,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { InputError } from '../../shared/model/errors';
import { TRACKER_KEY, type Model, type StoryState } from '../../shared/model/schema';
import type { Story } from '../../shared/stories/generateStories';
import { documentStory, editStoryText, setStoryState } from '../../shared/triage/triageOperations';
import { useAnalysis, useAnalysisStore } from '../analysis/AnalysisContext';
import { storiesFor, storiesOf } from '../analysis/current';
import { useEditorStore } from '../editor/EditorContext';
import { JiraExportButton } from './JiraExport';
import { SeverityBadge } from './SeverityBadge';

const STATE_LABELS: Record<StoryState, string> = {
  proposed: 'Proposed',
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  rejected: 'Rejected',
};

function useStoryActions() {
  const store = useEditorStore();
  const analysis = useAnalysisStore();
  const [error, setError] = useState<string | null>(null);
  const run = (
    label: string,
    edit: (model: Model, stories: Story[]) => Model,
    mergeKey?: string,
  ) => {
    try {
      store
        .getState()
        .apply(
          label,
          (m) => edit(m, storiesFor(m, analysis.getState().snapshot)),
          mergeKey ? { mergeKey } : {},
        );
      setError(null);
    } catch (caught) {
      if (caught instanceof InputError) setError(caught.summary);
      else throw caught;
    }
  };
  return { run, error, clearError: () => setError(null) };
}

function StoryCard({
  story,
  run,
}: {
  story: Story;
  run: ReturnType<typeof useStoryActions>['run'];
}) {
  const [trackerKey, setTrackerKey] = useState(story.trackerKey ?? '');
  const keyValid = trackerKey === '' || TRACKER_KEY.test(trackerKey);
  return (
    <Stack gap={6} className="gh-card" role="group" aria-label={`Story ${story.title}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={600}>
          {story.title}
        </Text>
        <SeverityBadge severity={story.severity} />
      </Group>
      <Text size="xs">{story.userStory}</Text>
      <Group grow align="flex-start">
        <TextInput
          size="xs"
          label="Title"
          defaultValue={story.title}
          maxLength={500}
          onBlur={(event) => {
            const title = event.currentTarget.value;
            if (title !== story.title)
              run('Edit story title', (m, stories) =>
                editStoryText(m, stories, story.id, { title }),
              );
          }}
          aria-label={`Title of story ${story.id}`}
        />
      </Group>
      <Textarea
        size="xs"
        label="Notes"
        autosize
        minRows={1}
        maxRows={4}
        defaultValue={story.notes}
        maxLength={20_000}
        onBlur={(event) => {
          const notes = event.currentTarget.value;
          if (notes !== story.notes)
            run('Edit story notes', (m, stories) => editStoryText(m, stories, story.id, { notes }));
        }}
        aria-label={`Notes of story ${story.id}`}
      />
      <Group gap={6}>
        <Badge
          variant="light"
          color={story.accepted ? 'green' : story.state === 'rejected' ? 'gray' : 'blue'}
        >
          {STATE_LABELS[story.state]}
        </Badge>
        {story.needsReview && (
          <Badge variant="light" color="orange">
            needs review
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {story.threatIds.length} threat{story.threatIds.length === 1 ? '' : 's'} · {story.id}
        </Text>
      </Group>
      <Text size="xs" fw={600}>
        Acceptance criteria
      </Text>
      <List size="xs" spacing={2}>
        {story.acceptanceCriteria.slice(0, 6).map((criterion, index) => (
          <List.Item key={index}>
            {criterion.text}{' '}
            <Text span c="dimmed">
              ({criterion.asvs})
            </Text>
          </List.Item>
        ))}
        {story.acceptanceCriteria.length > 6 && (
          <List.Item>… and {story.acceptanceCriteria.length - 6} more</List.Item>
        )}
      </List>
      <Group gap="xs" align="flex-end">
        {(!story.accepted || story.needsReview) && story.threatIds.length > 0 && (
          <Button
            size="xs"
            onClick={() =>
              run('Accept story', (m, stories) => setStoryState(m, stories, story.id, 'planned'))
            }
            aria-label={`Accept story ${story.title}`}
          >
            {story.needsReview ? 'Accept again' : 'Accept'}
          </Button>
        )}
        {story.accepted && (
          <Select
            size="xs"
            aria-label={`State of ${story.title}`}
            data={(['planned', 'in-progress', 'done'] as const).map((state) => ({
              value: state,
              label: STATE_LABELS[state],
            }))}
            value={story.state}
            allowDeselect={false}
            onChange={(state) =>
              state &&
              run('Set story state', (m, stories) =>
                setStoryState(m, stories, story.id, state as StoryState),
              )
            }
            w={130}
          />
        )}
        {story.state !== 'rejected' && (
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            onClick={() =>
              run('Reject story', (m, stories) => setStoryState(m, stories, story.id, 'rejected'))
            }
          >
            Reject
          </Button>
        )}
      </Group>
      {story.accepted && (
        <Group gap="xs" align="flex-end">
          <TextInput
            size="xs"
            label="Tracker key"
            placeholder="e.g. SHOP-42"
            value={trackerKey}
            error={keyValid ? undefined : 'A key such as SHOP-42'}
            onChange={(event) => setTrackerKey(event.currentTarget.value.trim().toUpperCase())}
            aria-label={`Tracker key of ${story.title}`}
          />
          <Button
            size="xs"
            variant="default"
            disabled={!keyValid || trackerKey === '' || trackerKey === story.trackerKey}
            onClick={() =>
              run('Set tracker key', (m, stories) =>
                documentStory(m, stories, story.id, { trackerKey }),
              )
            }
          >
            Save key
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function StoriesPanel() {
  const snapshot = useAnalysis((s) => s.snapshot);
  const stories = useMemo(() => (snapshot ? storiesOf(snapshot) : []), [snapshot]);
  const { run, error, clearError } = useStoryActions();
  const [bulk, setBulk] = useState<{ featureName: string; stories: Story[] } | null>(null);

  const byFeature = useMemo(() => {
    const groups = new Map<string, { name: string; stories: Story[] }>();
    for (const story of stories) {
      const group = groups.get(story.featureId) ?? { name: story.featureName, stories: [] };
      group.stories.push(story);
      groups.set(story.featureId, group);
    }
    return [...groups.entries()];
  }, [stories]);

  return (
    <Stack gap="sm" p="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {stories.length} stor{stories.length === 1 ? 'y' : 'ies'},{' '}
          {stories.filter((s) => s.accepted).length} accepted
        </Text>
        <JiraExportButton stories={stories} />
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert" onClick={clearError}>
          {error}
        </Text>
      )}
      <Accordion multiple variant="separated">
        {byFeature.map(([featureId, group]) => {
          const proposed = group.stories.filter(
            (s) =>
              (!s.accepted || s.needsReview) && s.state !== 'rejected' && s.threatIds.length > 0,
          );
          return (
            <Accordion.Item key={featureId} value={featureId}>
              <Accordion.Control aria-label={`Stories of ${group.name}`}>
                {group.name}{' '}
                <Text span size="xs" c="dimmed">
                  {group.stories.filter((s) => s.accepted).length}/{group.stories.length} accepted
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  {proposed.length > 1 && (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => setBulk({ featureName: group.name, stories: proposed })}
                    >
                      Accept all {proposed.length} open stories…
                    </Button>
                  )}
                  {group.stories.map((story) => (
                    <StoryCard
                      key={`${story.id}|${story.trackerKey ?? ''}|${story.title}|${story.notes}`}
                      story={story}
                      run={run}
                    />
                  ))}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
      <Modal
        opened={bulk !== null}
        onClose={() => setBulk(null)}
        title={bulk ? `Accept ${bulk.stories.length} stories of ${bulk.featureName}?` : ''}
      >
        {bulk && (
          <Stack>
            <Text size="sm">
              These stories will be planned, each covering the threats it lists now:
            </Text>
            <List size="sm">
              {bulk.stories.map((story) => (
                <List.Item key={story.id}>
                  {story.title} ({story.threatIds.length} threats)
                </List.Item>
              ))}
            </List>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setBulk(null)}>
                Cancel
              </Button>
              <Button
                onClick={() => {
                  const ids = bulk.stories.map((s) => s.id);
                  run('Accept stories', (m, stories) => {
                    let next = m;
                    for (const id of ids) next = setStoryState(next, stories, id, 'planned');
                    return next;
                  });
                  setBulk(null);
                }}
              >
                Accept {bulk.stories.length} stories
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
