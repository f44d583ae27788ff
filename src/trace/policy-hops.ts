/**
 * trace --cluster: the hops where policy is enforced. NetworkPolicy is checked where the CNI checks
 * it (data/traces/cluster-walks.yaml: egress on the source Pod's node, ingress on the destination
 * Pod's), with the verdict the policy engine gives for the connection seen there; mesh
 * authorization is shown on the mesh hop that applies it. A denial ends the walk at that hop, with
 * what the sender sees. Pure: the verdicts come in through the context.
 */
import type { EnforcementData, MeshAuthorizationData, PolicyHop } from '../catalogue/trace-schema.ts';
import type { Localized } from '../catalogue/schema.ts';
import type { Protocol } from '../cluster/model.ts';
import type { ConnectionVerdict, Decision } from '../policy/types.ts';
import type { CompiledHop, Packet } from './compile.ts';

/** The connection at the enforcing hop, as the policy engine is asked about it. */
export interface PolicyQuery {
  readonly src: string;
  readonly dst: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** One AuthorizationPolicy as the mesh evaluates it for this connection. */
export interface AuthzPolicyResult {
  readonly namespace: string;
  readonly name: string;
  /** ALLOW, DENY, CUSTOM, AUDIT. */
  readonly action: string;
  /** Whether a rule matches the connection; unknown when it depends on the request (paths, methods, JWT …). */
  readonly match: 'yes' | 'no' | 'unknown';
}

export interface AuthzVerdict {
  /** undetermined: the outcome depends on request attributes the objects cannot tell. */
  readonly state: 'allowed' | 'denied' | 'undetermined' | 'no-policies';
  readonly policies: readonly AuthzPolicyResult[];
}

export interface PolicyContext {
  readonly enforcement: EnforcementData;
  /** false when the enforcement needs a setting the cluster leaves off (the AWS network policy agent). */
  readonly active: boolean;
  /** Policy objects of the input that the CNI would enforce (NetworkPolicy and the admin kinds). */
  readonly count: number;
  readonly protocol: Protocol;
  /** The policy engine's verdict (trace/cluster/policy.ts); undefined: not evaluated. */
  readonly decide: (query: PolicyQuery) => ConnectionVerdict | undefined;
  /** Where the mesh applies AuthorizationPolicy on this walk, with the verdict. */
  readonly mesh: readonly { readonly data: MeshAuthorizationData; readonly verdict: AuthzVerdict }[];
}

export interface PolicyHopResult {
  readonly kind: 'network-policy' | 'mesh-authorization';
  readonly direction: 'egress' | 'ingress';
  /** no-policies: the input has none, so nothing isolates the Pods (allowed). */
  readonly state: 'allowed' | 'denied' | 'not-evaluated' | 'no-policies' | 'undetermined';
  /** NetworkPolicy: the decisions of this direction, in evaluation order. */
  readonly decisions: readonly Decision[];
  /** NetworkPolicy: what the engine allows between the two (connlist form), when evaluated. */
  readonly connections: string | null;
  /** Mesh: the AuthorizationPolicies that apply. */
  readonly authz: readonly AuthzPolicyResult[];
  /** The connection asked about. */
  readonly query: PolicyQuery | null;
}

export interface WalkOutcome {
  readonly by: 'network-policy' | 'mesh-authorization';
  /** 1-based number of the hop that denied (the walk's last). */
  readonly hop: number;
  readonly text: Localized;
  readonly source: string;
}

/** A request step as walked: its hops (indexes into the walk) and a maker for a hop with its roles. */
export interface PolicyAnchor {
  readonly slot: string;
  readonly start: number;
  readonly end: number;
  /** Whether the step's source and destination roles are Pods. */
  readonly pods: { readonly src: boolean; readonly dst: boolean };
  readonly make: (hop: PolicyHop, packet: Packet) => CompiledHop;
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}

export function applyPolicy(
  walked: readonly CompiledHop[],
  anchors: readonly PolicyAnchor[],
  context: PolicyContext,
): { hops: CompiledHop[]; outcome?: WalkOutcome } {
  const hops = [...walked];
  const { enforcement } = context;
  // Mesh authorization first: it annotates hops that are already there.
  for (const { data, verdict } of context.mesh) {
    const anchor = anchors.find((a) => a.slot === data.slot && a.end > a.start);
    const hop = anchor ? hops[anchor.start] : undefined;
    if (!hop) continue;
    hops[anchor?.start ?? 0] = {
      ...hop,
      policy: {
        kind: 'mesh-authorization',
        direction: 'ingress',
        state: verdict.state,
        decisions: [],
        connections: null,
        authz: verdict.policies,
        query: null,
      },
    };
  }
  const inserted: { at: number; hop: CompiledHop }[] = [];
  if (context.active) {
    const egressAt = enforcement.egress
      ? lastIndex(anchors, (a) => enforcement.egress?.after.includes(a.slot) === true && a.end > a.start && a.pods.src)
      : -1;
    const ingressAt = enforcement.ingress
      ? lastIndex(anchors, (a) => a.slot === enforcement.ingress?.before && a.end > a.start && a.pods.dst)
      : -1;
    const egress = egressAt >= 0 ? anchors[egressAt] : undefined;
    const ingress = ingressAt >= 0 && ingressAt > egressAt ? anchors[ingressAt] : undefined;
    // The connection as the destination's node sees it (after any NAT), else as it leaves the source.
    const seen = ingress ? hops[ingress.start]?.before : egress ? hops[egress.end - 1]?.after : undefined;
    const query: PolicyQuery | null =
      seen && seen.dst.port !== null ? { src: seen.src.ip, dst: seen.dst.ip, port: seen.dst.port, protocol: context.protocol } : null;
    const verdict = context.count === 0 || !query ? undefined : context.decide(query);
    const result = (direction: 'egress' | 'ingress'): PolicyHopResult => {
      const side = verdict?.[direction];
      return {
        kind: 'network-policy',
        direction,
        state: context.count === 0 ? 'no-policies' : side ? (side.allowed ? 'allowed' : 'denied') : 'not-evaluated',
        decisions: side?.decisions ?? [],
        connections: verdict ? verdict.connections : null,
        authz: [],
        query,
      };
    };
    if (egress && enforcement.egress) {
      const at = hops[egress.end - 1]?.after;
      if (at) inserted.push({ at: egress.end, hop: { ...egress.make(enforcement.egress.hop, at), policy: result('egress') } });
    }
    if (ingress && enforcement.ingress) {
      const at = hops[ingress.start]?.before;
      if (at) inserted.push({ at: ingress.start, hop: { ...ingress.make(enforcement.ingress.hop, at), policy: result('ingress') } });
    }
  }
  for (const { at, hop } of [...inserted].sort((a, b) => b.at - a.at)) hops.splice(at, 0, hop);
  // The first denial ends the walk there.
  const denied = hops.findIndex((h) => h.policy?.state === 'denied');
  if (denied < 0) return { hops };
  const hop = hops[denied] as CompiledHop;
  const kept = hops.slice(0, denied + 1);
  if (hop.policy?.kind === 'mesh-authorization') {
    const mesh = context.mesh.find((m) => m.verdict.state === 'denied');
    if (!mesh) throw new Error('internal: a denied mesh hop without its data');
    return {
      hops: kept,
      outcome: { by: 'mesh-authorization', hop: denied + 1, text: mesh.data.denied.text, source: mesh.data.denied.source },
    };
  }
  if (!enforcement.denied) throw new Error(`internal: ${enforcement.cni} denies without a "denied" text`);
  return {
    hops: kept,
    outcome: { by: 'network-policy', hop: denied + 1, text: enforcement.denied.text, source: enforcement.denied.source },
  };
}
