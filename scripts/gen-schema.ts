/** Write data/schema/*.json from the zod schemas (see src/catalogue/json-schema.ts). */
import { writeFileSync } from 'node:fs';
import { generateJsonSchemas } from '../src/catalogue/json-schema.ts';

for (const [file, text] of Object.entries(generateJsonSchemas())) {
  writeFileSync(`data/schema/${file}`, text);
  console.log(`wrote data/schema/${file}`);
}
