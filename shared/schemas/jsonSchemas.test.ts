import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtinPackInput } from '../rules/builtin/pack';
import { publishedSchemas } from './jsonSchemas';

const schemaDir = join(import.meta.dirname, '..', '..', 'schemas');

describe('published JSON Schemas', () => {
  const schemas = publishedSchemas();

  it.each(Object.keys(schemas))('%s matches the zod schema (run `npm run schemas:write`)', (name) => {
    const committed = JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(schemas[name])));
  });

  it('accepts the example model and the built-in pack, and rejects an unknown key', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validateModel = ajv.compile(schemas['model.schema.json']!);
    const example = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'webshop.gatehouse.json'), 'utf8'));
    expect(validateModel(example), JSON.stringify(validateModel.errors)).toBe(true);
    expect(validateModel({ ...example, extra: 1 })).toBe(false);
    const validatePack = ajv.compile(schemas['rule-pack.schema.json']!);
    expect(validatePack(builtinPackInput), JSON.stringify(validatePack.errors?.slice(0, 3))).toBe(true);
  });
});
