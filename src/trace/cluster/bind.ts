/**
 * trace --cluster: bind a scenario to the user's own objects. The stack comes from inspect's
 * findings, the Pods, Nodes, Services and EndpointSlices from the cluster model; the result is the
 * example cluster's address ids filled with the cluster's values (examples inside the cluster's
 * CIDRs where the input lacks them, marked), the settings table with the evidence, the endpoint
 * the walk follows and why, and the policy context of the enforcing hops. Pure.
 */
import type { AddressData, TraceData } from '../../catalogue/trace-schema.ts';
import type { Localized } from '../../catalogue/schema.ts';
import type { Cluster } from '../../cluster/cluster.ts';
import { type ClusterModel, modelOf, type PodInstance, type ServiceModel, type ServicePort, type Workload } from '../../cluster/model.ts';
import { type Evidence, evidence } from '../../cluster/objects.ts';
import { isPlaceholder } from '../../cluster/placeholders.ts';
import { UsageError } from '../../errors.ts';
import type { InspectResult } from '../../inspect/inspect.ts';
import { type BoundAddress, type ClusterLayout, pickCni, type TraceOptions } from '../compile.ts';
import type { ProxyMode, TraceScenario, TrafficPolicy } from '../constants.ts';
import { type Cidr, formatCidr, formatIp, inCidr, maskIp, parseCidr, parseIp } from '../ipv4.ts';
import { podVethName } from '../names.ts';
import type { AuthzVerdict } from '../policy-hops.ts';
import { chooseEndpoint, type EndpointChoice } from './endpoints.ts';
import { applicablePolicies, evaluateAuthorization, meshOf, waypointOf } from './mesh.ts';
import { decider, enforcementOf } from './policy.ts';
import { parseTarget, servicePort, type TargetRef } from './refs.ts';
import { assumedDefault, assumedSetting, bilingual, evidenceText, type Setting } from './settings.ts';
import { chooseStack } from './stack.ts';

export interface ClusterTraceRequest {
  readonly scenario: TraceScenario;
  readonly from?: string;
  readonly to?: string;
  readonly endpoint?: string;
  readonly proxy?: ProxyMode;
  readonly cni?: { id: string; mode?: string };
  readonly mesh?: { id: string; mode?: string };
  readonly ingress?: { id: string; mode?: string };
  readonly k8sVersion?: string;
  readonly externalTrafficPolicy?: TrafficPolicy;
  readonly nodelocal?: boolean;
  readonly crossNode?: boolean;
}

export interface ClusterBinding {
  readonly options: TraceOptions;
  readonly settings: readonly Setting[];
  /** The endpoints of the Service the walk goes to, and the one it follows. */
  readonly endpoints: EndpointChoice | null;
}

/** CNIs that give each node's Pods addresses from node.spec.podCIDR (host-local IPAM or their own, from that range). */
const NODE_CIDR_CNIS = new Set(['flannel', 'kindnet', 'kube-router', 'antrea']);
/** CNIs whose host-side interface name is computed from the Pod's namespace and name. */
const VETH_FROM_POD: Readonly<Record<string, string>> = { calico: 'cali', 'aws-vpc-cni': 'eni' };
const POD_SCENARIOS: readonly TraceScenario[] = ['pod-to-pod', 'pod-to-service', 'pod-to-external', 'dns', 'mesh'];
const EXTERNAL_SCENARIOS: readonly TraceScenario[] = ['nodeport', 'loadbalancer', 'ingress'];

type Slot = 'node-a' | 'node-b';

class AddressBook {
  readonly #byId = new Map<string, BoundAddress>();
  constructor(addresses: readonly AddressData[]) {
    for (const a of addresses) this.#byId.set(a.id, { ...a });
  }
  get(id: string): BoundAddress {
    const found = this.#byId.get(id);
    if (!found) throw new Error(`internal: no example address ${id}`);
    return found;
  }
  /** Replace an address; a fixed IP replaces the example's offset. */
  set(id: string, patch: Partial<BoundAddress> & { ip?: string }): void {
    const base = this.get(id);
    const next: BoundAddress = { ...base, ...patch };
    if (patch.ip !== undefined) {
      delete next.podOffset;
      delete next.serviceOffset;
      delete next.ipOf;
    }
    this.#byId.set(id, next);
  }
  list(): BoundAddress[] {
    return [...this.#byId.values()];
  }
}

const same = (text: string): Localized => ({ en: text, zh: text });
const ipv4 = (ips: readonly string[]): string | undefined => ips.find((ip) => parseIp(ip) !== undefined);

/** The smallest CIDR holding all these addresses. */
function covering(ips: readonly number[]): Cidr {
  const min = Math.min(...ips);
  const max = Math.max(...ips);
  let prefix = 32;
  while (prefix > 0 && maskIp(min, prefix) !== maskIp(max, prefix)) prefix--;
  return { base: maskIp(min, prefix), prefix };
}

/**
 * A workload's Pods. A Deployment's Pods belong to a ReplicaSet; when the input has the Deployment
 * and the Pods but not the ReplicaSet (kubectl get deployments,pods), the model groups the Pods under
 * the ReplicaSet they name: they are the Pods of that namespace that carry all the template's labels.
 */
function podsOf(model: ClusterModel, workload: Workload): readonly PodInstance[] {
  if (workload.pods.length > 0 || Object.keys(workload.labels).length === 0) return workload.pods;
  return model.workloads
    .filter((w) => w !== workload && w.namespace === workload.namespace && w.object === undefined)
    .flatMap((w) => w.pods)
    .filter((p) => Object.entries(workload.labels).every(([k, v]) => p.labels[k] === v));
}

function firstPod(model: ClusterModel, workload: Workload, pod: PodInstance | undefined): PodInstance | undefined {
  if (pod) return pod;
  const pods = podsOf(model, workload);
  return pods.find((p) => ipv4(p.ips) !== undefined) ?? pods[0];
}

export function bindClusterWalk(data: TraceData, cluster: Cluster, inspect: InspectResult, request: ClusterTraceRequest): ClusterBinding {
  const model = modelOf(cluster);
  const scenario = request.scenario;
  const stack = chooseStack(data, cluster, inspect, {
    ...(request.cni ? { cni: request.cni } : {}),
    ...(request.proxy ? { proxy: request.proxy } : {}),
    ...(request.k8sVersion ? { k8sVersion: request.k8sVersion } : {}),
  });
  const { cni: cniData } = pickCni(data, stack.cni, stack.proxy);
  const settings: Setting[] = [...stack.settings];
  const texts: ClusterLayout['texts'] = stack.warnings.map((text, i) => ({ key: `warning-${i}`, text, source: '', note: 'warning' }));
  const book = new AddressBook(data.cluster.addresses);

  // ---- what --from and --to name
  const podScenario = POD_SCENARIOS.includes(scenario);
  const fromRef = request.from ? parseTarget(model, request.from, '--from') : undefined;
  const toRef = request.to ? parseTarget(model, request.to, '--to') : undefined;
  if (podScenario && fromRef?.kind !== 'workload') {
    throw new UsageError(
      fromRef
        ? `--from: ${scenario} starts at a Pod; give a workload or pod/NAME, not ${request.from}`
        : `${scenario} needs --from, the workload the packet leaves from`,
    );
  }
  if (!podScenario && fromRef && fromRef.kind !== 'address')
    throw new UsageError(`--from: ${scenario} starts outside the cluster; give the client's IP address, or leave --from out`);
  if (scenario !== 'dns' && !toRef) throw new UsageError(`${scenario} needs --to (${toHint(scenario)})`);
  const client =
    fromRef?.kind === 'workload' ? { workload: fromRef.workload, pod: firstPod(model, fromRef.workload, fromRef.pod) } : undefined;

  // ---- CIDRs
  const knownPodIps = model.workloads.flatMap((w) => w.pods.flatMap((p) => p.ips)).flatMap((ip) => parseIp(ip) ?? []);
  const podCidr = choosePodCidr(data, inspect, stack.cni.id, knownPodIps, model);
  const serviceCidr = chooseServiceCidr(data, inspect, model);
  settings.push(podCidr.setting, serviceCidr.setting);

  // ---- the destination: a Service (with the endpoint the walk follows), a Pod, or an outside address
  let service: ServiceModel | undefined;
  let port: ServicePort | undefined;
  let endpoints: EndpointChoice | null = null;
  let server: { workload?: Workload; pod?: PodInstance; ip?: string; port: number; portExample: boolean; node?: string } | undefined;
  const clientNode = client?.pod?.node;
  const serviceOf = (ref: TargetRef | undefined): ServiceModel | undefined => {
    if (!ref) return undefined;
    if (ref.kind === 'service') return ref.service;
    if (ref.kind === 'address') {
      const found = model.services.find((s) => s.clusterIPs.includes(ref.ip));
      if (!found) throw new UsageError(`--to ${ref.ip}: no Service in the input has this ClusterIP`);
      return found;
    }
    throw new UsageError(`--to: ${scenario} goes to a Service; give svc/[namespace/]name[:port]`);
  };
  const pickEndpoint = (svc: ServiceModel, p: ServicePort, topology: boolean, local: boolean): EndpointChoice | null =>
    chooseEndpoint(model, svc, p, {
      ...(clientNode ? { clientNode } : {}),
      ...(local && clientNode ? { localNode: clientNode } : {}),
      ...(request.endpoint ? { requested: request.endpoint } : {}),
      useTopology: topology,
    });
  let dnsService: ServiceModel | undefined;
  let answer: ServiceModel | undefined;
  let ingressController:
    | { id: string; workload?: Workload; service?: ServiceModel; endpoint: EndpointChoice | null; entry?: string }
    | undefined;
  if (scenario === 'pod-to-pod') {
    if (toRef?.kind === 'service') throw new UsageError('--to: pod-to-pod goes to a Pod; for a Service run "k8snet trace pod-to-service"');
    if (toRef?.kind === 'address') {
      const pod = model.podByIp(toRef.ip);
      if (!pod) throw new UsageError(`--to ${toRef.ip}: no Pod in the input has this address`);
      const workload = model.workloads.find((w) => w.pods.includes(pod));
      server = {
        ...(workload ? { workload } : {}),
        pod,
        ip: toRef.ip,
        ...podPort(workload, pod, toRef.port),
        ...(pod.node ? { node: pod.node } : {}),
      };
    } else if (toRef?.kind === 'workload') {
      const pod = firstPod(model, toRef.workload, toRef.pod);
      const ip = pod ? ipv4(pod.ips) : undefined;
      server = {
        workload: toRef.workload,
        ...(pod ? { pod } : {}),
        ...(ip ? { ip } : {}),
        ...podPort(toRef.workload, pod, toRef.port),
        ...(pod?.node ? { node: pod.node } : {}),
      };
    }
  } else if (scenario === 'pod-to-external') {
    if (toRef?.kind !== 'address') throw new UsageError('--to: pod-to-external goes to an address outside the cluster; give IP[:port]');
    if (model.podByIp(toRef.ip) || model.services.some((s) => s.clusterIPs.includes(toRef.ip)))
      throw new UsageError(`--to ${toRef.ip} is inside the cluster (a Pod or Service address); pod-to-external goes outside it`);
    server = { ip: toRef.ip, port: toRef.port ?? 443, portExample: toRef.port === undefined };
  } else if (scenario === 'dns') {
    dnsService = findDnsService(inspect, model);
    answer = toRef ? serviceOf(toRef) : model.service('default', 'kubernetes');
  } else {
    service = serviceOf(toRef);
  }
  if (service) {
    checkServiceKind(service, scenario);
    port = servicePort(service, toRef?.kind === 'service' ? toRef.port : undefined, '--to');
    const viaMesh = scenario === 'mesh';
    const internalLocal = scenario === 'pod-to-service' && service.internalTrafficPolicy === 'Local';
    endpoints = pickEndpoint(service, port, scenario === 'pod-to-service', internalLocal);
    // Through an ingress, the controller's Service decides the external traffic policy, and the controller picks the endpoint.
    if (scenario !== 'ingress') settings.push(...serviceSettings(service, scenario, viaMesh, request.externalTrafficPolicy, texts));
  }
  if (dnsService) {
    const dnsPort = dnsService.ports.find((p) => p.port === 53 && p.protocol === 'UDP') ?? dnsService.ports[0];
    if (dnsPort) endpoints = pickEndpoint(dnsService, dnsPort, true, false);
    port = dnsPort;
  }
  if (scenario === 'ingress' && service) {
    ingressController = findIngress(data, cluster, model, inspect, service, request.ingress, settings, texts);
    if (ingressController.service)
      settings.push(...serviceSettings(ingressController.service, scenario, true, request.externalTrafficPolicy, texts));
  }
  if (endpoints && !endpoints.chosen.pod) {
    const chosen = endpoints.chosen;
    const host = model.nodes.find((n) => n.internalIP === chosen.ip);
    if (host) {
      throw new UsageError(
        `the endpoint ${chosen.ip} is the address of Node ${host.name} (a host-network endpoint, such as the API server's): walks to it are not traced; --endpoint chooses a Pod endpoint`,
      );
    }
  }
  if (endpoints) {
    const e = endpoints.chosen;
    server = {
      ...(e.pod ? { pod: e.pod } : {}),
      ...(e.pod ? { workload: model.workloads.find((w) => w.pods.includes(e.pod as PodInstance)) as Workload } : {}),
      ip: e.ip,
      port: e.port,
      portExample: false,
      ...(e.node ? { node: e.node } : {}),
    };
  } else if (service) {
    // No endpoint in the input (a manifest without Pods): the selected workload, at an example address.
    const workload = service.workloads.map((k) => model.workload(k)).find((w) => w !== undefined);
    if (!workload) {
      throw new UsageError(
        `Service ${service.key} has no endpoints in the input and selects no workload: connections to it are rejected (https://kubernetes.io/docs/reference/networking/virtual-ips/)`,
      );
    }
    const target = port && typeof port.targetPort === 'number' ? port.targetPort : undefined;
    const named = port && typeof port.targetPort === 'string' ? workload.ports.find((p) => p.name === port?.targetPort)?.port : undefined;
    server = { workload, port: target ?? named ?? 8080, portExample: target === undefined && named === undefined };
  }

  // ---- nodes: the client's (or the entry node) is node A, the other end's node B when it differs
  const external = EXTERNAL_SCENARIOS.includes(scenario);
  const entryNode = external
    ? entryNodeOf(model, scenario === 'ingress' ? ingressController?.entry : server?.node, request.crossNode)
    : undefined;
  // Where the input does not say (an example client or controller), the walk starts on the server's node.
  const nodeA = (external ? entryNode : clientNode) ?? server?.node;
  const serverNode = server?.node;
  if (request.crossNode && !external) {
    throw new UsageError(
      '--cross-node: with --cluster the nodes come from the objects; --to and --endpoint choose the Pod (and so its node)',
    );
  }
  const waypoint = scenario === 'mesh' && service ? waypointOf(cluster, model, service) : null;
  const crossRoles = Object.keys(data.scenarios.find((s) => s.scenario === scenario)?.crossNode ?? {}).length > 0;
  const crossNode = crossRoles && serverNode !== undefined && nodeA !== undefined && serverNode !== nodeA;
  const slotOf = (node: string | undefined): Slot => (crossNode && node === serverNode && node !== nodeA ? 'node-b' : 'node-a');
  const usesNodeCidr = NODE_CIDR_CNIS.has(stack.cni.id);
  const prefix = Math.max(cniData.podSubnetPrefix, podCidr.cidr.prefix);
  const nodeSubnet = (name: string | undefined, podIp: string | undefined): string | undefined => {
    const node = name ? model.node(name) : undefined;
    const cidr = node?.podCIDRs.find((c) => parseIp(c.split('/')[0] ?? '') !== undefined);
    if (usesNodeCidr && cidr) return formatCidr(parseCidr(cidr, 'podCIDR'));
    const ip = podIp ? parseIp(podIp) : undefined;
    return ip !== undefined ? `${formatIp(maskIp(ip, prefix))}/${prefix}` : undefined;
  };
  const bindNode = (slot: Slot, name: string | undefined, podIp: string | undefined): void => {
    const node = name ? model.node(name) : undefined;
    const base = book.get(slot);
    const subnet = nodeSubnet(name, podIp);
    book.set(slot, {
      label: name ? same(name) : base.label,
      ...(node?.internalIP && parseIp(node.internalIP) !== undefined
        ? { ip: node.internalIP, object: `Node ${node.name}` }
        : { example: 'address' as const }),
      ...(subnet ? { subnet } : {}),
    });
  };
  const clientIp = client?.pod ? ipv4(client.pod.ips) : undefined;
  bindNode('node-a', nodeA, external ? (serverNode === nodeA ? server?.ip : undefined) : clientIp);
  if (crossNode) bindNode('node-b', serverNode, server?.ip);

  // ---- Pods and Services at their ids
  const subnetOf = (slot: Slot): Cidr | undefined => {
    const s = book.get(slot).subnet;
    return s ? parseCidr(s, 'podCIDR') : undefined;
  };
  const examplePodIp = (slot: Slot, offset: number): string => {
    const subnet = subnetOf(slot);
    if (subnet) return formatIp(subnet.base + offset);
    return formatIp(podCidr.cidr.base + (slot === 'node-a' ? 256 : 512) + offset);
  };
  const bindPod = (
    id: string,
    slot: Slot,
    who: { workload?: Workload; pod?: PodInstance; ip?: string },
    port: number,
    portExample: boolean,
    offset: number,
    role: 'client' | 'server',
  ): void => {
    const ip = who.ip ?? (who.pod ? ipv4(who.pod.ips) : undefined);
    const name = who.pod
      ? `${who.pod.namespace}/${who.pod.name}`
      : who.workload
        ? `${who.workload.namespace}/${who.workload.name}`
        : undefined;
    const object = who.pod ? `Pod ${name}` : who.workload ? `${who.workload.kind} ${name}` : undefined;
    const prefixName = VETH_FROM_POD[stack.cni.id];
    const subnet = usesNodeCidr ? book.get(slot).subnet : undefined;
    const inSubnet = subnet && ip ? inCidr(parseIp(ip) ?? 0, parseCidr(subnet, 'podCIDR')) : false;
    book.set(id, {
      node: slot,
      ip: ip ?? examplePodIp(slot, offset),
      port,
      label: object ? same(object) : book.get(id).label,
      ...(object ? { object } : {}),
      ...(!ip ? { example: 'address' as const } : portExample || role === 'client' ? { example: 'port' as const } : {}),
      ...(inSubnet && subnet ? { subnet } : {}),
      ...(prefixName && who.pod ? { veth: podVethName(prefixName, who.pod.namespace, who.pod.name) } : {}),
    });
  };
  if (client) bindPod('client-pod', 'node-a', client, 43512, true, 5, 'client');
  if (server && scenario !== 'pod-to-external' && scenario !== 'dns') {
    const id = crossNode ? 'server-pod-b' : 'server-pod';
    bindPod(id, slotOf(server.node), server, server.port, server.portExample, 7, 'server');
  }
  if (service && port) bindService(book, service, port, scenario, serviceCidr.cidr, data);
  if (scenario === 'pod-to-external' && server?.ip) {
    book.set('external-server', {
      ip: server.ip,
      port: server.port,
      label: same(server.ip),
      ...(server.portExample ? { example: 'port' as const } : {}),
    });
  }
  if (external && fromRef?.kind === 'address') book.set('external-client', { ip: fromRef.ip, label: same(fromRef.ip), example: 'port' });
  else if (external) book.set('external-client', { example: 'address' });
  const nodelocal =
    scenario === 'dns'
      ? dnsSettings(data, inspect, book, dnsService, answer, endpoints, serviceCidr.cidr, settings, request.nodelocal)
      : false;
  if (scenario === 'dns' && endpoints) {
    const e = endpoints.chosen;
    const dnsCross = e.node !== undefined && clientNode !== undefined && e.node !== clientNode;
    const workload = e.pod ? model.workloads.find((w) => w.pods.includes(e.pod as PodInstance)) : undefined;
    if (dnsCross) bindNode('node-b', e.node, e.ip);
    bindPod(
      dnsCross ? 'coredns-pod-b' : 'coredns-pod',
      dnsCross ? 'node-b' : 'node-a',
      { ...(workload ? { workload } : {}), ...(e.pod ? { pod: e.pod } : {}), ip: e.ip },
      e.port,
      false,
      3,
      'server',
    );
  }
  if (ingressController) bindIngress(book, ingressController, examplePodIp('node-a', 20));

  // ---- the mesh
  let mesh: { id: string; mode: string } | undefined;
  const authz: { mode: string; verdict: AuthzVerdict }[] = [];
  if (client && server?.workload) {
    const a = meshOf(cluster, model, client.workload, client.pod);
    const b = meshOf(cluster, model, server.workload, server.pod);
    if (scenario === 'mesh') {
      mesh = chooseMesh(a, b, waypoint, request.mesh, settings, texts);
      if (waypoint) bindWaypoint(book, waypoint, server, crossNode, serverNode, nodeA, examplePodIp);
      const dest = server.workload;
      if (model.authorizationPolicies.length > 0) {
        const verdict = evaluateAuthorization(applicablePolicies(model, dest), {
          sourceNamespace: client.workload.namespace,
          sourceServiceAccount: client.pod?.serviceAccount ?? client.workload.serviceAccount,
          sourceIp: book.get('client-pod').ip ?? '',
          port: server.port,
          scope: mesh.mode === 'sidecar' ? 'l7' : 'l4',
        });
        authz.push({ mode: mesh.mode, verdict });
      }
    } else if (a && b && request.mesh === undefined) {
      texts.push({ key: 'mesh-hint', text: bilingual('meshHint', { mode: a.mode }), source: '', note: 'note' });
    }
  } else if (scenario === 'mesh') {
    throw new UsageError(
      'mesh needs --from and --to workloads (or a Service whose endpoints are Pods) to see whether they are in the mesh',
    );
  }

  // ---- policy at the enforcing hops
  const enforcement = enforcementOf(data, cluster, stack.cni);
  settings.push(enforcement.setting);
  if (!enforcement.active && enforcement.count > 0 && enforcement.data.none) {
    texts.push({ key: 'policy-none', text: enforcement.data.none.text, source: enforcement.data.none.source, note: 'note' });
  }
  const meshAuthz = authz.flatMap(({ mode, verdict }) =>
    data.meshAuthorization.filter((m) => m.mesh === 'istio' && m.modes.includes(mode)).map((m) => ({ data: m, verdict })),
  );

  // ---- texts: how the endpoint was chosen, examples, interface names
  if (endpoints) {
    const choice = endpointChoiceText(data, scenario, stack.proxy, stack.cni.id, mesh !== undefined);
    if (choice) texts.push({ key: 'endpointChoice', text: choice.text, source: choice.source });
  }
  if (!VETH_FROM_POD[stack.cni.id] && (client || server?.pod))
    texts.push({ key: 'veth-example', text: bilingual('vethExample', { cni: cniData.name }), source: '', note: 'note' });
  if (book.list().some((a) => a.example === 'address' && usedRole(a.id, scenario)))
    texts.push({ key: 'examples', text: bilingual('examplesNote'), source: '', note: 'note' });

  const vars: Record<string, string> = {
    'cluster.namespace': client?.workload.namespace ?? service?.namespace ?? 'default',
    'endpoints.count': String(endpoints?.rows.filter((r) => r.usable).length ?? 1),
    'policy.count': String(enforcement.count),
    'policy.cni': cniData.name,
  };
  if (service) vars['cluster.service'] = service.name;
  if (port?.name) vars['cluster.port-name'] = port.name;
  const domain = settings.find((s) => s.key === 'clusterDomain')?.value;
  const dnsDomain = typeof domain === 'string' ? domain : (data.cluster.vars.domain ?? 'cluster.local');
  vars['cluster.domain'] = dnsDomain;
  if (answer) vars['cluster.dns-name'] = `${answer.name}.${answer.namespace}.svc.${dnsDomain}`;

  const outside = scenario === 'ingress' ? ingressController?.service : service;
  const externalPolicy = outside && external ? (outside.externalTrafficPolicy === 'Local' ? 'local' : 'cluster') : undefined;
  const layout: ClusterLayout = {
    addresses: book.list(),
    vars,
    podCidr: formatCidr(podCidr.cidr),
    serviceCidr: formatCidr(serviceCidr.cidr),
    // NodeLocal DNSCache answers on the client's node: that walk has one node.
    crossNode: crossNode && !nodelocal,
    internalLocal: scenario === 'pod-to-service' && service?.internalTrafficPolicy === 'Local',
    texts,
  };
  const options: TraceOptions = {
    scenario,
    proxy: stack.proxy,
    cni: stack.cni,
    k8sVersion: stack.k8sVersion,
    ...(mesh ? { mesh } : {}),
    ...(ingressController ? { ingress: { id: ingressController.id } } : {}),
    ...(request.externalTrafficPolicy
      ? { externalTrafficPolicy: request.externalTrafficPolicy }
      : externalPolicy
        ? { externalTrafficPolicy: externalPolicy }
        : {}),
    ...(nodelocal ? { nodelocal: true } : {}),
    layout,
    policy: {
      enforcement: enforcement.data,
      active: enforcement.active,
      count: enforcement.count,
      protocol: (port?.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP',
      decide: decider(model, cluster),
      mesh: meshAuthz,
    },
  };
  return { options, settings, endpoints };
}

function toHint(scenario: TraceScenario): string {
  if (scenario === 'pod-to-pod') return 'a workload, pod/NAME or a Pod IP';
  if (scenario === 'pod-to-external') return 'an IP address outside the cluster';
  return 'svc/[namespace/]name[:port]';
}

/** Whether an address id is one of the scenario's roles (an unused example does not need a note). */
function usedRole(id: string, scenario: TraceScenario): boolean {
  const common = ['node-a', 'client-pod', 'server-pod', 'server-pod-b', 'node-b'];
  const byScenario: Partial<Record<TraceScenario, string[]>> = {
    'pod-to-service': ['my-svc'],
    nodeport: ['external-client', 'node-a-nodeport'],
    loadbalancer: ['external-client', 'lb-ip'],
    ingress: ['external-client', 'ingress-lb', 'ingress-pod'],
    dns: ['kube-dns', 'coredns-pod', 'coredns-pod-b', 'my-svc'],
    mesh: ['my-svc', 'waypoint-pod'],
    'pod-to-external': ['external-server'],
  };
  return common.includes(id) || (byScenario[scenario] ?? []).includes(id);
}

/** The port of a Pod target: the one asked, else the workload's first TCP container port, else an example. */
function podPort(
  workload: Workload | undefined,
  pod: PodInstance | undefined,
  asked: string | number | undefined,
): { port: number; portExample: boolean } {
  if (asked !== undefined) {
    if (typeof asked === 'number' || /^\d+$/.test(asked)) return { port: Number(asked), portExample: false };
    const named = [...(pod?.ports ?? []), ...(workload?.ports ?? [])].find((p) => p.name === asked);
    if (!named) throw new UsageError(`--to: no container port named "${asked}" on ${workload?.name ?? pod?.name}`);
    return { port: named.port, portExample: false };
  }
  const first = [...(pod?.ports ?? []), ...(workload?.ports ?? [])].find((p) => p.protocol === 'TCP');
  return first ? { port: first.port, portExample: false } : { port: 8080, portExample: true };
}

function checkServiceKind(service: ServiceModel, scenario: TraceScenario): void {
  if (service.type === 'ExternalName')
    throw new UsageError(
      `Service ${service.key} is an ExternalName (${service.externalName}): DNS answers with a CNAME and no proxy rule exists; there is no walk to a backend`,
    );
  if (service.headless)
    throw new UsageError(
      `Service ${service.key} is headless (clusterIP: None): DNS answers with its Pods' IPs, so traffic goes Pod to Pod; run "k8snet trace pod-to-pod"`,
    );
  if (scenario === 'nodeport' && service.type !== 'NodePort' && service.type !== 'LoadBalancer')
    throw new UsageError(
      `a nodeport walk needs a NodePort or LoadBalancer Service; ${service.key} is ${service.type}, reachable only inside the cluster`,
    );
  if (scenario === 'loadbalancer' && service.type !== 'LoadBalancer')
    throw new UsageError(`a loadbalancer walk needs a LoadBalancer Service; ${service.key} is ${service.type}`);
  if (service.ports.some((p) => p.protocol === 'SCTP')) throw new UsageError(`Service ${service.key}: SCTP is not traced`);
}

function serviceSettings(
  service: ServiceModel,
  scenario: TraceScenario,
  viaMesh: boolean,
  etpOption: TrafficPolicy | undefined,
  texts: ClusterLayout['texts'],
): Setting[] {
  const out: Setting[] = [];
  const ev = (path: string, value: string): Evidence[] => [evidence(service.object, path, value)];
  const raw = service.object.raw.spec as Record<string, unknown> | undefined;
  /** A spec field as read, or (unset) its default with the source that documents it. */
  const specField = (key: 'internalTrafficPolicy' | 'externalTrafficPolicy' | 'sessionAffinity', value: string, source: string): Setting =>
    raw?.[key] !== undefined
      ? { key, value, origin: 'cluster', evidence: ev(`spec.${key}`, value) }
      : { key, value, origin: 'default', evidence: [], why: bilingual('defaultValue', { value }), source };
  if (scenario === 'pod-to-service' || scenario === 'dns') {
    out.push(
      specField(
        'internalTrafficPolicy',
        service.internalTrafficPolicy,
        'https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies',
      ),
    );
  }
  if (EXTERNAL_SCENARIOS.includes(scenario)) {
    const read = service.externalTrafficPolicy;
    if (etpOption) {
      out.push({ key: 'externalTrafficPolicy', value: etpOption === 'local' ? 'Local' : 'Cluster', origin: 'option', evidence: [] });
      if ((etpOption === 'local') !== (read === 'Local')) {
        texts.push({
          key: 'etp-override',
          text: bilingual('overrideContradicts', {
            option: `--external-traffic-policy ${etpOption}`,
            found: read,
            evidence: evidenceText({
              kind: 'Service',
              namespace: service.namespace,
              name: service.name,
              path: 'spec.externalTrafficPolicy',
              value: read,
            }),
          }),
          source: '',
          note: 'warning',
        });
      }
    } else {
      out.push(
        specField('externalTrafficPolicy', read, 'https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy'),
      );
    }
    if (service.healthCheckNodePort !== undefined)
      out.push({
        key: 'healthCheckNodePort',
        value: String(service.healthCheckNodePort),
        origin: 'cluster',
        evidence: ev('spec.healthCheckNodePort', String(service.healthCheckNodePort)),
      });
  }
  if (!viaMesh) {
    out.push(
      specField(
        'sessionAffinity',
        service.sessionAffinity,
        'https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity',
      ),
    );
    if (service.sessionAffinity === 'ClientIP') {
      const configured = (raw?.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: unknown } } | undefined)?.clientIP?.timeoutSeconds;
      const timeout = typeof configured === 'number' ? configured : 10800;
      texts.push({
        key: 'affinity',
        text: bilingual('affinityNote', { timeout }),
        source: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity',
        note: 'note',
      });
    }
  }
  return out;
}

function bindService(
  book: AddressBook,
  service: ServiceModel,
  port: ServicePort,
  scenario: TraceScenario,
  serviceCidr: Cidr,
  data: TraceData,
): void {
  const meta = {
    namespace: service.namespace,
    name: service.name,
    portName: port.name ?? '',
    protocol: port.protocol.toLowerCase() as 'tcp' | 'udp',
  };
  const clusterIp = ipv4(service.clusterIPs);
  const label = bilingual('labelService', { service: service.key, type: service.type });
  const offset = data.cluster.addresses.find((a) => a.id === 'my-svc')?.serviceOffset ?? 100;
  book.set('my-svc', {
    ip: clusterIp ?? formatIp(serviceCidr.base + offset),
    port: port.port,
    service: meta,
    label,
    object: `Service ${service.key}`,
    ...(clusterIp ? {} : { example: 'address' as const }),
  });
  if (scenario === 'nodeport') {
    book.set('node-a-nodeport', {
      port: port.nodePort ?? 30080,
      service: meta,
      label: bilingual('labelNodePort', { port: port.nodePort ?? 30080, service: service.key }),
      ...(port.nodePort === undefined ? { example: 'port' as const } : {}),
    });
  }
  if (scenario === 'loadbalancer') {
    const lb = service.loadBalancerIngress.find((a) => parseIp(a) !== undefined);
    book.set('lb-ip', {
      ...(lb ? { ip: lb } : {}),
      port: port.port,
      service: meta,
      label: bilingual('labelLoadBalancer', { service: service.key }),
      ...(lb ? {} : { example: 'address' as const }),
    });
  }
}

function chooseCidr(
  data: TraceData,
  key: 'podCidr' | 'serviceCidr',
  read: { value: string; evidence: Evidence[] } | undefined,
  defaultId: string,
  known: readonly number[],
): { cidr: Cidr; setting: Setting } {
  if (read) return { cidr: parseCidr(read.value, key), setting: { key, value: read.value, origin: 'cluster', evidence: read.evidence } };
  const fallback = parseCidr(assumedDefault(data, defaultId).value, key);
  if (known.length === 0 || known.every((ip) => inCidr(ip, fallback)))
    return { cidr: fallback, setting: assumedSetting(data, key, defaultId) };
  // At least a /16, so that example addresses fit beside the real ones.
  const tight = covering(known);
  const cidr = tight.prefix > 16 ? { base: maskIp(tight.base, 16), prefix: 16 } : tight;
  return { cidr, setting: { key, value: formatCidr(cidr), origin: 'assumed', evidence: [], why: bilingual('coveringCidr') } };
}

function choosePodCidr(
  data: TraceData,
  inspect: InspectResult,
  cni: string,
  known: readonly number[],
  model: ClusterModel,
): { cidr: Cidr; setting: Setting } {
  let read: { value: string; evidence: Evidence[] } | undefined;
  // The CNI's own setting first (Flannel's Network, Calico's pool), then kube-proxy's clusterCIDR.
  const findings = [
    ...inspect.findings.filter((x) => x.concern === 'cni' && x.id === cni),
    ...inspect.findings.filter((x) => x.id === 'kube-proxy'),
  ];
  for (const f of findings) {
    const d = f.details.find((x) => x.key === 'podCidr' && !x.note && !isPlaceholder(x.value) && parseIpCidr(x.value));
    if (!d) continue;
    const cited = f.evidence.filter((e) => e.value === d.value);
    read = { value: d.value, evidence: cited.length > 0 ? cited : f.evidence.filter((e) => e.kind === 'ConfigMap').slice(0, 1) };
    break;
  }
  // Node podCIDRs count only for CNIs that allocate from them (Calico and the Amazon VPC CNI do not).
  const nodeBlocks = NODE_CIDR_CNIS.has(cni)
    ? model.nodes.flatMap((n) => n.podCIDRs.flatMap((c) => (parseIpCidr(c) ? [parseCidr(c, 'podCIDR').base] : [])))
    : [];
  return chooseCidr(data, 'podCidr', read, cni === 'calico' ? 'calico-pod-cidr' : 'pod-cidr', [...known, ...nodeBlocks]);
}

function chooseServiceCidr(data: TraceData, inspect: InspectResult, model: ClusterModel): { cidr: Cidr; setting: Setting } {
  let read: { value: string; evidence: Evidence[] } | undefined;
  for (const f of inspect.findings) {
    const d = f.details.find((x) => x.key === 'serviceCidr' && !x.note && parseIpCidr(x.value));
    if (d) read = { value: d.value, evidence: f.evidence.filter((e) => e.value?.includes(d.value)).slice(0, 1) };
  }
  const known = model.services.flatMap((s) => s.clusterIPs.flatMap((ip) => parseIp(ip) ?? []));
  return chooseCidr(data, 'serviceCidr', read, 'service-cidr', known);
}

function parseIpCidr(text: string): boolean {
  const [ip, bits] = text.split('/');
  return ip !== undefined && bits !== undefined && parseIp(ip) !== undefined && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
}

/** The entry node of an external walk: the endpoint's node, or with --cross-node another one. */
function entryNodeOf(model: ClusterModel, endpointNode: string | undefined, crossNode: boolean | undefined): string | undefined {
  if (!crossNode) return endpointNode;
  const other = model.nodes.find((n) => n.name !== endpointNode);
  if (!other) throw new UsageError('--cross-node: the input has no other Node to enter the cluster through');
  return other.name;
}

function findDnsService(inspect: InspectResult, model: ClusterModel): ServiceModel | undefined {
  for (const f of inspect.findings.filter((x) => x.concern === 'dns' && x.role === 'primary')) {
    const ev = f.evidence.find((e) => e.kind === 'Service');
    const svc = ev ? model.service(ev.namespace ?? 'default', ev.name) : undefined;
    if (svc && ipv4(svc.clusterIPs)) return svc;
  }
  const named = model.service('kube-system', 'kube-dns');
  return named && ipv4(named.clusterIPs) ? named : undefined;
}

/** The dns walk: the cluster DNS Service and its endpoint, the name asked, NodeLocal DNSCache; returns whether the cache answers. */
function dnsSettings(
  data: TraceData,
  inspect: InspectResult,
  book: AddressBook,
  dnsService: ServiceModel | undefined,
  answer: ServiceModel | undefined,
  endpoints: EndpointChoice | null,
  serviceCidr: Cidr,
  settings: Setting[],
  nodelocalOption: boolean | undefined,
): boolean {
  if (dnsService) {
    const p = dnsService.ports.find((x) => x.port === 53 && x.protocol === 'UDP') ?? dnsService.ports[0];
    const ip = ipv4(dnsService.clusterIPs) as string;
    book.set('kube-dns', {
      ip,
      port: 53,
      service: { namespace: dnsService.namespace, name: dnsService.name, portName: p?.name ?? '', protocol: 'udp' },
      label: same(`Service ${dnsService.key}`),
      object: `Service ${dnsService.key}`,
    });
    settings.push({
      key: 'dns',
      value: `${dnsService.key} ${ip}`,
      origin: 'cluster',
      evidence: [evidence(dnsService.object, 'spec.clusterIP', ip)],
    });
  } else {
    const a = assumedDefault(data, 'cluster-dns-ip');
    const ip = formatIp(serviceCidr.base + 10);
    book.set('kube-dns', { ip, example: 'address' });
    settings.push({ key: 'dns', value: `kube-system/kube-dns ${ip}`, origin: 'assumed', evidence: [], why: a.text, source: a.source });
  }
  if (!endpoints) {
    book.set('coredns-pod', { example: 'address' });
    book.set('coredns-pod-b', { example: 'address' });
  }
  const domainFinding = inspect.findings.find((f) => f.concern === 'dns')?.details.find((d) => d.key === 'domain' && !d.note);
  settings.push(
    domainFinding
      ? { key: 'clusterDomain', value: domainFinding.value, origin: 'cluster', evidence: [] }
      : assumedSetting(data, 'clusterDomain', 'cluster-domain'),
  );
  if (answer) {
    const ip = ipv4(answer.clusterIPs);
    book.set('my-svc', {
      ...(ip ? { ip } : { example: 'address' as const }),
      label: same(`Service ${answer.key}`),
      object: `Service ${answer.key}`,
    });
  }
  const cache = inspect.findings.find((f) => f.id === 'nodelocal-dnscache');
  if (nodelocalOption !== undefined && nodelocalOption !== Boolean(cache)) {
    settings.push({ key: 'dnsCache', value: nodelocalOption ? 'NodeLocal DNSCache' : '—', origin: 'option', evidence: [] });
  } else if (cache) {
    settings.push({ key: 'dnsCache', value: 'NodeLocal DNSCache', origin: 'cluster', evidence: cache.evidence });
  }
  const localIp = cache?.details.find((d) => d.key === 'localIp' && !d.note && parseIp(d.value) !== undefined)?.value;
  if (localIp) book.set('nodelocal-dns', { ip: localIp });
  return nodelocalOption ?? Boolean(cache);
}

function chooseMesh(
  a: ReturnType<typeof meshOf>,
  b: ReturnType<typeof meshOf>,
  waypoint: ReturnType<typeof waypointOf>,
  option: { id: string; mode?: string } | undefined,
  settings: Setting[],
  texts: ClusterLayout['texts'],
): { id: string; mode: string } {
  const detected = a && b && a.mode === b.mode ? { id: 'istio', mode: a.mode === 'ambient' && waypoint ? 'waypoint' : a.mode } : undefined;
  const ev = [a?.evidence, b?.evidence, waypoint?.evidence].filter((e): e is Evidence => e !== undefined);
  if (option) {
    const mode = option.mode ?? 'sidecar';
    settings.push({ key: 'mesh', value: `${option.id}:${mode}`, origin: 'option', evidence: [] });
    if (!detected || detected.mode !== mode)
      texts.push({
        key: 'mesh-override',
        text: bilingual('overrideContradicts', {
          option: `--mesh ${option.id}:${mode}`,
          found: detected ? `istio:${detected.mode}` : '—',
          evidence: ev.map(evidenceText).join('; ') || '—',
        }),
        source: '',
        note: 'warning',
      });
    return { id: option.id, mode };
  }
  if (!a && !b)
    throw new UsageError(
      'neither workload is in a service mesh (no istio-proxy sidecar, no istio.io/dataplane-mode=ambient label); run "k8snet trace pod-to-service"',
    );
  if (!a || !b)
    throw new UsageError(
      `only ${a ? 'the source' : 'the destination'} is in the mesh; the mesh walk traced here needs both ends in it (${(a ?? b)?.evidence ? evidenceText((a ?? b)?.evidence as Evidence) : ''})`,
    );
  if (!detected)
    throw new UsageError(`the source is in Istio ${a.mode} mode and the destination in ${b.mode} mode; that interoperation is not traced`);
  settings.push({ key: 'mesh', value: `istio:${detected.mode}`, origin: 'cluster', evidence: ev });
  return detected;
}

function bindWaypoint(
  book: AddressBook,
  waypoint: NonNullable<ReturnType<typeof waypointOf>>,
  server: { node?: string },
  crossNode: boolean,
  serverNode: string | undefined,
  nodeA: string | undefined,
  exampleIp: (slot: Slot, offset: number) => string,
): void {
  const pod = waypoint.workload?.pods.find((p) => ipv4(p.ips) !== undefined);
  const node = pod?.node;
  if (node && node !== nodeA && node !== serverNode) {
    throw new UsageError(
      `the waypoint Pod ${pod?.name} runs on ${node}, a third node: the walk draws two (the client's ${nodeA} and the server's ${server.node ?? nodeA}); choose an endpoint on ${node} with --endpoint`,
    );
  }
  const slot: Slot = crossNode && node === serverNode && node !== nodeA ? 'node-b' : 'node-a';
  const ip = pod ? ipv4(pod.ips) : undefined;
  book.set('waypoint-pod', {
    node: slot,
    ...(ip ? { ip } : { ip: exampleIp(slot, 30), example: 'address' as const }),
    label: same(pod ? `Pod ${pod.namespace}/${pod.name} (waypoint ${waypoint.name})` : `waypoint ${waypoint.name}`),
  });
}

function findIngress(
  data: TraceData,
  cluster: Cluster,
  model: ClusterModel,
  inspect: InspectResult,
  backend: ServiceModel,
  option: { id: string; mode?: string } | undefined,
  settings: Setting[],
  texts: ClusterLayout['texts'],
): { id: string; workload?: Workload; service?: ServiceModel; endpoint: EndpointChoice | null; entry?: string } {
  const traced = new Set(data.addons.filter((a) => a.kind === 'ingress').map((a) => a.id));
  const routes = inspect.topology.entries.filter(
    (e) => e.namespace === backend.namespace && e.backends.some((b) => b.service === backend.name),
  );
  if (routes.length === 0)
    throw new UsageError(`no Ingress or HTTPRoute in the input sends traffic to Service ${backend.key}; an ingress walk starts at one`);
  const route = routes[0] as (typeof routes)[number];
  const rule = route.backends.find((b) => b.service === backend.name);
  settings.push({
    key: 'ingress',
    value: `${route.kind} ${route.namespace}/${route.name}: ${rule?.host ?? '*'}${rule?.path ?? '/'} → ${backend.name}${rule?.port ? `:${rule.port}` : ''}${route.via.length > 0 ? ` (${route.via.join(', ')})` : ''}`,
    origin: 'cluster',
    evidence: cluster
      .ofKind(route.kind)
      .filter((o) => o.name === route.name && (o.namespace ?? 'default') === route.namespace)
      .slice(0, 1)
      .map((o) => evidence(o, route.kind === 'Ingress' ? 'spec.rules' : 'spec.rules[].backendRefs', backend.name)),
  });
  const findings = inspect.findings.filter((f) => (f.concern === 'ingress' || f.concern === 'gateway-api') && traced.has(f.id));
  const finding = option ? findings.find((f) => f.id === option.id) : findings[0];
  if (option && findings[0] && findings[0].id !== option.id && !finding) {
    texts.push({
      key: 'ingress-override',
      text: bilingual('overrideContradicts', {
        option: `--ingress ${option.id}`,
        found: findings[0].id,
        evidence: findings[0].evidence.slice(0, 1).map(evidenceText).join(''),
      }),
      source: '',
      note: 'warning',
    });
  }
  const id = option?.id ?? finding?.id;
  if (!id)
    throw new UsageError(
      `the input shows no traced ingress controller or Gateway implementation for ${route.kind} ${route.namespace}/${route.name}; say which with --ingress (traced: ${[...traced].join(', ')})`,
    );
  const ev = finding?.evidence.find((e) => ['Deployment', 'DaemonSet', 'StatefulSet', 'Pod'].includes(e.kind));
  const workload = ev ? model.workload(`${ev.namespace ?? 'default'}/${ev.kind}/${ev.name}`) : undefined;
  const service =
    workload &&
    (model.services.find((s) => s.workloads.includes(workload.key) && s.type === 'LoadBalancer') ??
      model.services.find((s) => s.workloads.includes(workload.key)));
  const port = service ? (service.ports.find((p) => p.port === 80) ?? service.ports[0]) : undefined;
  const endpoint = service && port ? chooseEndpoint(model, service, port, { useTopology: false }) : null;
  const pod = endpoint?.chosen.pod ?? workload?.pods.find((p) => ipv4(p.ips) !== undefined);
  const entry = endpoint?.chosen.node ?? pod?.node;
  return { id, ...(workload ? { workload } : {}), ...(service ? { service } : {}), endpoint, ...(entry ? { entry } : {}) };
}

function bindIngress(
  book: AddressBook,
  ctl: { workload?: Workload; service?: ServiceModel; endpoint: EndpointChoice | null },
  exampleIp: string,
): void {
  const chosen = ctl.endpoint?.chosen;
  const pod = chosen?.pod ?? ctl.workload?.pods.find((p) => ipv4(p.ips) !== undefined);
  const ip = chosen?.ip ?? (pod ? ipv4(pod.ips) : undefined);
  book.set('ingress-pod', {
    node: 'node-a',
    ...(ip ? { ip } : { ip: exampleIp, example: 'address' as const }),
    port: chosen?.port ?? 80,
    label: pod
      ? same(`Pod ${pod.namespace}/${pod.name}`)
      : ctl.workload
        ? same(`${ctl.workload.kind} ${ctl.workload.namespace}/${ctl.workload.name}`)
        : bilingual('labelIngressController'),
  });
  if (ctl.service) {
    const svc = ctl.service;
    const p = svc.ports.find((x) => x.port === 80) ?? svc.ports[0];
    const lb = svc.loadBalancerIngress.find((a) => parseIp(a) !== undefined);
    book.set('ingress-lb', {
      ...(lb ? { ip: lb } : { example: 'address' as const }),
      port: p?.port ?? 80,
      service: { namespace: svc.namespace, name: svc.name, portName: p?.name ?? '', protocol: 'tcp' },
      label: bilingual('labelLoadBalancer', { service: svc.key }),
    });
  } else book.set('ingress-lb', { example: 'address' });
}

function endpointChoiceText(
  data: TraceData,
  scenario: TraceScenario,
  proxy: ProxyMode,
  cni: string,
  mesh: boolean,
): { text: Localized; source: string } | undefined {
  const c = data.endpointChoice;
  if (mesh) return c.find((x) => x.mesh === 'istio');
  if (scenario === 'ingress') return c.find((x) => x.ingress);
  const handoff = data.proxies.find((p) => p.id === proxy)?.kubeProxyHandles;
  const handling = handoff?.scenarios.includes(scenario) ? handoff.mode : proxy;
  return c.find((x) => x.proxy === handling && (x.cni === undefined || x.cni === cni)) ?? c.find((x) => x.proxy === handling);
}
