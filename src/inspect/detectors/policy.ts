/** NetworkPolicies and the policy kinds of CNI plugins and SIG Network (AdminNetworkPolicy …). */
import type { Cluster } from '../../cluster/cluster.ts';
import { evidence, type KObject } from '../../cluster/objects.ts';
import { detail, type Finding } from '../findings.ts';

/** Policy kinds by API group prefix. */
const POLICY_KINDS: readonly { kind: string; group: string }[] = [
  { kind: 'NetworkPolicy', group: 'networking.k8s.io/' },
  { kind: 'AdminNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'BaselineAdminNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'ClusterNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io/' },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io/' },
  { kind: 'NetworkPolicy', group: 'crd.projectcalico.org/' },
  { kind: 'GlobalNetworkPolicy', group: 'crd.projectcalico.org/' },
  { kind: 'NetworkPolicy', group: 'projectcalico.org/' },
  { kind: 'GlobalNetworkPolicy', group: 'projectcalico.org/' },
  { kind: 'NetworkPolicy', group: 'crd.antrea.io/' },
  { kind: 'ClusterNetworkPolicy', group: 'crd.antrea.io/' },
];

/** Every policy object of the input, of any of the kinds above. */
export function policyObjects(cluster: Cluster): KObject[] {
  return POLICY_KINDS.flatMap(({ kind, group }) => cluster.ofKind(kind).filter((o) => o.apiVersion.startsWith(group)));
}

export function detectNetworkPolicy(cluster: Cluster): Finding[] {
  const found = policyObjects(cluster);
  if (found.length === 0) return [];
  const counts = new Map<string, number>();
  for (const o of found) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [
    {
      concern: 'network-policy',
      id: 'network-policy',
      role: 'primary',
      confidence: 'high',
      details: [detail('policies', [...counts].map(([k, n]) => `${n} ${k}`).join(', '))],
      evidence: found.slice(0, 3).map((o) => evidence(o, 'spec.podSelector')),
    },
  ];
}
