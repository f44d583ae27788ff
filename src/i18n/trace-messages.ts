/**
 * The UI strings of `k8snet trace`, in both languages. `zh` is typed against `en`, so a key missing
 * from either fails the typecheck; a test checks that none is empty.
 */
import type { Lang } from '../catalogue/constants.ts';

const en = {
  title: 'Packet walk',
  stack: 'Stack',
  setting: 'Setting',
  value: 'Value',
  serviceProxy: 'Service proxy',
  pathProxy: 'Service proxy on this path',
  cni: 'CNI',
  mesh: 'Service mesh',
  ingress: 'Ingress / Gateway',
  dnsCache: 'DNS cache',
  k8sVersion: 'Kubernetes version',
  topology: 'Topology',
  sameNode: 'both Pods on node A',
  crossNode: 'across nodes (node A → node B)',
  crossSubnet: 'across nodes in different L3 subnets',
  externalTrafficPolicy: 'externalTrafficPolicy',
  cidrs: 'Pod / Service CIDR',
  addresses: 'Addresses',
  role: 'Role',
  address: 'Address',
  controlPlane: 'Control plane: programmed before any packet (not hops)',
  request: 'Request, hop by hop',
  reply: 'Reply, where it differs',
  hop: '#',
  where: 'Where',
  layer: 'Layer',
  whatHappens: 'Layer, component: what happens',
  packet: 'Resulting packet',
  host: 'host netns',
  outside: 'outside the cluster',
  loadBalancer: 'load balancer',
  pod: 'Pod',
  outer: 'outer',
  /** A colon and the space after it (none after a full-width colon). */
  colon: ': ',
  /** A name and what it stands for: a Pod and its address, a role. */
  parenthesized: '{name} ({detail})',
  /** After the inner packet: its outer header. */
  outerPacket: ' (outer: {src} → {dst}, {proto})',
  changedSrc: 'source rewritten',
  changedDst: 'destination rewritten',
  changedEncap: 'encapsulated',
  changedDecap: 'decapsulated',
  changedConnect: 'new connection',
  notes: 'Notes',
  warning: 'warning',
  sources: 'Sources',
  notAHop:
    'kube-proxy, the CNI agents and the mesh control plane appear only in the control plane: they program the kernel beforehand and forward no packet.',
  diagramControl: 'Control plane, before any packet',
  diagramRequest: 'Request',
  diagramReply: 'Reply',
  client: 'client',
  none: '—',
} as const;

export type TraceMessageKey = keyof typeof en;

const zh: Record<TraceMessageKey, string> = {
  title: '数据包路径',
  stack: '技术栈',
  setting: '设置',
  value: '取值',
  serviceProxy: '服务代理',
  pathProxy: '本路径上的服务代理',
  cni: 'CNI',
  mesh: '服务网格',
  ingress: 'Ingress / Gateway',
  dnsCache: 'DNS 缓存',
  k8sVersion: 'Kubernetes 版本',
  topology: '拓扑',
  sameNode: '两个 Pod 都在节点 A',
  crossNode: '跨节点（节点 A → 节点 B）',
  crossSubnet: '跨节点且位于不同三层子网',
  externalTrafficPolicy: 'externalTrafficPolicy',
  cidrs: 'Pod / Service CIDR',
  addresses: '地址',
  role: '角色',
  address: '地址',
  controlPlane: '控制面：在任何数据包之前完成编程（不是路径上的一跳）',
  request: '请求，逐跳',
  reply: '应答（与请求不同之处）',
  hop: '#',
  where: '位置',
  layer: '层',
  whatHappens: '层、组件：发生了什么',
  packet: '经过该跳后的数据包',
  host: '主机网络命名空间',
  outside: '集群外',
  loadBalancer: '负载均衡器',
  pod: 'Pod',
  outer: '外层',
  colon: '：',
  parenthesized: '{name}（{detail}）',
  outerPacket: '（外层：{src} → {dst}，{proto}）',
  changedSrc: '源地址被改写',
  changedDst: '目的地址被改写',
  changedEncap: '已封装',
  changedDecap: '已解封装',
  changedConnect: '新连接',
  notes: '说明',
  warning: '警告',
  sources: '来源',
  notAHop: 'kube-proxy、CNI 代理进程与网格控制面只出现在控制面中：它们预先为内核编程，本身不转发任何数据包。',
  diagramControl: '控制面（任何数据包之前）',
  diagramRequest: '请求',
  diagramReply: '应答',
  client: '客户端',
  none: '—',
};

const TABLES: Record<Lang, Record<TraceMessageKey, string>> = { en, zh };

export type TraceTranslator = (key: TraceMessageKey) => string;

export function traceTranslator(lang: Lang): TraceTranslator {
  const messages = TABLES[lang];
  return (key) => messages[key];
}

/** For the bilingual test. */
export const ALL_TRACE_MESSAGES = TABLES;
