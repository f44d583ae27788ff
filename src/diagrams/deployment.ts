/**
 * `k8snet diagram deployment`: the control-plane node and N worker nodes, each with kubelet, the
 * container runtime (which runs the CNI plugin since v1.24), kube-proxy (or its replacement), the
 * kernel rules it programs and the Pods; Service load balancing, Pod network configuration and
 * cross-node Pod-to-Pod edges.
 * https://kubernetes.io/docs/concepts/overview/components/
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Lang } from '../catalogue/constants.ts';
import { UsageError } from '../errors.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import type { FlowDirection } from '../mermaid/index.ts';
import { pick, shortNameOf } from '../views/localize.ts';
import { DIAGRAM_FACTS, type ProxyMode, proxyModeFacts } from './facts.ts';
import type { DiagramTheme, GraphDiagram, GraphEdge, GraphGroup, GraphNode } from './model.ts';
import { checkModeAndCni, podNetworkLabel, programmerName, resolveCni } from './service-flow.ts';

export interface DeploymentOptions {
  lang: Lang;
  workers?: number;
  podsPerNode?: number;
  cni?: string;
  proxyMode?: ProxyMode;
  direction?: FlowDirection;
  theme?: DiagramTheme;
  title?: string;
}

export const DEPLOYMENT_DEFAULTS = { workers: 2, podsPerNode: 2, proxyMode: 'iptables' } as const;
/** Enough to show the pattern; more only adds edges towards Mermaid's limit. */
const MAX_WORKERS = 8;
const MAX_PODS = 8;

function count(value: number | undefined, fallback: number, max: number, flag: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}`);
  return n;
}

export function buildDeployment(catalogue: Catalogue, options: DeploymentOptions): GraphDiagram {
  const { lang } = options;
  const t = diagramTranslator(lang);
  const workers = count(options.workers, DEPLOYMENT_DEFAULTS.workers, MAX_WORKERS, '--workers');
  const pods = count(options.podsPerNode, DEPLOYMENT_DEFAULTS.podsPerNode, MAX_PODS, '--pods-per-node');
  const mode = options.proxyMode ?? DEPLOYMENT_DEFAULTS.proxyMode;
  const cni = resolveCni(catalogue, options.cni);
  checkModeAndCni(mode, cni);
  const network = podNetworkLabel(catalogue, cni, lang);
  const generic = catalogue.find('cni');
  const cniName = cni ? shortNameOf(cni, lang) : generic ? shortNameOf(generic, lang) : 'CNI';
  const facts = DIAGRAM_FACTS;

  const direction = options.direction ?? 'TD';
  // The Pod network is drawn as the box around the workers (one network that every Pod on every
  // node is on), not as Pod-to-Pod edges: a chain of those pushed each worker a rank down, and
  // lines to one shared node pushed the second row of workers aside.
  const groups: GraphGroup[] = [
    { id: 'cluster', label: t.t('cluster'), direction },
    { id: 'control-plane', label: t.t('controlPlaneNode'), parent: 'cluster' },
    { id: 'pod-network', label: t.t('crossNodeEdge', { network: network.network }), parent: 'cluster', direction: 'TD' },
  ];
  const nodes: GraphNode[] = facts.controlPlane.components.map((c) => ({
    id: c.id,
    label: pick(c.name, lang),
    group: 'control-plane',
    shape: c.id === 'etcd' ? 'cylinder' : 'rect',
    className: 'control',
  }));
  const edges: GraphEdge[] = [
    { from: 'api-server', to: 'etcd', label: t.t('storesEdge'), style: 'solid' },
    { from: 'controller-manager', to: 'api-server', style: 'line' },
    { from: 'scheduler', to: 'api-server', style: 'line' },
  ];
  for (let w = 1; w <= workers; w++) {
    const worker = `worker-${w}`;
    const id = (part: string): string => `${worker}/${part}`;
    // Mermaid lays sibling subgraphs out right to left: listed last to first, worker 1 is on the left.
    groups.splice(3, 0, { id: worker, label: t.t('workerNode', { n: w }), parent: 'pod-network' });
    nodes.push(
      { id: id('kubelet'), label: t.t('kubelet'), group: worker, className: 'agent' },
      { id: id('runtime'), label: pick(facts.podNetworkSetup.caller, lang), group: worker, className: 'agent' },
      { id: id('proxy'), label: programmerName(catalogue, mode, lang), group: worker, className: 'proxy' },
      { id: id('cni'), label: cniName, group: worker, className: 'cni' },
      {
        id: id('rules'),
        label: t.t('kernelRules', { datapath: pick(proxyModeFacts(mode).datapath, lang) }),
        group: worker,
        shape: 'hexagon',
        className: 'kernel',
      },
    );
    // The API server streams Services and EndpointSlices to each kube-proxy (a watch): drawn from
    // the API server, so that the control plane sits above (or before) the workers.
    edges.push(
      // Labelled once: the same watch for every worker, and long labelled edges widen the picture.
      { from: 'api-server', to: id('proxy'), ...(w === 1 ? { label: t.t('watchEdge') } : {}), style: 'dotted' },
      { from: id('kubelet'), to: id('runtime'), label: t.t('runPodEdge'), style: 'solid' },
      { from: id('runtime'), to: id('cni'), label: pick(facts.podNetworkSetup.call, lang), style: 'solid' },
      { from: id('proxy'), to: id('rules'), label: t.t('programEdge'), style: 'solid' },
      // One edge to the worker's Pods, not one per Pod: the same for each of them.
      { from: id('cni'), to: id('pods'), label: t.t('podNetworkEdge'), style: 'dotted' },
      { from: id('rules'), to: id('pods'), label: t.t('serviceLbEdge'), style: 'solid' },
    );
    // The worker's Pods in one box, a line each: one box with two edges instead of two per Pod
    // (and, unlike a subgraph, a box the layout keeps in its place). Worker w holds 10.244.w.0/24
    // of the example Pod CIDR, as node A and node B do in `trace` (data/traces/cluster.yaml); its
    // first Pods are .5 and .6, the trace's client and server Pods.
    const podLines = Array.from({ length: pods }, (_, i) => t.t('pod', { n: (w - 1) * pods + i + 1, ip: `10.244.${w}.${i + 5}` }));
    nodes.push({ id: id('pods'), label: [t.t('podsGroup'), ...podLines].join('\n'), group: worker, shape: 'round', className: 'pod' });
  }
  // The control plane above the first row of workers.
  for (let w = 1; w <= Math.min(2, workers); w++) {
    for (const top of ['kubelet', 'proxy']) edges.push({ from: 'etcd', to: `worker-${w}/${top}`, style: 'invisible' });
  }
  // Two workers a row: an invisible edge puts worker w+2 below worker w, so that four or eight
  // workers make a grid rather than a row too wide to read.
  for (let w = 1; w + 2 <= workers; w++) {
    for (const top of ['kubelet', 'proxy']) edges.push({ from: `worker-${w}/pods`, to: `worker-${w + 2}/${top}`, style: 'invisible' });
  }
  return {
    view: 'diagram',
    type: 'flowchart',
    kind: 'deployment',
    lang,
    title: options.title ?? t.t('deploymentTitle'),
    caption: t.t('deploymentCaption'),
    direction,
    spacing: { node: 30, rank: 40 },
    wrap: { node: 20, edge: 16 },
    ...(options.theme ? { theme: options.theme } : {}),
    groups,
    nodes,
    edges,
    classes: [
      { name: 'control', style: { fill: '#eef2ff', stroke: '#4f46e5' } },
      { name: 'agent', style: { fill: '#f5f5f5', stroke: '#666' } },
      { name: 'proxy', style: { fill: '#fff1e6', stroke: '#c2410c' } },
      { name: 'cni', style: { fill: '#e8f5e9', stroke: '#2e7d32' } },
      { name: 'kernel', style: { fill: '#fffbea', stroke: '#a16207' } },
      { name: 'pod', style: { fill: '#e6f3ff', stroke: '#0066cc' } },
    ],
    legend: pick(facts.podNetworkSetup.note, lang),
  };
}
