/**
 * NetworkPolicy on a walk through a real cluster: which policy objects the input has, whether the
 * CNI enforces them here, and the one place where the policy engine is asked for a verdict.
 */
import type { EnforcementData, TraceData } from '../../catalogue/trace-schema.ts';
import { type Cluster, flagOf } from '../../cluster/cluster.ts';
import type { ClusterModel } from '../../cluster/model.ts';
import { type Evidence, evidence, type KObject } from '../../cluster/objects.ts';
import { buildPolicyInput, explainConnection, type PolicyInput } from '../../policy/index.ts';
import type { ConnectionVerdict, PeerRef, PortQuery } from '../../policy/types.ts';
import type { PolicyQuery } from '../policy-hops.ts';
import { bilingual, type Setting } from './settings.ts';

/** The policy kinds the policy engine evaluates (src/policy/types.ts). */
const POLICY_KINDS: readonly { kind: string; group: string }[] = [
  { kind: 'NetworkPolicy', group: 'networking.k8s.io/' },
  { kind: 'AdminNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'BaselineAdminNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'ClusterNetworkPolicy', group: 'policy.networking.k8s.io/' },
];

export function policyObjects(cluster: Cluster): KObject[] {
  return POLICY_KINDS.flatMap(({ kind, group }) => cluster.ofKind(kind).filter((o) => o.apiVersion.startsWith(group)));
}

/** One end of the connection as the policy engine names it: a workload of the model, else an address. */
export function peerOf(model: ClusterModel, ip: string): PeerRef {
  const pod = model.podByIp(ip);
  const workload = pod ? model.workloads.find((w) => w.pods.includes(pod)) : undefined;
  return workload ? { workload: workload.key } : { ip };
}

/** The policy engine's input, built once per cluster model (a walk asks at up to two hops). */
const inputs = new WeakMap<ClusterModel, PolicyInput>();

/**
 * The seam between trace --cluster and the policy engine (src/policy/, the one `reach` uses): the
 * verdict for one connection, from `from` to `to` on `port`, as the CNI's enforcing hop sees it.
 */
export function policyVerdict(
  model: ClusterModel,
  cluster: Cluster,
  from: PeerRef,
  to: PeerRef,
  port: PortQuery,
): ConnectionVerdict | undefined {
  let input = inputs.get(model);
  if (!input) {
    input = buildPolicyInput(model, policyObjects(cluster));
    inputs.set(model, input);
  }
  // Two addresses outside the cluster: no policy selects either end, there is nothing to decide.
  if ('ip' in from && 'ip' in to) return undefined;
  return explainConnection(input, from, to, port);
}

/** The verdict function handed to the compiler: IPs at the hop → peers → the engine. */
export function decider(model: ClusterModel, cluster: Cluster): (q: PolicyQuery) => ConnectionVerdict | undefined {
  return (q) => policyVerdict(model, cluster, peerOf(model, q.src), peerOf(model, q.dst), { port: q.port, protocol: q.protocol });
}

/** Whether the AWS network policy agent enforces: its --enable-network-policy flag, else the amazon-vpc-cni ConfigMap. */
function awsAgent(cluster: Cluster): { active: boolean; evidence: Evidence[] } | undefined {
  for (const c of cluster.containers) {
    if (!/aws-network-policy-agent([:@]|$)/.test(c.image)) continue;
    const flag = flagOf(c, 'enable-network-policy');
    if (flag) return { active: flag.value === 'true', evidence: [evidence(c.object, flag.path, `--enable-network-policy=${flag.value}`)] };
  }
  for (const entry of cluster.config('enable-network-policy-controller')) {
    return { active: entry.value.trim() === 'true', evidence: [evidence(entry.object, entry.path, entry.value.trim())] };
  }
  return undefined;
}

export interface PolicyEnforcement {
  readonly data: EnforcementData;
  readonly active: boolean;
  readonly count: number;
  readonly setting: Setting;
}

/** The CNI's enforcement entry, and whether it applies in this cluster. */
export function enforcementOf(data: TraceData, cluster: Cluster, cni: { id: string; mode: string }): PolicyEnforcement {
  const entry = data.enforcement.find((e) => e.cni === cni.id && (e.modes === undefined || e.modes.includes(cni.mode)));
  if (!entry) throw new Error(`internal: no enforcement data for ${cni.id}:${cni.mode}`);
  const objects = policyObjects(cluster);
  const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(', ');
  const listed = objects.slice(0, 3).map((o) => evidence(o, 'kind', o.kind));
  const enforces = entry.egress !== undefined || entry.ingress !== undefined;
  if (!enforces) {
    return {
      data: entry,
      active: false,
      count: objects.length,
      setting: { key: 'policy', value: bilingual('policyNotEnforced', { name: entry.name }), origin: 'cluster', evidence: listed },
    };
  }
  if (entry.requires === 'aws-network-policy-agent') {
    const agent = awsAgent(cluster);
    const active = agent?.active ?? false;
    const setting: Setting = agent
      ? {
          key: 'policy',
          value: active ? entry.name : bilingual('policyOff', { name: entry.name }),
          origin: 'cluster',
          evidence: agent.evidence,
        }
      : {
          key: 'policy',
          value: bilingual('policyOff', { name: entry.name }),
          origin: 'assumed',
          evidence: [],
          ...(entry.none ? { why: entry.none.text, source: entry.none.source } : {}),
        };
    return { data: entry, active, count: objects.length, setting };
  }
  const value =
    objects.length > 0
      ? bilingual('policyEnforced', { name: entry.name, count: objects.length, kinds })
      : bilingual('policyNone', { name: entry.name });
  return { data: entry, active: true, count: objects.length, setting: { key: 'policy', value, origin: 'cluster', evidence: listed } };
}
