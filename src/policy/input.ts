/**
 * The engine's input, built once from the cluster model and the policy objects: the peers
 * (workloads, external address ranges, the ingress controller), each mapped to an evaluator
 * endpoint. Workloads with the same namespace, labels, container ports and host networking share
 * one endpoint (an equivalence class): no policy can tell them apart, so they are evaluated once.
 */
import type { ClusterModel, Protocol, ServiceModel, Workload } from '../cluster/model.ts';
import type { KObject } from '../cluster/objects.ts';
import { type Family, formatRange, type IpRange, splitSpace } from './addresses.ts';
import { type Compiled, compilePolicies, type PodEndpoint } from './compile.ts';
import { Evaluator } from './evaluate.ts';
import { type Conns, NO_CONNS, portsOf, union } from './ports.ts';
import type { PolicyWarning } from './warnings.ts';

export interface WorkloadPeer {
  /** As netpol-analyzer names it: `namespace/name[Kind]`. */
  readonly name: string;
  readonly workload: Workload;
  readonly endpoint: number;
}

export interface ExternalPeer {
  /** `A-B[External]`. */
  readonly name: string;
  readonly range: IpRange;
  readonly endpoint: number;
}

/** What an Ingress or Route exposes of one workload to the ingress controller. */
export interface Exposure {
  readonly peer: WorkloadPeer;
  /** TCP target ports the backends lead to. */
  readonly conns: Conns;
  readonly via: readonly { readonly kind: string; readonly namespace: string; readonly name: string; readonly service: string }[];
}

export interface PolicyInput {
  readonly model: ClusterModel;
  readonly compiled: Compiled;
  readonly evaluator: Evaluator;
  /** Sorted by name. */
  readonly workloads: readonly WorkloadPeer[];
  /** External ranges as sources: the split of the address space by ingress rules' ipBlocks. */
  readonly externalSources: readonly ExternalPeer[];
  /** External ranges as destinations: the split by egress rules' ipBlocks and networks. */
  readonly externalDestinations: readonly ExternalPeer[];
  /** The `{ingress-controller}` peer. */
  readonly ingressController: number;
  /** A Pod no selector names, in a namespace of its own: "any Pod of any namespace". */
  readonly anyPod: number;
  readonly exposures: readonly Exposure[];
  /** Address families listed: IPv4, plus IPv6 when a policy names an IPv6 range. */
  readonly families: readonly Family[];
  readonly classes: number;
  readonly warnings: readonly PolicyWarning[];
}

export const INGRESS_CONTROLLER = '{ingress-controller}';
/** The namespace netpol-analyzer gives its ingress-controller Pod; no policy of the input lives there. */
const INGRESS_CONTROLLER_NAMESPACE = 'ingress-controller-ns';
const ANY_POD_NAMESPACE = 'k8snet-any-namespace';

export function peerName(workload: Workload): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

function implicitNamespace(name: string): PodEndpoint {
  const labels: Record<string, string> = Object.create(null);
  labels['kubernetes.io/metadata.name'] = name;
  return { type: 'pod', namespace: name, namespaceLabels: labels, labels: Object.create(null), ports: [], hostNetwork: false };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Build the engine's input once: compile the policies, register every workload class, the
 * external ranges and the ingress controller, and resolve what Ingress/Route objects expose.
 */
export function buildPolicyInput(model: ClusterModel, objects: readonly KObject[]): PolicyInput {
  const compiled = compilePolicies(objects);
  const evaluator = new Evaluator(compiled);
  const warnings: PolicyWarning[] = [...compiled.warnings];
  const hasPolicies = compiled.admin.length + compiled.networkPolicies.length + compiled.baseline.length > 0;
  const classes = new Map<string, number>();
  const workloads: WorkloadPeer[] = [];
  for (const w of model.workloads) {
    const namespace = model.namespace(w.namespace);
    const labels = Object.entries(w.labels).sort(([a], [b]) => compareText(a, b));
    const ports = w.ports.map((p) => [p.name ?? '', p.port, p.protocol]);
    const key = JSON.stringify([w.namespace, labels, ports, w.hostNetwork]);
    let endpoint = classes.get(key);
    if (endpoint === undefined) {
      endpoint = evaluator.add({
        type: 'pod',
        namespace: w.namespace,
        namespaceLabels: namespace.labels,
        labels: w.labels,
        ports: w.ports,
        hostNetwork: w.hostNetwork,
      });
      classes.set(key, endpoint);
    }
    workloads.push({ name: peerName(w), workload: w, endpoint });
    if (hasPolicies) {
      // Pods of one owner that differ in labels may be selected differently; the workload's labels decide here.
      const labelText = (labels: Readonly<Record<string, string>>) =>
        JSON.stringify(Object.entries(labels).sort(([a], [b]) => compareText(a, b)));
      const first = w.pods[0] ? labelText(w.pods[0].labels) : '';
      const differing = w.pods.find((p) => labelText(p.labels) !== first);
      if (differing)
        warnings.push({ code: 'labelGap', values: { workload: peerName(w), pod: `${differing.namespace}/${differing.name}` } });
      if (w.hostNetwork) warnings.push({ code: 'hostNetwork', values: { workload: peerName(w) } });
    }
  }
  workloads.sort((a, b) => compareText(a.name, b.name));
  const families: Family[] = [4];
  if ([...compiled.ingressRanges, ...compiled.egressRanges].some((r) => r.family === 6)) families.push(6);
  const externals = (ranges: readonly IpRange[]): ExternalPeer[] =>
    families
      .flatMap((f) => splitSpace(f, ranges))
      .map((range) => ({ name: `${formatRange(range)}[External]`, range, endpoint: evaluator.add({ type: 'external', range }) }))
      .sort((a, b) => compareText(a.name, b.name));
  const externalSources = externals(compiled.ingressRanges);
  const externalDestinations = externals(compiled.egressRanges);
  const ingressController = evaluator.add(implicitNamespace(INGRESS_CONTROLLER_NAMESPACE));
  const anyPod = evaluator.add(implicitNamespace(ANY_POD_NAMESPACE));
  return {
    model,
    compiled,
    evaluator,
    workloads,
    externalSources,
    externalDestinations,
    ingressController,
    anyPod,
    exposures: exposuresOf(model, workloads),
    families,
    classes: classes.size,
    warnings,
  };
}

/** The Pod port a Service port leads to on one workload: its number, or its named container port (same protocol). */
export function targetPortOn(service: ServiceModel['ports'][number], workload: Workload): { protocol: Protocol; port: number } | undefined {
  const protocol = service.protocol as Protocol;
  if (typeof service.targetPort === 'number') return { protocol, port: service.targetPort };
  const named = workload.ports.find((p) => p.name === service.targetPort && p.protocol === protocol);
  return named ? { protocol, port: named.port } : undefined;
}

function exposuresOf(model: ClusterModel, peers: readonly WorkloadPeer[]): Exposure[] {
  const byKey = new Map(peers.map((p) => [p.workload.key, p]));
  const found = new Map<string, { peer: WorkloadPeer; conns: Conns; via: Exposure['via'][number][] }>();
  for (const e of model.exposures) {
    for (const b of e.backends) {
      const service = model.service(e.namespace, b.service);
      if (!service) continue;
      // The backend's port names a Service port by name or number (a Route may also give the target port).
      const ports = service.ports.filter(
        (p) => b.port === undefined || p.name === b.port || p.port === b.port || (e.kind === 'Route' && p.targetPort === b.port),
      );
      for (const key of service.workloads) {
        const peer = byKey.get(key);
        if (!peer) continue;
        let conns = NO_CONNS;
        for (const p of ports) {
          const target = targetPortOn(p, peer.workload);
          // An ingress controller speaks HTTP over TCP.
          if (target && target.protocol === 'TCP') conns = union(conns, portsOf('TCP', target.port));
        }
        if (conns.isEmpty) continue;
        let entry = found.get(key);
        if (!entry) {
          entry = { peer, conns: NO_CONNS, via: [] };
          found.set(key, entry);
        }
        entry.conns = union(entry.conns, conns);
        if (!entry.via.some((v) => v.kind === e.kind && v.name === e.name && v.service === b.service))
          entry.via.push({ kind: e.kind, namespace: e.namespace, name: e.name, service: b.service });
      }
    }
  }
  return [...found.values()].sort((a, b) => compareText(a.peer.name, b.peer.name));
}
