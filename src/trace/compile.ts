/**
 * Compile one packet walk: pure functions from the trace data and the chosen stack to a list of
 * hops with the packet's addresses before and after each one. Every fact comes from the data;
 * this module only chooses segments, binds roles and tracks the packet. Impossible combinations
 * throw a UsageError (exit 2) with the data's explanation instead of inventing a path.
 */
import type {
  AddonData,
  AddressData,
  CniData,
  ControlStep,
  Name,
  Hop,
  Note,
  PolicyHop,
  ProxyData,
  ScenarioData,
  Step,
  TraceData,
  VersionRule,
} from '../catalogue/trace-schema.ts';
import type { Localized } from '../catalogue/schema.ts';
import { UsageError } from '../errors.ts';
import type { ProxyMode, TraceScenario, TrafficPolicy, WalkId } from './constants.ts';
import { type Cidr, formatCidr, formatIp, inCidr, maskIp, networkAndBroadcast, notAHost, offsetIp, parseCidr, parseIp } from './ipv4.ts';
import { iptablesChains, nftablesChains, vethName } from './names.ts';
import { applyPolicy, type PolicyAnchor, type PolicyContext, type PolicyHopResult, type WalkOutcome } from './policy-hops.ts';

export type { PolicyContext, PolicyHopResult, WalkOutcome } from './policy-hops.ts';

/** An address of the walk: the example cluster's, or (trace --cluster) one read from the user's objects. */
export interface BoundAddress extends AddressData {
  /** The node's Pod subnet (its podCIDR, or the CNI's block), when the cluster says. */
  subnet?: string;
  /** The host-side interface name, where the CNI derives it from the Pod (Calico, Amazon VPC CNI). */
  veth?: string;
  /** Not read from the cluster: the whole address, or only its port, is an example. */
  example?: 'address' | 'port';
  /** The object it stands for, e.g. "Pod shop/web-5d9c7-x2k4p". */
  object?: string;
}

/**
 * trace --cluster: the user's cluster in place of the example one. The addresses keep the example
 * cluster's ids (node-a, client-pod, my-svc …) so that every walk's roles bind the same way.
 */
export interface ClusterLayout {
  addresses: BoundAddress[];
  /** Template variables that replace or add to the example ones ("cluster.namespace", "endpoints.count" …). */
  vars: Record<string, string>;
  podCidr: string;
  serviceCidr: string;
  crossNode: boolean;
  /** internalTrafficPolicy: Local: the ClusterIP rule jumps to the Service's local-endpoints chain. */
  internalLocal: boolean;
  /** Texts to render with the walk's variables: notes, and texts the view shows elsewhere (by key). */
  texts: { key: string; text: Localized; source: string; note?: 'warning' | 'note' }[];
}

export interface TraceOptions {
  scenario: TraceScenario;
  proxy?: ProxyMode;
  /** `id` or `id:mode`, already resolved to a catalogue id. */
  cni?: { id: string; mode?: string };
  mesh?: { id: string; mode?: string };
  ingress?: { id: string; mode?: string };
  k8sVersion?: string;
  crossNode?: boolean;
  crossSubnet?: boolean;
  externalTrafficPolicy?: TrafficPolicy;
  nodelocal?: boolean;
  podCidr?: string;
  serviceCidr?: string;
  src?: string;
  dst?: string;
  /** trace --cluster: the cluster's objects (see ClusterLayout). */
  layout?: ClusterLayout;
  /** trace --cluster: NetworkPolicy and mesh authorization at the hops that enforce them. */
  policy?: PolicyContext;
}

export interface Endpoint {
  ip: string;
  port: number | null;
}

export interface Packet {
  src: Endpoint;
  dst: Endpoint;
  outer: { src: string; dst: string; proto: string } | null;
}

export type Change = 'src' | 'dst' | 'encap' | 'decap' | 'connect';

export interface CompiledHop {
  direction: 'request' | 'reply';
  place: 'node-a' | 'node-b' | 'outside' | 'load-balancer';
  netns: { kind: 'host' | 'pod' | 'outside'; role: string | null; address: string | null };
  device: string;
  component: { en: string; zh: string };
  layer: 2 | 3 | 4 | 7;
  what: { en: string; zh: string };
  before: Packet;
  after: Packet;
  changes: Change[];
  source: string;
  /** trace --cluster: the verdict of the policy this hop enforces. */
  policy?: PolicyHopResult;
}

export interface CompiledWalk {
  scenario: TraceScenario;
  walk: WalkId;
  scenarioData: ScenarioData;
  /** The walk's title and summary, with the cluster's names filled in. */
  title: Localized;
  summary: Localized;
  /** The two nodes a walk can cross, by place id, with their names. */
  nodes: { id: 'node-a' | 'node-b'; label: Localized }[];
  stack: {
    /** The proxy chosen (--proxy, or the CNI mode's default). */
    proxy: ProxyData;
    /** The kube-proxy mode that handles this walk when `proxy` leaves the scenario to kube-proxy, else null. */
    pathProxy: ProxyData | null;
    cni: CniData;
    mesh: AddonData | null;
    ingress: AddonData | null;
    dns: AddonData | null;
    k8sVersion: string;
    crossNode: boolean;
    crossSubnet: boolean;
    externalTrafficPolicy: TrafficPolicy | null;
    nodelocal: boolean;
    podCidr: string;
    serviceCidr: string;
  };
  roles: { role: string; address: BoundAddress; endpoint: Endpoint; node: string | null }[];
  control: CompiledControlStep[];
  hops: CompiledHop[];
  notes: (Note & { effect?: 'warning' | 'note' })[];
  /** trace --cluster: the layout's texts, rendered (by key). */
  texts?: { key: string; text: Localized; source: string }[];
  /** trace --cluster: where and how the walk ended early (a policy denied the connection). */
  outcome?: WalkOutcome;
}

/** A control-plane step with its names in both languages. */
export type CompiledControlStep = Omit<ControlStep, 'actor' | 'target'> & {
  actor: { en: string; zh: string };
  target: { en: string; zh: string };
};

/** A name of the data in both languages (most proper names are one string for both). */
function bothLanguages(name: Name): { en: string; zh: string } {
  return typeof name === 'string' ? { en: name, zh: name } : name;
}

const EXTERNAL_SCENARIOS: readonly TraceScenario[] = ['nodeport', 'loadbalancer', 'ingress'];

interface Resolved {
  ip: string;
  port: number | null;
  node: string | null;
  address: BoundAddress;
  subnet: string | null;
  net: string | null;
  gw: string | null;
}

/** Compare "1.33" style versions. */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function pickCni(
  data: TraceData,
  choice: { id: string; mode?: string } | undefined,
  proxyChoice: ProxyMode | undefined,
): { cni: CniData; proxy: ProxyMode | undefined } {
  const id = choice?.id ?? 'flannel';
  const candidates = data.cnis.filter((c) => c.id === id);
  if (candidates.length === 0) {
    const traced = [...new Set(data.cnis.map((c) => c.id))].join(', ');
    throw new UsageError(`there is no packet-walk data for the CNI "${id}" yet; traced CNIs: ${traced}`);
  }
  let mode = choice?.mode;
  let proxy = proxyChoice;
  // Cilium's kube-proxy replacement is a Service datapath, not a routing mode: it means --proxy ebpf.
  if (id === 'cilium' && mode === 'kube-proxy-replacement') {
    if (proxy !== undefined && proxy !== 'ebpf') {
      throw new UsageError(
        `--proxy ${proxy} cannot be combined with cilium:kube-proxy-replacement: with the replacement, Cilium's eBPF programs handle Services and kube-proxy (and its ${proxy} rules) is not installed (https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/)`,
      );
    }
    proxy = 'ebpf';
    mode = undefined;
  }
  const cni = mode === undefined ? candidates.find((c) => c.default) : candidates.find((c) => c.mode === mode || c.aliases.includes(mode));
  if (!cni) {
    throw new UsageError(`${id} has no traced mode "${mode}"; choose one of: ${candidates.map((c) => `${id}:${c.mode}`).join(', ')}`);
  }
  return { cni, proxy };
}

export function pickAddon(data: TraceData, kind: AddonData['kind'], choice: { id: string; mode?: string } | undefined): AddonData {
  const all = data.addons.filter((a) => a.kind === kind);
  if (!choice) {
    const fallback = all.find((a) => a.default);
    if (!fallback) throw new Error(`internal: no default ${kind} add-on`);
    return fallback;
  }
  const key = choice.mode ? `${choice.id}:${choice.mode}` : choice.id;
  const byId = all.filter((a) => a.id === choice.id);
  const found =
    all.find((a) => a.aliases.includes(key)) ??
    (choice.mode === undefined ? (byId.find((a) => a.default) ?? byId[0]) : byId.find((a) => a.mode === choice.mode));
  if (found) return found;
  const options = all.map((a) => (a.mode === 'default' ? a.id : `${a.id}:${a.mode}`)).join(', ');
  throw new UsageError(`there is no traced ${kind} "${key}"; traced: ${options}`);
}

function ruleApplies(
  rule: VersionRule,
  context: {
    version: string;
    proxies: readonly ProxyMode[];
    scenario: TraceScenario;
    walk: WalkId;
    policy: TrafficPolicy | null;
    crossNode: boolean;
  },
): boolean {
  if (rule.proxy !== undefined && !context.proxies.includes(rule.proxy)) return false;
  if (rule.scenario !== undefined && rule.scenario !== context.scenario) return false;
  if (rule.walk !== undefined && rule.walk !== context.walk) return false;
  if (rule.policy !== undefined && rule.policy !== context.policy) return false;
  if (rule.crossNode !== undefined && rule.crossNode !== context.crossNode) return false;
  if (rule.from !== undefined && compareVersions(context.version, rule.from) < 0) return false;
  if (rule.until !== undefined && compareVersions(context.version, rule.until) >= 0) return false;
  return true;
}

export function compileWalk(data: TraceData, options: TraceOptions): CompiledWalk {
  const { cluster } = data;
  const version = options.k8sVersion ?? cluster.k8sVersion.value;
  if (!/^1\.\d+$/.test(version)) throw new UsageError(`--k8s-version "${version}" is not a Kubernetes minor version such as 1.35`);
  if (compareVersions(version, cluster.supportedVersions.from) < 0 || compareVersions(version, cluster.supportedVersions.to) > 0) {
    throw new UsageError(
      `--k8s-version ${version} is outside the versions traced here (${cluster.supportedVersions.from} to ${cluster.supportedVersions.to})`,
    );
  }
  const { cni, proxy: proxyFromCni } = pickCni(data, options.cni, options.proxy);
  const proxyId: ProxyMode = proxyFromCni ?? cni.proxies[0] ?? 'iptables';
  const proxy = data.proxies.find((p) => p.id === proxyId);
  if (!proxy) throw new Error(`internal: no proxy data for ${proxyId}`);
  if (!cni.proxies.includes(proxyId)) {
    if (proxy.requiresCni)
      throw new UsageError(`--proxy ${proxyId} ${proxy.requiresCni.why.en}; ${cni.name} has none (${proxy.requiresCni.source})`);
    const why =
      cni.proxies.length === 1 && cni.proxies[0] === 'ebpf'
        ? `${cni.name} replaces kube-proxy with its own eBPF datapath; kube-proxy's ${proxyId} mode is not run alongside it`
        : `${cni.name} works with --proxy ${cni.proxies.join(', ')}`;
    throw new UsageError(`${why} (${cni.proxySource})`);
  }

  const scenario = options.scenario;
  // A proxy may leave a scenario to kube-proxy (AntreaProxy without proxyAll: traffic from outside).
  const handoff = proxy.kubeProxyHandles?.scenarios.includes(scenario) ? proxy.kubeProxyHandles : undefined;
  const pathProxy = handoff ? data.proxies.find((p) => p.id === handoff.mode) : undefined;
  if (handoff && !pathProxy) throw new Error(`internal: no proxy data for ${handoff.mode}`);
  const serviceProxy = pathProxy ?? proxy;
  // The CNI may load-balance this walk's Service traffic from Pods itself although kube-proxy runs.
  const lb = cni.podServiceLb;
  const podServiceLb = lb?.proxies.includes(proxyId) && lb.scenarios.includes(scenario) ? lb : undefined;
  const unsupported = cni.unsupported.find((u) => u.scenarios.includes(scenario));
  if (unsupported) throw new UsageError(`${cni.name}, ${scenario}: ${unsupported.why.en} (${unsupported.source})`);
  if (options.nodelocal && scenario !== 'dns') throw new UsageError('--nodelocal applies to the dns scenario only');
  if (options.mesh && scenario !== 'mesh') throw new UsageError('--mesh applies to the mesh scenario only; run "k8snet trace mesh"');
  if (options.ingress && scenario !== 'ingress')
    throw new UsageError('--ingress applies to the ingress scenario only; run "k8snet trace ingress"');
  const external = EXTERNAL_SCENARIOS.includes(scenario);
  if (options.externalTrafficPolicy && !external)
    throw new UsageError('--external-traffic-policy applies to the nodeport, loadbalancer and ingress scenarios');
  const policy: TrafficPolicy | null = external ? (options.externalTrafficPolicy ?? 'cluster') : null;
  const mesh = scenario === 'mesh' ? pickAddon(data, 'mesh', options.mesh) : null;
  const ingress = scenario === 'ingress' ? pickAddon(data, 'ingress', options.ingress) : null;
  const dns = options.nodelocal ? pickAddon(data, 'dns', undefined) : null;
  const walkId: WalkId = mesh?.walk ?? (options.nodelocal ? 'dns-nodelocal' : scenario);
  const scenarioData = data.scenarios.find((s) => s.id === walkId);
  if (!scenarioData) throw new Error(`internal: no walk ${walkId}`);

  const layout = options.layout;
  const crossSubnet = options.crossSubnet ?? false;
  const crossNode = layout ? layout.crossNode : (options.crossNode ?? false) || crossSubnet;
  if (crossSubnet && cni.needsL2Adjacency)
    throw new UsageError(`${cni.name} across L3 subnets: ${cni.needsL2Adjacency.why.en} (${cni.needsL2Adjacency.source})`);
  if (crossNode && Object.keys(scenarioData.crossNode).length === 0) {
    throw new UsageError(`--cross-node does not apply to ${scenario}: its walk involves one node`);
  }
  if (scenarioData.needs.includes('proxy') && proxyId === 'none') {
    throw new UsageError(
      `with --proxy none nothing on the nodes translates Service addresses, so ${scenario} has no path; choose a kube-proxy mode or a CNI that replaces kube-proxy`,
    );
  }
  const ruleContext = { version, proxies: [proxyId, serviceProxy.id], scenario, walk: walkId, policy, crossNode };
  const applicable = data.versions.filter((rule) => ruleApplies(rule, ruleContext));
  const fatal = applicable.find((rule) => rule.effect === 'error');
  if (fatal) throw new UsageError(`${fatal.text.en} (${fatal.source})`);

  // ---- addresses
  const podCidr = parseCidr(layout?.podCidr ?? options.podCidr ?? cluster.podCidr.value, '--pod-cidr');
  const serviceCidr = parseCidr(layout?.serviceCidr ?? options.serviceCidr ?? cluster.serviceCidr.value, '--service-cidr');
  // A real cluster's ranges may overlap (Cilium's default cluster pool 10.0.0.0/8 holds kubeadm's 10.96.0.0/12).
  if (!layout && (inCidr(podCidr.base, serviceCidr) || inCidr(serviceCidr.base, podCidr)))
    throw new UsageError('--pod-cidr and --service-cidr overlap');
  const roleIds: Record<string, string> = {
    ...scenarioData.roles,
    ...(crossNode ? scenarioData.crossNode : {}),
    ...(scenarioData.rolesByProxy[serviceProxy.id] ?? {}),
  };
  const addresses: readonly BoundAddress[] = layout?.addresses ?? cluster.addresses;
  const addressById = new Map(addresses.map((a) => [a.id, a]));
  const nodeIps = new Map<string, number>();
  for (const a of addresses) if (a.ip && a.node && !a.pod) nodeIps.set(a.node, parseIp(a.ip) ?? 0);
  const ipOf = (a: AddressData): number => {
    // A node's address follows --dst when the walk targets that node (a NodePort).
    if (a.ip !== undefined) return (a.node && !a.pod ? nodeIps.get(a.node) : undefined) ?? parseIp(a.ip) ?? 0;
    if (a.ipOf !== undefined) return nodeIps.get(a.ipOf) ?? 0;
    if (a.podOffset !== undefined) return offsetIp(podCidr, a.podOffset, '--pod-cidr');
    return offsetIp(serviceCidr, a.serviceOffset ?? 0, '--service-cidr');
  };
  // Each node's Pod subnet: its block of the Pod CIDR (flannel /24, Calico /26 …).
  const podSubnetPrefix = Math.max(cni.podSubnetPrefix, podCidr.prefix);
  const nodeBlock = (node: string): Cidr => {
    const nodeAddress = addresses.find((a) => a.node === node && !a.pod && a.ip);
    // trace --cluster: the node's own podCIDR, when its Node object says.
    if (nodeAddress?.subnet) return parseCidr(nodeAddress.subnet, 'podCIDR');
    const inside = offsetIp(podCidr, nodeAddress?.podBlockOffset ?? 0, '--pod-cidr');
    return { base: maskIp(inside, podSubnetPrefix), prefix: podSubnetPrefix };
  };
  const nodeName = (node: string): string => addressById.get(node)?.label.en ?? node;
  // --src and --dst replace the first packet's addresses: they must fit the role they play.
  const firstDstRole = roleIds.vip !== undefined ? 'vip' : 'server';
  const overrides = new Map<string, number>();
  const fit = { addresses: addressById, podCidr, serviceCidr, nodeBlock, nodeName };
  if (options.src !== undefined) overrides.set('client', checkOverride(options.src, '--src', roleIds.client, fit));
  if (options.dst !== undefined) overrides.set(firstDstRole, checkOverride(options.dst, '--dst', roleIds[firstDstRole], fit));
  if (options.src !== undefined && options.src === options.dst)
    throw new UsageError(`--src and --dst are the same address (${options.src}); a packet needs a sender and another receiver`);
  const dstOverride = overrides.get(firstDstRole);
  const firstDst = addressById.get(roleIds[firstDstRole] ?? '');
  if (dstOverride !== undefined && firstDst?.ipOf) nodeIps.set(firstDst.ipOf, dstOverride);

  const resolved = new Map<string, Resolved>();
  const nodeSubnet = (node: string): { subnet: string; net: string; gw: string } => {
    const block = nodeBlock(node);
    return { subnet: formatCidr(block), net: formatIp(block.base), gw: formatIp(block.base + 1) };
  };
  const resolve = (role: string, addressId: string): Resolved => {
    const address = addressById.get(addressId);
    if (!address) throw new Error(`internal: no address ${addressId}`);
    const ipNumber = overrides.get(role) ?? ipOf(address);
    const node = address.node ?? address.ipOf ?? null;
    let subnet: string | null = null;
    let net: string | null = null;
    let gw: string | null = null;
    if (address.pod && address.subnet) {
      const block = parseCidr(address.subnet, 'podCIDR');
      subnet = formatCidr(block);
      net = formatIp(block.base);
      gw = formatIp(block.base + 1);
    } else if (address.pod) {
      const prefix = Math.max(cni.podSubnetPrefix, podCidr.prefix);
      const n = maskIp(ipNumber, prefix);
      subnet = `${formatIp(n)}/${prefix}`;
      net = formatIp(n);
      gw = formatIp(n + 1);
    } else if (node && address.ip) {
      ({ subnet, net, gw } = nodeSubnet(node));
    }
    return { ip: formatIp(ipNumber), port: address.port ?? null, node, address, subnet, net, gw };
  };
  for (const [role, id] of Object.entries(roleIds)) resolved.set(role, resolve(role, id));
  // An address given by --src or --dst must not be another Pod's or Service's of the walk.
  for (const [role, ip] of overrides) {
    const option = role === 'client' ? '--src' : '--dst';
    for (const [other, r] of resolved) {
      if (other !== role && (r.address.pod || r.address.serviceOffset !== undefined) && r.ip === formatIp(ip))
        throw new UsageError(`${option} ${formatIp(ip)} is already the address of the ${r.address.label.en} in this walk; choose another`);
    }
  }
  // Every role on a node gets "<role>-node": the node's own address.
  const nodeAddressId = (node: string): string => addresses.find((a) => a.node === node && !a.pod && a.ip)?.id ?? node;
  for (const [role, r] of [...resolved]) {
    if (r.node && r.address.pod && !resolved.has(`${role}-node`))
      resolved.set(`${role}-node`, resolve(`${role}-node`, nodeAddressId(r.node)));
  }
  const entry = resolved.get('entry-node');
  const server = resolved.get('server');
  const local = entry !== undefined && server !== undefined && server.node === entry.node;
  const locality = local ? 'local' : 'remote';

  // ---- variables every template can use
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(cluster.vars)) vars.set(`cluster.${k}`, v);
  for (const [k, v] of Object.entries(layout?.vars ?? {})) vars.set(k, v);
  vars.set('cluster.pod-cidr', formatCidr(podCidr));
  vars.set('cluster.service-cidr', formatCidr(serviceCidr));
  const providers: [string, Record<string, string>][] = [
    ['cni', cni.vars],
    ['proxy', serviceProxy.vars],
    ['mesh', mesh?.vars ?? {}],
    ['ingress', ingress?.vars ?? {}],
    ['dns', dns?.vars ?? {}],
  ];
  for (const [prefix, record] of providers) for (const [k, v] of Object.entries(record)) vars.set(`${prefix}.${k}`, v);
  const kubeDns = addresses.find((a) => a.id === 'kube-dns');
  if (kubeDns) vars.set('kube-dns.ip', formatIp(ipOf(kubeDns)));
  const vip = resolved.get('vip');
  const vipService = vip?.address.service;
  if (vipService) vars.set('vip.proto', vipService.protocol.toUpperCase());
  if (vipService && server) {
    const endpoint = `${server.ip}:${server.port ?? 0}`;
    const ipt = iptablesChains(vipService, endpoint);
    const nft = nftablesChains(vipService, endpoint);
    for (const [k, v] of Object.entries(ipt)) vars.set(`chain.${k}`, v);
    for (const [k, v] of Object.entries(nft)) vars.set(`nft.${k}`, v);
    // internalTrafficPolicy: Local: KUBE-SERVICES jumps to the local-endpoints chain, not the cluster one.
    // https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go (internalTrafficChain)
    if (layout?.internalLocal) {
      vars.set('chain.svc', ipt.svl);
      vars.set('nft.svc', nft.local);
    }
  }
  const nodeLabel = (node: string | null, lang: 'en' | 'zh'): string =>
    node ? (addressById.get(nodeAddressId(node))?.label[lang] ?? node) : '';

  const roleVars = (env: Map<string, Resolved>, lang: 'en' | 'zh' = 'en'): Map<string, string> => {
    const out = new Map(vars);
    for (const [role, r] of env) {
      out.set(`${role}.ip`, r.ip);
      if (r.port !== null) out.set(`${role}.port`, String(r.port));
      out.set(`${role}.addr`, r.port === null ? r.ip : `${r.ip}:${r.port}`);
      out.set(`${role}.name`, r.address.pod ? r.address.label[lang] : r.node ? nodeLabel(r.node, lang) : r.address.label[lang]);
      if (r.subnet) out.set(`${role}.subnet`, r.subnet);
      if (r.net) out.set(`${role}.net`, r.net);
      if (r.gw) out.set(`${role}.gw`, r.gw);
      if (r.address.pod) out.set(`${role}.veth`, r.address.veth ?? vethName(cni.vethPrefix, r.ip));
    }
    return out;
  };

  // ---- walking
  const hops: CompiledHop[] = [];
  const control: ControlStep[] = [];
  const start = (direction: 'request' | 'reply', previous: Packet | null): Packet => {
    if (direction === 'reply' && previous) return { src: previous.dst, dst: previous.src, outer: null };
    const client = resolved.get('client');
    const first = resolved.get(firstDstRole);
    if (!client || !first) throw new Error('internal: walk without client or destination');
    return { src: { ip: client.ip, port: client.port }, dst: { ip: first.ip, port: first.port }, outer: null };
  };
  const envFor = (direction: 'request' | 'reply', step: Step): Map<string, Resolved> => {
    const env = new Map(resolved);
    const set = (alias: string, role: string): void => {
      const r = resolved.get(role);
      if (r) env.set(alias, r);
    };
    const clientNode = resolved.has('client-node') ? 'client-node' : 'entry-node';
    const serverNode = resolved.has('server-node') ? 'server-node' : clientNode;
    if (direction === 'request') {
      set('src-pod', 'client');
      set('dst-pod', 'server');
      set('src-node', clientNode);
      set('dst-node', serverNode);
    } else {
      set('src-pod', 'server');
      set('dst-pod', 'client');
      set('src-node', serverNode);
      set('dst-node', clientNode);
    }
    for (const [alias, role] of Object.entries(step.bind)) set(alias, role);
    // The address MASQUERADE picks: that of the interface the packet leaves the entry node by.
    if (entry) {
      const snatVars = roleVars(env);
      const ip = render(cni.vars[`snat-${locality}-ip`] ?? '{entry-node.ip}', snatVars, 'snat');
      const dev = render(cni.vars[`snat-${locality}-dev`] ?? 'eth0', snatVars, 'snat');
      env.set('snat', { ...entry, ip, port: null, dev } as Resolved & { dev: string });
    }
    return env;
  };
  const variants = (slot: string): string[] => [
    ...(policy ? [`${slot}/${policy}-${locality}`] : []),
    `${slot}/${scenario}`,
    `${slot}/${walkId}`,
    ...(policy ? [`${slot}/${policy}`] : []),
    slot,
  ];
  const segmentsFor = (step: Step, env: Map<string, Resolved>): Hop[] => {
    const find = (segments: Record<string, Hop[]>): Hop[] | undefined => {
      for (const key of variants(step.slot)) {
        const found = segments[key];
        if (found) return found;
      }
      return undefined;
    };
    const from = (segments: Record<string, Hop[]>): Hop[] => find(segments) ?? [];
    switch (step.from) {
      case 'common':
        return from(data.common.segments);
      case 'proxy':
        if (podServiceLb) return from(podServiceLb.segments);
        return from(serviceProxy.delegateToCni ? cni.segments : serviceProxy.segments);
      case 'cni':
        return from(cni.segments);
      case 'mesh':
        return mesh ? from(mesh.segments) : [];
      case 'ingress':
        return ingress ? from(ingress.segments) : [];
      case 'dns':
        return dns ? from(dns.segments) : [];
      case 'route': {
        const a = env.get('src-node')?.node;
        const b = env.get('dst-node')?.node;
        if (a === b) return [];
        // Between nodes the CNI's own routing applies; a CNI that carries another leg its own way
        // (Cilium's tunnel brings a NodePort reply back to the entry node) overrides the common hop.
        return step.slot === 'remote' ? from(cni.segments) : (find(cni.segments) ?? from(data.common.segments));
      }
    }
  };
  /** One hop of the data (or a policy hop of trace --cluster) with the step's roles bound, applied to the packet. */
  const makeHop = (
    direction: 'request' | 'reply',
    hop: Hop | PolicyHop,
    env: Map<string, Resolved>,
    templateVars: ReadonlyMap<string, string>,
    templateVarsZh: ReadonlyMap<string, string>,
    current: Packet,
    where: string,
  ): CompiledHop => {
    const vars2 = new Map(templateVars);
    const vars2Zh = new Map(templateVarsZh);
    for (const target of [vars2, vars2Zh]) {
      target.set('pkt.src', formatEndpoint(current.src));
      target.set('pkt.dst', formatEndpoint(current.dst));
    }
    const { packet: after, changes } = applyHop(hop as Hop, current, env, (name) => portVar(name, vars));
    const place = hop.where === 'outside' || hop.where === 'load-balancer' ? hop.where : (env.get(hop.where)?.node ?? null);
    if (place === null) throw new Error(`internal: ${where}: no node for ${hop.where}`);
    const netnsRole = hop.netns === 'src-pod' || hop.netns === 'dst-pod' ? env.get(hop.netns) : undefined;
    return {
      direction,
      place: place as CompiledHop['place'],
      netns:
        hop.netns === 'host'
          ? { kind: 'host', role: null, address: null }
          : hop.netns === 'outside'
            ? { kind: 'outside', role: null, address: null }
            : { kind: 'pod', role: netnsRole?.address.id ?? null, address: netnsRole ? netnsRole.ip : null },
      device: render(hop.device, vars2, where),
      component: bothLanguages(hop.component),
      layer: hop.layer,
      what: { en: render(hop.what.en, vars2, where), zh: render(hop.what.zh, vars2Zh, where) },
      before: current,
      after,
      changes,
      source: hop.source,
    };
  };
  /** The request's steps as walked, for trace --cluster's policy hops. */
  const anchors: PolicyAnchor[] = [];
  const walkSteps = (direction: 'request' | 'reply', steps: readonly Step[], packet: Packet): Packet => {
    let current = packet;
    for (const step of steps) {
      const env = envFor(direction, step);
      const templateVars = roleVars(env);
      const templateVarsZh = roleVars(env, 'zh');
      const snat = env.get('snat') as (Resolved & { dev?: string }) | undefined;
      if (snat) {
        for (const target of [templateVars, templateVarsZh]) {
          target.set('snat.ip', snat.ip);
          target.set('snat.dev', snat.dev ?? 'eth0');
        }
      }
      const start = hops.length;
      for (const hop of segmentsFor(step, env)) {
        const compiled = makeHop(direction, hop, env, templateVars, templateVarsZh, current, `${walkId}/${step.slot}`);
        hops.push(compiled);
        current = compiled.after;
      }
      if (direction === 'request') {
        const pods = { src: env.get('src-pod')?.address.pod === true, dst: env.get('dst-pod')?.address.pod === true };
        anchors.push({
          slot: step.slot,
          start,
          end: hops.length,
          pods,
          make: (hop, at) => makeHop('request', hop, env, templateVars, templateVarsZh, at, `policy/${step.slot}`),
        });
      }
    }
    return current;
  };
  const afterRequest = walkSteps('request', scenarioData.request, start('request', null));
  const policyResult = options.policy ? applyPolicy(hops, anchors, options.policy) : undefined;
  if (policyResult) hops.splice(0, hops.length, ...policyResult.hops);
  if (scenarioData.reply.length > 0 && !policyResult?.outcome) walkSteps('reply', scenarioData.reply, start('reply', afterRequest));

  // ---- control plane and notes, in a fixed order
  const byPolicy = <T extends { policy?: TrafficPolicy | undefined }>(items: readonly T[]): T[] =>
    items.filter((i) => i.policy === undefined || i.policy === policy);
  // A step or note may name the proxy chosen (`proxy`) or the Service proxies that handle the walk (`proxies`).
  const proxyFits = (item: { proxy?: ProxyMode; proxies?: readonly ProxyMode[] }): boolean =>
    (item.proxy === undefined || item.proxy === proxyId) && (item.proxies === undefined || item.proxies.includes(serviceProxy.id));
  control.push(
    ...cni.control,
    ...serviceProxy.control,
    ...(mesh?.control ?? []),
    ...(ingress?.control ?? []),
    ...(dns?.control ?? []),
    ...byPolicy(scenarioData.control).filter(proxyFits),
  );
  const usesProxy = scenarioData.needs.includes('proxy');
  // A note about the chosen proxy belongs on walks a proxy is part of.
  const fitsProxy = (n: Note): boolean =>
    proxyFits(n) && (n.proxy === undefined || usesProxy) && (n.scenarios === undefined || n.scenarios.includes(scenario));
  // kube-proxy's notes describe its rules, which a walk the CNI load-balances itself does not pass.
  const proxyNotes = usesProxy && !podServiceLb ? serviceProxy.notes : [];
  const notes: CompiledWalk['notes'] = [
    ...applicable.map((r) => ({ text: r.text, source: r.source, effect: r.effect as 'warning' | 'note' })),
    ...(handoff ? [{ text: handoff.text, source: handoff.source }] : []),
    ...(podServiceLb ? [{ text: podServiceLb.text, source: podServiceLb.source }] : []),
    ...byPolicy(scenarioData.notes).filter(proxyFits),
    ...[...cni.notes, ...proxyNotes, ...(mesh?.notes ?? []), ...(ingress?.notes ?? [])].filter(fitsProxy),
  ].map((n) => ({
    ...n,
    text: { en: render(n.text.en, roleVars(resolved), 'note'), zh: render(n.text.zh, roleVars(resolved, 'zh'), 'note') },
  }));
  const renderControl = (c: ControlStep): CompiledControlStep => ({
    ...c,
    actor: bothLanguages(c.actor),
    target: bothLanguages(c.target),
    action: { en: render(c.action.en, roleVars(resolved), 'control'), zh: render(c.action.zh, roleVars(resolved, 'zh'), 'control') },
  });
  const texts = (layout?.texts ?? []).map((x) => ({
    ...x,
    text: { en: render(x.text.en, roleVars(resolved), x.key), zh: render(x.text.zh, roleVars(resolved, 'zh'), x.key) },
  }));
  for (const x of texts) if (x.note) notes.push({ text: x.text, source: x.source, effect: x.note });

  const localized = (text: Localized, where: string): Localized => ({
    en: render(text.en, roleVars(resolved), where),
    zh: render(text.zh, roleVars(resolved, 'zh'), where),
  });
  return {
    scenario,
    walk: walkId,
    scenarioData,
    title: localized(scenarioData.title, 'title'),
    summary: localized(scenarioData.summary, 'summary'),
    nodes: (['node-a', 'node-b'] as const).map((id) => ({ id, label: addressById.get(id)?.label ?? { en: id, zh: id } })),
    stack: {
      proxy,
      pathProxy: pathProxy ?? null,
      cni,
      mesh,
      ingress,
      dns,
      k8sVersion: version,
      crossNode,
      crossSubnet,
      externalTrafficPolicy: policy,
      nodelocal: options.nodelocal ?? false,
      podCidr: formatCidr(podCidr),
      serviceCidr: formatCidr(serviceCidr),
    },
    roles: Object.keys(roleIds).map((role) => {
      const r = resolved.get(role) as Resolved;
      return { role, address: r.address, endpoint: { ip: r.ip, port: r.port }, node: r.node };
    }),
    control: control.map(renderControl),
    hops,
    notes,
    ...(layout ? { texts: texts.filter((x) => !x.note).map(({ key, text, source }) => ({ key, text, source })) } : {}),
    ...(policyResult?.outcome ? { outcome: policyResult.outcome } : {}),
  };
}

interface AddressFit {
  addresses: ReadonlyMap<string, AddressData>;
  podCidr: Cidr;
  serviceCidr: Cidr;
  /** The Pod subnet of a node. */
  nodeBlock: (node: string) => Cidr;
  nodeName: (node: string) => string;
}

/**
 * The address --src or --dst gives, if it can play its role: a Pod's inside its node's Pod subnet
 * (not its network or broadcast address), a ClusterIP inside the Service CIDR (whose network and
 * broadcast addresses the API server never allocates), anything else outside both and a host's.
 * https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
 */
function checkOverride(text: string, option: string, addressId: string | undefined, fit: AddressFit): number {
  const ip = parseIp(text);
  if (ip === undefined) throw new UsageError(`${option} "${text}" is not an IPv4 address`);
  const address = addressId === undefined ? undefined : fit.addresses.get(addressId);
  if (!address) return ip;
  const { podCidr, serviceCidr } = fit;
  if (address.pod) {
    if (!inCidr(ip, podCidr)) throw new UsageError(`${option} ${text} is a Pod here, but it is not in the Pod CIDR ${formatCidr(podCidr)}`);
    if (address.node) {
      const block = fit.nodeBlock(address.node);
      const node = fit.nodeName(address.node);
      if (!inCidr(ip, block))
        throw new UsageError(
          `${option} ${text} is the ${address.label.en} on ${node}, whose Pod subnet is ${formatCidr(block)} (each node has its own block of the Pod CIDR); choose an address in it`,
        );
      const { network, broadcast } = networkAndBroadcast(block);
      if (ip === network || ip === broadcast)
        throw new UsageError(
          `${option} ${text} is the ${ip === network ? 'network' : 'broadcast'} address of ${node}'s Pod subnet ${formatCidr(block)}, which no Pod gets`,
        );
    }
    return ip;
  }
  if (address.serviceOffset !== undefined) {
    if (!inCidr(ip, serviceCidr))
      throw new UsageError(`${option} ${text} is a ClusterIP here, but it is not in the Service CIDR ${formatCidr(serviceCidr)}`);
    const { network, broadcast } = networkAndBroadcast(serviceCidr);
    if (ip === network || ip === broadcast)
      throw new UsageError(
        `${option} ${text} is the ${ip === network ? 'network' : 'broadcast'} address of the Service CIDR ${formatCidr(serviceCidr)}, which is never a ClusterIP`,
      );
    return ip;
  }
  if (inCidr(ip, podCidr) || inCidr(ip, serviceCidr))
    throw new UsageError(`${option} ${text} must be outside the Pod and Service CIDRs here`);
  const why = notAHost(ip);
  if (why) throw new UsageError(`${option} ${text} ${why}; give the address of one host`);
  return ip;
}

function portVar(name: string, vars: Map<string, string>): number | undefined {
  for (const prefix of ['mesh', 'ingress', 'dns', 'proxy', 'cni', 'cluster']) {
    const value = vars.get(`${prefix}.${name}`);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

/** A reference such as "server", "snat:keep" or "loopback:outbound" → an endpoint. */
function resolveRef(ref: string, env: Map<string, Resolved>, keep: Endpoint, port: (name: string) => number | undefined): Endpoint {
  const [role = '', portName] = ref.split(':');
  const r = env.get(role);
  if (!r) throw new Error(`internal: no role "${role}" for ${ref}`);
  if (portName === 'keep') return { ip: r.ip, port: keep.port };
  if (portName !== undefined) {
    const p = port(portName);
    if (p === undefined) throw new Error(`internal: no port variable "${portName}" for ${ref}`);
    return { ip: r.ip, port: p };
  }
  return { ip: r.ip, port: r.port ?? keep.port };
}

function applyHop(
  hop: Hop,
  packet: Packet,
  env: Map<string, Resolved>,
  port: (name: string) => number | undefined,
): { packet: Packet; changes: Change[] } {
  const changes: Change[] = [];
  let next: Packet = { ...packet };
  if (hop.connect) {
    next = {
      src: resolveRef(hop.connect.src, env, packet.src, port),
      dst: resolveRef(hop.connect.dst, env, packet.dst, port),
      outer: null,
    };
    changes.push('connect');
  }
  if (hop.nat?.src) {
    next = { ...next, src: resolveRef(hop.nat.src, env, next.src, port) };
    changes.push('src');
  }
  if (hop.nat?.dst) {
    next = { ...next, dst: resolveRef(hop.nat.dst, env, next.dst, port) };
    changes.push('dst');
  }
  if (hop.encap) {
    const src = resolveRef(hop.encap.src, env, next.src, port);
    const dst = resolveRef(hop.encap.dst, env, next.dst, port);
    next = { ...next, outer: { src: src.ip, dst: dst.ip, proto: hop.encap.proto } };
    changes.push('encap');
  }
  if (hop.decap) {
    next = { ...next, outer: null };
    changes.push('decap');
  }
  return { packet: next, changes };
}

export function formatEndpoint(e: Endpoint): string {
  return e.port === null ? e.ip : `${e.ip}:${e.port}`;
}

/** Fill {name} placeholders; an unknown one is a data bug, caught by the tests over every walk. */
export function render(template: string, vars: ReadonlyMap<string, string>, where: string, depth = 0): string {
  const out = template.replace(/\{([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)?)\}/g, (_, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new Error(`internal: trace data ${where}: unknown placeholder {${name}}`);
    return value;
  });
  if (out.includes('{') && depth < 3 && /\{[a-z][a-z0-9-]*\.[a-z0-9-]+\}/.test(out)) return render(out, vars, where, depth + 1);
  return out;
}
