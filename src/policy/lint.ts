/**
 * Policy mistakes that evaluate without error but rarely mean what was intended:
 * - a policy that selects no Pod of the input, a rule peer that matches nothing;
 * - a named port that the Pods it applies to do not have, or have with another protocol
 *   (a named port is resolved per destination Pod, protocol included);
 * - egress restricted so that the cluster DNS can no longer be asked (every lookup then fails);
 * - an ipBlock that overlaps the cluster's Pod or Service CIDRs: ipBlock is meant for addresses
 *   outside the cluster; Pod IPs change and Service IPs are rewritten before policy applies.
 *   https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
import type { ServiceModel } from '../cluster/model.ts';
import { overlaps, parseCidr } from './addresses.ts';
import { type CompiledPolicy, type CompiledRule, type Direction, peerMatches, policyLabel } from './compile.ts';
import { allowedBetween } from './connectivity.ts';
import { targetPortOn, type PolicyInput, type WorkloadPeer } from './input.ts';
import type { PolicyRef } from './types.ts';

export const LINT_CODES = [
  'policySelectsNothing',
  'peerMatchesNothing',
  'namedPortMissing',
  'namedPortProtocol',
  'dnsBlocked',
  'ipBlockOverlapsCluster',
] as const;
export type LintCode = (typeof LINT_CODES)[number];

export interface LintFinding {
  readonly code: LintCode;
  readonly policy?: PolicyRef;
  /** Filled into the message; all from the input. */
  readonly values: Readonly<Record<string, string | number>>;
}

export interface LintContext {
  /** Pod and Service CIDRs that inspect found (kube-proxy, CNI configuration, Node spec.podCIDR). */
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  /** The cluster DNS Service when the input has it (else CoreDNS's usual kube-system Pods are assumed). */
  readonly dnsService?: ServiceModel;
}

const MAX_LISTED = 5;

function listed(peers: readonly WorkloadPeer[]): string {
  const names = peers.slice(0, MAX_LISTED).map((p) => p.name);
  return peers.length > MAX_LISTED ? `${names.join(', ')} … (+${peers.length - MAX_LISTED})` : names.join(', ');
}

function ruleLabel(rule: CompiledRule): string {
  return rule.name ? `"${rule.name}"` : `#${rule.index + 1}`;
}

function allPolicies(input: PolicyInput): CompiledPolicy[] {
  return [...input.compiled.admin, ...input.compiled.networkPolicies, ...input.compiled.baseline];
}

export function lintPolicies(input: PolicyInput, context: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  const { evaluator } = input;
  const pods = input.workloads.map((p) => ({ peer: p, endpoint: evaluator.endpoint(p.endpoint) }));
  if (pods.length === 0) return out;
  const namespacesWithWorkloads = new Set(input.workloads.map((p) => p.workload.namespace));
  for (const policy of allPolicies(input)) {
    const where = policyLabel(policy.ref);
    const selected = pods.filter((p) => p.endpoint.type === 'pod' && policy.selects(p.endpoint)).map((p) => p.peer);
    // A NetworkPolicy of a namespace the input has no workloads of may well select Pods not given.
    if (selected.length === 0 && (policy.layer !== 'network-policy' || namespacesWithWorkloads.has(policy.ref.namespace ?? '')))
      out.push({ code: 'policySelectsNothing', policy: policy.ref, values: { policy: where, subject: policy.subjectText } });
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of policy[direction] ?? []) {
        const matched = pods.filter((p) => peerMatches(rule, policy.ref.namespace, p.endpoint)).map((p) => p.peer);
        for (const peer of rule.peers) {
          if (peer.type !== 'pods') continue;
          const alone = { ...rule, anyPeer: false, peers: [peer] };
          if (!pods.some((p) => peerMatches(alone, policy.ref.namespace, p.endpoint)))
            out.push({
              code: 'peerMatchesNothing',
              policy: policy.ref,
              values: {
                policy: where,
                direction,
                rule: ruleLabel(rule),
                peer: `${peer.namespaces === 'own' ? '' : `namespaceSelector ${peer.namespaces.text}, `}podSelector ${peer.pods.text}`,
              },
            });
        }
        // Named ports are resolved on the destination: the subject for ingress, the peer for egress.
        const destinations = direction === 'ingress' ? selected : rule.anyPeer ? input.workloads : matched;
        lintNamedPorts(out, policy, rule, direction, destinations, where);
        for (const peer of rule.peers) {
          if (peer.type !== 'ips') continue;
          for (const cidr of peer.cidrs) lintIpBlock(out, policy.ref, where, direction, rule, cidr, context);
        }
      }
    }
  }
  lintDns(out, input, context);
  return out;
}

function lintNamedPorts(
  out: LintFinding[],
  policy: CompiledPolicy,
  rule: CompiledRule,
  direction: Direction,
  destinations: readonly WorkloadPeer[],
  where: string,
): void {
  if (destinations.length === 0) return;
  for (const n of rule.named) {
    const missing = destinations.filter((d) => !d.workload.ports.some((p) => p.name === n.name));
    const wrong = destinations.filter((d) =>
      d.workload.ports.some((p) => p.name === n.name && n.protocol !== undefined && p.protocol !== n.protocol),
    );
    const base = { policy: where, direction, rule: ruleLabel(rule), port: n.name };
    // For egress a named port only has to exist on some destination; for ingress on each selected Pod.
    if (direction === 'ingress' ? missing.length > 0 : missing.length === destinations.length)
      out.push({ code: 'namedPortMissing', policy: policy.ref, values: { ...base, workloads: listed(missing) } });
    if (wrong.length > 0) {
      const actual = wrong[0]?.workload.ports.find((p) => p.name === n.name)?.protocol ?? '';
      out.push({
        code: 'namedPortProtocol',
        policy: policy.ref,
        values: { ...base, protocol: n.protocol ?? '', actual, workloads: listed(wrong) },
      });
    }
  }
}

function lintIpBlock(
  out: LintFinding[],
  ref: PolicyRef,
  where: string,
  direction: Direction,
  rule: CompiledRule,
  cidr: string,
  context: LintContext,
): void {
  const range = parseCidr(cidr);
  if (!range) return;
  for (const [kind, list] of [
    ['Pod', context.podCidrs],
    ['Service', context.serviceCidrs],
  ] as const) {
    for (const text of list) {
      const cluster = parseCidr(text);
      if (cluster && overlaps(range, cluster)) {
        out.push({
          code: 'ipBlockOverlapsCluster',
          policy: ref,
          values: { policy: where, direction, rule: ruleLabel(rule), cidr, kind, clusterCidr: text },
        });
        return;
      }
    }
  }
}

/** CoreDNS as kubeadm and most distributions deploy it, when the input has no DNS Service. */
const ASSUMED_DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, name: 'kube-system/kube-dns' };

function lintDns(out: LintFinding[], input: PolicyInput, context: LintContext): void {
  const { evaluator } = input;
  const service = context.dnsService;
  const backends = service ? input.workloads.filter((p) => service.workloads.includes(p.workload.key)) : [];
  const labels: Record<string, string> = Object.create(null);
  Object.assign(labels, service ? service.selector : ASSUMED_DNS.labels);
  const namespace = service?.namespace ?? ASSUMED_DNS.namespace;
  // The DNS Pods: the Service's backends in the input, or Pods with its selector's labels.
  const targets =
    backends.length > 0
      ? backends.map((b) => ({ endpoint: b.endpoint, peer: b }))
      : [
          {
            endpoint: evaluator.add({
              type: 'pod',
              namespace,
              namespaceLabels: input.model.namespace(namespace).labels,
              labels,
              ports: [],
              hostNetwork: false,
            }),
            peer: undefined,
          },
        ];
  const udp53 = service?.ports.find((p) => p.port === 53 && p.protocol === 'UDP');
  const blocked: WorkloadPeer[] = [];
  for (const w of input.workloads) {
    if (targets.some((t) => t.peer === w)) continue;
    const reaches = targets.some((t) => {
      const target = udp53 && t.peer ? targetPortOn(udp53, t.peer.workload) : { protocol: 'UDP' as const, port: 53 };
      return target !== undefined && allowedBetween(input, w.endpoint, t.endpoint).has('UDP', target.port);
    });
    if (!reaches) blocked.push(w);
  }
  if (blocked.length > 0)
    out.push({
      code: 'dnsBlocked',
      values: {
        workloads: listed(blocked),
        count: blocked.length,
        dns: service ? `${service.namespace}/${service.name}` : ASSUMED_DNS.name,
        assumed: service ? 'no' : 'yes',
      },
    });
}
