/**
 * The user-facing strings of `k8snet reach`, in both languages. `zh` is typed against `en`'s keys,
 * so a key missing from either language fails the typecheck; a test checks that none is empty.
 * Names of workloads, policies, rules and ports are read from the input and never translated.
 */
import type { Lang } from '../catalogue/constants.ts';
import type { LintCode } from '../policy/lint.ts';
import type { PolicyWarningCode } from '../policy/warnings.ts';
import { fillTemplate } from './template.ts';

const en = {
  title: 'Who can reach whom: {sources}',
  summary:
    'Workloads: {workloads} · namespaces: {namespaces} · distinct by namespace, labels and ports: {classes} · policies: {policies} · external address ranges: {ranges}.',
  noPolicies: 'no policies',
  manyFiles: '{first} … ({count} files)',
  stdin: 'stdin',
  connectionsHeading: 'Allowed connections ({count})',
  noConnections: 'No connection is allowed between any two peers.',
  noWorkloads: 'The input has no workloads (Pods, Deployments, StatefulSets …).',
  focusNote: 'Only the connections of {peer} (--focus).',
  colFrom: 'From',
  colTo: 'To',
  colConnections: 'Allowed connections',
  allConnections: 'all',
  // one pair
  pairTitle: '{source} → {destination}{port}: {verdict}',
  onPort: ' on {port}',
  verdictAllowed: 'allowed',
  verdictDenied: 'denied',
  allowedPart: 'Allowed between the two: {conns}.',
  nothingAllowed: 'Nothing is allowed between the two.',
  viaService: 'Through Service {service} port {servicePort} → target port {target} on {workload}.',
  serviceNoTarget: 'Service {service} port {servicePort}: its target port {target} is not a port of {workload}.',
  egressHeading: 'Egress of {peer}: {verdict}',
  ingressHeading: 'Ingress to {peer}: {verdict}',
  exposedBy: 'The ingress controller reaches {peer} only on what {via} expose: {conns}.',
  notExposed: 'No Ingress or Route exposes {peer}: the ingress controller does not reach it.',
  // decisions
  decisionAllow: '{policy}{priority}, {direction} rule {rule}: allows {conns}',
  decisionDeny: '{policy}{priority}, {direction} rule {rule}: denies {conns}',
  decisionPassAdmin: '{policy}{priority}, {direction} rule {rule}: passes {conns} on to NetworkPolicy',
  decisionPassBaseline: '{policy}{priority}, {direction} rule {rule}: passes {conns} on to the default (allow)',
  decisionNoneRule: '{policy} selects the Pod; {direction} rule {rule} admits the peer but not these ports: {conns} denied',
  decisionNone: '{policy} selects the Pod and no {direction} rule admits the peer: {conns} denied',
  decisionDefault: 'no policy decides {conns}: allowed by default',
  decisionDefaultAll: 'no policy applies: all traffic is allowed by default',
  allTraffic: 'all traffic',
  priority: ' (priority {priority})',
  layerAdmin: 'admin tier',
  layerNetworkPolicy: 'NetworkPolicy',
  layerBaseline: 'baseline tier',
  layerDefault: 'default',
  directionIngress: 'ingress',
  directionEgress: 'egress',
  // exposure
  exposureHeading: 'What can be reached from outside the cluster, from any namespace, or from the ingress controller',
  colWorkload: 'Workload',
  colFromOutside: 'From outside the cluster',
  colFromAnyNamespace: 'From a Pod of any namespace',
  colFromIngress: 'From the ingress controller',
  notReachable: '—',
  someRanges: '{conns} (from {ranges})',
  exposureNote:
    '"From a Pod of any namespace" is what a Pod that no selector names, in a namespace no selector names, may open; "from outside" is what some address outside the cluster may open.',
  // enforcement
  enforcementHeading: 'Enforcement by the data plane',
  colApi: 'Policy API',
  colComponent: 'Detected component',
  colEnforced: 'Enforced?',
  colEnforcer: 'Enforced by',
  colSource: 'Source',
  apiNetworkPolicy: 'NetworkPolicy',
  apiAdminNetworkPolicy: 'AdminNetworkPolicy / BaselineAdminNetworkPolicy',
  apiClusterNetworkPolicy: 'ClusterNetworkPolicy',
  supportEnforced: 'yes',
  supportPartial: 'partly',
  supportOptional: 'only when enabled',
  supportNone: 'no',
  supportUnknown: 'unknown',
  unknownInCatalogue: 'the catalogue does not say whether {component} enforces {api}',
  noCni:
    'no CNI plugin was found in the input, so whether anything enforces these policies is unknown (give the CNI’s manifests, or use --kubectl)',
  overallEnforced: '{api}: enforced ({by}).',
  overallNone:
    '{api}: NOT enforced by the detected data plane ({components}): the verdicts above are what the policies say, not what the network does.',
  overallUnknown: '{api}: enforcement unknown.',
  // lint
  findingsHeading: 'Findings',
  noFindings: 'No policy mistakes found.',
  'lint.policySelectsNothing': '{policy} selects no Pod of the input (subject: {subject}).',
  'lint.peerMatchesNothing': '{policy}, {direction} rule {rule}: the peer ({peer}) matches no Pod of the input.',
  'lint.namedPortMissing':
    '{policy}, {direction} rule {rule}: named port "{port}" is not a container port of {workloads}, so the rule admits nothing there.',
  'lint.namedPortProtocol':
    '{policy}, {direction} rule {rule}: named port "{port}" is {protocol} in the rule but {actual} on {workloads}, so it does not match there.',
  'lint.dnsBlocked':
    '{workloads} cannot reach the cluster DNS ({dns}) on UDP 53: every name lookup fails. Allow egress to the DNS Pods on port 53 (UDP and TCP).',
  'lint.dnsAssumed': ' (No DNS Service in the input: CoreDNS Pods labelled k8s-app=kube-dns in kube-system are assumed.)',
  'lint.ipBlockOverlapsCluster':
    '{policy}, {direction} rule {rule}: ipBlock {cidr} overlaps the {kind} CIDR {clusterCidr}. ipBlock is meant for addresses outside the cluster: select Pods by label instead.',
  // warnings (stderr)
  'warn.unknownApiVersion': '{kind} {name}: apiVersion {apiVersion} is not evaluated (reach evaluates {known}).',
  'warn.otherPolicyApi': '{kind} {name} ({apiVersion}) is a {owner} policy: not evaluated, so its effect is not shown.',
  'warn.duplicatePolicy': '{where} appears twice; the first is used.',
  'warn.invalidSelector':
    '{where}: invalid label selector {why} (operators: In, NotIn with values; Exists, DoesNotExist without); it selects nothing.',
  'warn.invalidCidr': '{where}: "{cidr}" is not a CIDR; it matches nothing.',
  'warn.emptyPeer': '{where}: a peer with none of podSelector, namespaceSelector and ipBlock matches nothing.',
  'warn.unknownPolicyType': '{where}: policyType "{type}" is not Ingress or Egress.',
  'warn.unknownProtocol': '{where}: protocol "{protocol}" is not TCP, UDP or SCTP; the port is skipped.',
  'warn.badPortRange': '{where}: endPort {endPort} is below port {port}; the range is empty.',
  'warn.endPortWithName': '{where}: endPort cannot go with the named port "{port}"; only the named port is used.',
  'warn.badPort': '{where}: a port entry that is not understood is skipped.',
  'warn.unknownTier': '{where}: tier "{tier}" is not Admin or Baseline; the policy is not evaluated.',
  'warn.badPriority': '{where}: priority "{priority}" is not a number from 0 to 1000.',
  'warn.baselineName': '{where}: the API accepts a BaselineAdminNetworkPolicy only named "default".',
  'warn.multipleBaselines': 'more than one BaselineAdminNetworkPolicy: the API allows only one.',
  'warn.samePriority':
    '{first} and {second} have the same priority {priority}: which applies first is up to the implementation; reach takes them by kind and name.',
  'warn.mixedAdminApis': 'both {kinds} are in the input: their relative order is up to the implementation; reach takes them by priority.',
  'warn.noSubject': '{where}: no subject (namespaces or pods); the policy selects nothing.',
  'warn.unknownAction': '{where}: action "{action}" is not one of {allowed}; the rule is skipped.',
  'warn.unknownPeer': '{where}: a peer with {fields} is not understood and matches nothing.',
  'warn.nodesPeer': '{where}: nodes peers are not evaluated ({action} to Node IPs is not shown).',
  'warn.domainNamesPeer': '{where}: domainNames peers are not evaluated ({action} to those names is not shown).',
  'warn.networksAlsoPods':
    '{where}: networks also match Pod addresses inside them in a real cluster; reach applies them to addresses outside the cluster only.',
  'warn.labelGap': 'the Pods of {workload} differ in labels ({pod} among them); the labels of its first Pod decide here.',
  'warn.hostNetwork': '{workload} uses the host network: NetworkPolicy behaviour for it is undefined, and admin policies exclude it.',
  // diagram
  diagramTitle: 'Allowed connections',
  externalNode: 'outside the cluster\n{ranges}',
  ingressControllerNode: 'ingress controller',
  foldedWorkloads: '{count} more workloads',
  foldedNote: 'Folded to stay readable (--max-nodes {max}): {what}',
  foldedEdges: '{count} edges not drawn',
  noEdges: 'No allowed connection to draw',
} as const;

export type ReachMessageKey = keyof typeof en;
type ReachMessages = Record<ReachMessageKey, string>;

const zh: ReachMessages = {
  title: '谁能访问谁：{sources}',
  summary:
    '工作负载：{workloads} 个 · 命名空间：{namespaces} 个 · 按命名空间、标签和端口区分：{classes} 类 · 策略：{policies} · 外部地址段：{ranges} 个。',
  noPolicies: '无策略',
  manyFiles: '{first} 等 {count} 个文件',
  stdin: '标准输入',
  connectionsHeading: '允许的连接（{count} 条）',
  noConnections: '任意两个对端之间都不允许连接。',
  noWorkloads: '输入中没有工作负载（Pod、Deployment、StatefulSet 等）。',
  focusNote: '只列出 {peer} 的连接（--focus）。',
  colFrom: '源',
  colTo: '目的',
  colConnections: '允许的连接',
  allConnections: '全部',
  pairTitle: '{source} → {destination}{port}：{verdict}',
  onPort: '，端口 {port}',
  verdictAllowed: '允许',
  verdictDenied: '拒绝',
  allowedPart: '两者之间允许：{conns}。',
  nothingAllowed: '两者之间什么都不允许。',
  viaService: '经 Service {service} 端口 {servicePort} → {workload} 的目标端口 {target}。',
  serviceNoTarget: 'Service {service} 端口 {servicePort}：其目标端口 {target} 不是 {workload} 的端口。',
  egressHeading: '{peer} 的出站（egress）：{verdict}',
  ingressHeading: '{peer} 的入站（ingress）：{verdict}',
  exposedBy: 'Ingress 控制器只能经 {via} 暴露的端口访问 {peer}：{conns}。',
  notExposed: '没有 Ingress 或 Route 暴露 {peer}：Ingress 控制器访问不到它。',
  decisionAllow: '{policy}{priority}，{direction} 规则 {rule}：允许 {conns}',
  decisionDeny: '{policy}{priority}，{direction} 规则 {rule}：拒绝 {conns}',
  decisionPassAdmin: '{policy}{priority}，{direction} 规则 {rule}：把 {conns} 交给 NetworkPolicy 决定（Pass）',
  decisionPassBaseline: '{policy}{priority}，{direction} 规则 {rule}：把 {conns} 交给默认规则（允许）（Pass）',
  decisionNoneRule: '{policy} 选中了该 Pod；{direction} 规则 {rule} 匹配对端但不含这些端口：{conns} 被拒绝',
  decisionNone: '{policy} 选中了该 Pod，但没有 {direction} 规则匹配对端：{conns} 被拒绝',
  decisionDefault: '没有策略对 {conns} 作出决定：默认允许',
  decisionDefaultAll: '没有适用的策略：默认允许所有流量',
  allTraffic: '所有流量',
  priority: '（优先级 {priority}）',
  layerAdmin: '管理员层',
  layerNetworkPolicy: 'NetworkPolicy',
  layerBaseline: '基线层',
  layerDefault: '默认',
  directionIngress: '入站',
  directionEgress: '出站',
  exposureHeading: '从集群外、从任意命名空间、从 Ingress 控制器能访问到什么',
  colWorkload: '工作负载',
  colFromOutside: '从集群外',
  colFromAnyNamespace: '从任意命名空间的 Pod',
  colFromIngress: '从 Ingress 控制器',
  notReachable: '—',
  someRanges: '{conns}（来自 {ranges}）',
  exposureNote:
    '“从任意命名空间的 Pod”指一个不被任何选择器选中、所在命名空间也不被选中的 Pod 可以发起的连接；“从集群外”指集群外某个地址可以发起的连接。',
  enforcementHeading: '数据平面是否执行这些策略',
  colApi: '策略 API',
  colComponent: '检测到的组件',
  colEnforced: '是否执行',
  colEnforcer: '执行者',
  colSource: '来源',
  apiNetworkPolicy: 'NetworkPolicy',
  apiAdminNetworkPolicy: 'AdminNetworkPolicy / BaselineAdminNetworkPolicy',
  apiClusterNetworkPolicy: 'ClusterNetworkPolicy',
  supportEnforced: '是',
  supportPartial: '部分',
  supportOptional: '需要开启',
  supportNone: '否',
  supportUnknown: '未知',
  unknownInCatalogue: '目录中没有记载 {component} 是否执行 {api}',
  noCni: '输入中没有找到 CNI 插件，因此无法知道是否有组件执行这些策略（请提供 CNI 的清单，或使用 --kubectl）',
  overallEnforced: '{api}：会被执行（{by}）。',
  overallNone: '{api}：检测到的数据平面（{components}）不执行它：上面的结论只是策略本身的含义，而不是网络的实际行为。',
  overallUnknown: '{api}：是否执行未知。',
  findingsHeading: '发现的问题',
  noFindings: '没有发现策略错误。',
  'lint.policySelectsNothing': '{policy} 没有选中输入中的任何 Pod（选择范围：{subject}）。',
  'lint.peerMatchesNothing': '{policy} 的 {direction} 规则 {rule}：对端（{peer}）不匹配输入中的任何 Pod。',
  'lint.namedPortMissing':
    '{policy} 的 {direction} 规则 {rule}：命名端口“{port}”不是 {workloads} 的容器端口，因此该规则在那里什么都不放行。',
  'lint.namedPortProtocol':
    '{policy} 的 {direction} 规则 {rule}：命名端口“{port}”在规则中是 {protocol}，在 {workloads} 上却是 {actual}，因此在那里不匹配。',
  'lint.dnsBlocked':
    '{workloads} 无法通过 UDP 53 访问集群 DNS（{dns}）：所有域名解析都会失败。请放行到 DNS Pod 的 53 端口（UDP 和 TCP）的出站流量。',
  'lint.dnsAssumed': '（输入中没有 DNS Service：假定为 kube-system 中带 k8s-app=kube-dns 标签的 CoreDNS Pod。）',
  'lint.ipBlockOverlapsCluster':
    '{policy} 的 {direction} 规则 {rule}：ipBlock {cidr} 与 {kind} CIDR {clusterCidr} 重叠。ipBlock 用于集群外的地址：请改用标签选择 Pod。',
  'warn.unknownApiVersion': '{kind} {name}：不评估 apiVersion {apiVersion}（reach 评估 {known}）。',
  'warn.otherPolicyApi': '{kind} {name}（{apiVersion}）是 {owner} 自己的策略：不评估，其效果不会显示。',
  'warn.duplicatePolicy': '{where} 出现了两次；使用第一个。',
  'warn.invalidSelector': '{where}：无效的标签选择器 {why}（In、NotIn 需要 values；Exists、DoesNotExist 不带 values）；它什么都不选中。',
  'warn.invalidCidr': '{where}：“{cidr}”不是 CIDR；它什么都不匹配。',
  'warn.emptyPeer': '{where}：podSelector、namespaceSelector、ipBlock 都没有的对端什么都不匹配。',
  'warn.unknownPolicyType': '{where}：policyType“{type}”既不是 Ingress 也不是 Egress。',
  'warn.unknownProtocol': '{where}：协议“{protocol}”不是 TCP、UDP 或 SCTP；跳过该端口。',
  'warn.badPortRange': '{where}：endPort {endPort} 小于 port {port}；范围为空。',
  'warn.endPortWithName': '{where}：endPort 不能与命名端口“{port}”一起使用；只使用命名端口。',
  'warn.badPort': '{where}：跳过一个无法理解的端口条目。',
  'warn.unknownTier': '{where}：tier“{tier}”既不是 Admin 也不是 Baseline；不评估该策略。',
  'warn.badPriority': '{where}：priority“{priority}”不是 0 到 1000 之间的数字。',
  'warn.baselineName': '{where}：API 只接受名为“default”的 BaselineAdminNetworkPolicy。',
  'warn.multipleBaselines': 'BaselineAdminNetworkPolicy 不止一个：API 只允许一个。',
  'warn.samePriority': '{first} 与 {second} 的优先级都是 {priority}：先应用哪一个由实现决定；reach 按类型和名称排序。',
  'warn.mixedAdminApis': '输入中同时有 {kinds}：它们之间的先后由实现决定；reach 按优先级排序。',
  'warn.noSubject': '{where}：没有 subject（namespaces 或 pods）；该策略什么都不选中。',
  'warn.unknownAction': '{where}：action“{action}”不在 {allowed} 之中；跳过该规则。',
  'warn.unknownPeer': '{where}：含 {fields} 的对端无法理解，什么都不匹配。',
  'warn.nodesPeer': '{where}：不评估 nodes 对端（不显示它对节点 IP 的 {action}）。',
  'warn.domainNamesPeer': '{where}：不评估 domainNames 对端（不显示它对这些域名的 {action}）。',
  'warn.networksAlsoPods': '{where}：在真实集群中，networks 也会匹配落在其中的 Pod 地址；reach 只把它用于集群外的地址。',
  'warn.labelGap': '{workload} 的各个 Pod 标签不同（其中有 {pod}）；这里以它第一个 Pod 的标签为准。',
  'warn.hostNetwork': '{workload} 使用主机网络：NetworkPolicy 对它的行为未定义，管理员策略也不包括它。',
  diagramTitle: '允许的连接',
  externalNode: '集群外\n{ranges}',
  ingressControllerNode: 'Ingress 控制器',
  foldedWorkloads: '另有 {count} 个工作负载',
  foldedNote: '为保持可读已折叠（--max-nodes {max}）：{what}',
  foldedEdges: '{count} 条边未画出',
  noEdges: '没有可画的允许连接',
};

export interface ReachTranslator {
  readonly lang: Lang;
  t(key: ReachMessageKey, values?: Readonly<Record<string, string | number>>): string;
  lint(code: LintCode, values: Readonly<Record<string, string | number>>): string;
  warning(code: PolicyWarningCode, values: Readonly<Record<string, string | number>>): string;
}

export function reachTranslator(lang: Lang): ReachTranslator {
  const messages = lang === 'zh' ? zh : en;
  return {
    lang,
    t: (key, values = {}) => fillTemplate(messages[key], values),
    lint: (code, values) => fillTemplate(messages[`lint.${code}`], values),
    warning: (code, values) => fillTemplate(messages[`warn.${code}`], values),
  };
}

/** For the bilingual test. */
export const ALL_REACH_MESSAGES = { en, zh };
