/**
 * What changes when a pack is replaced by another version of itself, and what that does to the
 * threats: the library shows both after an upgrade. Threat triage is keyed by threat ID, so it
 * stays with every threat that is still found; a threat no longer found keeps its triage and is
 * marked `noLongerDetected` by the register (nothing is deleted).
 */
import type { Rule, RulePack } from './packSchema';

/** Rules of the new version compared with the old, by rule ID (sorted). */
export interface RuleChanges {
  added: string[];
  removed: string[];
  /** Same ID, different definition (condition, scores, text, references …). */
  changed: string[];
}

function byId(rules: readonly Rule[]): Map<string, string> {
  return new Map(rules.map((rule) => [rule.id, JSON.stringify(rule)]));
}

/** Compares two versions of a pack rule by rule. */
export function compareRules(before: RulePack, after: RulePack): RuleChanges {
  const old = byId(before.rules);
  const next = byId(after.rules);
  const added = [...next.keys()].filter((id) => !old.has(id));
  const removed = [...old.keys()].filter((id) => !next.has(id));
  const changed = [...next.keys()].filter((id) => old.has(id) && old.get(id) !== next.get(id));
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}

/** Threat IDs found only after, and only before (sorted). */
export interface ThreatChanges {
  added: string[];
  removed: string[];
}

/** Compares the IDs of the threats found before and after a change of packs. */
export function compareThreats(
  before: readonly { id: string }[],
  after: readonly { id: string }[],
): ThreatChanges {
  const old = new Set(before.map((threat) => threat.id));
  const next = new Set(after.map((threat) => threat.id));
  return {
    added: [...next].filter((id) => !old.has(id)).sort(),
    removed: [...old].filter((id) => !next.has(id)).sort(),
  };
}
