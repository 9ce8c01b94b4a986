/**
 * The JSON Schemas Gatehouse publishes (in `schemas/`), generated from the zod schemas that are
 * the single source of truth. A test fails when the committed files drift from these;
 * `npm run schemas:write` rewrites them.
 */
import * as z from 'zod';
import { ModelSchema } from '../model/schema';
import { AnalysisReportSchema } from '../reports/analysisReport';
import { RulePackSchema } from '../rules/packSchema';
import { GateResultSchema } from '../gate/gateResult';
import { ManifestSchema } from '../gate/manifest';
import { PolicySchema } from '../gate/policy';
import { ModelDiffSchema } from '../diff/diffSchema';

const BASE_URL = 'urn:gatehouse-tm:schemas';

function publish(name: string, title: string, schema: z.ZodType, io: 'input' | 'output'): object {
  const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: `${BASE_URL}:${name}`, title, ...generated };
}

/** File name → JSON Schema. File formats describe what may be written (defaults optional). */
export function publishedSchemas(): Record<string, object> {
  return {
    'model.schema.json': publish('model.schema.json', 'Gatehouse model (*.gatehouse.json)', ModelSchema, 'input'),
    'rule-pack.schema.json': publish('rule-pack.schema.json', 'Gatehouse rule pack', RulePackSchema, 'input'),
    'policy.schema.json': publish('policy.schema.json', 'Gatehouse gate policy (.gatehouse/policy.json)', PolicySchema, 'input'),
    'plan-gate.schema.json': publish('plan-gate.schema.json', 'Gatehouse plan-gate manifest (plan-gate.json)', ManifestSchema, 'output'),
    'gate-result.schema.json': publish('gate-result.schema.json', 'Output of gatehouse gate verify --format json', GateResultSchema, 'output'),
    'analysis.schema.json': publish('analysis.schema.json', 'Output of gatehouse analyze --format json', AnalysisReportSchema, 'output'),
    'diff.schema.json': publish('diff.schema.json', 'Output of gatehouse diff --format json', ModelDiffSchema, 'output'),
  };
}
