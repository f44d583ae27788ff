/**
 * Shared by the trace tests: the validated walk data and every supported stack combination.
 */
import type { TraceData } from '../../src/catalogue/trace-schema.ts';
import { loadTraceData } from '../../src/trace/build-data.ts';
import type { TraceOptions } from '../../src/trace/compile.ts';
import { TRACE_SCENARIOS } from '../../src/trace/constants.ts';

let cached: TraceData | undefined;
export function traceData(): TraceData {
  cached ??= loadTraceData('data/traces');
  return cached;
}

/** Every scenario × every CNI mode × every proxy mode that CNI mode supports × topology × policy × add-on. */
export function supportedCombinations(data: TraceData): TraceOptions[] {
  const out: TraceOptions[] = [];
  const meshes = data.addons.filter((a) => a.kind === 'mesh').map((a) => ({ id: a.id, mode: a.mode }));
  const ingresses = data.addons.filter((a) => a.kind === 'ingress').map((a) => ({ id: a.id }));
  for (const cni of data.cnis) {
    for (const proxy of cni.proxies) {
      for (const scenario of TRACE_SCENARIOS) {
        const base: TraceOptions = { scenario, proxy, cni: { id: cni.id, mode: cni.mode } };
        if (proxy === 'none' && ['pod-to-service', 'nodeport', 'loadbalancer', 'dns', 'ingress'].includes(scenario)) continue;
        if (cni.unsupported.some((u) => u.scenarios.includes(scenario))) continue;
        const topologies = scenario === 'pod-to-external' ? [false] : [false, true];
        for (const crossNode of topologies) {
          if (scenario === 'nodeport' || scenario === 'loadbalancer' || scenario === 'ingress') {
            for (const externalTrafficPolicy of ['cluster', 'local'] as const) {
              if (crossNode && externalTrafficPolicy === 'local' && scenario !== 'ingress') continue;
              if (scenario === 'ingress') for (const ingress of ingresses) out.push({ ...base, crossNode, externalTrafficPolicy, ingress });
              else out.push({ ...base, crossNode, externalTrafficPolicy });
            }
          } else if (scenario === 'mesh') {
            for (const mesh of meshes) out.push({ ...base, crossNode, mesh });
          } else if (scenario === 'dns') {
            out.push({ ...base, crossNode });
            // Some proxies translate the kube-dns ClusterIP before NodeLocal DNSCache sees it: the data refuses those.
            const nodelocalRefused = data.versions.some((r) => r.effect === 'error' && r.walk === 'dns-nodelocal' && r.proxy === proxy);
            if (!nodelocalRefused && !crossNode) out.push({ ...base, nodelocal: true });
          } else out.push({ ...base, crossNode });
        }
      }
    }
  }
  return out;
}

export function describeOptions(o: TraceOptions): string {
  return [
    o.scenario,
    `${o.cni?.id}:${o.cni?.mode}`,
    o.proxy,
    o.crossNode ? 'cross-node' : 'same-node',
    o.externalTrafficPolicy ?? '',
    o.mesh ? `${o.mesh.id}:${o.mesh.mode}` : '',
    o.ingress?.id ?? '',
    o.nodelocal ? 'nodelocal' : '',
  ]
    .filter(Boolean)
    .join(' ');
}
