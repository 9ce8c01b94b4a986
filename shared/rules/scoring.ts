/**
 * The 5 × 5 risk matrix (PRODUCT.md, "Scoring"): score = likelihood × impact; severity low 1–4,
 * medium 5–9, high 10–16, critical 20–25.
 */
import { SEVERITIES, type Severity } from '../model/schema';

export function severityOf(score: number): Severity {
  if (score >= 20) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

/** 0 for low … 3 for critical, for comparisons. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
