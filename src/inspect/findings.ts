/**
 * What a detector reports: a finding names a catalogue entry (`k8snet explain <id>`), its role
 * and mode, the details it read and the evidence (object + field path) for each, with a confidence.
 */
import type { PolicyApi } from '../catalogue/constants.ts';
import type { Evidence } from '../cluster/objects.ts';

export const CONCERNS = [
  'service-proxy',
  'cni',
  'dns',
  'ingress',
  'gateway-api',
  'service-mesh',
  'load-balancer',
  'network-policy',
  /** What enforces the policies: the CNI agent or add-on that programs them, found apart from the policy objects. */
  'policy-enforcer',
] as const;
export type Concern = (typeof CONCERNS)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** What a finding is to the cluster: the CNI, a helper plugin chained to it, a replacement of kube-proxy … */
export const ROLES = [
  'primary',
  'helper',
  'replacement',
  'control-plane',
  'data-plane',
  'config-only',
  /** Installed, with the function the finding is about switched off (kube-router --run-firewall=false). */
  'disabled',
  'unknown',
] as const;
export type Role = (typeof ROLES)[number];

/** Keys of the details a finding can carry (their labels are translated; the values are read from the input). */
export const DETAIL_KEYS = [
  'mode',
  'backend',
  'encapsulation',
  'routing',
  'tunnel',
  'bgp',
  'dataplane',
  'podCidr',
  'serviceCidr',
  'joinCidr',
  'ipam',
  'noSnat',
  'proxyAll',
  'replacesKubeProxy',
  'version',
  'serviceIp',
  'localIp',
  'upstreamService',
  'domain',
  'controllerName',
  'ingressClass',
  'gatewayClass',
  'gateways',
  'routes',
  'ingresses',
  'sidecars',
  'nativeSidecars',
  'injection',
  'cniAgent',
  'addressPools',
  'peers',
  'loadBalancerServices',
  'policies',
  'setting',
] as const;
export type DetailKey = (typeof DETAIL_KEYS)[number];

/** A value that is not a plain reading: placeholders, absent values, defaults. Rendered through messages. */
export const VALUE_NOTES = ['placeholder', 'unknown', 'notSet', 'notStated', 'byDefault'] as const;
export type ValueNote = (typeof VALUE_NOTES)[number];

export interface Detail {
  readonly key: DetailKey;
  readonly value: string;
  readonly note?: ValueNote;
}

export interface Finding {
  readonly concern: Concern;
  /** A catalogue id (project or, for unknown implementations, the component). */
  readonly id: string;
  readonly role: Role;
  /** Shown instead of the catalogue name when the implementation is not in the catalogue. */
  readonly label?: string;
  readonly confidence: Confidence;
  readonly details: Detail[];
  readonly evidence: Evidence[];
  /**
   * policy-enforcer findings: each policy API the input shows switched on (true) or off (false),
   * by a flag, a feature gate, an image flavour or a default. An API left out is not decided by the
   * input; the catalogue's support says the rest (see enforcement.ts).
   */
  readonly policyApis?: Partial<Record<PolicyApi, boolean>>;
}

export function detail(key: DetailKey, value: string, note?: ValueNote): Detail {
  return note ? { key, value, note } : { key, value };
}

/** Highest of the confidences given. */
export function strongest(...levels: Confidence[]): Confidence {
  for (const level of CONFIDENCES) if (levels.includes(level)) return level;
  return 'low';
}
