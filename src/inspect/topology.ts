/**
 * Workload topology: Services (type, ports, selectors) joined to the workloads they select and to
 * their EndpointSlices (label kubernetes.io/service-name), Ingress and HTTPRoute rules to the
 * Services they send to, Gateways, Nodes and their Pod CIDRs, and NetworkPolicies. Pods whose
 * controller is not in the input are grouped by their owner, so 10,000 Pods are a few workloads.
 * https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership
 */
import { type Cluster, podLabels, pushTo, selects, WORKLOAD_KINDS } from '../cluster/cluster.ts';
import { ingressClassOf, routeAttaches } from './detectors/ingress.ts';
import { arr, get, isRecord, type KObject, str } from '../cluster/objects.ts';

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

const CLUSTER_SCOPED = new Set([
  'Node',
  'Namespace',
  'IngressClass',
  'GatewayClass',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
]);

function nsOf(object: KObject): string {
  return object.namespace ?? (CLUSTER_SCOPED.has(object.kind) ? '' : 'default');
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildTopology(cluster: Cluster): Topology {
  const workloads = new Map<string, TopoWorkload & { labels: Record<string, string> }>();
  const byUid = new Map<string, KObject>();
  for (const o of cluster.ofKind(...WORKLOAD_KINDS)) {
    const uid = str(get(o.raw, 'metadata', 'uid'));
    if (uid) byUid.set(uid, o);
  }
  const byName = new Map<string, KObject>();
  for (const o of cluster.ofKind(...WORKLOAD_KINDS)) byName.set(`${nsOf(o)}/${o.kind}/${o.name}`, o);

  /** The top controller in the input, or the nearest owner reference when the owner is absent. */
  const groupOf = (o: KObject): { kind: string; name: string } => {
    let current = o;
    for (let depth = 0; depth < 4; depth++) {
      const owner =
        arr(get(current.raw, 'metadata', 'ownerReferences')).find((r) => get(r, 'controller') === true) ??
        arr(get(current.raw, 'metadata', 'ownerReferences'))[0];
      if (!isRecord(owner)) break;
      const kind = str(owner.kind) ?? '';
      const name = str(owner.name) ?? '';
      const found = byUid.get(str(owner.uid) ?? '') ?? byName.get(`${nsOf(current)}/${kind}/${name}`);
      if (!found) return { kind, name };
      current = found;
    }
    return { kind: current.kind, name: current.name };
  };

  for (const o of cluster.ofKind(...WORKLOAD_KINDS)) {
    const ns = nsOf(o);
    const { kind, name } = groupOf(o);
    const key = `${ns}/${kind}/${name}`;
    let w = workloads.get(key);
    if (!w) {
      w = { key, namespace: ns, kind, name, pods: 0, labels: podLabels(o) };
      workloads.set(key, w);
    }
    if (o.kind === 'Pod') w.pods++;
    if (o.kind === kind && o.name === name) {
      w.labels = podLabels(o);
      const replicas = get(o.raw, 'spec', 'replicas');
      if (typeof replicas === 'number') w.replicas = replicas;
    }
  }
  // Label index: "ns\0key=value" → workloads, so a Service's selector is matched without a full scan.
  const labelIndex = new Map<string, (TopoWorkload & { labels: Record<string, string> })[]>();
  for (const w of workloads.values()) {
    for (const [k, v] of Object.entries(w.labels)) {
      pushTo(labelIndex, `${w.namespace}\u0000${k}=${v}`, w);
    }
  }
  const endpointCounts = new Map<string, number>();
  for (const slice of cluster.ofKind('EndpointSlice')) {
    const service = slice.labels['kubernetes.io/service-name'];
    if (!service) continue;
    const key = `${nsOf(slice)}/${service}`;
    const ready = arr(get(slice.raw, 'endpoints')).filter((e) => get(e, 'conditions', 'ready') !== false);
    const addresses = ready.reduce<number>((n, e) => n + arr(get(e, 'addresses')).length, 0);
    endpointCounts.set(key, (endpointCounts.get(key) ?? 0) + addresses);
  }
  const services: TopoService[] = cluster.ofKind('Service').map((svc) => {
    const ns = nsOf(svc);
    const selectorRaw = get(svc.raw, 'spec', 'selector');
    const selector: Record<string, string> = {};
    if (isRecord(selectorRaw)) for (const [k, v] of Object.entries(selectorRaw)) if (str(v) !== undefined) selector[k] = str(v) as string;
    const first = Object.entries(selector)[0];
    const candidates = first ? (labelIndex.get(`${ns}\u0000${first[0]}=${first[1]}`) ?? []) : [];
    const selected = candidates.filter((w) => selects(selector, w.labels)).map((w) => w.key);
    const ports = arr(get(svc.raw, 'spec', 'ports')).map((p) => {
      const port = str(get(p, 'port')) ?? '?';
      const protocol = str(get(p, 'protocol')) ?? 'TCP';
      const target = str(get(p, 'targetPort'));
      const nodePort = str(get(p, 'nodePort'));
      return `${port}/${protocol}${target && target !== port ? `→${target}` : ''}${nodePort ? ` (node ${nodePort})` : ''}`;
    });
    const clusterIP = str(get(svc.raw, 'spec', 'clusterIP'));
    const externalName = str(get(svc.raw, 'spec', 'externalName'));
    const type = str(get(svc.raw, 'spec', 'type')) ?? (externalName ? 'ExternalName' : 'ClusterIP');
    return {
      namespace: ns,
      name: svc.name,
      type: type === 'ClusterIP' && clusterIP === 'None' ? 'ClusterIP (headless)' : type,
      ...(clusterIP ? { clusterIP } : {}),
      ports,
      selector,
      endpoints: endpointCounts.get(`${ns}/${svc.name}`) ?? null,
      ...(externalName ? { externalName } : {}),
      workloads: selected.sort(compare),
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
  const nodes: TopoNode[] = cluster.ofKind('Node').map((n) => {
    const cidrs = arr(get(n.raw, 'spec', 'podCIDRs'))
      .map(str)
      .filter((c): c is string => c !== undefined);
    const single = str(get(n.raw, 'spec', 'podCIDR'));
    const internal = arr(get(n.raw, 'status', 'addresses')).find((a) => get(a, 'type') === 'InternalIP');
    const ip = str(get(internal, 'address'));
    return { name: n.name, podCIDRs: cidrs.length > 0 ? cidrs : single ? [single] : [], ...(ip ? { internalIP: ip } : {}) };
  });
  const byNsName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
    compare(a.namespace, b.namespace) || compare(a.name, b.name);
  const workloadList = [...workloads.values()].map(({ labels: _labels, ...w }) => w).sort((a, b) => compare(a.key, b.key));
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
