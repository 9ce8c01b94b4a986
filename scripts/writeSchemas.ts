// Rewrites the published JSON Schemas in schemas/ from the zod schemas (`npm run schemas:write`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { publishedSchemas } from '../shared/schemas/jsonSchemas';

mkdirSync('schemas', { recursive: true });
for (const [name, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(`schemas/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${name}`);
}
