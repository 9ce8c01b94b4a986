/**
 * The files of a Jira export (docs/jira.md), for `gatehouse export jira-csv | jira-cloud |
 * jira-dc` and the app's Export menu alike. No I/O: callers write the returned files.
 */
import type { Feature } from '../model/schema';
import { jiraCsvRows, renderCsv } from './csv';
import { renderJiraCloudBulk } from './adf';
import type { JiraBulkExport, StorySelection } from './plan';
import { selectStories } from './plan';
import type { JiraExportSettings } from './settings';
import { renderJiraDataCenterBulk } from './wiki';
import type { Story } from '../stories/generateStories';

export type JiraExportKind = 'jira-csv' | 'jira-cloud' | 'jira-dc';

export interface ExportJiraInput {
  stories: Story[];
  features: Feature[];
  settings: JiraExportSettings;
  /** The Jira project (e.g. `SHOP`); the REST bodies name it. The CSV does not: the importer asks. */
  projectKey: string;
  /** YYYY-MM-DD (UTC): the start of the SLA for stories whose threats have no first-seen date. */
  today: string;
  firstSeenByThreat: ReadonlyMap<string, string>;
  /** `accepted` (the default in the CLI): planned, in progress or done. `all`: all but rejected. */
  which: StorySelection;
  /** Optional link back to the threat model; written as a link only for http, https or mailto. */
  modelUrl?: string | null;
}

export interface ExportJiraResult {
  files: { name: string; text: string }[];
  /** How many stories the files create. */
  exported: number;
  /** Selected stories left out because they already have a Jira issue (`jiraIssueKey`). */
  alreadyInJira: { storyId: string; jiraIssueKey: string }[];
}

/** The JSON file of a REST export: the bulk bodies plus what the push needs to send them. */
export const JIRA_BULK_FILE_FORMAT = 'gatehouse-jira-bulk';

export const JIRA_EXPORT_FILE_NAMES: Record<JiraExportKind, string> = {
  'jira-csv': 'jira-stories.csv',
  'jira-cloud': 'jira-cloud-bulk.json',
  'jira-dc': 'jira-dc-bulk.json',
};

function bulkFile<Fields>(projectKey: string, bulk: JiraBulkExport<Fields>): string {
  const file = {
    format: JIRA_BULK_FILE_FORMAT,
    formatVersion: 1,
    api: bulk.api,
    method: bulk.method,
    path: bulk.path,
    projectKey,
    chunks: bulk.chunks,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function exportJira(kind: JiraExportKind, input: ExportJiraInput): ExportJiraResult {
  const { selected, alreadyInJira } = selectStories(input.stories, input.which);
  const options = {
    settings: input.settings,
    features: input.features,
    firstSeenByThreat: input.firstSeenByThreat,
    today: input.today,
    modelUrl: input.modelUrl ?? null,
  };
  let text: string;
  if (kind === 'jira-csv') text = renderCsv(jiraCsvRows(selected, options));
  else if (kind === 'jira-cloud')
    text = bulkFile(
      input.projectKey,
      renderJiraCloudBulk(selected, { ...options, projectKey: input.projectKey }),
    );
  else
    text = bulkFile(
      input.projectKey,
      renderJiraDataCenterBulk(selected, { ...options, projectKey: input.projectKey }),
    );
  return {
    files: [{ name: JIRA_EXPORT_FILE_NAMES[kind], text }],
    exported: selected.length,
    alreadyInJira,
  };
}
