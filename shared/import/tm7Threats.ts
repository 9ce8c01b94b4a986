/**
 * Threat instances of a Microsoft Threat Modeling Tool file → manual threats on their interaction
 * (source, flow, target), with the state policy of every importer (PRODUCT.md, "Interop and
 * reports"): open states stay open; states that need a story or an approval here come in as
 * investigating, with the original state in the triage notes. Part of the TM7 importer
 * (`tm7.ts`); documented in `docs/import-tm7.md`.
 */
import { InputError, type PathSegment } from '../model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../model/ids';
import type { StrideCategory, Target } from '../model/schema';
import { DEFAULT_MITIGATION_BY_CATEGORY } from '../threats/defaultMitigations';
import type { PolylinePoint } from '../util/polylines';
import { TEXT_MAX, TITLE_MAX, SOURCE_MAX, MAX_MANUAL_THREATS } from './layout';
import { clip, quote, type Reporter, say } from './reporter';
import {
  DECIDED_STATES,
  DESCRIBED_THREAT_FIELDS,
  OPEN_STATES,
  PRIORITY_TABLE,
  THREAT_FIELDS,
  strideOf,
} from './tm7Mapping';
import {
  child,
  childText,
  childrenNamed,
  isNil,
  oneLine,
  paragraph,
  plural,
  sentence,
  type XmlElement,
} from './tm7Xml';

type Tree = Record<string, unknown>;

/** An imported flow, by which threats find their interaction. */
export interface ImportedFlow {
  id: string;
  diagramId: string;
  name: string;
  points: PolylinePoint[];
  sourceId: string;
  targetId: string;
}

/** What the knowledge base says about threats. */
export interface ThreatKnowledge {
  categories: ReadonlyMap<string, string>;
  threatTypes: ReadonlyMap<string, { category: string | null; title: string | null }>;
  /** Labels of threat fields (custom templates key them by GUID). */
  threatFieldLabels: ReadonlyMap<string, string>;
}

/** What the threat import reads besides the threats. */
export interface ThreatContext {
  kb: ThreatKnowledge;
  /** Imported flows by TMT GUID. */
  flows: ReadonlyMap<string, ImportedFlow>;
  /** Names of the imported elements by ID, for threat titles. */
  elementNames: ReadonlyMap<string, string>;
  out: Reporter;
}

interface Field {
  value: string;
  path: readonly PathSegment[];
}

function readThreatFields(value: XmlElement): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const pair of childrenNamed(child(value, 'Properties'), 'KeyValueOfstringstring')) {
    const key = childText(pair, 'Key');
    const text = child(pair, 'Value');
    if (key === null || fields.has(oneLine(key)) || text === undefined || isNil(text)) continue;
    fields.set(oneLine(key), { value: paragraph(text.text), path: pair.path });
  }
  return fields;
}

const KNOWN_THREAT_FIELDS: ReadonlySet<string> = new Set([
  ...Object.values(THREAT_FIELDS),
  ...DESCRIBED_THREAT_FIELDS.keys(),
]);

function threatCategory(
  typeId: string | null,
  fields: ReadonlyMap<string, Field>,
  label: string,
  context: ThreatContext,
): { category: StrideCategory; note: string | null } {
  const { kb, out } = context;
  const given = fields.get(THREAT_FIELDS.category)?.value ?? '';
  const fromKnowledgeBase = kb.categories.get(kb.threatTypes.get(typeId ?? '')?.category ?? '');
  const names = [given, fromKnowledgeBase ?? ''].filter((name) => name !== '');
  const stride = names.map(strideOf).find((category) => category !== undefined);
  if (stride !== undefined) {
    out.mapping(`category ${quote(names[0]!)} of ${label}`, { text: stride, reason: 'STRIDE' });
    return { category: stride, note: null };
  }
  const shown = names.length === 0 ? 'none given' : names.map(quote).join(', ');
  out.warn(
    say`The ${label} has no STRIDE category (${shown}): imported as InformationDisclosure, with its category in the description.`,
  );
  return {
    category: 'InformationDisclosure',
    note: names.length === 0 ? null : `Category in the Threat Modeling Tool: ${names[0]}.`,
  };
}

function threatTitle(
  typeId: string | null,
  fields: ReadonlyMap<string, Field>,
  flow: ImportedFlow,
  context: ThreatContext,
): string {
  const given = oneLine(fields.get(THREAT_FIELDS.title)?.value ?? '');
  if (given !== '') return given;
  // The knowledge base's title template, with the names TMT would have filled in.
  const template = oneLine(context.kb.threatTypes.get(typeId ?? '')?.title ?? '');
  const names: Record<string, string> = {
    source: context.elementNames.get(flow.sourceId) ?? '',
    target: context.elementNames.get(flow.targetId) ?? '',
    flow: flow.name,
  };
  const filled = template.replace(
    /\{(source|target|flow)\.Name\}/g,
    (_whole, role: string) => names[role] ?? '',
  );
  return filled.trim() === '' ? `Imported threat ${typeId ?? ''}`.trim() : filled;
}

function threatDescription(
  fields: ReadonlyMap<string, Field>,
  label: string,
  notes: readonly (string | null)[],
  context: ThreatContext,
): string {
  const { kb, out } = context;
  const parts: string[] = [];
  const main =
    fields.get(THREAT_FIELDS.description)?.value ||
    fields.get(THREAT_FIELDS.shortDescription)?.value ||
    '';
  if (main !== '') parts.push(main);
  for (const [key, heading] of DESCRIBED_THREAT_FIELDS) {
    const text = fields.get(key)?.value ?? '';
    if (text !== '') parts.push(`${heading}: ${text}`);
  }
  const others: string[] = [];
  for (const [key, field] of fields) {
    if (KNOWN_THREAT_FIELDS.has(key) || field.value === '') continue;
    const name = kb.threatFieldLabels.get(key) ?? key;
    others.push(`- ${name}: ${field.value}`);
    out.unmapped(
      field.path,
      name,
      say`a threat field of ${label} with no Gatehouse equivalent: kept in the threat's description`,
    );
  }
  if (others.length > 0)
    parts.push(['Other fields in the Threat Modeling Tool:', ...others].join('\n'));
  for (const note of notes) if (note !== null) parts.push(note);
  return out.clipped(parts.join('\n\n'), TEXT_MAX, `The description of ${label}`);
}

function priorityOf(priority: string, label: string, out: Reporter) {
  const scale = PRIORITY_TABLE.get(priority.toLowerCase());
  if (scale !== undefined) {
    out.mapping(
      `priority ${quote(priority)} of ${label}`,
      say`likelihood ${scale.likelihood}, impact ${scale.impact}`,
    );
    return scale;
  }
  out.warn(
    say`The ${label} has the priority ${quote(priority || 'none')}, which is not High, Medium or Low: imported with likelihood 3 and impact 3.`,
  );
  return { likelihood: 3, impact: 3 };
}

/**
 * Imports the file's threat instances. Throws `InputError` when there are more than a model
 * holds; everything else comes across or is named in the report.
 */
export function importThreats(
  root: XmlElement,
  context: ThreatContext,
): { manualThreats: Tree[]; triage: Tree[] } {
  const { flows, out } = context;
  const entries = (child(root, 'ThreatInstances')?.children ?? []).filter((entry) =>
    // The element's name ends with a hash of the contract's namespace, which may change.
    entry.name.startsWith('KeyValueOfstringThreat'),
  );
  if (entries.length > MAX_MANUAL_THREATS)
    throw new InputError(
      `${out.report.source}: ${entries.length} threats, more than a model holds (${MAX_MANUAL_THREATS}).`,
    );
  const manualThreats: Tree[] = [];
  const triage: Tree[] = [];
  const seenKeys = new Set<string>();
  const usedIds = new Set<string>();
  const nextCopy = new Map<string, number>();
  let decided = 0;
  for (const entry of entries) {
    const value = child(entry, 'Value');
    const instanceKey = childText(entry, 'Key') ?? '';
    if (value === undefined) {
      out.unmapped(
        entry.path,
        instanceKey || 'threat',
        say`a threat entry without a value: skipped`,
      );
      continue;
    }
    const fields = readThreatFields(value);
    const typeId = childText(value, 'TypeId');
    const shownTitle = oneLine(fields.get(THREAT_FIELDS.title)?.value ?? '') || typeId || 'threat';
    if (instanceKey !== '' && seenKeys.has(instanceKey)) {
      out.unmapped(value.path, shownTitle, say`a second threat with the same key: skipped`);
      continue;
    }
    seenKeys.add(instanceKey);
    const flowGuid = childText(value, 'FlowGuid');
    const flow = flowGuid === null ? undefined : flows.get(oneLine(flowGuid));
    if (flow === undefined) {
      out.unmapped(
        value.path,
        shownTitle,
        flowGuid === null
          ? say`the threat names no data flow: not imported`
          : say`the threat is on data flow ${quote(flowGuid)}, which was not imported: not imported`,
      );
      continue;
    }
    const label = `threat ${quote(shownTitle)} on flow ${quote(flow.name)}`;
    const state = oneLine(childText(value, 'State') ?? '');
    const justification = paragraph(
      fields.get(THREAT_FIELDS.justification)?.value ?? childText(value, 'StateInformation') ?? '',
    );
    const isOpen = state === '' || OPEN_STATES.has(state.toLowerCase());
    const { category, note } = threatCategory(typeId, fields, label, context);
    const scale = priorityOf(
      oneLine(childText(value, 'Priority') ?? fields.get(THREAT_FIELDS.priority)?.value ?? ''),
      label,
      out,
    );
    // The interaction, in the order the rule engine gives interaction threats their targets.
    const targets: Target[] = [
      { role: 'source', id: flow.sourceId },
      { role: 'flow', id: flow.id },
      { role: 'target', id: flow.targetId },
    ];
    let key = out.id(typeId ?? 'tm7-threat');
    let id = threatIdFor(MANUAL_PACK_ID, key, targets);
    // Several instances of one threat type on one flow get numbered keys; the next number per
    // type and flow is remembered, so a file with thousands of them stays linear (a fresh count
    // from 2 each time was quadratic: 4,000 instances took 23 s).
    const copyKey = `${typeId ?? 'tm7-threat'}\u0000${flow.id}`;
    for (let copy = nextCopy.get(copyKey) ?? 2; usedIds.has(id); copy++) {
      key = out.id(`${typeId ?? 'tm7-threat'}-${copy}`);
      id = threatIdFor(MANUAL_PACK_ID, key, targets);
      nextCopy.set(copyKey, copy + 1);
    }
    usedIds.add(id);
    const instanceId = childText(value, 'Id');
    manualThreats.push({
      id,
      key,
      category,
      targets,
      title: out.clipped(
        threatTitle(typeId, fields, flow, context),
        TITLE_MAX,
        `The title of ${label}`,
      ),
      description: threatDescription(
        fields,
        label,
        [
          note,
          isOpen && justification !== ''
            ? `Justification in the Threat Modeling Tool: ${justification}`
            : null,
        ],
        context,
      ),
      likelihood: scale.likelihood,
      impact: scale.impact,
      // TMT mitigations are free text: the threat gets its category's catalogue mitigation so
      // that it reaches a story.
      mitigationIds: [DEFAULT_MITIGATION_BY_CATEGORY[category]],
      source: clip(
        `Microsoft Threat Modeling Tool: threat type ${typeId ?? 'unknown'}${instanceId === null ? '' : `, instance ${instanceId}`}`,
        SOURCE_MAX,
      ),
    });
    if (isOpen) {
      out.mapping(`${label}: state ${quote(state || 'none')}`, say`open`);
      continue;
    }
    const known = DECIDED_STATES.has(state.toLowerCase());
    const shownState = clip(state, 100);
    const because =
      justification === '' ? '' : ` Its justification there: ${sentence(justification)}`;
    triage.push({
      threatId: id,
      status: 'investigating',
      notes: clip(
        known
          ? `Imported from a Microsoft Threat Modeling Tool file with the state "${shownState}".${because} In Gatehouse a threat is mitigated only when a done story covers it, and not applicable only with an approval, so it comes in as investigating.`
          : `Imported from a Microsoft Threat Modeling Tool file with the state "${shownState}", which Gatehouse does not know, so it comes in as investigating.${because}`,
        TEXT_MAX,
      ),
    });
    decided += 1;
    out.mapping(
      `${label}: state ${quote(state)}`,
      say`investigating (the original state is kept in the triage notes)`,
    );
    if (!known)
      out.warn(say`Unknown threat state ${quote(state)} on ${label}: imported as investigating.`);
  }
  if (decided > 0)
    out.warn(
      say`${decided} imported ${plural(decided, 'threat', 'threats')} had a state that needs a story or an approval in Gatehouse: imported as investigating, with the original state in the triage notes.`,
    );
  return { manualThreats, triage };
}
