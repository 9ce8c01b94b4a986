import { describe, expect, it } from 'vitest';
import { STORY_STATES, UNASSIGNED_FEATURE_ID, type Model } from '../model/schema';
import { storyFixture } from '../testing/hostileStories';
import {
  epicLabel,
  firstSeenByThreatOf,
  planJiraExport,
  selectStories,
  storyLabel,
  type JiraExportOptions,
} from './plan';
import { DEFAULT_JIRA_SETTINGS, JiraExportSettingsSchema } from './settings';

const options: JiraExportOptions = {
  settings: DEFAULT_JIRA_SETTINGS,
  features: [
    { id: 'checkout', jiraEpicKey: null },
    { id: 'payments', jiraEpicKey: 'SHOP-12' },
  ],
  firstSeenByThreat: new Map(),
  today: '2026-03-01',
};

describe('selectStories', () => {
  const stories = STORY_STATES.map((state, i) =>
    storyFixture({
      id: `S-000000000000000${i}`,
      state,
      accepted: ['planned', 'in-progress', 'done'].includes(state),
    }),
  );

  it('takes accepted stories by default: planned, in progress, done', () => {
    expect(selectStories(stories, 'accepted').selected.map((s) => s.state)).toEqual([
      'planned',
      'in-progress',
      'done',
    ]);
  });

  it('takes all but rejected stories on request', () => {
    expect(selectStories(stories, 'all').selected.map((s) => s.state)).toEqual([
      'proposed',
      'planned',
      'in-progress',
      'done',
    ]);
  });

  it('leaves out stories that already have a Jira issue, and says which', () => {
    const linked = storyFixture({ id: 'S-00000000000000aa', jiraIssueKey: 'SHOP-99' });
    const result = selectStories([...stories, linked], 'accepted');
    expect(result.selected.map((s) => s.id)).not.toContain(linked.id);
    expect(result.alreadyInJira).toEqual([{ storyId: linked.id, jiraIssueKey: 'SHOP-99' }]);
  });
});

describe('planJiraExport', () => {
  const stories = [
    storyFixture({
      id: 'S-0000000000000001',
      featureId: 'search',
      featureName: 'Search',
      severity: 'low',
    }),
    storyFixture({ id: 'S-0000000000000002', featureId: 'checkout', severity: 'medium' }),
    storyFixture({ id: 'S-0000000000000003', featureId: 'checkout', severity: 'critical' }),
    storyFixture({ id: 'S-0000000000000004', featureId: 'payments', severity: 'high' }),
    storyFixture({
      id: 'S-0000000000000005',
      featureId: UNASSIGNED_FEATURE_ID,
      featureName: 'Unassigned',
    }),
  ];
  const plan = planJiraExport(stories, options);

  it('plans one epic per feature without an epic key, ordered by feature, at its worst story’s priority', () => {
    expect(plan.epics.map((e) => [e.featureId, e.summary, e.priority, e.storyIds])).toEqual([
      ['checkout', 'Security: Checkout', 'Highest', ['S-0000000000000002', 'S-0000000000000003']],
      ['search', 'Security: Search', 'Low', ['S-0000000000000001']],
    ]);
    for (const epic of plan.epics)
      expect(epic.labels).toEqual(['security', 'gatehouse', epicLabel(epic.featureId)]);
  });

  it('puts each story under its existing epic, its new epic, or nothing', () => {
    expect(plan.stories.map((p) => p.parent)).toEqual([
      { kind: 'new-epic', featureId: 'search' },
      { kind: 'new-epic', featureId: 'checkout' },
      { kind: 'new-epic', featureId: 'checkout' },
      { kind: 'existing-epic', key: 'SHOP-12' },
      { kind: 'none' },
    ]);
  });

  it('labels each story with its identity label once, after the configured labels', () => {
    const settings = JiraExportSettingsSchema.parse({
      labels: ['appsec', 'appsec', 'gatehouse-S-0000000000000001'],
    });
    const [first] = planJiraExport([stories[0]!], { ...options, settings }).stories;
    expect(first?.labels).toEqual(['appsec', 'gatehouse-S-0000000000000001']);
    expect(plan.stories[1]?.labels).toEqual([
      'security',
      'gatehouse',
      storyLabel('S-0000000000000002'),
    ]);
  });

  it('maps severities to the configured priorities', () => {
    expect(plan.stories.map((p) => [p.story.severity, p.priority])).toEqual([
      ['low', 'Low'],
      ['medium', 'Medium'],
      ['critical', 'Highest'],
      ['high', 'High'],
      ['high', 'High'],
    ]);
  });
});

describe('firstSeenByThreatOf', () => {
  it('collects recorded first-seen dates and skips threats without one', () => {
    const threats = [
      { threatId: 'T-0000000000000001', firstSeen: '2026-01-02' },
      { threatId: 'T-0000000000000002', firstSeen: null },
    ] as unknown as Model['threats'];
    expect([...firstSeenByThreatOf({ threats })]).toEqual([['T-0000000000000001', '2026-01-02']]);
  });
});
