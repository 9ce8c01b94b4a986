/**
 * What an import brought across, how, and what it could not — by name, never dropped silently
 * (PRODUCT.md, "Interop and reports").
 */
import type { Model } from '../model/schema';

export interface ImportReport {
  /** The detected source format and version, e.g. `otm-0.2.0`. */
  format: string;
  /** The file name the user gave (for messages only). */
  source: string;
  counts: {
    diagrams: number;
    elements: number;
    flows: number;
    zones: number;
    lines: number;
    threats: number;
  };
  /** How source things were mapped, e.g. `component type "web-client" → externalEntity`. */
  mappings: { source: string; result: string }[];
  /** Foreign IDs that were not valid here and were mapped deterministically. */
  idMappings: { foreignId: string; id: string }[];
  /** What could not come across, by name, with the reason. */
  unmapped: { path: string; name: string; reason: string }[];
  warnings: string[];
}

export interface ImportResult {
  model: Model;
  report: ImportReport;
}

export function emptyReport(format: string, source: string): ImportReport {
  return {
    format,
    source,
    counts: { diagrams: 0, elements: 0, flows: 0, zones: 0, lines: 0, threats: 0 },
    mappings: [],
    idMappings: [],
    unmapped: [],
    warnings: [],
  };
}

/** Fills `counts` from the resulting model. */
export function countModel(report: ImportReport, model: Model): ImportReport {
  const manualIds = new Set(model.manualThreats.map((threat) => threat.id));
  return {
    ...report,
    counts: {
      diagrams: model.diagrams.length,
      elements: model.elements.length,
      flows: model.flows.length,
      zones: model.boundaries.filter((b) => b.shape === 'zone').length,
      lines: model.boundaries.filter((b) => b.shape === 'line').length,
      // Manual threats, plus triage of generated threats (a manual threat's own triage record
      // is the same threat).
      threats:
        model.manualThreats.length + model.threats.filter((t) => !manualIds.has(t.threatId)).length,
    },
  };
}
