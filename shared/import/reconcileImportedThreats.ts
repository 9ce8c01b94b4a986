/**
 * Imported threats meet the rules (PRODUCT.md, "Interop and reports"): an imported threat with
 * the same STRIDE category and the same targets as a threat Gatehouse's rules generate becomes
 * the triage of that generated threat — its state, title and text kept in the triage notes —
 * instead of a duplicate manual threat. Imported threats without such a match stay manual.
 *
 * Importers produce manual threats (plus triage on them); this step runs after every importer,
 * so they all behave alike.
 */
import {
  ThreatTriageSchema,
  type ManualThreat,
  type Model,
  type Target,
  type ThreatTriage,
} from '../model/schema';
import { analyzeModel, type CompiledPacks, type Threat } from '../rules/engine';
import type { ImportResult } from './importReport';
import { clip } from './reporter';

/** The most text kept from an imported threat in the notes of the generated one. */
const NOTES_MAX = 5_000;

/** Category plus the set of elements and flows a threat is about (its endpoints do not count). */
function matchKey(category: string, targets: readonly Target[]): string {
  const ids = targets
    .filter((target) => target.role === 'element' || target.role === 'flow')
    .map((target) => `${target.role}:${target.id}`)
    .sort();
  return `${category}|${ids.join(',')}`;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
}

/** How many title words two threats share: picks among several generated threats on one target. */
function overlap(a: string, b: string): number {
  const first = words(a);
  let shared = 0;
  for (const word of words(b)) if (first.has(word)) shared += 1;
  return shared;
}

function importedNotes(threat: ManualThreat, triage: ThreatTriage | undefined): string {
  const parts = [
    `Imported (${threat.source || 'another tool'}) as "${threat.title}".`,
    triage?.notes ?? '',
    threat.description,
  ].filter((part) => part.trim() !== '');
  return clip(parts.join('\n\n'), NOTES_MAX);
}

/**
 * Moves each imported manual threat that a generated threat covers onto that threat's triage.
 * When several generated threats match, the one whose title shares most words wins (then the
 * lowest ID); a generated threat takes at most one imported threat.
 */
export function reconcileImportedThreats(result: ImportResult, packs: CompiledPacks): ImportResult {
  const { model, report } = result;
  if (model.manualThreats.length === 0) return result;
  const generated = new Map<string, Threat[]>();
  for (const threat of analyzeModel(model, packs).threats) {
    const key = matchKey(threat.category, threat.targets);
    const list = generated.get(key);
    if (list) list.push(threat);
    else generated.set(key, [threat]);
  }
  const triageById = new Map(model.threats.map((entry) => [entry.threatId, entry]));
  const taken = new Set<string>();
  const keptManual: ManualThreat[] = [];
  const movedTriage = new Map<string, ThreatTriage>();
  const dropped = new Set<string>();
  const mappings: ImportResult['report']['mappings'] = [];

  for (const manual of model.manualThreats) {
    const candidates = (generated.get(matchKey(manual.category, manual.targets)) ?? []).filter(
      (threat) => !taken.has(threat.id),
    );
    if (manual.targets.length === 0 || candidates.length === 0) {
      keptManual.push(manual);
      continue;
    }
    const best = candidates.reduce((chosen, candidate) =>
      overlap(candidate.title, manual.title) > overlap(chosen.title, manual.title)
        ? candidate
        : chosen,
    );
    taken.add(best.id);
    dropped.add(manual.id);
    const previous = triageById.get(manual.id);
    movedTriage.set(
      best.id,
      ThreatTriageSchema.parse({
        ...(previous ?? {}),
        threatId: best.id,
        notes: importedNotes(manual, previous),
      }),
    );
    mappings.push({
      source: `threat "${clip(manual.title, 80)}"`,
      result: `triage of the generated threat ${best.id} (${best.ruleId}: ${clip(best.title, 80)}), status ${previous?.status ?? 'open'}`,
    });
  }
  if (dropped.size === 0) return result;

  const threats = [
    ...model.threats.filter((entry) => !dropped.has(entry.threatId)),
    ...[...movedTriage.values()].filter((entry) => !triageById.has(entry.threatId)),
  ];
  const next: Model = { ...model, manualThreats: keptManual, threats };
  return {
    model: next,
    report: {
      ...report,
      mappings: [...report.mappings, ...mappings],
      warnings: [
        ...report.warnings,
        `${dropped.size} imported threat${dropped.size === 1 ? '' : 's'} matched a threat Gatehouse's rules find (same category and targets): recorded as that threat's triage instead of a second, manual threat.`,
      ],
    },
  };
}
