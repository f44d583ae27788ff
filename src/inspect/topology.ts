/**
 * Workload topology: Services (type, ports, selectors) joined to the workloads they select and to
 * their EndpointSlices (label kubernetes.io/service-name), Ingress and HTTPRoute rules to the
 * Services they send to, Gateways, Nodes and their Pod CIDRs, and NetworkPolicies. Pods whose
 * controller is not in the input are grouped by their owner, so 10,000 Pods are a few workloads.
 * https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership
 */
import type { Cluster } from '../cluster/cluster.ts';
import { modelOf, namespaceOf } from '../cluster/model.ts';
import { arr, get, str } from '../cluster/objects.ts';
import { ingressClassOf, routeAttaches } from './detectors/ingress.ts';

export interface TopoService {
  namespace: string;
  name: string;
  type: string;
  clusterIP?: string;
  ports: string[];
  selector: Record<string, string>;
  /** Ready addresses in the Service's EndpointSlices; null when no slice is in the input. */
  endpoints: number | null;
  externalName?: string;
  /** Keys of the workloads it selects. */
  workloads: string[];
}

export interface TopoWorkload {
  key: string;
  namespace: string;
  kind: string;
  name: string;
  /** Pods grouped into this workload (for Pods whose controller is not in the input). */
  pods: number;
  replicas?: number;
}

export interface TopoBackend {
  host: string;
  path: string;
  service: string;
  port: string;
}

export interface TopoEntry {
  kind: string;
  namespace: string;
  name: string;
  /** IngressClass, or the Gateways a route attaches to, or a Gateway's class. */
  via: string[];
  backends: TopoBackend[];
  listeners: string[];
}

export interface TopoPolicy {
  namespace: string;
  name: string;
  podSelector: string;
  policyTypes: string[];
}

export interface TopoNode {
  name: string;
  podCIDRs: string[];
  internalIP?: string;
}

export interface Topology {
  namespaces: string[];
  services: TopoService[];
  workloads: TopoWorkload[];
  entries: TopoEntry[];
  policies: TopoPolicy[];
  nodes: TopoNode[];
}

const nsOf = namespaceOf;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildTopology(cluster: Cluster): Topology {
  const model = modelOf(cluster);
  const workloadList: TopoWorkload[] = model.workloads.map((w) => ({
    key: w.key,
    namespace: w.namespace,
    kind: w.kind,
    name: w.name,
    pods: w.pods.length,
    ...(w.replicas !== undefined ? { replicas: w.replicas } : {}),
  }));
  const services: TopoService[] = model.services.map((svc) => {
    const slices = model.slicesOf(svc);
    const ready = slices.flatMap((slice) => slice.endpoints.filter((e) => e.ready));
    return {
      namespace: svc.namespace,
      name: svc.name,
      type: svc.type === 'ClusterIP' && svc.headless ? 'ClusterIP (headless)' : svc.type,
      ...(svc.headless ? { clusterIP: 'None' } : svc.clusterIPs[0] ? { clusterIP: svc.clusterIPs[0] } : {}),
      ports: svc.ports.map(
        (p) =>
          `${p.port}/${p.protocol}${String(p.targetPort) !== String(p.port) ? `→${p.targetPort}` : ''}${p.nodePort !== undefined ? ` (node ${p.nodePort})` : ''}`,
      ),
      selector: { ...svc.selector },
      endpoints: slices.length > 0 ? ready.reduce((n, e) => n + e.addresses.length, 0) : null,
      ...(svc.externalName ? { externalName: svc.externalName } : {}),
      workloads: [...svc.workloads],
    };
  });
  const entries: TopoEntry[] = [];
  for (const ing of cluster.ofKind('Ingress')) {
    const backends: TopoBackend[] = [];
    const defaultService =
      str(get(ing.raw, 'spec', 'defaultBackend', 'service', 'name')) ?? str(get(ing.raw, 'spec', 'backend', 'serviceName'));
    if (defaultService)
      backends.push({
        host: '*',
        path: '/',
        service: defaultService,
        port: portOf(get(ing.raw, 'spec', 'defaultBackend', 'service', 'port')),
      });
    for (const rule of arr(get(ing.raw, 'spec', 'rules'))) {
      const host = str(get(rule, 'host')) ?? '*';
      for (const p of arr(get(rule, 'http', 'paths'))) {
        const service = str(get(p, 'backend', 'service', 'name')) ?? str(get(p, 'backend', 'serviceName'));
        if (!service) continue;
        backends.push({
          host,
          path: str(get(p, 'path')) ?? '/',
          service,
          port: portOf(get(p, 'backend', 'service', 'port')) || (str(get(p, 'backend', 'servicePort')) ?? ''),
        });
      }
    }
    const cls = ingressClassOf(ing);
    entries.push({ kind: 'Ingress', namespace: nsOf(ing), name: ing.name, via: cls ? [cls] : [], backends, listeners: [] });
  }
  const gateways = cluster.ofKind('Gateway').filter((g) => g.apiVersion.startsWith('gateway.networking.k8s.io/'));
  for (const g of gateways) {
    const listeners = arr(get(g.raw, 'spec', 'listeners')).map(
      (l) =>
        `${str(get(l, 'protocol')) ?? '?'}:${str(get(l, 'port')) ?? '?'}${str(get(l, 'hostname')) ? ` ${str(get(l, 'hostname'))}` : ''}`,
    );
    const cls = str(get(g.raw, 'spec', 'gatewayClassName'));
    entries.push({ kind: 'Gateway', namespace: nsOf(g), name: g.name, via: cls ? [cls] : [], backends: [], listeners });
  }
  for (const route of cluster
    .ofKind('HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute')
    .filter((r) => r.apiVersion.startsWith('gateway.networking.k8s.io/'))) {
    const hosts = arr(get(route.raw, 'spec', 'hostnames'))
      .map(str)
      .filter((h): h is string => h !== undefined);
    const backends: TopoBackend[] = [];
    for (const rule of arr(get(route.raw, 'spec', 'rules'))) {
      const paths = arr(get(rule, 'matches'))
        .map((m) => str(get(m, 'path', 'value')))
        .filter((p): p is string => p !== undefined);
      for (const ref of arr(get(rule, 'backendRefs'))) {
        const kind = str(get(ref, 'kind')) ?? 'Service';
        const service = str(get(ref, 'name'));
        if (!service || kind !== 'Service') continue;
        backends.push({ host: hosts.join(', ') || '*', path: paths.join(', ') || '/', service, port: str(get(ref, 'port')) ?? '' });
      }
    }
    const via = gateways.filter((g) => routeAttaches(route, g)).map((g) => `${nsOf(g)}/${g.name}`);
    entries.push({ kind: route.kind, namespace: nsOf(route), name: route.name, via, backends, listeners: [] });
  }
  const policies: TopoPolicy[] = cluster
    .ofKind('NetworkPolicy')
    .filter((p) => p.apiVersion.startsWith('networking.k8s.io/'))
    .map((p) => ({
      namespace: nsOf(p),
      name: p.name,
      podSelector: JSON.stringify(get(p.raw, 'spec', 'podSelector', 'matchLabels') ?? {}),
      policyTypes: arr(get(p.raw, 'spec', 'policyTypes'))
        .map(str)
        .filter((t): t is string => t !== undefined),
    }));
  const nodes: TopoNode[] = model.nodes.map((n) => ({
    name: n.name,
    podCIDRs: [...n.podCIDRs],
    ...(n.internalIP ? { internalIP: n.internalIP } : {}),
  }));
  const byNsName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
    compare(a.namespace, b.namespace) || compare(a.name, b.name);
  const namespaces = new Set<string>();
  for (const x of [...services, ...workloadList, ...entries, ...policies]) namespaces.add(x.namespace);
  return {
    namespaces: [...namespaces].sort(compare),
    services: services.sort(byNsName),
    workloads: workloadList,
    entries: entries.sort((a, b) => compare(a.namespace, b.namespace) || entryRank(a.kind) - entryRank(b.kind) || compare(a.name, b.name)),
    policies: policies.sort(byNsName),
    nodes: nodes.sort((a, b) => compare(a.name, b.name)),
  };
}

/** Entry points first: Ingress and Gateway, then the routes attached to them. */
function entryRank(kind: string): number {
  return kind === 'Ingress' ? 0 : kind === 'Gateway' ? 1 : 2;
}

function portOf(port: unknown): string {
  return str(get(port, 'number')) ?? str(get(port, 'name')) ?? '';
}

/** Only the objects of one namespace (cluster-scoped Nodes stay). */
export function filterTopology(topology: Topology, namespace: string): Topology {
  const keep = <T extends { namespace: string }>(list: T[]) => list.filter((x) => x.namespace === namespace);
  return {
    namespaces: topology.namespaces.filter((n) => n === namespace),
    services: keep(topology.services),
    workloads: keep(topology.workloads),
    entries: keep(topology.entries),
    policies: keep(topology.policies),
    nodes: topology.nodes,
  };
}
