import { describe, expect, it } from 'vitest';
import { computeGraphFacts } from '../graph/graphFacts';
import { addManualThreat } from '../model/edit/manualThreats';
import type { Model } from '../model/schema';
import { DEFAULT_POLICY } from '../gate/policy';
import { loadRulePacks } from '../rules/loadPacks';
import { STARTER_TEMPLATES } from '../templates/starterTemplates';
import { assessThreats } from '../threats/register';
import { setThreatStatus } from '../triage/triageOperations';
import { workshopOrder } from './walkOrder';
import { addQuestion, markReviewed, resolveQuestion, setItemNotes } from './workshopRecord';
import { summarizeWorkshop, threatsAbout, workshopSummaryMarkdown } from './workshopSummary';

const compiled = loadRulePacks([]).compiled;
const TODAY = '2025-03-04';

function summaryOf(model: Model, baseline: Model | null) {
  const register = assessThreats(model, compiled);
  const walk = workshopOrder(model, computeGraphFacts(model), 'model');
  return summarizeWorkshop(model, register, walk, {
    today: TODAY,
    scopeName: 'the whole model',
    baseline,
  });
}

/** A workshop over the web application template: two reviews, a decision, a new threat. */
function workshopOver(start: Model): Model {
  let model = markReviewed(start, 'browser-user', 'Dana', TODAY);
  model = markReviewed(model, 'web-api', 'Dana', TODAY);
  model = setItemNotes(model, 'web-api', 'Rate limits: see *gateway* <config>');
  model = addManualThreat(model, {
    key: 'manual-1',
    category: 'Spoofing',
    targets: [{ role: 'element', id: 'web-api' }],
    title: 'Forged [webhook](javascript:alert(1)) calls',
    likelihood: 4,
    impact: 4,
  });
  const register = assessThreats(model, compiled);
  const confirmed = threatsAbout(register, 'web-api').find((t) => t.origin === 'rule')!;
  model = setThreatStatus(
    model,
    register,
    { threatId: confirmed.id, status: 'investigating', approval: {} },
    TODAY,
    DEFAULT_POLICY,
  );
  model = addQuestion(model, { id: 'q-1', text: 'Who owns the WAF?', itemId: 'web-frontend' });
  model = addQuestion(model, { id: 'q-2', text: 'Are backups tested?', itemId: null });
  return resolveQuestion(model, 'q-2', { resolved: true, answer: 'Monthly restore drill.' });
}

describe('the workshop summary', () => {
  it('lists reviewed items, new threats, decisions and the parking lot of this workshop', () => {
    const start = STARTER_TEMPLATES[0]!.build();
    const summary = summaryOf(workshopOver(start), start);
    const total = start.elements.length + start.flows.length;
    expect(summary.items).toHaveLength(total);
    expect(summary.reviewedCount).toBe(2);
    expect(summary.newThreats.map((t) => [t.title, t.severity, t.itemName])).toEqual([
      ['Forged [webhook](javascript:alert(1)) calls', 'high', 'API service'],
    ]);
    expect(summary.decisions).toHaveLength(1);
    expect(summary.decisions[0]).toMatchObject({
      status: 'investigating',
      itemName: 'API service',
    });
    expect(summary.openQuestions).toEqual([
      { text: 'Who owns the WAF?', itemName: 'Web front end (CDN)', answer: '' },
    ]);
    expect(summary.resolvedQuestions.map((q) => q.answer)).toEqual(['Monthly restore drill.']);
  });

  it('counts only what changed since the baseline, or everything recorded without one', () => {
    const start = workshopOver(STARTER_TEMPLATES[0]!.build());
    // A second workshop that starts where the first ended has added and decided nothing yet.
    const again = summaryOf(start, start);
    expect(again.newThreats).toEqual([]);
    expect(again.decisions).toEqual([]);
    // Resumed from a file (no baseline): what the model records counts.
    const resumed = summaryOf(start, null);
    expect(resumed.newThreats).toHaveLength(1);
    expect(resumed.decisions).toHaveLength(1);
  });

  it('writes Markdown with every section, user text escaped', () => {
    const start = STARTER_TEMPLATES[0]!.build();
    const markdown = workshopSummaryMarkdown(summaryOf(workshopOver(start), start));
    const total = start.elements.length + start.flows.length;
    expect(markdown).toContain(`# Workshop summary: Web application\n`);
    expect(markdown).toContain(
      `${TODAY} · Scope: the whole model · 2 of ${total} elements reviewed`,
    );
    expect(markdown).toContain(`## Reviewed elements (2 of ${total})`);
    expect(markdown).toContain('| API service | Process | 2025-03-04 | Dana |');
    expect(markdown).toContain(`## Not reviewed (${total - 2})`);
    expect(markdown).toContain('## New threats (1)');
    // The title's link syntax is inert.
    expect(markdown).toContain('Forged \\[webhook\\]\\(javascript:alert\\(1\\)\\) calls');
    expect(markdown).not.toContain('](javascript');
    expect(markdown).toContain('| Spoofing | high | API service |');
    expect(markdown).toMatch(/## Decisions \(1\)\n\n\| Threat \| On \| Status/);
    expect(markdown).toContain('| API service | Investigating | — | — | — |');
    expect(markdown).toContain('- **API service**: Rate limits: see \\*gateway\\* &lt;config&gt;');
    expect(markdown).toContain(
      '## Open questions (1)\n\n- [ ] Who owns the WAF? (on Web front end \\(CDN\\))',
    );
    expect(markdown).toContain('- [x] Are backups tested?: Monthly restore drill.');
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('says None for empty sections', () => {
    const start = STARTER_TEMPLATES[0]!.build();
    const markdown = workshopSummaryMarkdown(summaryOf(start, start));
    expect(markdown).toContain('## Reviewed elements (0 of');
    expect(markdown).toContain('## New threats (0)\n\nNone.');
    expect(markdown).toContain('## Open questions (0)\n\nNone.');
  });
});
