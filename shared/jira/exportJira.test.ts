import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS } from './csv';
import { addDays } from './dates';
import { firstSeenByThreatOf, storyLabel } from './plan';
import { DEFAULT_JIRA_SETTINGS } from './settings';
import { InputError } from '../model/errors';
import { ThreatTriageSchema, type Model } from '../model/schema';
import { acceptStory } from '../stories/generateStories';
import { loadRulePacks } from '../rules/loadPacks';
import { parseModel } from '../model/parseModel';
import { exportJira, JIRA_BULK_FILE_FORMAT, type ExportJiraInput } from './exportJira';
import { storiesForModel as storiesFor } from '../stories/storiesForModel';

const repo = join(import.meta.dirname, '..', '..');
const loaded = loadRulePacks([]);
const validateAdf = new Ajv({ allErrors: true, strict: false, strictTuples: false }).compile(
  JSON.parse(readFileSync(join(repo, 'vendor', 'schemas', 'adf-full.json'), 'utf8')) as object,
);

/**
 * The example web shop with its stories triaged: three accepted in different states (one under
 * the Checkout epic SHOP-1 if there is one), one accepted and already in Jira, one rejected, the
 * rest proposed. Each threat was first seen on 2026-01-15.
 */
function triagedShop(): { model: Model; input: ExportJiraInput } {
  let model = parseModel(
    readFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), 'utf8'),
  ).model;
  const generated = storiesFor(model, loaded);
  const checkout = generated.find((s) => s.featureId === 'checkout')!;
  const login = generated.filter((s) => s.featureId === 'account-login');
  model = acceptStory(model, checkout, 'in-progress');
  model = acceptStory(model, login[0]!, 'planned');
  model = acceptStory(model, login[1]!, 'done');
  model = acceptStory(model, login[2]!, 'planned');
  model = {
    ...model,
    stories: [
      ...model.stories.map((r) => (r.id === login[2]!.id ? { ...r, jiraIssueKey: 'SHOP-77' } : r)),
      {
        id: login[3]!.id,
        featureId: login[3]!.featureId,
        mitigationId: login[3]!.mitigationId,
        state: 'rejected',
        coveredThreatIds: [],
        title: null,
        notes: '',
        trackerKey: null,
        docPath: null,
        jiraIssueKey: null,
      },
    ],
    threats: [...new Set(generated.flatMap((s) => s.threatIds))].map((threatId) =>
      ThreatTriageSchema.parse({ threatId, firstSeen: '2026-01-15' }),
    ),
  };
  return {
    model,
    input: {
      stories: storiesFor(model, loaded),
      features: model.features,
      settings: DEFAULT_JIRA_SETTINGS,
      projectKey: 'SHOP',
      today: '2026-03-01',
      firstSeenByThreat: firstSeenByThreatOf(model),
      which: 'accepted',
    },
  };
}

const { model, input } = triagedShop();
const accepted = input.stories.filter((s) => s.accepted && s.jiraIssueKey === null);

interface BulkFile {
  format: string;
  formatVersion: number;
  api: string;
  method: string;
  path: string;
  projectKey: string;
  chunks: {
    kind: 'epics' | 'stories';
    refs: { kind: string; storyId?: string; featureId: string; epicOfFeature?: string | null }[];
    body: { issueUpdates: { fields: Record<string, unknown> }[] };
  }[];
}

describe('exportJira', () => {
  it('exports the accepted stories not yet in Jira, and reports the ones that are', () => {
    expect(accepted).toHaveLength(3);
    const result = exportJira('jira-csv', input);
    expect(result.exported).toBe(3);
    const linked = model.stories.find((r) => r.jiraIssueKey !== null)!;
    expect(result.alreadyInJira).toEqual([{ storyId: linked.id, jiraIssueKey: 'SHOP-77' }]);
  });

  it('writes a CSV the importer can read: header, one epic, the stories, no formula-led cell', () => {
    const { files } = exportJira('jira-csv', input);
    expect(files.map((f) => f.name)).toEqual(['jira-stories.csv']);
    const [header, ...rows] = parse(files[0]!.text) as string[][];
    expect(header).toEqual([
      'Summary',
      'Issue Type',
      'Priority',
      'Description',
      'Labels',
      'Labels',
      'Labels',
      'Issue ID',
      'Parent',
      'Due date',
    ]);
    // Account login has no epic key: one epic row; Checkout stories go under SHOP-1.
    expect(rows.map((row) => row[1])).toEqual(['Epic', 'Story', 'Story', 'Story']);
    for (const row of rows)
      for (const cell of row) expect(FORMULA_TRIGGERS).not.toContain(cell.charAt(0));
    const checkoutRow = rows.find((row) =>
      row.includes(storyLabel(accepted.find((s) => s.featureId === 'checkout')!.id)),
    )!;
    expect(checkoutRow[8]).toBe('SHOP-1');
  });

  it('writes the Cloud bulk file: epics first, ADF descriptions valid, parent under SHOP-1', () => {
    const { files } = exportJira('jira-cloud', input);
    expect(files.map((f) => f.name)).toEqual(['jira-cloud-bulk.json']);
    const file = JSON.parse(files[0]!.text) as BulkFile;
    expect(file).toMatchObject({
      format: JIRA_BULK_FILE_FORMAT,
      formatVersion: 1,
      api: 'jira-cloud-v3',
      method: 'POST',
      path: '/rest/api/3/issue/bulk',
      projectKey: 'SHOP',
    });
    expect(file.chunks.map((c) => c.kind)).toEqual(['epics', 'stories']);
    for (const chunk of file.chunks) {
      expect(Object.keys(chunk.body)).toEqual(['issueUpdates']);
      for (const update of chunk.body.issueUpdates)
        expect(
          validateAdf(update.fields['description']),
          JSON.stringify(validateAdf.errors?.slice(0, 3)),
        ).toBe(true);
    }
    const stories = file.chunks[1]!;
    for (const [i, ref] of stories.refs.entries()) {
      const fields = stories.body.issueUpdates[i]!.fields;
      expect(fields['labels']).toContain(storyLabel(ref.storyId!));
      // First seen 2026-01-15 plus the SLA of the story's severity.
      const story = input.stories.find((s) => s.id === ref.storyId)!;
      expect(fields['duedate']).toBe(
        addDays('2026-01-15', DEFAULT_JIRA_SETTINGS.slaDays[story.severity]),
      );
      if (ref.featureId === 'checkout') {
        expect(fields['parent']).toEqual({ key: 'SHOP-1' });
        expect(ref.epicOfFeature).toBeNull();
      } else {
        expect(fields['parent']).toBeUndefined();
        expect(ref.epicOfFeature).toBe('account-login');
      }
    }
  });

  it('writes the Data Center bulk file with wiki descriptions', () => {
    const { files } = exportJira('jira-dc', input);
    expect(files.map((f) => f.name)).toEqual(['jira-dc-bulk.json']);
    const file = JSON.parse(files[0]!.text) as BulkFile;
    expect(file).toMatchObject({ api: 'jira-dc-v2', path: '/rest/api/2/issue/bulk' });
    const descriptions = file.chunks.flatMap((c) =>
      c.body.issueUpdates.map((u) => u.fields['description']),
    );
    expect(descriptions).toHaveLength(4);
    for (const description of descriptions)
      expect(description).toMatch(/^h2\. Security (story|epic) generated by Gatehouse\n/);
  });

  it('exports proposed stories too with which: all, but never rejected ones', () => {
    const all = exportJira('jira-cloud', { ...input, which: 'all' });
    const proposedOrAccepted = input.stories.filter(
      (s) => s.state !== 'rejected' && s.jiraIssueKey === null,
    );
    expect(all.exported).toBe(proposedOrAccepted.length);
    expect(all.exported).toBeGreaterThan(accepted.length);
  });

  it('refuses a malformed project key for the REST exports only', () => {
    expect(() => exportJira('jira-cloud', { ...input, projectKey: 'shop' })).toThrow(InputError);
    expect(() => exportJira('jira-dc', { ...input, projectKey: '' })).toThrow(InputError);
    expect(exportJira('jira-csv', { ...input, projectKey: '' }).files).toHaveLength(1);
  });
});
