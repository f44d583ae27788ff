/**
 * Inspect a cluster from its objects: index them once, run every detector, build the topology.
 * Pure apart from the yaml parser handed in for configuration embedded in ConfigMaps.
 */
import { Cluster } from '../cluster/cluster.ts';
import type { KObject } from '../cluster/objects.ts';
import { detectCni } from './detectors/cni.ts';
import { detectDns } from './detectors/dns.ts';
import { detectPolicyEnforcer } from './detectors/enforcer.ts';
import { detectIngress } from './detectors/ingress.ts';
import { detectLoadBalancer } from './detectors/loadbalancer.ts';
import { detectMesh } from './detectors/mesh.ts';
import { detectNetworkPolicy } from './detectors/policy.ts';
import { detectServiceProxy } from './detectors/proxy.ts';
import { CONCERNS, type Finding } from './findings.ts';
import { buildTopology, type Topology } from './topology.ts';

/** One detector module per concern. */
export const DETECTORS = [
  detectServiceProxy,
  detectCni,
  detectDns,
  detectIngress,
  detectMesh,
  detectLoadBalancer,
  detectNetworkPolicy,
  detectPolicyEnforcer,
] as const;

export interface InspectResult {
  objects: number;
  /** Objects per kind, sorted by kind. Secrets are counted, never read. */
  kinds: { kind: string; count: number }[];
  findings: Finding[];
  topology: Topology;
}

export function inspectObjects(objects: readonly KObject[], parseYaml: (text: string) => unknown): InspectResult {
  return inspectCluster(new Cluster(objects, parseYaml));
}

/** Inspect an index already built (trace --cluster shares it with the cluster model). */
export function inspectCluster(cluster: Cluster): InspectResult {
  const objects = cluster.objects;
  const findings = DETECTORS.flatMap((detect) => detect(cluster)).sort(
    (a, b) =>
      CONCERNS.indexOf(a.concern) - CONCERNS.indexOf(b.concern) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      (a.label ?? '').localeCompare(b.label ?? ''),
  );
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return {
    objects: objects.length,
    kinds: [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => (a.kind < b.kind ? -1 : 1)),
    findings,
    topology: buildTopology(cluster),
  };
}

/** Whether anything networking-related was found (else the command exits 1). */
export function foundNetworking(result: InspectResult): boolean {
  const t = result.topology;
  return (
    result.findings.length > 0 || t.services.length + t.entries.length + t.policies.length > 0 || t.nodes.some((n) => n.podCIDRs.length > 0)
  );
}
