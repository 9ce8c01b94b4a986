/**
 * The report as one self-contained HTML document (`gatehouse report --format html`, the app's
 * "HTML report", and the page the PDF is printed from). Safe to open anywhere, because it can do
 * nothing but display:
 * - no `<script>`, no event-handler attribute, no external URL (only `#section` links), and a
 *   Content-Security-Policy of its own that forbids scripts and every fetch even if one slipped in;
 * - every user string goes through `escapeXml`; user text is never put into CSS or a URL;
 * - the stylesheet is inline and the diagrams and charts are inline SVG.
 */
import { ACCEPTED_STORY_STATES } from '../model/schema';
import { escapeXml } from './escapeXml';
import {
  CATEGORY_LABELS,
  STATUS_LABELS,
  type ApprovalState,
  type ReportModel,
  type ReportThreat,
  type ThreatGroup,
} from './reportModel';
import { REPORT_CSS } from './reportStyles';

/** The report's own policy: nothing runs and nothing loads; only its inline styles apply. */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const SECTIONS = [
  ['summary', 'Summary'],
  ['diagrams', 'Diagrams'],
  ['risk', 'Risk matrix'],
  ['by-feature', 'Threats by feature'],
  ['by-category', 'Threats by category'],
  ['mitigations', 'Mitigations'],
  ['stories', 'Security stories'],
  ['approvals', 'Acceptances and approvals'],
  ['suppressions', 'Suppressions'],
  ['lint', 'Model lint findings'],
] as const;
type SectionId = (typeof SECTIONS)[number][0];

function heading(id: SectionId): string {
  const title = SECTIONS.find(([sectionId]) => sectionId === id)![1];
  return `<h2 id="${id}">${title}</h2>`;
}

function orDash(value: string): string {
  return value.trim() === '' ? '<span class="muted">—</span>' : escapeXml(value);
}

function pill(severity: string): string {
  return `<span class="pill ${severity}">${severity}</span>`;
}

function status(value: ReportThreat['status']): string {
  return `<span class="status ${value}">${STATUS_LABELS[value]}</span>`;
}

function approvalFlag(state: ApprovalState): string {
  return state === 'valid' ? 'valid' : `<span class="flag bad">${state}</span>`;
}

function tableOf(header: readonly string[], rows: readonly string[][], numeric = new Set<number>()): string {
  const cell = (tag: 'th' | 'td', content: string, index: number) =>
    `<${tag}${numeric.has(index) ? ' class="number"' : ''}>${content}</${tag}>`;
  return (
    `<table><thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('') +
    `</tbody></table>`
  );
}

function threatTable(threats: readonly ReportThreat[], withCategory: boolean): string {
  const header = [
    'Severity',
    'Threat',
    ...(withCategory ? ['Category'] : []),
    'Where',
    'Status',
    'Mitigations',
  ];
  const rows = threats.map((threat) => {
    const overridden =
      threat.severity !== threat.inherentSeverity
        ? `<span class="detail">rated ${threat.inherentSeverity}</span>`
        : '';
    const flags = [
      threat.suppressed ? '<span class="flag">suppressed</span>' : '',
      threat.noLongerDetected ? '<span class="flag">no longer detected</span>' : '',
    ].join(' ');
    return [
      `${pill(threat.severity)}${overridden}`,
      `<span class="threat-title">${escapeXml(threat.title)}</span> ${flags}` +
        `<span class="detail"><span class="id">${escapeXml(threat.id)}</span> · ${escapeXml(threat.ruleRef)} · L${threat.likelihood} × I${threat.impact}${threat.owner.trim() ? ` · owner ${escapeXml(threat.owner)}` : ''}</span>` +
        (threat.notes.trim() ? `<span class="detail">Notes: ${escapeXml(threat.notes)}</span>` : ''),
      ...(withCategory ? [CATEGORY_LABELS[threat.category]] : []),
      escapeXml(threat.where),
      status(threat.status),
      threat.mitigations.length === 0 ? orDash('') : threat.mitigations.map(escapeXml).join('<br>'),
    ];
  });
  return tableOf(header, rows);
}

/** The short form, for the second listing of the same threats (by category). */
function compactThreatTable(threats: readonly ReportThreat[]): string {
  return tableOf(
    ['Severity', 'Threat', 'Where', 'Status'],
    threats.map((threat) => [
      pill(threat.severity),
      `${escapeXml(threat.title)} <span class="id">${escapeXml(threat.id)}</span>`,
      escapeXml(threat.where),
      status(threat.status),
    ]),
  );
}

function groupSection(group: ThreatGroup, withCategory: boolean): string {
  const owner = group.owner.trim() ? ` <span class="muted">· owner ${escapeXml(group.owner)}</span>` : '';
  const description = group.description.trim() ? `<p class="muted">${escapeXml(group.description)}</p>` : '';
  const open = group.threats.filter((t) => t.status === 'open' || t.status === 'investigating');
  const body =
    group.threats.length === 0
      ? '<p class="empty">No threats.</p>'
      : withCategory
        ? threatTable(group.threats, true)
        : compactThreatTable(group.threats);
  return `<h3>${escapeXml(group.name)}${owner} <span class="muted">· ${group.threats.length} threats, ${open.length} open</span></h3>${description}${body}`;
}

function summarySection(report: ReportModel): string {
  const { counts } = report;
  const figures = [
    ['', counts.threats, 'threats'],
    ['', counts.open, 'open'],
    ['critical', counts.bySeverity.critical, 'critical'],
    ['high', counts.bySeverity.high, 'high'],
    ['medium', counts.bySeverity.medium, 'medium'],
    ['low', counts.bySeverity.low, 'low'],
  ] as const;
  const inactive =
    counts.suppressed + counts.noLongerDetected > 0
      ? ` Not counted: ${counts.suppressed} suppressed, ${counts.noLongerDetected} no longer detected.`
      : '';
  return (
    `<section>${heading('summary')}` +
    `<div class="figures">${figures
      .map(([kind, value, label]) => `<div class="figure ${kind}"><b>${value}</b><span>${label}</span></div>`)
      .join('')}</div>` +
    `<p>${counts.elements} elements, ${counts.flows} flows and ${counts.boundaries} trust boundaries in ${report.diagrams.length} diagram${report.diagrams.length === 1 ? '' : 's'}; ${counts.features} features; ${report.stories.length} security stories; ${report.approvals.length} approved decisions; ${report.lint.length} lint findings.${inactive}</p>` +
    `<div class="charts"><figure class="chart">${report.categoryChartSvg}<figcaption>Threats by STRIDE category, coloured by status.</figcaption></figure></div>` +
    `</section>`
  );
}

function diagramsSection(report: ReportModel): string {
  const parts = report.diagrams.map((diagram) => {
    const elements =
      diagram.elements.length === 0
        ? ''
        : tableOf(
            ['Element', 'Kind', 'Trust boundary', 'Description'],
            diagram.elements.map((element) => [
              `<b>${escapeXml(element.name)}</b>`,
              element.kind,
              orDash(element.zone),
              orDash(element.description),
            ]),
          );
    const flows =
      diagram.flows.length === 0
        ? ''
        : tableOf(
            ['Flow', 'From → to', 'Protocol', 'Encrypted', 'Data', 'Description'],
            diagram.flows.map((flow) => [
              orDash(flow.name),
              `${escapeXml(flow.from)} ${flow.bidirectional ? '↔' : '→'} ${escapeXml(flow.to)}`,
              orDash(flow.protocol),
              flow.encrypted,
              flow.classification,
              orDash(flow.description),
            ]),
          );
    return (
      `<div class="diagram-block"><h3>${escapeXml(diagram.name)}</h3>` +
      (diagram.description.trim() ? `<p class="muted">${escapeXml(diagram.description)}</p>` : '') +
      `<figure class="diagram">${diagram.svg}<figcaption>${diagram.elements.length} elements, ${diagram.flows.length} flows, ${diagram.boundaryCount} trust boundaries. Badges: open threats and the worst severity (C critical, H high, M medium, L low).</figcaption></figure></div>` +
      elements +
      flows
    );
  });
  return `<section class="major diagrams">${heading('diagrams')}${parts.join('')}</section>`;
}

function storiesSection(report: ReportModel): string {
  if (report.stories.length === 0)
    return `<section class="major">${heading('stories')}<p class="empty">No stories.</p></section>`;
  const accepted = report.stories.filter((story) => ACCEPTED_STORY_STATES.includes(story.state));
  const others = report.stories.filter((story) => !ACCEPTED_STORY_STATES.includes(story.state));
  const cards = accepted.map((story) => {
    const criteria = story.acceptanceCriteria
      .map(
        (criterion) =>
          `<li><b>${escapeXml(criterion.targetName)}</b>: ${escapeXml(criterion.text)} <span class="id">ASVS ${escapeXml(criterion.asvs.replace(/^v5\.0\.0-/, ''))}</span></li>`,
      )
      .join('');
    return (
      `<div class="story"><h3>${escapeXml(story.title)}</h3>` +
      `<p class="detail"><span class="id">${escapeXml(story.id)}</span> · <b>${story.state}</b> · feature ${escapeXml(story.featureName)} · ${pill(story.severity)} · ${story.threatCount} threats` +
      (story.trackerKey ? ` · tracker ${escapeXml(story.trackerKey)}` : '') +
      (story.needsReview ? ' · <span class="flag">needs review</span>' : '') +
      `</p><p>${escapeXml(story.userStory)}</p>` +
      (story.notes.trim() ? `<p class="muted">Notes: ${escapeXml(story.notes)}</p>` : '') +
      (criteria ? `<p class="detail">Acceptance criteria</p><ul>${criteria}</ul>` : '') +
      `</div>`
    );
  });
  const intro = `<p>${accepted.length} accepted (planned, in progress or done), with their acceptance criteria; ${others.length} proposed or rejected.</p>`;
  const rest =
    others.length === 0
      ? ''
      : `<h3>Proposed and rejected stories</h3>${tableOf(
          ['Story', 'Feature', 'Severity', 'State', 'Threats'],
          others.map((story) => [
            `${escapeXml(story.title)} <span class="id">${escapeXml(story.id)}</span>` +
              (story.notes.trim() ? `<span class="detail">Notes: ${escapeXml(story.notes)}</span>` : ''),
            escapeXml(story.featureName),
            pill(story.severity),
            story.state,
            String(story.threatCount),
          ]),
          new Set([4]),
        )}`;
  return `<section class="major">${heading('stories')}${intro}${cards.join('')}${rest}</section>`;
}

function approvalsSection(report: ReportModel): string {
  const approvals =
    report.approvals.length === 0
      ? '<p class="empty">No threat is accepted, not applicable or transferred.</p>'
      : tableOf(
          ['Threat', 'Decision', 'Approver', 'Rationale', 'Expires', 'Approval'],
          report.approvals.map((approval) => [
            `${pill(approval.severity)} <span class="threat-title">${escapeXml(approval.threatTitle)}</span><span class="detail id">${escapeXml(approval.threatId)}</span>`,
            `${STATUS_LABELS[approval.status]}${approval.transferredTo ? ` to ${escapeXml(approval.transferredTo)}` : ''}`,
            orDash(approval.approver),
            orDash(approval.rationale),
            orDash(approval.expires),
            approvalFlag(approval.state),
          ]),
        );
  const overrides =
    report.severityOverrides.length === 0
      ? ''
      : `<h3>Lowered severities</h3>${tableOf(
          ['Threat', 'From → to', 'Approver', 'Rationale'],
          report.severityOverrides.map((override) => [
            `<span class="threat-title">${escapeXml(override.threatTitle)}</span><span class="detail id">${escapeXml(override.threatId)}</span>`,
            `${pill(override.from)} → ${pill(override.to)}`,
            orDash(override.approver),
            orDash(override.rationale),
          ]),
        )}`;
  return `<section class="major">${heading('approvals')}${approvals}${overrides}</section>`;
}

function suppressionsSection(report: ReportModel): string {
  const suppressions =
    report.suppressions.length === 0
      ? '<p class="empty">No rule is suppressed.</p>'
      : tableOf(
          ['Rule', 'Scope', 'Threats', 'Approver', 'Rationale', 'Expires', 'Approval'],
          report.suppressions.map((suppression) => [
            `<code>${escapeXml(suppression.ruleRef)}</code>`,
            escapeXml(suppression.scope),
            String(suppression.threatCount),
            orDash(suppression.approver),
            orDash(suppression.rationale),
            orDash(suppression.expires),
            approvalFlag(suppression.state),
          ]),
          new Set([2]),
        );
  const inactive =
    report.inactiveThreats.length === 0
      ? ''
      : `<h3>Threats outside the counts</h3><p class="muted">Suppressed, or no longer found by the rules (their triage is kept).</p>${threatTable(report.inactiveThreats, true)}`;
  return `<section>${heading('suppressions')}${suppressions}${inactive}</section>`;
}

/** Renders `report` as one HTML document (ends with a newline). */
export function renderHtmlReport(report: ReportModel): string {
  const { counts } = report;
  const packs = report.rulePacks
    .map((pack) => `${escapeXml(pack.name)} <code>${escapeXml(pack.id)}</code> ${escapeXml(pack.version)}${pack.enabled ? '' : ' (disabled)'}`)
    .join(', ');
  const cover =
    `<header class="cover"><div class="kicker">Threat model report</div><h1>${escapeXml(report.title)}</h1>` +
    (report.description.trim() ? `<p class="lead">${escapeXml(report.description)}</p>` : '') +
    `<dl class="meta"><dt>As of</dt><dd>${escapeXml(report.today)}</dd>` +
    `<dt>Model digest</dt><dd><code>${escapeXml(report.modelDigest)}</code></dd>` +
    `<dt>Rule packs</dt><dd>${packs}</dd>` +
    `<dt>Method</dt><dd>STRIDE per element and per interaction; score = likelihood × impact (low 1–4, medium 5–9, high 10–16, critical 20–25).</dd></dl>` +
    `<ol class="toc">${SECTIONS.map(([id, title]) => `<li><a href="#${id}">${title}</a></li>`).join('')}</ol></header>`;
  const risk =
    `<section class="major">${heading('risk')}` +
    `<p>Each cell counts the threats rated at that likelihood and impact (${counts.threats} in all) and how many of them are still open or being investigated. The colour is the severity the score stands for.</p>` +
    `<figure class="chart">${report.riskMatrixSvg}</figure></section>`;
  const byFeature = `<section class="major">${heading('by-feature')}${report.byFeature.map((g) => groupSection(g, true)).join('')}</section>`;
  const byCategory = `<section class="major">${heading('by-category')}${report.byCategory.map((g) => groupSection(g, false)).join('')}</section>`;
  const mitigations =
    `<section class="major">${heading('mitigations')}` +
    (report.mitigations.length === 0
      ? '<p class="empty">No mitigations are called for.</p>'
      : tableOf(
          ['Mitigation', 'ASVS 5.0.0', 'Open', 'Threats', 'Stories'],
          report.mitigations.map((mitigation) => [
            `<span class="threat-title">${escapeXml(mitigation.title)}</span><span class="detail">${escapeXml(mitigation.description)}</span><span class="detail id">${escapeXml(mitigation.id)}</span>`,
            escapeXml(mitigation.asvs.map((reference) => reference.replace(/^v5\.0\.0-/, '')).join(', ')),
            String(mitigation.openCount),
            String(mitigation.threatCount),
            mitigation.stories.length === 0 ? orDash('') : mitigation.stories.map(escapeXml).join('<br>'),
          ]),
          new Set([2, 3]),
        )) +
    `</section>`;
  const lint =
    `<section>${heading('lint')}` +
    (report.lint.length === 0
      ? '<p class="empty">No findings.</p>'
      : tableOf(
          ['Level', 'Check', 'Subject', 'Finding'],
          report.lint.map((finding) => [
            finding.level === 'error' ? `<span class="flag bad">error</span>` : finding.level,
            `<code>${escapeXml(finding.checkId)}</code>`,
            escapeXml(finding.subject),
            escapeXml(finding.message),
          ]),
        )) +
    `</section>`;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer">` +
    `<title>${escapeXml(`Threat model report: ${report.title}`)}</title>` +
    `<style>${REPORT_CSS}</style></head><body>` +
    cover +
    summarySection(report) +
    diagramsSection(report) +
    risk +
    byFeature +
    byCategory +
    mitigations +
    storiesSection(report) +
    approvalsSection(report) +
    suppressionsSection(report) +
    lint +
    `<footer>Generated by Gatehouse from the model as of ${escapeXml(report.today)}. Every count excludes suppressed threats and threats the rules no longer find.</footer>` +
    `</body></html>\n`
  );
}
