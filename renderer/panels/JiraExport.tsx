/**
 * "Export for Jira…": the same files as `gatehouse export jira-csv | jira-cloud | jira-dc`
 * (shared/jira/exportJira.ts), saved through the platform (a download in the browser).
 */
import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_POLICY, jiraSettingsOf } from '../../shared/gate/policy';
import {
  exportJira,
  JIRA_EXPORT_FILE_NAMES,
  type JiraExportKind,
} from '../../shared/jira/exportJira';
import { firstSeenByThreatOf } from '../../shared/jira/plan';
import type { Story } from '../../shared/stories/generateStories';
import { useServices } from '../app/ServicesContext';
import { useEditorStore } from '../editor/EditorContext';
import { notify } from '../app/notify';
import { JiraPushButton } from './jira/JiraPushButton';

const KINDS: { value: JiraExportKind; label: string; mime: string }[] = [
  { value: 'jira-csv', label: 'CSV for Jira’s importer', mime: 'text/csv' },
  { value: 'jira-cloud', label: 'Jira Cloud (REST, ADF)', mime: 'application/json' },
  { value: 'jira-dc', label: 'Jira Data Center (REST, wiki markup)', mime: 'application/json' },
];

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

export function JiraExportButton({ stories }: { stories: readonly Story[] }) {
  const { platform } = useServices();
  const store = useEditorStore();
  const [opened, setOpened] = useState(false);
  const [kind, setKind] = useState<JiraExportKind>('jira-csv');
  const [which, setWhich] = useState<'accepted' | 'all'>('accepted');
  const [project, setProject] = useState('');
  const needsProject = kind !== 'jira-csv';
  const projectValid = !needsProject || PROJECT_KEY.test(project);

  const run = async () => {
    const { document } = store.getState();
    const result = exportJira(kind, {
      stories: [...stories],
      features: document.features,
      settings: jiraSettingsOf(DEFAULT_POLICY),
      projectKey: project,
      today: new Date().toISOString().slice(0, 10),
      firstSeenByThreat: firstSeenByThreatOf(document),
      which,
    });
    const mime = KINDS.find((k) => k.value === kind)!.mime;
    for (const file of result.files) {
      const written = await platform.exportFile({
        suggestedName: file.name,
        mimeType: mime,
        content: file.text,
      });
      if (!written) return;
    }
    notify({
      title: 'Exported for Jira',
      message: `${result.exported} stor${result.exported === 1 ? 'y' : 'ies'} in ${JIRA_EXPORT_FILE_NAMES[kind]}${
        result.alreadyInJira.length > 0
          ? ` (${result.alreadyInJira.length} already in Jira, left out)`
          : ''
      }.`,
    });
    setOpened(false);
  };

  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)}>
        Export for Jira…
      </Button>
      {/* Desktop only: renders nothing when platform.desktop is null (the browser). */}
      <JiraPushButton />
      <Modal opened={opened} onClose={() => setOpened(false)} title="Export stories for Jira">
        <Stack>
          <Select
            label="Format"
            data={KINDS.map(({ value, label }) => ({ value, label }))}
            value={kind}
            allowDeselect={false}
            onChange={(value) => value && setKind(value as JiraExportKind)}
          />
          <SegmentedControl
            aria-label="Which stories"
            value={which}
            onChange={(value) => setWhich(value as 'accepted' | 'all')}
            data={[
              { value: 'accepted', label: 'Accepted stories' },
              { value: 'all', label: 'All but rejected' },
            ]}
          />
          {needsProject && (
            <TextInput
              label="Jira project key"
              placeholder="e.g. SHOP"
              value={project}
              error={
                project === '' || projectValid
                  ? undefined
                  : 'Capital letters, digits and _, starting with a letter'
              }
              onChange={(event) => setProject(event.currentTarget.value.trim().toUpperCase())}
            />
          )}
          <Text size="xs" c="dimmed">
            Priorities and due dates follow the default policy (docs/jira.md). Every CSV cell is
            neutralized against formula injection.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button
              disabled={!projectValid || (needsProject && project === '')}
              onClick={() => void run()}
            >
              Export
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
