/**
 * Load balancers for Services of type LoadBalancer: MetalLB (controller, speaker, its address
 * pools and whether they are announced by L2 or BGP), and the LoadBalancer Services themselves.
 * https://metallb.io/configuration/
 */
import { type Cluster, imageEvidence, imageTag } from '../../cluster/cluster.ts';
import { arr, type Evidence, evidence, get, str } from '../../cluster/objects.ts';
import { type Confidence, type Detail, detail, type Finding } from '../findings.ts';
import { containersMatching, crdEvidence, distinctWorkloads } from './match.ts';

const LB_RULES = [
  {
    id: 'metallb',
    images: [/metallb\/(controller|speaker)([:@]|$)/],
    group: 'metallb.io/',
    crdGroups: ['metallb.io'],
    pools: 'IPAddressPool',
    /** Which kinds announce which mode. */
    modes: new Map([
      ['L2Advertisement', 'L2'],
      ['BGPAdvertisement', 'BGP'],
      ['BGPPeer', 'BGP'],
    ]) as ReadonlyMap<string, string>,
  },
] as const;

export function detectLoadBalancer(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  const lbServices = cluster.ofKind('Service').filter((s) => str(get(s.raw, 'spec', 'type')) === 'LoadBalancer');
  let implemented = false;
  for (const rule of LB_RULES) {
    const workloads = distinctWorkloads(containersMatching(cluster, rule.images));
    const resources = cluster.objects.filter((o) => o.apiVersion.startsWith(rule.group));
    const crds = workloads.length === 0 ? crdEvidence(cluster, rule.crdGroups) : [];
    if (workloads.length + resources.length + crds.length === 0) continue;
    implemented = true;
    const ev: Evidence[] = workloads.map(imageEvidence);
    const details: Detail[] = [];
    const modes = new Set<string>();
    for (const o of resources) {
      const mode = rule.modes.get(o.kind);
      if (mode) {
        modes.add(mode);
        ev.push(evidence(o, 'kind', o.kind));
      }
    }
    details.push(modes.size > 0 ? detail('mode', [...modes].sort().join(' + ')) : detail('mode', '', 'unknown'));
    const pools = resources.filter((o) => o.kind === rule.pools);
    for (const pool of pools) {
      const addresses = arr(get(pool.raw, 'spec', 'addresses'))
        .map(str)
        .filter((a): a is string => a !== undefined);
      details.push(detail('addressPools', `${pool.name}: ${addresses.join(', ')}`));
      ev.push(evidence(pool, 'spec.addresses', addresses.join(', ')));
    }
    const peers = resources.filter((o) => o.kind === 'BGPPeer');
    if (peers.length > 0) {
      details.push(
        detail(
          'peers',
          peers
            .map((p) => `${str(get(p.raw, 'spec', 'peerAddress')) ?? p.name} (AS ${str(get(p.raw, 'spec', 'peerASN')) ?? '?'})`)
            .join(', '),
        ),
      );
    }
    if (lbServices.length > 0) details.push(detail('loadBalancerServices', String(lbServices.length)));
    const tag = workloads[0] ? imageTag(workloads[0].image) : undefined;
    if (tag) details.push(detail('version', tag));
    ev.push(...crds);
    const confidence: Confidence = workloads.length > 0 ? 'high' : resources.length > 0 ? 'medium' : 'low';
    findings.push({
      concern: 'load-balancer',
      id: rule.id,
      role: workloads.length > 0 ? 'primary' : 'config-only',
      confidence,
      details,
      evidence: ev,
    });
  }
  if (!implemented && lbServices.length > 0) {
    findings.push({
      concern: 'load-balancer',
      id: 'service-load-balancer',
      role: 'unknown',
      confidence: 'low',
      details: [detail('loadBalancerServices', String(lbServices.length))],
      evidence: lbServices.slice(0, 3).map((s) => evidence(s, 'spec.type', 'LoadBalancer')),
    });
  }
  return findings;
}
