/**
 * Cluster DNS: CoreDNS or kube-dns, the cluster DNS Service (the Service that selects the DNS
 * Pods, whatever its name) and its IP, and NodeLocal DNSCache, whose upstream Service (named by
 * its -upstreamsvc flag) is not the cluster DNS Service.
 * https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
import { type Cluster, type ContainerRef, flagOf, imageEvidence, imageTag, podLabels, selects } from '../../cluster/cluster.ts';
import { type Evidence, evidence, get, isRecord, type KObject, str } from '../../cluster/objects.ts';
import { isIP, isPlaceholder } from '../../cluster/placeholders.ts';
import { type Detail, detail, type Finding } from '../findings.ts';
import { containersMatching, distinctWorkloads } from './match.ts';

const DNS_RULES: readonly { id: string; images: readonly RegExp[]; role: 'primary' | 'helper' }[] = [
  { id: 'coredns', images: [/(^|\/)coredns([:@]|$)/], role: 'primary' },
  { id: 'kube-dns', images: [/k8s-dns-kube-dns([-:@]|$)/, /(^|\/)kubedns-amd64([:@]|$)/], role: 'primary' },
  { id: 'nodelocal-dnscache', images: [/k8s-dns-node-cache([:@]|$)/], role: 'helper' },
];

export function detectDns(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  const nodeLocal = distinctWorkloads(containersMatching(cluster, DNS_RULES[2]?.images ?? []));
  const upstreamNames = new Set(nodeLocal.map((c) => flagOf(c, 'upstreamsvc')?.value).filter((v): v is string => v !== undefined));
  for (const rule of DNS_RULES) {
    const found = distinctWorkloads(containersMatching(cluster, rule.images));
    if (found.length === 0) continue;
    const ev: Evidence[] = found.map(imageEvidence);
    const details: Detail[] = [];
    const tag = found[0] ? imageTag(found[0].image) : undefined;
    if (tag && !isPlaceholder(tag)) details.push(detail('version', tag));
    if (rule.role === 'primary') {
      const service = dnsService(cluster, found, upstreamNames);
      if (service) {
        const ip = str(get(service.raw, 'spec', 'clusterIP'));
        ev.push(evidence(service, 'spec.selector', JSON.stringify(get(service.raw, 'spec', 'selector'))));
        if (ip === undefined) details.push(detail('serviceIp', `${service.name}`, 'notStated'));
        else if (isIP(ip)) {
          details.push(detail('serviceIp', ip));
          ev.push(evidence(service, 'spec.clusterIP', ip));
        } else {
          details.push(detail('serviceIp', ip, isPlaceholder(ip) ? 'placeholder' : 'unknown'));
          ev.push(evidence(service, 'spec.clusterIP', ip));
        }
      }
      for (const c of found) {
        const domain = flagOf(c, 'domain');
        if (domain) {
          details.push(isPlaceholder(domain.value) ? detail('domain', domain.value, 'placeholder') : detail('domain', domain.value));
          ev.push(evidence(c.object, domain.path, `--domain=${domain.value}`));
        }
      }
    } else {
      for (const c of found) {
        const local = flagOf(c, 'localip');
        if (local) {
          details.push(detail('localIp', local.value, isPlaceholder(local.value) ? 'placeholder' : undefined));
          ev.push(evidence(c.object, local.path, `-localip=${local.value}`));
        }
        const upstream = flagOf(c, 'upstreamsvc');
        if (upstream) {
          details.push(detail('upstreamService', upstream.value));
          ev.push(evidence(c.object, upstream.path, `-upstreamsvc=${upstream.value}`));
        }
      }
    }
    findings.push({ concern: 'dns', id: rule.id, role: rule.role, confidence: 'high', details, evidence: ev });
  }
  return findings;
}

/** The Service selecting the DNS Pods; NodeLocal DNSCache's upstream Service selects them too and is skipped. */
function dnsService(cluster: Cluster, found: ContainerRef[], upstreamNames: ReadonlySet<string>): KObject | undefined {
  const candidates = cluster.ofKind('Service').filter((svc) => {
    if (upstreamNames.has(svc.name)) return false;
    const selector = get(svc.raw, 'spec', 'selector');
    if (!isRecord(selector)) return false;
    const sel = Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, String(v)]));
    return found.some((c) => c.object.namespace === svc.namespace && selects(sel, podLabels(c.object)));
  });
  // Prefer the one serving port 53.
  return candidates.find((svc) => JSON.stringify(get(svc.raw, 'spec', 'ports') ?? []).includes('53')) ?? candidates[0];
}
