/**
 * The report as GitHub-flavoured Markdown (`gatehouse report --format markdown`): for a pull
 * request, a wiki or a ticket. User text is neutralized by `markdownText`, so a name cannot open
 * a table cell, a code span, a link, a heading or raw HTML. The drawings are SVG and live in the
 * HTML report; here each diagram is its inventory of elements and flows.
 */
import { defuseAutolinks } from '../util/markdownAutolinks';
import { ACCEPTED_STORY_STATES, STRIDE_CATEGORIES, THREAT_STATUSES } from '../model/schema';
import {
  CATEGORY_LABELS,
  STATUS_LABELS,
  type ReportModel,
  type ReportThreat,
  type ThreatGroup,
} from './reportModel';

/** Characters with a meaning in (GitHub-flavoured) Markdown inline syntax. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]{}()#+!|~]/g;

/**
 * `text` as inert Markdown on one line: whitespace collapsed (a line break could end a table row
 * or start a block), `& < >` as entities (no raw HTML), Markdown punctuation backslash-escaped
 * (no code span, emphasis, link or table cell break), and a leading list or heading marker
 * escaped; bare addresses and `@mentions` defused (`defuseAutolinks`).
 */
export function markdownText(text: string): string {
  const escaped = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
  // "1. " or "- " at the start of a paragraph would make a list; "=" or "-" alone a heading.
  return defuseAutolinks(escaped.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-=])/, '\\$1'));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function orNone(text: string, none = '—'): string {
  return text.trim() === '' ? none : markdownText(text);
}

function threatRows(threats: readonly ReportThreat[]): string[][] {
  return threats.map((threat) => [
    `**${threat.severity}**`,
    `\`${threat.id}\` ${markdownText(threat.title)}${threat.notes.trim() ? ` — _notes:_ ${markdownText(threat.notes)}` : ''}`,
    CATEGORY_LABELS[threat.category],
    markdownText(threat.where),
    STATUS_LABELS[threat.status],
    threat.mitigations.length === 0 ? '—' : threat.mitigations.map(markdownText).join('; '),
  ]);
}

function featureSection(group: ThreatGroup): string {
  const heading = `### ${markdownText(group.name)}${group.owner.trim() ? ` (owner: ${markdownText(group.owner)})` : ''}`;
  const description = group.description.trim() ? `\n\n${markdownText(group.description)}` : '';
  if (group.threats.length === 0) return `${heading}${description}\n\nNo threats.`;
  const header = ['Severity', 'Threat', 'Category', 'Where', 'Status', 'Mitigations'];
  return `${heading}${description}\n\n${table(header, threatRows(group.threats))}`;
}

/** Renders `report` as one Markdown document (ends with a newline). */
export function renderMarkdownReport(report: ReportModel): string {
  const { counts } = report;
  const sections: string[] = [];
  sections.push(
    `# Threat model report: ${markdownText(report.title)}`,
    `As of ${report.today} · model digest \`${report.modelDigest.slice(0, 16)}\` · rule packs: ${report.rulePacks
      .map(
        (pack) =>
          `${markdownText(pack.name)} \`${pack.id}\` ${pack.version}${pack.enabled ? '' : ' (disabled)'}`,
      )
      .join(', ')}`,
  );
  if (report.description.trim()) sections.push(markdownText(report.description));

  sections.push(
    '## Summary',
    table(
      ['', 'Count'],
      [
        ['Elements', String(counts.elements)],
        ['Flows', String(counts.flows)],
        ['Trust boundaries', String(counts.boundaries)],
        ['Features', String(counts.features)],
        ['Threats', String(counts.threats)],
        ['Open or investigating', String(counts.open)],
        ['Critical / high / medium / low', `${counts.bySeverity.critical} / ${counts.bySeverity.high} / ${counts.bySeverity.medium} / ${counts.bySeverity.low}`],
        ['Suppressed (not counted)', String(counts.suppressed)],
        ['No longer detected (not counted)', String(counts.noLongerDetected)],
      ],
    ),
    table(
      ['Category', 'Threats', ...THREAT_STATUSES.map((status) => STATUS_LABELS[status])],
      STRIDE_CATEGORIES.map((category) => {
        const threats = report.threats.filter((threat) => threat.category === category);
        return [
          CATEGORY_LABELS[category],
          String(threats.length),
          ...THREAT_STATUSES.map((status) =>
            String(threats.filter((threat) => threat.status === status).length),
          ),
        ];
      }),
    ),
  );

  sections.push('## Diagrams');
  for (const diagram of report.diagrams) {
    sections.push(
      `### ${markdownText(diagram.name)}`,
      `${diagram.elements.length} elements, ${diagram.flows.length} flows, ${diagram.boundaryCount} trust boundaries. The drawing is in the HTML report (\`gatehouse report --format html\`).${diagram.description.trim() ? ` ${markdownText(diagram.description)}` : ''}`,
    );
    if (diagram.elements.length > 0)
      sections.push(
        table(
          ['Element', 'Kind', 'Trust boundary', 'Description'],
          diagram.elements.map((element) => [
            markdownText(element.name),
            element.kind,
            orNone(element.zone),
            orNone(element.description),
          ]),
        ),
      );
    if (diagram.flows.length > 0)
      sections.push(
        table(
          ['Flow', 'From → to', 'Protocol', 'Encrypted', 'Data', 'Description'],
          diagram.flows.map((flow) => [
            orNone(flow.name),
            `${markdownText(flow.from)} ${flow.bidirectional ? '↔' : '→'} ${markdownText(flow.to)}`,
            orNone(flow.protocol),
            flow.encrypted,
            flow.classification,
            orNone(flow.description),
          ]),
        ),
      );
  }

  sections.push(
    '## Risk matrix',
    'Threats by likelihood (rows) and impact (columns); each cell: all threats (open or investigating).',
    table(
      ['Likelihood \\ impact', '1', '2', '3', '4', '5'],
      [5, 4, 3, 2, 1].map((likelihood) => [
        String(likelihood),
        ...[1, 2, 3, 4, 5].map((impact) => {
          const cell = report.riskMatrix.cells.find(
            (c) => c.likelihood === likelihood && c.impact === impact,
          )!;
          return cell.total === 0 ? '·' : `${cell.total} (${cell.open})`;
        }),
      ]),
    ),
  );

  sections.push('## Threats by feature', ...report.byFeature.map(featureSection));
  sections.push(
    '## Threats by category',
    ...report.byCategory.map((group) =>
      group.threats.length === 0
        ? `### ${group.name}\n\nNo threats.`
        : `### ${group.name}\n\n${table(
            ['Severity', 'Threat', 'Where', 'Status'],
            group.threats.map((threat) => [
              `**${threat.severity}**`,
              `\`${threat.id}\` ${markdownText(threat.title)}`,
              markdownText(threat.where),
              STATUS_LABELS[threat.status],
            ]),
          )}`,
    ),
  );

  sections.push('## Mitigations');
  sections.push(
    report.mitigations.length === 0
      ? 'No mitigations are called for.'
      : table(
          ['Mitigation', 'ASVS 5.0.0', 'Open / threats', 'Stories'],
          report.mitigations.map((mitigation) => [
            `${markdownText(mitigation.title)} \`${mitigation.id}\``,
            mitigation.asvs.map((reference) => reference.replace(/^v5\.0\.0-/, '')).join(', '),
            `${mitigation.openCount} / ${mitigation.threatCount}`,
            mitigation.stories.length === 0 ? '—' : mitigation.stories.map(markdownText).join('; '),
          ]),
        ),
  );

  sections.push('## Security stories');
  const accepted = report.stories.filter((story) => ACCEPTED_STORY_STATES.includes(story.state));
  const others = report.stories.filter((story) => !ACCEPTED_STORY_STATES.includes(story.state));
  sections.push(
    `${accepted.length} accepted (planned, in progress or done), with their acceptance criteria; ${others.length} proposed or rejected.`,
  );
  for (const story of accepted) {
    const facts = [
      `**${story.state}**`,
      `feature ${markdownText(story.featureName)}`,
      `severity ${story.severity}`,
      `${story.threatCount} threats`,
      ...(story.trackerKey ? [`tracker ${markdownText(story.trackerKey)}`] : []),
      ...(story.needsReview ? ['**needs review**: new threats since it was accepted'] : []),
    ];
    const criteria = story.acceptanceCriteria.map(
      (criterion) =>
        `- [${story.state === 'done' ? 'x' : ' '}] ${markdownText(criterion.targetName)}: ${markdownText(criterion.text)} (ASVS ${criterion.asvs.replace(/^v5\.0\.0-/, '')})`,
    );
    sections.push(
      `### ${markdownText(story.title)}`,
      `\`${story.id}\` · ${facts.join(' · ')}`,
      markdownText(story.userStory),
      ...(story.notes.trim() ? [`_Notes:_ ${markdownText(story.notes)}`] : []),
      ...(criteria.length > 0 ? [`Acceptance criteria:\n\n${criteria.join('\n')}`] : []),
    );
  }
  if (others.length > 0)
    sections.push(
      '### Proposed and rejected stories',
      table(
        ['Story', 'Feature', 'Severity', 'State', 'Threats'],
        others.map((story) => [
          `\`${story.id}\` ${markdownText(story.title)}${story.notes.trim() ? ` — _notes:_ ${markdownText(story.notes)}` : ''}`,
          markdownText(story.featureName),
          story.severity,
          story.state,
          String(story.threatCount),
        ]),
      ),
    );

  sections.push('## Acceptances and approvals');
  sections.push(
    report.approvals.length === 0
      ? 'No threat is accepted, not applicable or transferred.'
      : table(
          ['Threat', 'Decision', 'Approver', 'Rationale', 'Expires', 'Approval'],
          report.approvals.map((approval) => [
            `\`${approval.threatId}\` ${markdownText(approval.threatTitle)}`,
            `${STATUS_LABELS[approval.status]}${approval.transferredTo ? ` to ${markdownText(approval.transferredTo)}` : ''}`,
            orNone(approval.approver),
            orNone(approval.rationale),
            orNone(approval.expires),
            approval.state === 'valid' ? 'valid' : `**${approval.state}**`,
          ]),
        ),
  );
  if (report.severityOverrides.length > 0)
    sections.push(
      'Lowered severities:',
      table(
        ['Threat', 'From → to', 'Approver', 'Rationale'],
        report.severityOverrides.map((override) => [
          `\`${override.threatId}\` ${markdownText(override.threatTitle)}`,
          `${override.from} → ${override.to}`,
          orNone(override.approver),
          orNone(override.rationale),
        ]),
      ),
    );

  sections.push('## Suppressions');
  sections.push(
    report.suppressions.length === 0
      ? 'No rule is suppressed.'
      : table(
          ['Rule', 'Scope', 'Threats', 'Approver', 'Rationale', 'Expires', 'Approval'],
          report.suppressions.map((suppression) => [
            `\`${suppression.ruleRef}\``,
            markdownText(suppression.scope),
            String(suppression.threatCount),
            orNone(suppression.approver),
            orNone(suppression.rationale),
            orNone(suppression.expires),
            suppression.state === 'valid' ? 'valid' : `**${suppression.state}**`,
          ]),
        ),
  );
  if (report.inactiveThreats.length > 0)
    sections.push(
      'Threats outside the counts (suppressed, or no longer detected):',
      table(
        ['Severity', 'Threat', 'Category', 'Where', 'Status', 'Mitigations'],
        threatRows(report.inactiveThreats),
      ),
    );

  sections.push('## Model lint findings');
  sections.push(
    report.lint.length === 0
      ? 'No findings.'
      : table(
          ['Level', 'Check', 'Subject', 'Finding'],
          report.lint.map((finding) => [
            finding.level,
            finding.checkId,
            markdownText(finding.subject),
            markdownText(finding.message),
          ]),
        ),
  );
  return `${sections.join('\n\n')}\n`;
}
