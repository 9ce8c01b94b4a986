/**
 * The end of a workshop: what was reviewed, the threats added, the decisions taken, the notes and
 * the parking lot — as data for the app and as Markdown to paste into a wiki or a ticket. User
 * text goes through the report's `markdownText`, so a name or a note cannot open a heading, a
 * link, a table cell or raw HTML in the summary.
 */
import type { Model, Severity, StrideCategory, ThreatStatus } from '../model/schema';
import { markdownText } from '../reports/markdownReport';
import { CATEGORY_LABELS, STATUS_LABELS } from '../reports/reportModel';
import { severityRank } from '../rules/scoring';
import type { RegisteredThreat } from '../threats/register';
import { WALK_KIND_NAMES, type WalkKind } from './questionBank';
import type { WalkItem } from './walkOrder';

/** One item of the walk with its review record. */
export interface SummaryItem {
  id: string;
  name: string;
  kind: WalkKind;
  reviewer: string;
  /** Null when not reviewed. */
  reviewedOn: string | null;
  notes: string;
}

/** A threat added by hand during the workshop. */
export interface SummaryThreat {
  id: string;
  title: string;
  category: StrideCategory;
  severity: Severity;
  /** The item it is about; null for a model-level threat. */
  itemName: string | null;
}

/** A threat whose recorded status changed during the workshop. */
export interface SummaryDecision {
  threatId: string;
  title: string;
  itemName: string | null;
  status: ThreatStatus;
  approver: string;
  rationale: string;
  expires: string;
  transferredTo: string;
}

/** A parking-lot question with the name of the item it is about. */
export interface SummaryQuestion {
  text: string;
  itemName: string | null;
  answer: string;
}

export interface WorkshopSummary {
  modelName: string;
  /** The day the summary was made (`YYYY-MM-DD`). */
  date: string;
  /** "the whole model" or the feature's name. */
  scopeName: string;
  /** Every item of the walk, in walk order. */
  items: SummaryItem[];
  reviewedCount: number;
  newThreats: SummaryThreat[];
  decisions: SummaryDecision[];
  openQuestions: SummaryQuestion[];
  resolvedQuestions: SummaryQuestion[];
}

export interface SummaryOptions {
  today: string;
  scopeName: string;
  /**
   * The model as it was when the workshop started, so "new" and "decided" mean "during this
   * workshop". Null when unknown (a workshop resumed from a file): then every manual threat on
   * the walked items counts as new and every recorded status other than open as a decision.
   */
  baseline: Model | null;
}

/**
 * The item a threat is about: its flow for flow and interaction threats, its element for
 * element threats, null for a model-level threat — the Threats panel groups by the same item.
 */
export function subjectOfThreat(threat: Pick<RegisteredThreat, 'targets'>): string | null {
  const flow = threat.targets.find((t) => t.role === 'flow');
  return flow ? flow.id : (threat.targets[0]?.id ?? null);
}

/** The threats of the register that are about `itemId`, worst first. */
export function threatsAbout(
  register: readonly RegisteredThreat[],
  itemId: string,
): RegisteredThreat[] {
  return register
    .filter((threat) => subjectOfThreat(threat) === itemId)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** Summarizes a workshop over `walk` (the items in walk order) from the model's record. */
export function summarizeWorkshop(
  model: Model,
  register: readonly RegisteredThreat[],
  walk: readonly WalkItem[],
  options: SummaryOptions,
): WorkshopSummary {
  const names = new Map<string, string>();
  for (const element of model.elements) names.set(element.id, element.name);
  for (const flow of model.flows) names.set(flow.id, flow.name);
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  const reviews = new Map(model.workshop.reviews.map((r) => [r.elementId, r]));
  const walked = new Set(walk.map((item) => item.id));
  // Model-level threats belong to every workshop: the room may raise one at any stop.
  const inWalk = (threat: RegisteredThreat) => {
    const subject = subjectOfThreat(threat);
    return subject === null || walked.has(subject);
  };

  const items = walk.map((item): SummaryItem => {
    const review = reviews.get(item.id);
    return {
      id: item.id,
      name: item.name,
      kind: item.kind,
      reviewer: review?.reviewer ?? '',
      reviewedOn: review?.reviewedOn ?? null,
      notes: review?.notes ?? '',
    };
  });

  const baseline = options.baseline;
  const earlierManual = new Set(baseline?.manualThreats.map((t) => t.id) ?? []);
  const newThreats = register
    .filter((t) => t.origin === 'manual' && inWalk(t) && !earlierManual.has(t.id))
    .map((t): SummaryThreat => ({
      id: t.id,
      title: t.title,
      category: t.category,
      severity: t.severity,
      itemName: nameOf(subjectOfThreat(t)),
    }));

  const earlierStatus = new Map(baseline?.threats.map((t) => [t.threatId, t.status]) ?? []);
  const decisions = register
    .filter((t) => t.triage !== null && inWalk(t))
    .filter((t) => t.triage!.status !== (earlierStatus.get(t.id) ?? 'open'))
    .map((t): SummaryDecision => ({
      threatId: t.id,
      title: t.title,
      itemName: nameOf(subjectOfThreat(t)),
      status: t.triage!.status,
      approver: t.triage!.approval?.approver ?? '',
      rationale: t.triage!.approval?.rationale ?? '',
      expires: t.triage!.approval?.expires ?? '',
      transferredTo: t.triage!.transferredTo ?? '',
    }));

  const question = (q: Model['workshop']['questions'][number]): SummaryQuestion => ({
    text: q.text,
    itemName: nameOf(q.elementId),
    answer: q.answer,
  });
  return {
    modelName: model.name,
    date: options.today,
    scopeName: options.scopeName,
    items,
    reviewedCount: items.filter((item) => item.reviewedOn !== null).length,
    newThreats,
    decisions,
    openQuestions: model.workshop.questions.filter((q) => !q.resolved).map(question),
    resolvedQuestions: model.workshop.questions.filter((q) => q.resolved).map(question),
  };
}

/** "12 of 31 elements reviewed". */
export function progressText(reviewed: number, total: number): string {
  return `${reviewed} of ${total} elements reviewed`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

/** `text` escaped, or an em dash for nothing (an empty table cell reads as a mistake). */
function cell(text: string | null): string {
  return text === null || text.trim() === '' ? '—' : markdownText(text);
}

function questionLines(questions: readonly SummaryQuestion[], done: boolean): string[] {
  if (questions.length === 0) return ['None.'];
  return questions.map((q) => {
    const about = q.itemName === null ? '' : ` (on ${markdownText(q.itemName)})`;
    const answer = done && q.answer.trim() !== '' ? `: ${markdownText(q.answer)}` : '';
    return `- [${done ? 'x' : ' '}] ${markdownText(q.text)}${about}${answer}`;
  });
}

/** The summary as GitHub-flavoured Markdown, ending with a newline. */
export function workshopSummaryMarkdown(summary: WorkshopSummary): string {
  const reviewed = summary.items.filter((item) => item.reviewedOn !== null);
  const notReviewed = summary.items.filter((item) => item.reviewedOn === null);
  const withNotes = summary.items.filter((item) => item.notes.trim() !== '');
  const lines = [
    `# Workshop summary: ${markdownText(summary.modelName)}`,
    '',
    `${summary.date} · Scope: ${markdownText(summary.scopeName)} · ${progressText(summary.reviewedCount, summary.items.length)}`,
    '',
    `## Reviewed elements (${reviewed.length} of ${summary.items.length})`,
    '',
    ...(reviewed.length === 0
      ? ['None.']
      : table(
          ['Element', 'Kind', 'Reviewed on', 'Reviewer'],
          reviewed.map((item) => [
            markdownText(item.name),
            WALK_KIND_NAMES[item.kind],
            item.reviewedOn!,
            cell(item.reviewer),
          ]),
        )),
    '',
  ];
  if (notReviewed.length > 0) {
    lines.push(
      `## Not reviewed (${notReviewed.length})`,
      '',
      ...notReviewed.map((item) => `- ${markdownText(item.name)} (${WALK_KIND_NAMES[item.kind]})`),
      '',
    );
  }
  lines.push(
    `## New threats (${summary.newThreats.length})`,
    '',
    ...(summary.newThreats.length === 0
      ? ['None.']
      : table(
          ['Threat', 'Category', 'Severity', 'On'],
          summary.newThreats.map((t) => [
            `${markdownText(t.title)} (${t.id})`,
            CATEGORY_LABELS[t.category],
            t.severity,
            t.itemName === null ? 'the whole model' : markdownText(t.itemName),
          ]),
        )),
    '',
    `## Decisions (${summary.decisions.length})`,
    '',
    ...(summary.decisions.length === 0
      ? ['None.']
      : table(
          ['Threat', 'On', 'Status', 'Approver', 'Rationale', 'Expires'],
          summary.decisions.map((d) => [
            `${markdownText(d.title)} (${d.threatId})`,
            d.itemName === null ? 'the whole model' : markdownText(d.itemName),
            d.status === 'transferred'
              ? `${STATUS_LABELS[d.status]} to ${markdownText(d.transferredTo)}`
              : STATUS_LABELS[d.status],
            cell(d.approver),
            cell(d.rationale),
            cell(d.expires),
          ]),
        )),
    '',
    `## Notes (${withNotes.length})`,
    '',
    ...(withNotes.length === 0
      ? ['None.']
      : withNotes.map((item) => `- **${markdownText(item.name)}**: ${markdownText(item.notes)}`)),
    '',
    `## Open questions (${summary.openQuestions.length})`,
    '',
    ...questionLines(summary.openQuestions, false),
    '',
    `## Resolved questions (${summary.resolvedQuestions.length})`,
    '',
    ...questionLines(summary.resolvedQuestions, true),
  );
  return `${lines.join('\n')}\n`;
}
