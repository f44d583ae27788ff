/**
 * Build time only: read data/traces/*.yaml, check each file against the schema, merge them and
 * check the cross-file rules. scripts/build.ts writes the result to dist/traces.json; the trace
 * command never loads YAML or zod.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { listDataFiles, type RawDocument } from '../catalogue/load.ts';
import { type TraceData, TracesFile } from '../catalogue/trace-schema.ts';
import { validateDocument } from '../catalogue/validate.ts';
import { DataError } from '../errors.ts';

export function loadTraceData(dir: string): TraceData {
  const issues: string[] = [];
  const merged: Partial<TraceData> & {
    scenarios: TraceData['scenarios'];
    proxies: TraceData['proxies'];
    cnis: TraceData['cnis'];
    addons: TraceData['addons'];
    versions: TraceData['versions'];
    enforcement: TraceData['enforcement'];
    endpointChoice: TraceData['endpointChoice'];
    meshAuthorization: TraceData['meshAuthorization'];
    assumed: TraceData['assumed'];
  } = {
    scenarios: [],
    proxies: [],
    cnis: [],
    addons: [],
    versions: [],
    enforcement: [],
    endpointChoice: [],
    meshAuthorization: [],
    assumed: [],
  };
  for (const file of listDataFiles(dir)) {
    for (const doc of readTraceFile(file, dir)) {
      const result = validateDocument(TracesFile, doc);
      if (!result.ok) {
        issues.push(...result.issues);
        continue;
      }
      const value = result.value;
      if (value.cluster) {
        if (merged.cluster) issues.push(`${doc.file}: cluster: defined twice`);
        merged.cluster = value.cluster;
      }
      if (value.common) {
        if (merged.common) issues.push(`${doc.file}: common: defined twice`);
        merged.common = value.common;
      }
      merged.scenarios.push(...(value.scenarios ?? []));
      merged.proxies.push(...(value.proxies ?? []));
      merged.cnis.push(...(value.cnis ?? []));
      merged.addons.push(...(value.addons ?? []));
      merged.versions.push(...(value.versions ?? []));
      merged.enforcement.push(...(value.enforcement ?? []));
      merged.endpointChoice.push(...(value.endpointChoice ?? []));
      merged.meshAuthorization.push(...(value.meshAuthorization ?? []));
      merged.assumed.push(...(value.assumed ?? []));
    }
  }
  if (!merged.cluster) issues.push(`${dir}: no cluster: section`);
  if (!merged.common) issues.push(`${dir}: no common: section`);
  if (issues.length > 0 || !merged.cluster || !merged.common) throw new DataError(issues[0] ?? 'traces: invalid', issues);
  const data: TraceData = { ...merged, cluster: merged.cluster, common: merged.common };
  const ruleIssues = checkTraceRules(data);
  if (ruleIssues.length > 0) throw new DataError(ruleIssues[0] ?? '', ruleIssues);
  return data;
}

/** Cross-file rules: unique ids, known addresses, one default per plugin. */
export function checkTraceRules(data: TraceData): string[] {
  const issues: string[] = [];
  const addressIds = new Set(data.cluster.addresses.map((a) => a.id));
  const seen = new Set<string>();
  for (const s of data.scenarios) {
    if (seen.has(s.id)) issues.push(`traces: scenario ${s.id} defined twice`);
    seen.add(s.id);
    for (const [role, id] of [
      ...Object.entries(s.roles),
      ...Object.entries(s.crossNode),
      ...Object.values(s.rolesByProxy).flatMap((r) => Object.entries(r ?? {})),
    ]) {
      if (!addressIds.has(id)) issues.push(`traces: scenario ${s.id}: role ${role}: no address "${id}" in cluster.addresses`);
    }
  }
  for (const a of data.cluster.addresses) {
    const kinds = [a.ip, a.ipOf, a.podOffset, a.serviceOffset].filter((x) => x !== undefined).length;
    if (kinds !== 1) issues.push(`traces: address ${a.id}: needs exactly one of ip, ipOf, podOffset, serviceOffset`);
  }
  const cniKeys = new Set<string>();
  for (const c of data.cnis) {
    const key = `${c.id}:${c.mode}`;
    if (cniKeys.has(key)) issues.push(`traces: cni ${key} defined twice`);
    cniKeys.add(key);
  }
  for (const id of new Set(data.cnis.map((c) => c.id))) {
    const defaults = data.cnis.filter((c) => c.id === id && c.default).length;
    if (defaults !== 1) issues.push(`traces: cni ${id} needs exactly one default mode (has ${defaults})`);
  }
  issues.push(...checkClusterWalkRules(data));
  for (const kind of ['mesh', 'ingress', 'dns'] as const) {
    const defaults = data.addons.filter((a) => a.kind === kind && a.default).length;
    if (defaults !== 1) issues.push(`traces: ${kind} add-ons need exactly one default (have ${defaults})`);
  }
  return issues;
}

/** trace --cluster's data: every CNI mode has exactly one enforcement entry, every proxy an endpoint choice. */
function checkClusterWalkRules(data: TraceData): string[] {
  const issues: string[] = [];
  for (const c of data.cnis) {
    const entries = data.enforcement.filter((e) => e.cni === c.id && (e.modes === undefined || e.modes.includes(c.mode)));
    if (entries.length !== 1) issues.push(`traces: cni ${c.id}:${c.mode} needs exactly one enforcement entry (has ${entries.length})`);
  }
  for (const e of data.enforcement) {
    if (!data.cnis.some((c) => c.id === e.cni)) issues.push(`traces: enforcement for unknown cni "${e.cni}"`);
    const enforces = e.egress !== undefined || e.ingress !== undefined;
    if (enforces && !e.denied) issues.push(`traces: enforcement ${e.cni}: says where it enforces but not what a denied sender sees`);
    if ((!enforces || e.requires) && !e.none) issues.push(`traces: enforcement ${e.cni}: needs "none" (why policies have no effect)`);
  }
  for (const p of data.proxies) {
    if (p.id === 'none') continue;
    if (!data.endpointChoice.some((c) => c.proxy === p.id)) issues.push(`traces: proxy ${p.id} has no endpointChoice`);
  }
  const assumedIds = new Set<string>();
  for (const a of data.assumed) {
    if (assumedIds.has(a.id)) issues.push(`traces: assumed default ${a.id} defined twice`);
    assumedIds.add(a.id);
  }
  return issues;
}

/** Like the catalogue's reader, with YAML merge keys (`<<: *anchor`) on: the trace data shares hops. */
function readTraceFile(path: string, dir: string): RawDocument[] {
  const shown = `traces/${relative(dir, path)}`;
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc, index) => {
    const [error] = doc.errors;
    if (error) {
      const pos = error.linePos?.[0];
      throw new DataError(`${shown}${pos ? `:${pos.line}:${pos.col}` : ''}: ${error.message.split('\n')[0] ?? 'syntax error'}`);
    }
    return { file: shown, index, count: list.length, value: doc.toJS() as unknown };
  });
}
