/**
 * Read the compiled walk data (dist/traces.json, written and validated by scripts/build.ts). Only
 * the trace command calls this, and only when it runs: no YAML and no zod at run time.
 */
import { readFileSync } from 'node:fs';
import type { TraceData } from '../catalogue/trace-schema.ts';
import { DataError } from '../errors.ts';

// Beside the bundle (dist/k8snet.mjs), beside a chunk (dist/chunks/), or from the sources (src/trace/).
const CANDIDATES = ['./traces.json', '../traces.json', '../../dist/traces.json'];

export function loadBuiltinTraces(): TraceData {
  for (const candidate of CANDIDATES) {
    let text: string;
    try {
      text = readFileSync(new URL(candidate, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    return JSON.parse(text) as TraceData;
  }
  throw new DataError('the packet-walk data (traces.json) is missing; run "npm run build"');
}
