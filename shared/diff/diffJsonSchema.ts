/**
 * The published JSON Schema of `gatehouse diff --format json` (`schemas/diff.schema.json`),
 * generated from `ModelDiffSchema` with the same options as the other published schemas
 * (`shared/schemas/jsonSchemas.ts`). A test fails when the committed file drifts from it.
 */
import * as z from 'zod';
import { ModelDiffSchema } from './diffSchema';

/** The file name under `schemas/`. */
export const DIFF_SCHEMA_FILE = 'diff.schema.json';

/** The JSON Schema of a model diff, as committed in `schemas/diff.schema.json`. */
export function diffJsonSchema(): object {
  const generated = z.toJSONSchema(ModelDiffSchema, {
    io: 'output',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return {
    $id: `urn:gatehouse-tm:schemas:${DIFF_SCHEMA_FILE}`,
    title: 'Output of gatehouse diff --format json',
    ...generated,
  };
}
