/**
 * The policy engine's contract: what `reach` prints and what `trace --cluster` shows at the hop
 * where the CNI enforces policy. The engine (src/policy/) is pure: cluster model and policy
 * objects in, verdicts with the rules that decided them out; no I/O, no catalogue.
 *
 * Semantics: https://kubernetes.io/docs/concepts/services-networking/network-policies/ and
 * https://network-policy-api.sigs.k8s.io/ (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy).
 */
import type { Protocol } from '../cluster/model.ts';

/** One end of a connection. */
export type PeerRef =
  /** A workload of the cluster model, by its key `namespace/Kind/name`. */
  | { readonly workload: string }
  /** An address outside the cluster (ipBlock peers are never Pod IPs). */
  | { readonly ip: string }
  /** The ingress controller that Ingress and Route objects expose workloads to. */
  | { readonly ingressController: true };

/**
 * Which evaluation layer decided (in the order they are consulted): the admin tier
 * (AdminNetworkPolicy, ClusterNetworkPolicy tier Admin), NetworkPolicy, the baseline tier
 * (BaselineAdminNetworkPolicy, ClusterNetworkPolicy tier Baseline), the default (allow).
 */
export const POLICY_LAYERS = ['admin', 'network-policy', 'baseline', 'default'] as const;
export type PolicyLayer = (typeof POLICY_LAYERS)[number];

export interface PolicyRef {
  /** NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy. */
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Admin policies' priority (lower first). */
  readonly priority?: number;
}

/** One reason in a direction's verdict: which layer, policy and rule decided for which traffic. */
export interface Decision {
  readonly layer: PolicyLayer;
  /** `none` for network-policy: selected by a policy, and no rule of it allows (default deny). */
  readonly action: 'allow' | 'deny' | 'pass' | 'none';
  readonly policy?: PolicyRef;
  /** 0-based index of the rule in its list (ingress or egress), and its name where the API has one. */
  readonly rule?: { readonly index: number; readonly name?: string };
  /** The part of the traffic this decision is about, as connlist prints it: `TCP 80,443`, `All Connections`. */
  readonly connections: string;
}

export interface DirectionVerdict {
  readonly direction: 'egress' | 'ingress';
  readonly allowed: boolean;
  /** Every decision that contributed, in evaluation order. */
  readonly decisions: readonly Decision[];
}

export interface ConnectionVerdict {
  /** The two ends as connlist names them: `namespace/name[Kind]`, `A-B[External]`, `{ingress-controller}`. */
  readonly source: string;
  readonly destination: string;
  /** Allowed for the port asked about, or for some traffic when no port is given. */
  readonly allowed: boolean;
  /**
   * What is allowed between the two, as connlist prints it (`All Connections`, `TCP 5432`, or ''
   * for nothing); with a port, only that port when it is allowed.
   */
  readonly connections: string;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

export interface PortQuery {
  readonly port: number;
  readonly protocol: Protocol;
}
