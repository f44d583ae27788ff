/**
 * The mesh on a walk through a real cluster: whether a Pod has Istio's sidecar (also as a native
 * sidecar, an init container with restartPolicy: Always) or is in ambient mode (the
 * istio.io/dataplane-mode=ambient label on the Pod or its namespace), whether the destination
 * Service uses a waypoint, and how Istio evaluates the AuthorizationPolicies that apply.
 * https://istio.io/latest/docs/ambient/usage/add-workloads/ ; https://istio.io/latest/docs/concepts/security/#authorization-policies
 */
import type { Cluster } from '../../cluster/cluster.ts';
import type {
  AuthorizationField,
  AuthorizationPolicyModel,
  ClusterModel,
  PodInstance,
  ServiceModel,
  Workload,
} from '../../cluster/model.ts';
import { type Evidence, evidence } from '../../cluster/objects.ts';
import { inCidr, parseCidr, parseIp } from '../ipv4.ts';
import type { AuthzPolicyResult, AuthzVerdict } from '../policy-hops.ts';

export interface MeshMembership {
  readonly mode: 'sidecar' | 'ambient';
  readonly evidence: Evidence;
}

const AMBIENT_LABEL = 'istio.io/dataplane-mode';
const WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** Istio's root namespace (meshConfig.rootNamespace), where a policy applies mesh-wide. */
const ROOT_NAMESPACE = 'istio-system';
const TRUST_DOMAIN = 'cluster.local';

export function meshOf(cluster: Cluster, model: ClusterModel, workload: Workload, pod: PodInstance | undefined): MeshMembership | null {
  const object = pod?.object ?? workload.object ?? workload.pods[0]?.object;
  const sidecar = cluster.containers.find((c) => c.object === object && c.name === 'istio-proxy' && (!c.init || c.nativeSidecar));
  if (sidecar) return { mode: 'sidecar', evidence: evidence(sidecar.object, `${sidecar.path}.name`, sidecar.name) };
  const labels = pod?.labels ?? workload.labels;
  if (labels[AMBIENT_LABEL] === 'ambient' && object) {
    return { mode: 'ambient', evidence: evidence(object, `metadata.labels["${AMBIENT_LABEL}"]`, 'ambient') };
  }
  const ns = cluster.ofKind('Namespace').find((n) => n.name === workload.namespace);
  if (ns && model.namespace(workload.namespace).labels[AMBIENT_LABEL] === 'ambient') {
    return { mode: 'ambient', evidence: evidence(ns, `metadata.labels["${AMBIENT_LABEL}"]`, 'ambient') };
  }
  return null;
}

/** The waypoint a Service sends its traffic through (its label, else its namespace's), and its Pods' workload. */
export function waypointOf(
  cluster: Cluster,
  model: ClusterModel,
  service: ServiceModel,
): { name: string; evidence: Evidence; workload?: Workload } | null {
  const own = service.object.labels[WAYPOINT_LABEL];
  const ns = cluster.ofKind('Namespace').find((n) => n.name === service.namespace);
  const name = own ?? ns?.labels[WAYPOINT_LABEL];
  if (!name || name === 'none') return null;
  const ev = own
    ? evidence(service.object, `metadata.labels["${WAYPOINT_LABEL}"]`, own)
    : evidence(ns ?? service.object, `metadata.labels["${WAYPOINT_LABEL}"]`, name);
  // Istio labels a waypoint's Deployment and Pods with the Gateway's name.
  const workload = model.workloads.find(
    (w) => w.namespace === service.namespace && w.labels['gateway.networking.k8s.io/gateway-name'] === name,
  );
  return { name, evidence: ev, ...(workload ? { workload } : {}) };
}

/** Istio's string match: exact, `*`, or a prefix or suffix wildcard. */
function matches(value: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

function inBlock(ip: string, block: string): boolean {
  const n = parseIp(ip);
  if (n === undefined) return false;
  try {
    return inCidr(n, parseCidr(block.includes('/') ? block : `${block}/32`, 'ipBlocks'));
  } catch {
    return false;
  }
}

export interface AuthzConnection {
  readonly sourceNamespace: string;
  readonly sourceServiceAccount: string;
  readonly sourceIp: string;
  readonly port: number;
  /** ztunnel knows L4 attributes only; Envoy (sidecar, waypoint) also L7, which the objects cannot tell. */
  readonly scope: 'l4' | 'l7';
}

type Tri = 'yes' | 'no' | 'unknown';
const and = (values: readonly Tri[]): Tri => (values.includes('no') ? 'no' : values.includes('unknown') ? 'unknown' : 'yes');
const or = (values: readonly Tri[]): Tri => (values.includes('yes') ? 'yes' : values.includes('unknown') ? 'unknown' : 'no');

function fieldMatch(field: AuthorizationField, values: readonly string[], c: AuthzConnection): Tri {
  const principal = `${TRUST_DOMAIN}/ns/${c.sourceNamespace}/sa/${c.sourceServiceAccount}`;
  const any = (test: (v: string) => boolean): boolean => values.some(test);
  switch (field) {
    case 'principals':
      return any((v) => matches(principal, v)) ? 'yes' : 'no';
    case 'notPrincipals':
      return any((v) => matches(principal, v)) ? 'no' : 'yes';
    case 'namespaces':
      return any((v) => matches(c.sourceNamespace, v)) ? 'yes' : 'no';
    case 'notNamespaces':
      return any((v) => matches(c.sourceNamespace, v)) ? 'no' : 'yes';
    case 'ipBlocks':
      return any((v) => inBlock(c.sourceIp, v)) ? 'yes' : 'no';
    case 'notIpBlocks':
      return any((v) => inBlock(c.sourceIp, v)) ? 'no' : 'yes';
    case 'ports':
      return values.includes(String(c.port)) ? 'yes' : 'no';
    case 'notPorts':
      return values.includes(String(c.port)) ? 'no' : 'yes';
    default:
      // Request attributes (JWT principals, remote IPs behind proxies, methods, paths, hosts).
      return 'unknown';
  }
}

function ruleMatch(policy: AuthorizationPolicyModel, c: AuthzConnection): Tri {
  if (policy.rules === null) return 'no';
  return or(
    policy.rules.map((rule) => {
      const from =
        rule.from === null
          ? 'yes'
          : or(rule.from.map((s) => and(Object.entries(s).map(([f, v]) => fieldMatch(f as AuthorizationField, v, c)))));
      const to =
        rule.to === null
          ? 'yes'
          : or(rule.to.map((o) => and(Object.entries(o).map(([f, v]) => fieldMatch(f as AuthorizationField, v, c)))));
      return and([from, to, rule.when > 0 ? 'unknown' : 'yes']);
    }),
  );
}

/** The AuthorizationPolicies that apply to a workload (not those bound to a waypoint by targetRefs). */
export function applicablePolicies(model: ClusterModel, workload: Workload): AuthorizationPolicyModel[] {
  return model.authorizationPolicies.filter((p) => {
    if (p.targetRefs.length > 0) return false;
    const scope = p.namespace === ROOT_NAMESPACE || p.namespace === workload.namespace;
    if (!scope) return false;
    if (p.selector === null) return true;
    const selector = p.selector;
    return Object.keys(selector).length === 0 || Object.entries(selector).every(([k, v]) => workload.labels[k] === v);
  });
}

/** CUSTOM, then DENY, then ALLOW: https://istio.io/latest/docs/concepts/security/#implicit-enablement */
export function evaluateAuthorization(policies: readonly AuthorizationPolicyModel[], c: AuthzConnection): AuthzVerdict {
  const results: AuthzPolicyResult[] = policies
    .filter((p) => p.action !== 'AUDIT')
    .map((p) => ({ namespace: p.namespace, name: p.name, action: p.action, match: ruleMatch(p, c) }));
  if (results.length === 0) return { state: 'no-policies', policies: [] };
  const of = (action: string) => results.filter((r) => r.action === action);
  const deny = or(of('DENY').map((r) => r.match));
  const custom = or(of('CUSTOM').map((r) => r.match));
  if (deny === 'yes') return { state: 'denied', policies: results };
  if (deny === 'unknown' || custom !== 'no') return { state: 'undetermined', policies: results };
  const allows = of('ALLOW');
  if (allows.length === 0) return { state: 'allowed', policies: results };
  const allow = or(allows.map((r) => r.match));
  return { state: allow === 'yes' ? 'allowed' : allow === 'no' ? 'denied' : 'undetermined', policies: results };
}
