import type { Model } from '../../../shared/model/schema';
import type { Story } from '../../../shared/stories/generateStories';
import { oneLine, textTable } from '../textTable';

export { storiesForModel as storiesFor } from '../../../shared/stories/storiesForModel';

export function formatStoriesText(stories: readonly Story[]): string {
  if (stories.length === 0) return 'No security stories: no open threats.\n';
  const rows = stories.map((story) => [
    story.id,
    story.severity.toUpperCase(),
    story.state + (story.needsReview ? ' (needs review)' : ''),
    oneLine(story.featureName, 40),
    `${story.threatIds.length} threats`,
    oneLine(story.title, 100),
  ]);
  return `${stories.length} security stories\n${textTable(rows)}\n`;
}

/** Markdown escaping for user text in tables and headings (no markup gets through). */
function md(text: string): string {
  return oneLine(text, 500).replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

export function formatStoriesMarkdown(model: Model, stories: readonly Story[]): string {
  const lines = [`# Security stories: ${md(model.name)}`, ''];
  if (stories.length === 0) lines.push('No open threats, so no stories.');
  for (const story of stories) {
    lines.push(`## ${md(story.title)}`, '');
    lines.push(
      `- **ID:** \`${story.id}\` · **Feature:** ${md(story.featureName)} · **State:** ${story.state}${story.needsReview ? ' (needs review)' : ''} · **Severity:** ${story.severity}`,
    );
    lines.push(
      `- **ASVS:** ${story.asvs.join(', ')}`,
      '',
      md(story.userStory),
      '',
      '**Acceptance criteria**',
      '',
    );
    for (const criterion of story.acceptanceCriteria)
      lines.push(`- [ ] ${md(criterion.text)} (${criterion.asvs})`);
    lines.push(
      '',
      `**Threats:** ${story.threatIds.map((id) => `\`${id}\``).join(', ') || 'none open'}`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
