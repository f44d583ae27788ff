/**
 * The enumerations of `k8snet trace`, once: commander's choices, the zod schema and the types
 * read these. Kept apart from the schema so the command never loads zod.
 */
export const TRACE_SCENARIOS = [
  'pod-to-pod',
  'pod-to-service',
  'nodeport',
  'loadbalancer',
  'pod-to-external',
  'dns',
  'ingress',
  'mesh',
] as const;
export type TraceScenario = (typeof TRACE_SCENARIOS)[number];

/** Walks in the data: one per scenario, plus variants chosen by options (--nodelocal, a waypoint). */
export const WALK_IDS = [...TRACE_SCENARIOS, 'dns-nodelocal', 'mesh-waypoint'] as const;
export type WalkId = (typeof WALK_IDS)[number];

/**
 * How Services are implemented: kube-proxy's modes (iptables, ipvs, nftables), an eBPF
 * replacement (Cilium, Calico eBPF), Antrea's own proxy in its OVS pipeline, kube-router's own
 * IPVS proxy, or nothing.
 */
export const PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'ebpf', 'antrea-proxy', 'kube-router-proxy', 'none'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

/**
 * The one spelling of each traced mesh, `id:mode` as in data/traces/addons.yaml (a test keeps the
 * two equal); the data lists the other spellings each accepts (istio, istio-ambient, …).
 */
export const MESH_CHOICES = ['istio:sidecar', 'istio:ambient', 'istio:waypoint'] as const;

export const TRAFFIC_POLICIES = ['cluster', 'local'] as const;
export type TrafficPolicy = (typeof TRAFFIC_POLICIES)[number];

/** Where a hop happens: a node (by its role in the walk) or outside the cluster. */
export const HOP_PLACES = ['src-node', 'dst-node', 'entry-node', 'outside', 'load-balancer'] as const;
export type HopPlace = (typeof HOP_PLACES)[number];
/** Which network namespace: the node's root one, a Pod's (by role), or none (outside). */
export const HOP_NETNS = ['host', 'src-pod', 'dst-pod', 'outside'] as const;
export type HopNetns = (typeof HOP_NETNS)[number];
export const HOP_LAYERS = [2, 3, 4, 7] as const;
export type HopLayer = (typeof HOP_LAYERS)[number];

export const STEP_PROVIDERS = ['common', 'proxy', 'cni', 'mesh', 'ingress', 'dns', 'route'] as const;
export type StepProvider = (typeof STEP_PROVIDERS)[number];
