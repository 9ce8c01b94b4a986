/**
 * The machine-readable result of `gatehouse analyze --format json` (published JSON Schema:
 * `schemas/analysis.schema.json`). Consumers rely on it: change it only with a new
 * `reportVersion`.
 */
import * as z from 'zod';
import {
  IdSchema,
  SEVERITIES,
  SeveritySchema,
  STRIDE_CATEGORIES,
  StrideCategorySchema,
  TargetSchema,
  ThreatIdSchema,
  ThreatStatusSchema,
} from '../model/schema';
import type { RegisteredThreat } from '../threats/register';
import { zeroes } from './threatCounts';

export const ANALYSIS_REPORT_VERSION = 1;

export const AnalysisThreatSchema = z
  .object({
    id: ThreatIdSchema,
    origin: z.enum(['rule', 'manual']),
    packId: z.string(),
    ruleId: z.string(),
    category: StrideCategorySchema,
    severity: SeveritySchema,
    inherentSeverity: SeveritySchema,
    likelihood: z.number().int().min(1).max(5),
    impact: z.number().int().min(1).max(5),
    score: z.number().int().min(1).max(25),
    status: ThreatStatusSchema,
    targets: z.array(TargetSchema),
    title: z.string(),
    description: z.string(),
    explanation: z.array(
      z.object({ depth: z.number().int().min(0), text: z.string(), held: z.boolean() }).strict(),
    ),
    mitigations: z.array(IdSchema),
    cwe: z.array(z.number().int()),
    capec: z.array(z.number().int()),
    features: z.array(IdSchema),
    suppressed: z.boolean(),
    noLongerDetected: z.boolean(),
  })
  .strict();

export const AnalysisReportSchema = z
  .object({
    reportVersion: z.literal(ANALYSIS_REPORT_VERSION),
    gatehouseVersion: z.string(),
    model: z.object({ name: z.string(), digest: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    rulePacks: z.array(
      z
        .object({ id: IdSchema, version: z.string(), digest: z.string(), enabled: z.boolean() })
        .strict(),
    ),
    summary: z
      .object({
        threats: z.number().int().min(0),
        bySeverity: z.record(SeveritySchema, z.number().int().min(0)),
        byCategory: z.record(StrideCategorySchema, z.number().int().min(0)),
      })
      .strict(),
    threats: z.array(AnalysisThreatSchema),
  })
  .strict();
export type AnalysisReport = z.infer<typeof AnalysisReportSchema>;

export function toAnalysisThreat(threat: RegisteredThreat): z.infer<typeof AnalysisThreatSchema> {
  return {
    id: threat.id,
    origin: threat.origin,
    packId: threat.packId,
    ruleId: threat.ruleId,
    category: threat.category,
    severity: threat.severity,
    inherentSeverity: threat.inherentSeverity,
    likelihood: threat.likelihood,
    impact: threat.impact,
    score: threat.likelihood * threat.impact,
    status: threat.status,
    targets: threat.targets,
    title: threat.title,
    description: threat.description,
    explanation: threat.explanation,
    mitigations: threat.mitigations,
    cwe: threat.cwe,
    capec: threat.capec,
    features: threat.featureIds,
    suppressed: threat.suppression !== null,
    noLongerDetected: threat.noLongerDetected,
  };
}

export function buildAnalysisReport(input: {
  gatehouseVersion: string;
  modelName: string;
  modelDigest: string;
  rulePacks: AnalysisReport['rulePacks'];
  threats: readonly RegisteredThreat[];
}): AnalysisReport {
  const bySeverity = zeroes(SEVERITIES);
  const byCategory = zeroes(STRIDE_CATEGORIES);
  for (const threat of input.threats) {
    bySeverity[threat.severity]++;
    byCategory[threat.category]++;
  }
  return {
    reportVersion: ANALYSIS_REPORT_VERSION,
    gatehouseVersion: input.gatehouseVersion,
    model: { name: input.modelName, digest: input.modelDigest },
    rulePacks: input.rulePacks,
    summary: { threats: input.threats.length, bySeverity, byCategory },
    threats: input.threats.map(toAnalysisThreat),
  };
}
