/** Small helpers shared by the detectors: which containers and CRDs a rule's patterns match. */
import type { Cluster, ContainerRef } from '../../cluster/cluster.ts';
import { type Evidence, evidence, type KObject } from '../../cluster/objects.ts';

export function containersMatching(cluster: Cluster, images: readonly RegExp[]): ContainerRef[] {
  if (images.length === 0) return [];
  return cluster.containers.filter((c) => images.some((re) => re.test(c.image)));
}

/** CRDs of these API groups, as evidence (one per group, the first CRD named). */
export function crdEvidence(cluster: Cluster, groups: readonly string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const g of groups) {
    const crds = cluster.crdGroups.get(g);
    const first = crds?.[0];
    if (first) out.push(evidence(first, 'spec.group', `${g} (${crds.length} CRD${crds.length === 1 ? '' : 's'})`));
  }
  return out;
}

/** Custom resources (not their definitions) of these groups. */
export function objectsOfGroups(cluster: Cluster, groups: readonly string[]): KObject[] {
  if (groups.length === 0) return [];
  return cluster.objects.filter((o) => groups.some((g) => o.apiVersion.startsWith(`${g}/`)));
}

/** One evidence per distinct workload: the first matching container of each object. */
export function distinctWorkloads(containers: readonly ContainerRef[]): ContainerRef[] {
  const seen = new Set<KObject>();
  return containers.filter((c) => {
    if (seen.has(c.object)) return false;
    seen.add(c.object);
    return true;
  });
}
