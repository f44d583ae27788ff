/**
 * The endpoints of a Service as the data plane sees them: from its EndpointSlices (else the Pods its
 * selector picks, as the EndpointSlice controller would list them), with the named targetPort
 * resolved, filtered the way kube-proxy filters them (Ready first, else Serving and Terminating;
 * Local traffic policies; topology hints), and the one the walk follows.
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/topology.go (CategorizeEndpoints)
 */
import type { ClusterModel, PodInstance, ServiceModel, ServicePort } from '../../cluster/model.ts';
import { UsageError } from '../../errors.ts';
import { parseIp } from '../ipv4.ts';

export interface EndpointRow {
  readonly ip: string;
  readonly port: number;
  readonly node?: string;
  readonly zone?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly zoneHints: readonly string[];
  readonly nodeHints: readonly string[];
  /** The Pod behind it (targetRef, or the Pod with that IP). */
  readonly pod?: PodInstance;
  readonly usable: boolean;
}

export interface EndpointChoice {
  readonly service: ServiceModel;
  readonly port: ServicePort;
  /** How the endpoint port was found: the EndpointSlice, a number, or a container port's name. */
  readonly portFrom: 'slice' | 'number' | 'container-port';
  /** Where the endpoints come from. */
  readonly from: 'slices' | 'pods' | 'example';
  readonly rows: readonly EndpointRow[];
  readonly chosen: EndpointRow;
  readonly picked: 'option' | 'first';
  /** Which filter applied: Local traffic policy on a node, topology hints, serving-terminating fallback. */
  readonly local: string | null;
  readonly topology: 'PreferSameNode' | 'PreferSameZone' | null;
  readonly terminatingFallback: boolean;
}

export interface EndpointQuery {
  /** Node of the client (Cluster topology, internalTrafficPolicy Local), if the client is a Pod. */
  readonly clientNode?: string;
  /** Only endpoints on this node (a Local traffic policy); set by the caller. */
  readonly localNode?: string;
  readonly requested?: string;
  readonly useTopology: boolean;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';

function containerPort(pods: readonly PodInstance[], name: string, protocol: string): number | undefined {
  for (const pod of pods) {
    const port = pod.ports.find((p) => p.name === name && p.protocol === protocol);
    if (port) return port.port;
  }
  return undefined;
}

/** Every endpoint address of the Service, in EndpointSlice order, or derived from its Pods. */
function endpointRows(
  model: ClusterModel,
  service: ServiceModel,
  port: ServicePort,
): { rows: Omit<EndpointRow, 'usable'>[]; from: EndpointChoice['from']; portFrom: EndpointChoice['portFrom'] } {
  const slices = model.slicesOf(service).filter((s) => s.addressType === 'IPv4');
  const selectedPods = service.workloads.flatMap((key) => model.workload(key)?.pods ?? []);
  const podOf = (ip: string, ref?: { name: string; namespace?: string }): PodInstance | undefined =>
    model.podByIp(ip) ?? (ref ? selectedPods.find((p) => p.name === ref.name) : undefined);
  const resolve = (pods: readonly PodInstance[]): { port: number; portFrom: EndpointChoice['portFrom'] } | undefined => {
    if (typeof port.targetPort === 'number') return { port: port.targetPort, portFrom: 'number' };
    const found = containerPort(pods, port.targetPort, port.protocol);
    return found === undefined ? undefined : { port: found, portFrom: 'container-port' };
  };
  if (slices.length > 0) {
    const rows: Omit<EndpointRow, 'usable'>[] = [];
    let portFrom: EndpointChoice['portFrom'] = 'slice';
    for (const slice of slices) {
      // The slice's port of the same name carries the resolved target port (what kube-proxy uses).
      const slicePort = slice.ports.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol)?.port;
      for (const e of slice.endpoints) {
        for (const ip of e.addresses) {
          if (parseIp(ip) === undefined) continue;
          const pod = podOf(ip, e.targetRef);
          const resolved = slicePort === undefined ? resolve(pod ? [pod] : selectedPods) : undefined;
          if (slicePort === undefined && resolved) portFrom = resolved.portFrom;
          const number = slicePort ?? resolved?.port;
          if (number === undefined) continue;
          const node = e.nodeName ?? pod?.node;
          const zone = e.zone ?? (node ? model.node(node)?.labels[ZONE_LABEL] : undefined);
          rows.push({
            ip,
            port: number,
            ...(node ? { node } : {}),
            ...(zone ? { zone } : {}),
            ready: e.ready,
            serving: e.serving,
            terminating: e.terminating,
            zoneHints: e.zoneHints,
            nodeHints: e.nodeHints,
            ...(pod ? { pod } : {}),
          });
        }
      }
    }
    return { rows, from: 'slices', portFrom };
  }
  const pods = selectedPods.filter((p) => p.ips.some((ip) => parseIp(ip) !== undefined));
  const resolved = resolve(selectedPods.length > 0 ? selectedPods : []);
  if (pods.length > 0 && resolved) {
    return {
      rows: pods.map((pod) => {
        const ip = pod.ips.find((a) => parseIp(a) !== undefined) as string;
        const zone = pod.node ? model.node(pod.node)?.labels[ZONE_LABEL] : undefined;
        // The EndpointSlice controller marks a Pod ready from its Ready condition; a dump without status is taken as running.
        const ready = pod.phase === undefined || pod.phase === 'Running';
        return {
          ip,
          port: resolved.port,
          ...(pod.node ? { node: pod.node } : {}),
          ...(zone ? { zone } : {}),
          ready,
          serving: ready,
          terminating: false,
          zoneHints: [],
          nodeHints: [],
          pod,
        };
      }),
      from: 'pods',
      portFrom: resolved.portFrom,
    };
  }
  if (typeof port.targetPort === 'string' && selectedPods.length > 0 && !resolved) {
    throw new UsageError(
      `Service ${service.key} port ${port.port} targets the container port named "${port.targetPort}", which no selected Pod declares (with protocol ${port.protocol})`,
    );
  }
  return { rows: [], from: 'example', portFrom: typeof port.targetPort === 'number' ? 'number' : 'container-port' };
}

export function chooseEndpoint(model: ClusterModel, service: ServiceModel, port: ServicePort, query: EndpointQuery): EndpointChoice | null {
  const { rows, from, portFrom } = endpointRows(model, service, port);
  if (rows.length === 0) return null;
  const clientZone = query.clientNode ? model.node(query.clientNode)?.labels[ZONE_LABEL] : undefined;
  const ready = rows.filter((r) => r.ready);
  let topology: EndpointChoice['topology'] = null;
  if (query.useTopology && query.clientNode && ready.length > 0) {
    const node = query.clientNode;
    if (ready.every((r) => r.nodeHints.length > 0) && ready.some((r) => r.nodeHints.includes(node))) topology = 'PreferSameNode';
    else if (clientZone && ready.every((r) => r.zoneHints.length > 0) && ready.some((r) => r.zoneHints.includes(clientZone)))
      topology = 'PreferSameZone';
  }
  const fits = (r: Omit<EndpointRow, 'usable'>): boolean => {
    if (query.localNode !== undefined && r.node !== query.localNode) return false;
    if (topology === 'PreferSameNode') return r.nodeHints.includes(query.clientNode ?? '');
    if (topology === 'PreferSameZone') return r.zoneHints.includes(clientZone ?? '');
    return true;
  };
  let usable = rows.filter((r) => r.ready && fits(r));
  let terminatingFallback = false;
  if (usable.length === 0) {
    usable = rows.filter((r) => r.serving && r.terminating && (query.localNode === undefined || r.node === query.localNode));
    terminatingFallback = usable.length > 0;
  }
  const usableSet = new Set(usable);
  const withUse: EndpointRow[] = rows.map((r) => ({ ...r, usable: usableSet.has(r) }));
  const local = query.localNode ?? null;
  if (query.requested !== undefined) {
    const chosen = withUse.find((r) => r.ip === query.requested);
    if (!chosen) {
      throw new UsageError(
        `--endpoint ${query.requested} is not an endpoint of Service ${service.key}; its endpoints: ${rows.map((r) => r.ip).join(', ')}`,
      );
    }
    if (!chosen.usable) {
      const why =
        !chosen.ready && !(chosen.serving && chosen.terminating)
          ? 'it is not ready'
          : local !== null && chosen.node !== local
            ? `it is not on ${local}, and the traffic policy is Local`
            : topology
              ? `topology hints (${topology}) send this client's traffic to other endpoints`
              : 'ready endpoints exist, and terminating ones are used only when none is ready';
      throw new UsageError(`--endpoint ${query.requested}: the data plane would not pick it for this walk: ${why}`);
    }
    return { service, port, portFrom, from, rows: withUse, chosen, picked: 'option', local, topology, terminatingFallback };
  }
  const chosen = withUse.find((r) => r.usable);
  if (!chosen) {
    if (local !== null) {
      throw new UsageError(
        `Service ${service.key} has no ready endpoint on ${local}, and its traffic policy is Local: the traffic is dropped there (https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies)`,
      );
    }
    throw new UsageError(
      `Service ${service.key} has no ready or serving endpoint in the input: connections to it are rejected (https://kubernetes.io/docs/reference/networking/virtual-ips/)`,
    );
  }
  return { service, port, portFrom, from, rows: withUse, chosen, picked: 'first', local, topology, terminatingFallback };
}
