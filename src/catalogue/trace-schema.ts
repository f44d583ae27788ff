/**
 * The shape of the packet-walk data in data/traces/. Validated at build time only
 * (scripts/build.ts compiles it to dist/traces.json); the trace command reads the JSON.
 * Every fact carries a primary source URL; texts exist in English and Chinese.
 */
import { z } from 'zod';
import {
  HOP_LAYERS,
  HOP_NETNS,
  HOP_PLACES,
  PROXY_MODES,
  STEP_PROVIDERS,
  TRACE_SCENARIOS,
  TRAFFIC_POLICIES,
  WALK_IDS,
} from '../trace/constants.ts';
import { Id, Localized, SourceUrl } from './schema.ts';

export * from '../trace/constants.ts';

const Text = z.string().trim().min(1);
/**
 * A name: one string when it reads the same in both languages (kube-proxy, netfilter (iptables
 * nat)), `{ en, zh }` when it holds words ("Linux routing", "container runtime").
 */
const Name = z.union([Text, Localized]);
export type Name = z.infer<typeof Name>;
/** A role name of the walk (client, server, vip, …), optionally with a port role after a colon. */
const RoleRef = z.string().regex(/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/, 'must be a role such as "server" or "client-node:keep"');

export const Hop = z.strictObject({
  where: z.enum(HOP_PLACES),
  netns: z.enum(HOP_NETNS),
  device: Text.describe('Device, templated, e.g. "{cni.bridge}"'),
  component: Name.describe('What acts: IPVS, netfilter (iptables nat), { en: Linux routing, zh: Linux 路由 } …'),
  layer: z.literal(HOP_LAYERS),
  what: Localized.describe('The mechanism, templated with {role.ip}, {chain.svc} …'),
  nat: z
    .strictObject({ src: RoleRef.optional(), dst: RoleRef.optional() })
    .optional()
    .describe('Address rewrite: the packet leaves with these'),
  encap: z.strictObject({ src: RoleRef, dst: RoleRef, proto: Text }).optional().describe('Outer header added here'),
  decap: z.literal(true).optional().describe('Outer header removed here'),
  connect: z.strictObject({ src: RoleRef, dst: RoleRef }).optional().describe('A proxy ends the connection and opens a new one'),
  source: SourceUrl,
});
export type Hop = z.infer<typeof Hop>;

const Policy = z.enum(TRAFFIC_POLICIES).optional().describe('Only with this externalTrafficPolicy');

export const ControlStep = z.strictObject({
  policy: Policy,
  /** Only when one of these Service proxies handles the walk (a step about kube-proxy, say). */
  proxies: z.array(z.enum(PROXY_MODES)).optional(),
  actor: Name,
  target: Name,
  action: Localized,
  source: SourceUrl,
});
export type ControlStep = z.infer<typeof ControlStep>;

export const Note = z.strictObject({
  policy: Policy,
  /** Only when this proxy was chosen (--proxy, or the CNI's default). */
  proxy: z.enum(PROXY_MODES).optional(),
  /** Only when one of these Service proxies handles the walk (a note about kube-proxy's behaviour, say). */
  proxies: z.array(z.enum(PROXY_MODES)).optional(),
  /** Only on these scenarios (a note about Pod-side socket load balancing has no place on a NodePort walk). */
  scenarios: z.array(z.enum(TRACE_SCENARIOS)).min(1).optional(),
  text: Localized,
  source: SourceUrl,
});
export type Note = z.infer<typeof Note>;

/** Hops per slot; a key may carry a variant after a slash (`ext-host/local`). */
const Segments = z.record(z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)?$/), z.array(Hop));

const Vars = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), Text);

export const ProxyData = z.strictObject({
  id: z.enum(PROXY_MODES),
  name: Text,
  catalogue: Id.optional().describe('Catalogue entry this mode belongs to'),
  catalogueMode: Id.optional(),
  vars: Vars.default({}),
  /** eBPF or OVS service handling is the CNI's own datapath: its segments come from the CNI data. */
  delegateToCni: z.boolean().default(false),
  /** Why a CNI mode that does not list this proxy cannot use it: "--proxy <id> <why>; <CNI> has none". */
  requiresCni: z.strictObject({ why: Localized, source: SourceUrl }).optional(),
  /**
   * Scenarios this proxy leaves to kube-proxy by default (AntreaProxy without proxyAll handles only
   * traffic from Pods): they are walked with kube-proxy in `mode`, and `text` says so.
   */
  kubeProxyHandles: z
    .strictObject({ scenarios: z.array(z.enum(TRACE_SCENARIOS)).min(1), mode: z.enum(PROXY_MODES), text: Localized, source: SourceUrl })
    .optional(),
  control: z.array(ControlStep).default([]),
  segments: Segments,
  notes: z.array(Note).default([]),
});
export type ProxyData = z.infer<typeof ProxyData>;

export const CniData = z.strictObject({
  id: Id.describe('Catalogue id'),
  mode: Id.describe('Catalogue mode id, or a trace-only mode'),
  name: Text,
  aliases: z.array(Id).default([]).describe('Other mode names that mean this one (catalogue mode ids)'),
  default: z.boolean().default(false).describe('The mode used when --cni names only the plugin'),
  podSubnetPrefix: z.number().int().min(8).max(30).describe('Per-node pod subnet size (flannel /24, Calico block /26 …)'),
  prefixSource: SourceUrl,
  vethPrefix: Text,
  vars: Vars,
  /** The proxy modes this CNI mode works with; the first is the default. */
  proxies: z.array(z.enum(PROXY_MODES)).min(1),
  proxySource: SourceUrl,
  /** Nodes must share an L2 segment (host-gw, kindnet): --cross-subnet is impossible. */
  needsL2Adjacency: z.strictObject({ why: Localized, source: SourceUrl }).optional(),
  /** Scenarios this CNI mode has no sourced walk for: they exit 2 with this explanation instead of an invented path. */
  unsupported: z
    .array(z.strictObject({ scenarios: z.array(z.enum(TRACE_SCENARIOS)).min(1), why: Localized, source: SourceUrl }))
    .default([]),
  /**
   * Service traffic from Pods that this CNI mode load-balances itself even while kube-proxy runs
   * (Cilium with kubeProxyReplacement=false translates Pod → ClusterIP in its own eBPF program): with
   * one of `proxies`, the Service slots of `scenarios` come from `segments` instead of kube-proxy's, and
   * `text` says why kube-proxy's rules are not on that path.
   */
  podServiceLb: z
    .strictObject({
      proxies: z.array(z.enum(PROXY_MODES)).min(1),
      scenarios: z.array(z.enum(TRACE_SCENARIOS)).min(1),
      segments: Segments,
      text: Localized,
      source: SourceUrl,
    })
    .optional(),
  control: z.array(ControlStep).default([]),
  segments: Segments,
  notes: z.array(Note).default([]),
});
export type CniData = z.infer<typeof CniData>;

export const AddonData = z.strictObject({
  kind: z.enum(['mesh', 'ingress', 'dns']),
  id: Id.describe('Catalogue id'),
  mode: Id.describe('Catalogue mode id, or "default"'),
  name: Text,
  default: z.boolean().default(false),
  walk: z.enum(WALK_IDS).optional().describe('A walk with other steps (a waypoint adds a leg)'),
  aliases: z
    .array(z.string().regex(/^[a-z0-9-]+(:[a-z0-9-]+)?$/))
    .default([])
    .describe('Other catalogue ids or id:mode that mean this add-on'),
  vars: Vars.default({}),
  control: z.array(ControlStep).default([]),
  segments: Segments,
  notes: z.array(Note).default([]),
});
export type AddonData = z.infer<typeof AddonData>;

export const Step = z.strictObject({
  slot: z.string().regex(/^[a-z0-9-]+$/),
  /** Which provider fills the slot: the common segments, the proxy, the CNI, or an add-on. */
  from: z.enum(STEP_PROVIDERS),
  bind: z.record(z.string(), z.string()).default({}).describe('Role aliases for this step, e.g. {src-pod: server}'),
});
export type Step = z.infer<typeof Step>;

export const ScenarioData = z.strictObject({
  id: z.enum(WALK_IDS),
  scenario: z.enum(TRACE_SCENARIOS).describe('The user-facing scenario this walk belongs to'),
  title: Localized,
  summary: Localized,
  roles: z.record(z.string(), z.string()).describe('Role → address id of the example cluster'),
  crossNode: z.record(z.string(), z.string()).default({}).describe('Roles that move to the other node with --cross-node'),
  rolesByProxy: z.partialRecord(z.enum(PROXY_MODES), z.record(z.string(), z.string())).default({}),
  needs: z.array(z.enum(['proxy', 'mesh', 'ingress'])).default([]),
  control: z.array(ControlStep).default([]),
  request: z.array(Step).min(1),
  reply: z.array(Step).default([]),
  replyNote: Localized.optional(),
  notes: z.array(Note).default([]),
});
export type ScenarioData = z.infer<typeof ScenarioData>;

/** An address of the example cluster: a fixed IP, or an offset into the pod or Service CIDR. */
export const AddressData = z.strictObject({
  id: Id,
  label: Localized,
  ip: z.ipv4().optional(),
  ipOf: z.enum(['node-a', 'node-b']).optional().describe('The IP of this node'),
  podOffset: z.number().int().nonnegative().optional(),
  podBlockOffset: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("For nodes: an address inside the node's Pod subnet, as an offset into the Pod CIDR"),
  serviceOffset: z.number().int().nonnegative().optional(),
  node: z.enum(['node-a', 'node-b']).optional().describe('For Pods and nodes: which node'),
  port: z.number().int().min(1).max(65535).optional(),
  pod: z.boolean().default(false),
  service: z
    .strictObject({ namespace: Id, name: Id, portName: Id, protocol: z.enum(['tcp', 'udp']) })
    .optional()
    .describe('The Service this address belongs to (names kube-proxy chains after it)'),
  source: SourceUrl.optional(),
});
export type AddressData = z.infer<typeof AddressData>;

export const Default = z.strictObject({ value: Text, source: SourceUrl });

/** A fact that depends on the version or on a combination of options: an error, a warning or a note. */
export const VersionRule = z.strictObject({
  id: Id,
  proxy: z.enum(PROXY_MODES).optional(),
  scenario: z.enum(TRACE_SCENARIOS).optional(),
  walk: z.enum(WALK_IDS).optional(),
  policy: z.enum(TRAFFIC_POLICIES).optional(),
  crossNode: z.boolean().optional(),
  from: z
    .string()
    .regex(/^1\.\d+$/)
    .optional(),
  until: z
    .string()
    .regex(/^1\.\d+$/)
    .optional()
    .describe('Exclusive'),
  effect: z.enum(['error', 'warning', 'note']),
  text: Localized,
  source: SourceUrl,
});
export type VersionRule = z.infer<typeof VersionRule>;

/** A hop that only a walk of a real cluster shows: where the CNI checks policy (no NAT, no tunnel). */
export const PolicyHop = Hop.omit({ nat: true, encap: true, decap: true, connect: true });
export type PolicyHop = z.infer<typeof PolicyHop>;

const Slot = z.string().regex(/^[a-z0-9-]+$/);

/**
 * Where a CNI enforces NetworkPolicy on a walk (trace --cluster): the egress check after the last
 * request step of `after` (the source Pod's node), the ingress check before the last `before` step
 * (the destination Pod's node), and how the sender sees a denied packet. A CNI that enforces nothing
 * has only `none`: why the policies of the input have no effect.
 */
export const EnforcementData = z.strictObject({
  cni: Id.describe('CNI id of data/traces/cnis.yaml'),
  modes: z.array(Id).optional().describe('Only these modes (default: every mode of the CNI)'),
  name: Text.describe('What enforces, e.g. "Felix (iptables)"'),
  egress: z.strictObject({ after: z.array(Slot).min(1), hop: PolicyHop }).optional(),
  ingress: z.strictObject({ before: Slot, hop: PolicyHop }).optional(),
  denied: z.strictObject({ text: Localized, source: SourceUrl }).optional(),
  /** Enforcement that a setting must switch on; the binder reads that setting from the cluster. */
  requires: z.enum(['aws-network-policy-agent']).optional(),
  none: z.strictObject({ text: Localized, source: SourceUrl }).optional().describe('Templated with {policy.count}, {policy.cni}'),
});
export type EnforcementData = z.infer<typeof EnforcementData>;

/** How the data plane picks one endpoint of a Service (trace --cluster says it next to the endpoints). */
export const EndpointChoiceData = z.strictObject({
  proxy: z.enum(PROXY_MODES).optional(),
  cni: Id.optional().describe('With proxy: only for this CNI (eBPF: Cilium or Calico)'),
  mesh: Id.optional(),
  ingress: z.boolean().optional(),
  text: Localized,
  source: SourceUrl,
});
export type EndpointChoiceData = z.infer<typeof EndpointChoiceData>;

/** Where a mesh applies AuthorizationPolicy, and what a denied client sees. */
export const MeshAuthorizationData = z.strictObject({
  mesh: Id,
  modes: z.array(Id).min(1),
  slot: Slot.describe('The mesh slot whose first hop applies the policy'),
  scope: z.enum(['l4', 'l7']).describe('ztunnel enforces L4 attributes only; Envoy L4 and L7'),
  denied: z.strictObject({ text: Localized, source: SourceUrl }),
  source: SourceUrl.describe('The evaluation order (CUSTOM, DENY, ALLOW)'),
});
export type MeshAuthorizationData = z.infer<typeof MeshAuthorizationData>;

/** The documented default trace --cluster assumes when the input does not say (shown as "assumed"). */
export const AssumedDefault = z.strictObject({
  id: Id,
  value: Text,
  text: Localized,
  source: SourceUrl,
});
export type AssumedDefault = z.infer<typeof AssumedDefault>;

export const TracesFile = z.strictObject({
  $schema: z.string().optional(),
  cluster: z
    .strictObject({
      podCidr: Default,
      serviceCidr: Default,
      k8sVersion: Default,
      supportedVersions: z.strictObject({ from: z.string(), to: z.string(), source: SourceUrl }),
      vars: Vars.default({}),
      addresses: z.array(AddressData),
    })
    .optional(),
  versions: z.array(VersionRule).optional(),
  common: z.strictObject({ segments: Segments, control: z.array(ControlStep).default([]) }).optional(),
  scenarios: z.array(ScenarioData).optional(),
  proxies: z.array(ProxyData).optional(),
  cnis: z.array(CniData).optional(),
  addons: z.array(AddonData).optional(),
  enforcement: z.array(EnforcementData).optional(),
  endpointChoice: z.array(EndpointChoiceData).optional(),
  meshAuthorization: z.array(MeshAuthorizationData).optional(),
  assumed: z.array(AssumedDefault).optional(),
});

/** What the build writes to dist/traces.json and the trace command reads. */
export interface TraceData {
  cluster: NonNullable<z.infer<typeof TracesFile>['cluster']>;
  versions: VersionRule[];
  common: { segments: Record<string, Hop[]>; control: ControlStep[] };
  scenarios: ScenarioData[];
  proxies: ProxyData[];
  cnis: CniData[];
  addons: AddonData[];
  /** trace --cluster only (data/traces/cluster-walks.yaml). */
  enforcement: EnforcementData[];
  endpointChoice: EndpointChoiceData[];
  meshAuthorization: MeshAuthorizationData[];
  assumed: AssumedDefault[];
}
