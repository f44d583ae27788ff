/**
 * Every enumeration of the catalogue, once. commander's choices, the zod schemas, the docs and
 * the types all read these lists. Kept apart from schema.ts so the CLI's hot path never loads zod.
 */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export const ENTRY_TYPES = ['component', 'project'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** The roles a piece of Kubernetes networking plays (the seed document's columns and beyond). */
export const KIND_IDS = [
  'service-proxy',
  'cni-plugin',
  'cluster-dns',
  'ingress-controller',
  'gateway-api',
  'service-mesh',
  'service-load-balancer',
  'network-policy',
  'virtual-switch',
  'kernel-networking',
  'pod-application',
] as const;
export type KindId = (typeof KIND_IDS)[number];

export const LAYER_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;
export type LayerNumber = (typeof LAYER_NUMBERS)[number];

export const LAYER_ROLES = ['primary', 'partial'] as const;
export type LayerRole = (typeof LAYER_ROLES)[number];

export const STATUS_STATES = ['active', 'deprecated', 'retiring', 'archived'] as const;
export type StatusState = (typeof STATUS_STATES)[number];

export const MODE_STATUSES = ['default', 'stable', 'beta', 'alpha', 'deprecated', 'removed'] as const;
export type ModeStatus = (typeof MODE_STATUSES)[number];

/** The version milestones a mode records (`introduced: v1.29`, `ga: v1.33` …). */
export const MODE_MILESTONES = ['introduced', 'ga', 'deprecated', 'removed'] as const;
export type ModeMilestone = (typeof MODE_MILESTONES)[number];

export const RELATION_TYPES = ['depends-on', 'replaces', 'implements', 'works-with'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/**
 * Whether a CNI plugin (or add-on) enforces a policy API: fully, in part (a subset of the fields,
 * or only with an option), not at all (the objects are accepted by the API server and do nothing).
 * A plugin with no statement in the data has unknown support, said so, never guessed.
 */
export const POLICY_SUPPORT = ['enforced', 'partial', 'optional', 'none'] as const;
export type PolicySupportLevel = (typeof POLICY_SUPPORT)[number];

/** The policy APIs whose enforcement the catalogue records. */
export const POLICY_APIS = ['networkPolicy', 'adminNetworkPolicy', 'clusterNetworkPolicy'] as const;
export type PolicyApi = (typeof POLICY_APIS)[number];

/** The catalogue entry that explains each policy API (`k8snet explain networkpolicy`, `… clusternetworkpolicy`). */
export const POLICY_API_ENTRIES: Readonly<Record<PolicyApi, string>> = {
  networkPolicy: 'network-policy',
  adminNetworkPolicy: 'admin-network-policy',
  clusterNetworkPolicy: 'cluster-network-policy',
};

/** Comparison dimensions stored in data. `osi-layers` and `status` are derived, not stored. */
export const STORED_DIMENSION_IDS = [
  'main-function',
  'works-on',
  'runs-where',
  'implementation',
  'depends-on',
  'network-model',
  'data-plane',
  'control-plane',
  'network-policy',
  'encryption',
] as const;
export type StoredDimensionId = (typeof STORED_DIMENSION_IDS)[number];
export const DERIVED_DIMENSION_IDS = ['osi-layers', 'status'] as const;
export const DIMENSION_IDS = [...STORED_DIMENSION_IDS, ...DERIVED_DIMENSION_IDS] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];
