/**
 * The cluster's objects as typed, indexed records, built once for every consumer: inspect's
 * topology, reach's policy engine and trace --cluster's walk all read workloads, Pods, Services,
 * EndpointSlices, Nodes and Namespaces from here, never from raw JSON of their own.
 *
 * A workload is what owns Pods: a workload object of the input (Deployment, StatefulSet …), the
 * controller that a Pod's ownerReferences name when that controller is not in the input (often a
 * ReplicaSet, as `kubectl get pods` shows it), or a bare Pod. Pods of one owner are one workload.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
 */
import { type Cluster, POD_SPEC_PATHS, podMetadata, pushTo, selects, WORKLOAD_KINDS } from './cluster.ts';
import { arr, get, isRecord, type KObject, labelMapOf, str } from './objects.ts';

export { labelMapOf };

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** A label or selector map keyed by text from the input: no prototype, so `__proto__` is just a key. */
export type LabelMap = Readonly<Record<string, string>>;

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  /** Upper case as the API spells it; TCP when the manifest leaves it out. */
  readonly protocol: string;
  readonly container: string;
}

export interface PodInstance {
  readonly name: string;
  readonly namespace: string;
  /** status.podIPs (else status.podIP); empty in a manifest that was never scheduled. */
  readonly ips: readonly string[];
  readonly node?: string;
  readonly labels: LabelMap;
  readonly annotations: LabelMap;
  readonly hostNetwork: boolean;
  readonly phase?: string;
  readonly ports: readonly ContainerPort[];
  readonly containers: readonly string[];
  /** spec.serviceAccountName; `default` when unset (https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts). */
  readonly serviceAccount: string;
  readonly object: KObject;
}

export interface Workload {
  /** `namespace/Kind/name`, unique in the cluster. */
  readonly key: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** The labels its Pods carry: the pod template's, else the first Pod's. */
  readonly labels: LabelMap;
  readonly annotations: LabelMap;
  /** Container ports of the pod template (else of its Pods), in container order. */
  readonly ports: readonly ContainerPort[];
  readonly containers: readonly string[];
  /** Pods of the input that belong to it. */
  readonly pods: readonly PodInstance[];
  readonly replicas?: number;
  readonly hostNetwork: boolean;
  /** The pod template's spec.serviceAccountName (`default` when unset). */
  readonly serviceAccount: string;
  /** The workload object itself, when the input has it (absent for an owner known only by reference). */
  readonly object?: KObject;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  /** A number, or the name of a container port; defaults to `port`. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

export interface ServiceModel {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** ClusterIP, NodePort, LoadBalancer, ExternalName. */
  readonly type: string;
  readonly headless: boolean;
  readonly clusterIPs: readonly string[];
  readonly externalName?: string;
  /** Empty for a Service without a selector (its EndpointSlices are managed by someone else). */
  readonly selector: LabelMap;
  readonly ports: readonly ServicePort[];
  readonly sessionAffinity: string;
  /** Cluster unless set (https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies). */
  readonly internalTrafficPolicy: string;
  readonly externalTrafficPolicy: string;
  readonly healthCheckNodePort?: number;
  /** status.loadBalancer.ingress: IPs or host names. */
  readonly loadBalancerIngress: readonly string[];
  /** Keys of the workloads its selector selects, sorted. */
  readonly workloads: readonly string[];
  readonly object: KObject;
}

export interface Endpoint {
  readonly addresses: readonly string[];
  /** `ready` is unset = ready (https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions). */
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zone?: string;
  /** hints.forZones names. */
  readonly zoneHints: readonly string[];
  /** hints.forNodes names (PreferSameNode, KEP-3015). */
  readonly nodeHints: readonly string[];
  readonly targetRef?: { readonly kind: string; readonly name: string; readonly namespace?: string };
}

export interface EndpointSliceModel {
  readonly namespace: string;
  readonly name: string;
  /** The label kubernetes.io/service-name. */
  readonly service: string;
  readonly addressType: string;
  readonly ports: readonly { readonly name?: string; readonly port?: number; readonly protocol: string }[];
  readonly endpoints: readonly Endpoint[];
  readonly object: KObject;
}

export interface NodeModel {
  readonly name: string;
  readonly internalIP?: string;
  readonly podCIDRs: readonly string[];
  readonly labels: LabelMap;
  /** status.nodeInfo.kubeletVersion, e.g. v1.33.2. */
  readonly kubeletVersion?: string;
  readonly object: KObject;
}

/** An Istio AuthorizationPolicy (security.istio.io), as the mesh evaluates it: https://istio.io/latest/docs/reference/config/security/authorization-policy/ */
export interface AuthorizationPolicyModel {
  readonly namespace: string;
  readonly name: string;
  /** ALLOW (the default), DENY, CUSTOM, AUDIT. */
  readonly action: string;
  /** spec.selector.matchLabels; null when the policy has none (it applies to the whole namespace). */
  readonly selector: LabelMap | null;
  /** spec.targetRefs (a waypoint's Service or Gateway); such a policy binds to the waypoint, not to ztunnel or sidecars. */
  readonly targetRefs: readonly { readonly kind: string; readonly name: string }[];
  /** spec.rules; null when absent (an ALLOW policy without rules allows nothing). */
  readonly rules: readonly AuthorizationRule[] | null;
  readonly object: KObject;
}

export type AuthorizationField =
  | 'principals'
  | 'notPrincipals'
  | 'namespaces'
  | 'notNamespaces'
  | 'ipBlocks'
  | 'notIpBlocks'
  | 'requestPrincipals'
  | 'notRequestPrincipals'
  | 'remoteIpBlocks'
  | 'notRemoteIpBlocks'
  | 'ports'
  | 'notPorts'
  | 'methods'
  | 'notMethods'
  | 'paths'
  | 'notPaths'
  | 'hosts'
  | 'notHosts';

export interface AuthorizationRule {
  /** rules[].from[].source, each a map of field → values; null when the rule has no `from`. */
  readonly from: readonly Partial<Record<AuthorizationField, readonly string[]>>[] | null;
  /** rules[].to[].operation. */
  readonly to: readonly Partial<Record<AuthorizationField, readonly string[]>>[] | null;
  /** How many `when` conditions the rule has (request attributes). */
  readonly when: number;
}

export interface NamespaceModel {
  readonly name: string;
  /** Its labels, always with kubernetes.io/metadata.name (set by the API server since v1.22). */
  readonly labels: LabelMap;
  /** Whether a Namespace object is in the input (else only objects name it). */
  readonly declared: boolean;
}

/** One backend of an Ingress rule or an OpenShift Route: a Service and the port it names. */
export interface RouteBackend {
  readonly service: string;
  /**
   * Ingress: the Service port by number or name; Route: spec.port.targetPort (a Service port's
   * name, number or target port). Absent: every port of the Service.
   */
  readonly port?: number | string;
  readonly host: string;
  readonly path: string;
}

/** An Ingress or OpenShift Route: what exposes workloads to the ingress controller. */
export interface ExposureModel {
  readonly kind: 'Ingress' | 'Route';
  readonly namespace: string;
  readonly name: string;
  readonly backends: readonly RouteBackend[];
  readonly object: KObject;
}

const CLUSTER_SCOPED = new Set([
  'Node',
  'Namespace',
  'IngressClass',
  'GatewayClass',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

/** An object's namespace: its own, `default` for a namespaced object that names none, '' for cluster-scoped kinds. */
export function namespaceOf(object: KObject): string {
  return object.namespace ?? (CLUSTER_SCOPED.has(object.kind) ? '' : 'default');
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

const protocolOf = (value: unknown): string => (str(value) ?? 'TCP').toUpperCase();

export class ClusterModel {
  readonly namespaces: readonly NamespaceModel[];
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceModel[];
  readonly endpointSlices: readonly EndpointSliceModel[];
  readonly nodes: readonly NodeModel[];
  /** Ingress (networking.k8s.io) and Route (route.openshift.io) objects with their backends. */
  readonly exposures: readonly ExposureModel[];
  readonly authorizationPolicies: readonly AuthorizationPolicyModel[];
  readonly #workloads = new Map<string, Workload>();
  readonly #services = new Map<string, ServiceModel>();
  readonly #slices = new Map<string, EndpointSliceModel[]>();
  readonly #namespaces = new Map<string, NamespaceModel>();
  readonly #nodes = new Map<string, NodeModel>();
  readonly #podsByIp = new Map<string, PodInstance>();

  constructor(cluster: Cluster) {
    this.workloads = buildWorkloads(cluster);
    for (const w of this.workloads) {
      this.#workloads.set(w.key, w);
      for (const pod of w.pods) for (const ip of pod.ips) this.#podsByIp.set(ip, pod);
    }
    this.services = buildServices(cluster, this.workloads);
    for (const s of this.services) this.#services.set(s.key, s);
    this.endpointSlices = buildSlices(cluster);
    for (const slice of this.endpointSlices) pushTo(this.#slices, `${slice.namespace}/${slice.service}`, slice);
    this.nodes = cluster
      .ofKind('Node')
      .map(nodeOf)
      .sort((a, b) => compare(a.name, b.name));
    for (const n of this.nodes) this.#nodes.set(n.name, n);
    this.namespaces = buildNamespaces(cluster);
    for (const n of this.namespaces) this.#namespaces.set(n.name, n);
    this.exposures = buildExposures(cluster);
    this.authorizationPolicies = buildAuthorizationPolicies(cluster);
  }

  workload(key: string): Workload | undefined {
    return this.#workloads.get(key);
  }

  service(namespace: string, name: string): ServiceModel | undefined {
    return this.#services.get(`${namespace}/${name}`);
  }

  slicesOf(service: ServiceModel): readonly EndpointSliceModel[] {
    return this.#slices.get(service.key) ?? [];
  }

  /** A namespace by name; one that no object declares still exists, with only its name label. */
  namespace(name: string): NamespaceModel {
    return this.#namespaces.get(name) ?? { name, labels: implicitLabels(name), declared: false };
  }

  node(name: string): NodeModel | undefined {
    return this.#nodes.get(name);
  }

  podByIp(ip: string): PodInstance | undefined {
    return this.#podsByIp.get(ip);
  }
}

function implicitLabels(name: string): Record<string, string> {
  const labels: Record<string, string> = Object.create(null);
  labels['kubernetes.io/metadata.name'] = name;
  return labels;
}

function buildNamespaces(cluster: Cluster): NamespaceModel[] {
  const out = new Map<string, NamespaceModel>();
  for (const ns of cluster.ofKind('Namespace')) {
    const labels = labelMapOf(get(ns.raw, 'metadata', 'labels'));
    labels['kubernetes.io/metadata.name'] = ns.name;
    out.set(ns.name, { name: ns.name, labels, declared: true });
  }
  for (const object of cluster.objects) {
    const name = namespaceOf(object);
    if (name !== '' && !out.has(name)) out.set(name, { name, labels: implicitLabels(name), declared: false });
  }
  return [...out.values()].sort((a, b) => compare(a.name, b.name));
}

const templateMeta = podMetadata;

function podSpecOf(object: KObject): Record<string, unknown> | undefined {
  const specPath = POD_SPEC_PATHS[object.kind];
  const spec = specPath ? get(object.raw, ...specPath) : undefined;
  return isRecord(spec) ? spec : undefined;
}

function containersOf(spec: Record<string, unknown> | undefined): { names: string[]; ports: ContainerPort[] } {
  const names: string[] = [];
  const ports: ContainerPort[] = [];
  for (const c of arr(spec?.containers)) {
    const container = str(get(c, 'name')) ?? '';
    names.push(container);
    for (const p of arr(get(c, 'ports'))) {
      const port = numberOf(get(p, 'containerPort'));
      if (port === undefined) continue;
      const name = str(get(p, 'name'));
      ports.push({ ...(name ? { name } : {}), port, protocol: protocolOf(get(p, 'protocol')), container });
    }
  }
  return { names, ports };
}

function podOf(object: KObject): PodInstance {
  const spec = podSpecOf(object);
  const { names, ports } = containersOf(spec);
  const ips = arr(get(object.raw, 'status', 'podIPs'))
    .map((p) => str(get(p, 'ip')))
    .filter((ip): ip is string => ip !== undefined);
  const single = str(get(object.raw, 'status', 'podIP'));
  if (ips.length === 0 && single) ips.push(single);
  const node = str(spec?.nodeName);
  const phase = str(get(object.raw, 'status', 'phase'));
  return {
    name: object.name,
    namespace: namespaceOf(object),
    ips,
    ...(node ? { node } : {}),
    labels: templateMeta(object, 'labels'),
    annotations: templateMeta(object, 'annotations'),
    hostNetwork: spec?.hostNetwork === true,
    ...(phase ? { phase } : {}),
    ports,
    containers: names,
    serviceAccount: str(spec?.serviceAccountName) ?? str(spec?.serviceAccount) ?? 'default',
    object,
  };
}

function buildWorkloads(cluster: Cluster): Workload[] {
  const objects = cluster.ofKind(...WORKLOAD_KINDS);
  const byUid = new Map<string, KObject>();
  const byName = new Map<string, KObject>();
  for (const o of objects) {
    const uid = str(get(o.raw, 'metadata', 'uid'));
    if (uid) byUid.set(uid, o);
    byName.set(`${namespaceOf(o)}/${o.kind}/${o.name}`, o);
  }
  /** The top controller in the input, or the nearest owner reference when that owner is absent. */
  const groupOf = (o: KObject): { kind: string; name: string; object?: KObject } => {
    let current = o;
    for (let depth = 0; depth < 4; depth++) {
      const refs = arr(get(current.raw, 'metadata', 'ownerReferences'));
      const owner = refs.find((r) => get(r, 'controller') === true) ?? refs[0];
      if (!isRecord(owner)) break;
      // A reference without a kind still groups the Pods that share it (as netpol-analyzer does).
      const kind = str(owner.kind) ?? 'Pod';
      const name = str(owner.name) ?? '';
      // A static Pod's mirror names its Node as owner; the Node is not a workload.
      if (name === '' || kind === 'Node') break;
      const found = byUid.get(str(owner.uid) ?? '') ?? byName.get(`${namespaceOf(current)}/${kind}/${name}`);
      if (!found) return { kind, name };
      current = found;
    }
    return { kind: current.kind, name: current.name, object: current };
  };
  interface Building {
    key: string;
    namespace: string;
    kind: string;
    name: string;
    object?: KObject;
    pods: PodInstance[];
    first: KObject;
  }
  const groups = new Map<string, Building>();
  for (const o of objects) {
    const namespace = namespaceOf(o);
    const owner = groupOf(o);
    const key = `${namespace}/${owner.kind}/${owner.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, namespace, kind: owner.kind, name: owner.name, pods: [], first: o };
      groups.set(key, g);
    }
    if (owner.object) g.object = owner.object;
    if (o.kind === 'Pod') g.pods.push(podOf(o));
  }
  return [...groups.values()]
    .map((g): Workload => {
      const source = g.object ?? g.first;
      const spec = podSpecOf(source);
      const { names, ports } = containersOf(spec);
      const replicas = g.object ? get(g.object.raw, 'spec', 'replicas') : undefined;
      return {
        key: g.key,
        namespace: g.namespace,
        kind: g.kind,
        name: g.name,
        labels: templateMeta(source, 'labels'),
        annotations: templateMeta(source, 'annotations'),
        ports,
        containers: names,
        pods: g.pods.sort((a, b) => compare(a.name, b.name)),
        ...(typeof replicas === 'number' ? { replicas } : {}),
        hostNetwork: spec?.hostNetwork === true,
        serviceAccount: str(spec?.serviceAccountName) ?? str(spec?.serviceAccount) ?? 'default',
        ...(g.object ? { object: g.object } : {}),
      };
    })
    .sort((a, b) => compare(a.key, b.key));
}

function buildServices(cluster: Cluster, workloads: readonly Workload[]): ServiceModel[] {
  // Label index: "ns\0key=value" → workloads, so a selector is matched without a full scan.
  const labelIndex = new Map<string, Workload[]>();
  for (const w of workloads) for (const [k, v] of Object.entries(w.labels)) pushTo(labelIndex, `${w.namespace}\u0000${k}=${v}`, w);
  return cluster
    .ofKind('Service')
    .map((svc): ServiceModel => {
      const namespace = namespaceOf(svc);
      const selector = labelMapOf(get(svc.raw, 'spec', 'selector'));
      const first = Object.entries(selector)[0];
      const candidates = first ? (labelIndex.get(`${namespace}\u0000${first[0]}=${first[1]}`) ?? []) : [];
      const selected = candidates
        .filter((w) => selects(selector, w.labels))
        .map((w) => w.key)
        .sort(compare);
      const ports = arr(get(svc.raw, 'spec', 'ports')).flatMap((p): ServicePort[] => {
        const port = numberOf(get(p, 'port'));
        if (port === undefined) return [];
        const name = str(get(p, 'name'));
        const target = get(p, 'targetPort');
        const nodePort = numberOf(get(p, 'nodePort'));
        const appProtocol = str(get(p, 'appProtocol'));
        return [
          {
            ...(name ? { name } : {}),
            port,
            protocol: protocolOf(get(p, 'protocol')),
            targetPort: numberOf(target) ?? str(target) ?? port,
            ...(nodePort !== undefined ? { nodePort } : {}),
            ...(appProtocol ? { appProtocol } : {}),
          },
        ];
      });
      const clusterIP = str(get(svc.raw, 'spec', 'clusterIP'));
      const clusterIPs = arr(get(svc.raw, 'spec', 'clusterIPs'))
        .map(str)
        .filter((ip): ip is string => ip !== undefined && ip !== 'None');
      if (clusterIPs.length === 0 && clusterIP && clusterIP !== 'None') clusterIPs.push(clusterIP);
      const externalName = str(get(svc.raw, 'spec', 'externalName'));
      const healthCheckNodePort = numberOf(get(svc.raw, 'spec', 'healthCheckNodePort'));
      const loadBalancerIngress = arr(get(svc.raw, 'status', 'loadBalancer', 'ingress'))
        .map((i) => str(get(i, 'ip')) ?? str(get(i, 'hostname')))
        .filter((a): a is string => a !== undefined);
      return {
        key: `${namespace}/${svc.name}`,
        namespace,
        name: svc.name,
        type: str(get(svc.raw, 'spec', 'type')) ?? (externalName ? 'ExternalName' : 'ClusterIP'),
        headless: clusterIP === 'None',
        clusterIPs,
        ...(externalName ? { externalName } : {}),
        selector,
        ports,
        sessionAffinity: str(get(svc.raw, 'spec', 'sessionAffinity')) ?? 'None',
        internalTrafficPolicy: str(get(svc.raw, 'spec', 'internalTrafficPolicy')) ?? 'Cluster',
        externalTrafficPolicy: str(get(svc.raw, 'spec', 'externalTrafficPolicy')) ?? 'Cluster',
        ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
        loadBalancerIngress,
        workloads: selected,
        object: svc,
      };
    })
    .sort((a, b) => compare(a.key, b.key));
}

function buildSlices(cluster: Cluster): EndpointSliceModel[] {
  return cluster
    .ofKind('EndpointSlice')
    .flatMap((slice): EndpointSliceModel[] => {
      const service = slice.labels['kubernetes.io/service-name'];
      if (!service) return [];
      const endpoints = arr(get(slice.raw, 'endpoints')).map((e): Endpoint => {
        const nodeName = str(get(e, 'nodeName'));
        const zone = str(get(e, 'zone'));
        const refKind = str(get(e, 'targetRef', 'kind'));
        const refName = str(get(e, 'targetRef', 'name'));
        const refNamespace = str(get(e, 'targetRef', 'namespace'));
        const ready = get(e, 'conditions', 'ready') !== false;
        return {
          addresses: arr(get(e, 'addresses'))
            .map(str)
            .filter((a): a is string => a !== undefined),
          ready,
          // serving is ready when unset (KEP-1669).
          serving: get(e, 'conditions', 'serving') === undefined ? ready : get(e, 'conditions', 'serving') === true,
          terminating: get(e, 'conditions', 'terminating') === true,
          ...(nodeName ? { nodeName } : {}),
          ...(zone ? { zone } : {}),
          zoneHints: arr(get(e, 'hints', 'forZones'))
            .map((z) => str(get(z, 'name')))
            .filter((z): z is string => z !== undefined),
          nodeHints: arr(get(e, 'hints', 'forNodes'))
            .map((n) => str(get(n, 'name')))
            .filter((n): n is string => n !== undefined),
          ...(refKind && refName
            ? { targetRef: { kind: refKind, name: refName, ...(refNamespace ? { namespace: refNamespace } : {}) } }
            : {}),
        };
      });
      const ports = arr(get(slice.raw, 'ports')).map((p) => {
        const name = str(get(p, 'name'));
        const port = numberOf(get(p, 'port'));
        return { ...(name ? { name } : {}), ...(port !== undefined ? { port } : {}), protocol: protocolOf(get(p, 'protocol')) };
      });
      return [
        {
          namespace: namespaceOf(slice),
          name: slice.name,
          service,
          addressType: str(get(slice.raw, 'addressType')) ?? 'IPv4',
          ports,
          endpoints,
          object: slice,
        },
      ];
    })
    .sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

/**
 * Ingress backends (spec.defaultBackend and rules[].http.paths[].backend, with the pre-v1
 * serviceName/servicePort spelling) and Route targets (spec.to and spec.alternateBackends of kind
 * Service, spec.port.targetPort).
 * https://kubernetes.io/docs/concepts/services-networking/ingress/ and
 * https://docs.openshift.com/container-platform/latest/rest_api/network_apis/route-route-openshift-io-v1.html
 */
function buildExposures(cluster: Cluster): ExposureModel[] {
  const out: ExposureModel[] = [];
  const portOf = (value: unknown): number | string | undefined => numberOf(value) ?? str(value);
  for (const ing of cluster.ofKind('Ingress').filter((o) => /^(networking\.k8s\.io|extensions)\//.test(o.apiVersion))) {
    const backends: RouteBackend[] = [];
    const push = (backend: unknown, host: string, path: string) => {
      const service = str(get(backend, 'service', 'name')) ?? str(get(backend, 'serviceName'));
      if (!service) return;
      const port =
        portOf(get(backend, 'service', 'port', 'number')) ??
        portOf(get(backend, 'service', 'port', 'name')) ??
        portOf(get(backend, 'servicePort'));
      backends.push({ service, ...(port !== undefined ? { port } : {}), host, path });
    };
    const spec = get(ing.raw, 'spec');
    push(get(spec, 'defaultBackend') ?? get(spec, 'backend'), '*', '/');
    for (const rule of arr(get(spec, 'rules'))) {
      const host = str(get(rule, 'host')) ?? '*';
      for (const p of arr(get(rule, 'http', 'paths'))) push(get(p, 'backend'), host, str(get(p, 'path')) ?? '/');
    }
    out.push({ kind: 'Ingress', namespace: namespaceOf(ing), name: ing.name, backends, object: ing });
  }
  for (const route of cluster.ofKind('Route').filter((o) => o.apiVersion.startsWith('route.openshift.io/'))) {
    const spec = get(route.raw, 'spec');
    const port = portOf(get(spec, 'port', 'targetPort'));
    const host = str(get(spec, 'host')) ?? '*';
    const path = str(get(spec, 'path')) ?? '/';
    const backends: RouteBackend[] = [];
    for (const target of [get(spec, 'to'), ...arr(get(spec, 'alternateBackends'))]) {
      const kind = str(get(target, 'kind')) ?? 'Service';
      const service = str(get(target, 'name'));
      if (kind === 'Service' && service) backends.push({ service, ...(port !== undefined ? { port } : {}), host, path });
    }
    out.push({ kind: 'Route', namespace: namespaceOf(route), name: route.name, backends, object: route });
  }
  return out.sort((a, b) => compare(`${a.namespace}/${a.kind}/${a.name}`, `${b.namespace}/${b.kind}/${b.name}`));
}

function nodeOf(n: KObject): NodeModel {
  const cidrs = arr(get(n.raw, 'spec', 'podCIDRs'))
    .map(str)
    .filter((c): c is string => c !== undefined);
  const single = str(get(n.raw, 'spec', 'podCIDR'));
  const internal = arr(get(n.raw, 'status', 'addresses')).find((a) => get(a, 'type') === 'InternalIP');
  const ip = str(get(internal, 'address'));
  const kubeletVersion = str(get(n.raw, 'status', 'nodeInfo', 'kubeletVersion'));
  return {
    name: n.name,
    podCIDRs: cidrs.length > 0 ? cidrs : single ? [single] : [],
    ...(ip ? { internalIP: ip } : {}),
    labels: labelMapOf(get(n.raw, 'metadata', 'labels')),
    ...(kubeletVersion ? { kubeletVersion } : {}),
    object: n,
  };
}

const AUTHZ_SOURCE_FIELDS: readonly AuthorizationField[] = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'requestPrincipals',
  'notRequestPrincipals',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
];
const AUTHZ_OPERATION_FIELDS: readonly AuthorizationField[] = [
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
  'hosts',
  'notHosts',
];

function authzFields(value: unknown, fields: readonly AuthorizationField[]): Partial<Record<AuthorizationField, readonly string[]>> {
  const out: Partial<Record<AuthorizationField, readonly string[]>> = {};
  for (const field of fields) {
    const list = get(value, field);
    if (Array.isArray(list)) out[field] = list.map(str).filter((v): v is string => v !== undefined);
  }
  return out;
}

function buildAuthorizationPolicies(cluster: Cluster): AuthorizationPolicyModel[] {
  return cluster
    .ofKind('AuthorizationPolicy')
    .filter((p) => p.apiVersion.startsWith('security.istio.io/'))
    .map((p): AuthorizationPolicyModel => {
      const selector = get(p.raw, 'spec', 'selector', 'matchLabels');
      const rules = get(p.raw, 'spec', 'rules');
      return {
        namespace: namespaceOf(p),
        name: p.name,
        action: (str(get(p.raw, 'spec', 'action')) ?? 'ALLOW').toUpperCase(),
        selector: isRecord(selector) ? labelMapOf(selector) : null,
        targetRefs: [
          ...arr(get(p.raw, 'spec', 'targetRefs')),
          ...(isRecord(get(p.raw, 'spec', 'targetRef')) ? [get(p.raw, 'spec', 'targetRef')] : []),
        ]
          .map((r) => ({ kind: str(get(r, 'kind')) ?? '', name: str(get(r, 'name')) ?? '' }))
          .filter((r) => r.kind !== '' && r.name !== ''),
        rules: Array.isArray(rules)
          ? rules.map((r) => ({
              from: Array.isArray(get(r, 'from'))
                ? arr(get(r, 'from')).map((f) => authzFields(get(f, 'source'), AUTHZ_SOURCE_FIELDS))
                : null,
              to: Array.isArray(get(r, 'to'))
                ? arr(get(r, 'to')).map((t) => authzFields(get(t, 'operation'), AUTHZ_OPERATION_FIELDS))
                : null,
              when: arr(get(r, 'when')).length,
            }))
          : null,
        object: p,
      };
    })
    .sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

const models = new WeakMap<Cluster, ClusterModel>();

/** The model of a cluster index, built on first use and shared by every consumer of that index. */
export function modelOf(cluster: Cluster): ClusterModel {
  let model = models.get(cluster);
  if (!model) {
    model = new ClusterModel(cluster);
    models.set(cluster, model);
  }
  return model;
}
