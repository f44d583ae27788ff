/**
 * The user-facing strings of `k8snet inspect`, in both languages. `zh` is typed against `en`'s keys,
 * so a key missing from either language fails the typecheck; a test checks that none is empty.
 * Detail values (modes, CIDRs, image tags) are read from the user's objects and not translated.
 */
import type { Lang } from '../catalogue/constants.ts';
import type { EnforcementReason, EnforcementState } from '../inspect/enforcement.ts';
import type { Concern, Confidence, DetailKey, Role, ValueNote } from '../inspect/findings.ts';
import { fillTemplate } from './template.ts';

const en = {
  title: 'Cluster network from {sources} · objects read: {objects}',
  stdin: 'stdin',
  kubectl: 'kubectl',
  findings: 'Findings by OSI layer',
  noFindings: 'No networking components found (no service proxy, CNI, DNS, ingress, Gateway API, mesh or load balancer).',
  colConcern: 'Concern · OSI',
  /** Between the items of a Details or Evidence cell. */
  itemSeparator: ';',
  colFinding: 'Finding',
  colDetails: 'Details',
  colEvidence: 'Evidence',
  colNamespace: 'Namespace',
  colServices: 'Services',
  colWorkloads: 'Workloads',
  colEntries: 'Ingress / routes',
  colPolicies: 'NetworkPolicies',
  topology: 'Topology',
  nodes: 'Nodes: {count}',
  nodesWithCidrs: 'Nodes: {count}; Pod CIDRs: {cidrs}',
  moreEvidence: '+{count} more',
  evidenceGroup: '{count} {kinds} {names}',
  confidenceText: '{level} confidence',
  unknownImplementation: 'unknown: {label}',
  unknownCni: 'unknown CNI ({label})',
  explainHint: 'Run "k8snet explain <id>" for any id in the Finding column.',
  namespaceFilter: 'Topology limited to namespace {namespace}.',
  // diagram
  diagramTitle: 'Cluster topology',
  external: 'External clients',
  nodesBox: '{count} Nodes',
  podCidrs: 'Pod CIDRs: {cidrs}',
  policiesBox: 'NetworkPolicies ({count})',
  detailText: '{label}: {value}',
  endpointsLabel: '{count} endpoints',
  podsLabel: '{count} Pods',
  replicasLabel: '{count} replicas',
  folded: 'Folded to stay readable (--max-nodes {max}): {what}',
  foldedNamespace: '{count} more in this namespace: {what}',
  foldedNamespaces: '{count} more namespaces: {what}',
  servicesCount: '{count} Services',
  workloadsCount: '{count} workloads',
  entriesCount: '{count} ingress/route objects',
  byNamespaceAndKind: 'one box per namespace and kind',
  kindCount: '{count} × {kind}',
  servicesByType: '{count} Services: {types}',
  emptyTopology: 'No Services, workloads, Ingress or routes in the input',
  missingService: 'Service {name}\n(not in the input)',
  // policy enforcement
  noEnforcer: 'no policy enforcer found',
  noneInInput: 'none in the input',
  enforcementLine: '{api}: {state}',
  enforcementWhy: '{line} ({why})',
  enforcementBy: '{line}: {enforcer}',
  enforcementOfCni: '{name} (the CNI found) · {line}',
  noCniForPolicies: 'no CNI found either: whether these policies are enforced is unknown',
  sinceVersion: 'since {version}',
  removedVersion: 'removed in {version}',
  versionList: '{first}, {second}',
} as const;

export type InspectMessageKey = keyof typeof en;
type InspectMessages = Record<InspectMessageKey, string>;

const zh: InspectMessages = {
  title: '集群网络：{sources} · 已读取对象 {objects} 个',
  stdin: '标准输入',
  kubectl: 'kubectl',
  findings: '按 OSI 层列出的发现',
  noFindings: '未发现网络组件（没有服务代理、CNI、DNS、Ingress、Gateway API、服务网格或负载均衡器）。',
  colConcern: '方面 · OSI',
  itemSeparator: '；',
  colFinding: '发现',
  colDetails: '详情',
  colEvidence: '证据',
  colNamespace: '命名空间',
  colServices: 'Service',
  colWorkloads: '工作负载',
  colEntries: 'Ingress / 路由',
  colPolicies: 'NetworkPolicy',
  topology: '拓扑',
  nodes: '节点：{count} 个',
  nodesWithCidrs: '节点：{count} 个；Pod CIDR：{cidrs}',
  moreEvidence: '另有 {count} 条',
  evidenceGroup: '{count} 个 {kinds} {names}',
  confidenceText: '置信度{level}',
  unknownImplementation: '未知：{label}',
  unknownCni: '未知 CNI（{label}）',
  explainHint: '对“发现”列中的任一 id 运行 "k8snet explain <id>" 查看说明。',
  namespaceFilter: '拓扑仅限命名空间 {namespace}。',
  diagramTitle: '集群拓扑',
  external: '外部客户端',
  nodesBox: '{count} 个节点',
  podCidrs: 'Pod CIDR：{cidrs}',
  policiesBox: 'NetworkPolicy（{count} 条）',
  detailText: '{label}：{value}',
  endpointsLabel: '{count} 个端点',
  podsLabel: '{count} 个 Pod',
  replicasLabel: '{count} 个副本',
  folded: '为保持可读已折叠（--max-nodes {max}）：{what}',
  foldedNamespace: '此命名空间另有 {count} 项：{what}',
  foldedNamespaces: '另有 {count} 个命名空间：{what}',
  servicesCount: '{count} 个 Service',
  workloadsCount: '{count} 个工作负载',
  entriesCount: '{count} 个 Ingress/路由对象',
  byNamespaceAndKind: '按命名空间和类型各画一个框',
  kindCount: '{count} 个 {kind}',
  servicesByType: '{count} 个 Service：{types}',
  emptyTopology: '输入中没有 Service、工作负载、Ingress 或路由',
  missingService: 'Service {name}\n（不在输入中）',
  noEnforcer: '未发现策略实施组件',
  noneInInput: '输入中没有',
  enforcementLine: '{api}：{state}',
  enforcementWhy: '{line}（{why}）',
  enforcementBy: '{line}：{enforcer}',
  enforcementOfCni: '{name}（发现的 CNI）· {line}',
  noCniForPolicies: '也未发现 CNI：无法判断这些策略是否被实施',
  sinceVersion: '自 {version} 起',
  removedVersion: '{version} 移除',
  versionList: '{first}，{second}',
};

const CONCERN_NAMES: Record<Lang, Record<Concern, string>> = {
  en: {
    'service-proxy': 'Service proxy',
    cni: 'CNI',
    dns: 'DNS',
    ingress: 'Ingress',
    'gateway-api': 'Gateway API',
    'service-mesh': 'Service mesh',
    'load-balancer': 'Load balancer',
    'network-policy': 'Network policy',
    'policy-enforcer': 'Policy enforcement',
  },
  zh: {
    'service-proxy': '服务代理',
    cni: 'CNI',
    dns: 'DNS',
    ingress: 'Ingress',
    'gateway-api': 'Gateway API',
    'service-mesh': '服务网格',
    'load-balancer': '负载均衡器',
    'network-policy': '网络策略',
    'policy-enforcer': '策略实施',
  },
};

const ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  en: {
    primary: 'in use',
    helper: 'helper, chained to the primary',
    replacement: 'replaces kube-proxy',
    'control-plane': 'control plane',
    'data-plane': 'data plane only',
    'config-only': 'configuration only, no workload in the input',
    disabled: 'installed, enforcement switched off',
    unknown: 'implementation unknown',
  },
  zh: {
    primary: '使用中',
    helper: '辅助插件，串联在主插件之后',
    replacement: '替代 kube-proxy',
    'control-plane': '控制平面',
    'data-plane': '仅数据平面',
    'config-only': '仅有配置，输入中没有其工作负载',
    disabled: '已安装，但策略实施已关闭',
    unknown: '实现未知',
  },
};

const CONFIDENCE_NAMES: Record<Lang, Record<Confidence, string>> = {
  en: { high: 'high', medium: 'medium', low: 'low' },
  zh: { high: '高', medium: '中', low: '低' },
};

const DETAIL_NAMES: Record<Lang, Record<DetailKey, string>> = {
  en: {
    mode: 'mode',
    backend: 'backend',
    encapsulation: 'encapsulation',
    routing: 'routing',
    tunnel: 'tunnel',
    bgp: 'BGP',
    dataplane: 'data plane',
    podCidr: 'Pod CIDR',
    serviceCidr: 'Service CIDR',
    joinCidr: 'join CIDR',
    ipam: 'IPAM',
    noSnat: 'noSNAT',
    proxyAll: 'proxyAll',
    replacesKubeProxy: 'replaces kube-proxy',
    version: 'version',
    serviceIp: 'DNS Service IP',
    localIp: 'local IP',
    upstreamService: 'upstream Service',
    domain: 'domain',
    controllerName: 'controller',
    ingressClass: 'IngressClass',
    gatewayClass: 'GatewayClass',
    gateways: 'Gateways',
    routes: 'routes',
    ingresses: 'Ingresses',
    sidecars: 'workloads with sidecars',
    nativeSidecars: 'native sidecars (initContainers)',
    injection: 'injection opt-ins',
    cniAgent: 'CNI node agent',
    addressPools: 'address pool',
    peers: 'BGP peers',
    loadBalancerServices: 'LoadBalancer Services',
    policies: 'policies',
    setting: 'setting',
  },
  zh: {
    mode: '模式',
    backend: '后端',
    encapsulation: '封装',
    routing: '路由',
    tunnel: '隧道',
    bgp: 'BGP',
    dataplane: '数据平面',
    podCidr: 'Pod CIDR',
    serviceCidr: 'Service CIDR',
    joinCidr: 'join CIDR',
    ipam: 'IPAM',
    noSnat: 'noSNAT',
    proxyAll: 'proxyAll',
    replacesKubeProxy: '替代 kube-proxy',
    version: '版本',
    serviceIp: 'DNS Service IP',
    localIp: '本地 IP',
    upstreamService: '上游 Service',
    domain: '域名',
    controllerName: '控制器',
    ingressClass: 'IngressClass',
    gatewayClass: 'GatewayClass',
    gateways: 'Gateway',
    routes: '路由',
    ingresses: 'Ingress',
    sidecars: '带边车的工作负载',
    nativeSidecars: '原生边车（initContainers）',
    injection: '注入开启',
    cniAgent: 'CNI 节点代理',
    addressPools: '地址池',
    peers: 'BGP 对端',
    loadBalancerServices: 'LoadBalancer 类型 Service',
    policies: '策略',
    setting: '设置',
  },
};

const VALUE_NOTE_NAMES: Record<Lang, Record<ValueNote, string>> = {
  en: {
    placeholder: '{value} is a template placeholder, not a value',
    unknown: 'unknown (no evidence in the input)',
    notSet: 'not set: the platform default applies',
    notStated: 'not stated in the input',
    byDefault: '{value} (the default: not set in the input)',
  },
  zh: {
    placeholder: '{value} 是模板占位符，不是实际值',
    unknown: '未知（输入中没有证据）',
    notSet: '未设置：使用平台默认值',
    notStated: '输入中未写明',
    byDefault: '{value}（默认值：输入中未设置）',
  },
};

const ENFORCEMENT_STATE_NAMES: Record<Lang, Record<EnforcementState, string>> = {
  en: { enforced: 'enforced', partial: 'partly enforced', off: 'switched off', 'not-enforced': 'not enforced', unknown: 'unknown' },
  zh: { enforced: '已实施', partial: '部分实施', off: '已关闭', 'not-enforced': '不实施', unknown: '未知' },
};

/** Why a policy API gets its state; {version} and {range} are filled in. */
const ENFORCEMENT_REASON_NAMES: Record<Lang, Record<EnforcementReason, string>> = {
  en: {
    input: 'by its setting',
    catalogue: 'as the catalogue states',
    version: 'not in {version}: {range}',
    'version-unknown': 'depends on the version ({range}), and the input shows no release',
    'setting-unknown': 'optional, and its setting is not in the input',
    'not-stated': 'no primary source states it',
  },
  zh: {
    input: '由其设置决定',
    catalogue: '据目录所载',
    version: '{version} 不支持：{range}',
    'version-unknown': '取决于版本（{range}），而输入中没有可识别的发布版本',
    'setting-unknown': '可选功能，输入中没有其设置',
    'not-stated': '没有一手资料说明',
  },
};

export interface InspectTranslator {
  readonly lang: Lang;
  t(key: InspectMessageKey, values?: Readonly<Record<string, string | number>>): string;
  concern(concern: Concern): string;
  role(role: Role): string;
  confidence(confidence: Confidence): string;
  detail(key: DetailKey): string;
  note(note: ValueNote, value: string): string;
  enforcementState(state: EnforcementState): string;
  enforcementReason(reason: EnforcementReason, values: Readonly<Record<string, string>>): string;
}

export function inspectTranslator(lang: Lang): InspectTranslator {
  const messages = lang === 'zh' ? zh : en;
  return {
    lang,
    t: (key, values = {}) => fillTemplate(messages[key], values),
    concern: (c) => CONCERN_NAMES[lang][c],
    role: (r) => ROLE_NAMES[lang][r],
    confidence: (c) => CONFIDENCE_NAMES[lang][c],
    detail: (k) => DETAIL_NAMES[lang][k],
    note: (n, value) => fillTemplate(VALUE_NOTE_NAMES[lang][n], { value }),
    enforcementState: (state) => ENFORCEMENT_STATE_NAMES[lang][state],
    enforcementReason: (reason, values) => fillTemplate(ENFORCEMENT_REASON_NAMES[lang][reason], values),
  };
}

/** For the bilingual test. */
export const ALL_INSPECT_MESSAGES = {
  messages: { en, zh },
  concerns: CONCERN_NAMES,
  roles: ROLE_NAMES,
  confidences: CONFIDENCE_NAMES,
  details: DETAIL_NAMES,
  notes: VALUE_NOTE_NAMES,
  enforcementStates: ENFORCEMENT_STATE_NAMES,
  enforcementReasons: ENFORCEMENT_REASON_NAMES,
};
