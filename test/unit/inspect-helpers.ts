/** Run the inspect pipeline in-process on files (paths relative to `cwd`). */
import { parse } from 'yaml';
import { type InspectResult, inspectObjects } from '../../src/inspect/inspect.ts';
import { type ReadResult, readInputs } from '../../src/cluster/read.ts';

export async function inspectPaths(paths: readonly string[], cwd: string): Promise<{ read: ReadResult; result: InspectResult }> {
  const read = await readInputs(paths, cwd, () => Buffer.from(''));
  return { read, result: inspectObjects(read.objects, (text) => parse(text, { uniqueKeys: false })) };
}

/** Findings as short strings: "concern id role [label]", for readable assertions. */
export function findingKeys(result: InspectResult): string[] {
  return result.findings.map((f) => `${f.concern} ${f.id} ${f.role}${f.label ? ` ${f.label}` : ''}`);
}

/** Details of the findings with this id (and concern, if given), as "key=value" (or "key=value (note)"). */
export function detailsOf(result: InspectResult, id: string, concern?: string): string[] {
  return result.findings
    .filter((f) => f.id === id && (concern === undefined || f.concern === concern))
    .flatMap((f) => f.details.map((d) => `${d.key}=${d.value}${d.note ? ` (${d.note})` : ''}`));
}
