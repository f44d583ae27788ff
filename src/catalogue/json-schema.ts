/**
 * JSON Schema for editors (the `# yaml-language-server: $schema=` line in each data file),
 * generated from the zod schemas so there is no second copy to keep in sync. A test pins the
 * committed files to this output; `npm run gen:schema` rewrites them.
 */
import { z } from 'zod';
import { Entry, KindsFile, LayersFile } from './schema.ts';
import { TracesFile } from './trace-schema.ts';

export const JSON_SCHEMA_FILES = {
  'entry.schema.json': { schema: Entry, title: 'k8snet catalogue entry (data/components, data/projects, or a --catalog file)' },
  'layers.schema.json': { schema: LayersFile, title: 'k8snet OSI layers (data/layers.yaml)' },
  'kinds.schema.json': { schema: KindsFile, title: 'k8snet component kinds (data/kinds.yaml)' },
  'traces.schema.json': { schema: TracesFile, title: 'k8snet packet-walk data (data/traces/*.yaml)' },
} as const;

export function generateJsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, { schema, title }] of Object.entries(JSON_SCHEMA_FILES)) {
    // "input": what a person writes, so fields with defaults are optional.
    const json = { ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title };
    out[file] = `${JSON.stringify(json, null, 2)}\n`;
  }
  return out;
}
