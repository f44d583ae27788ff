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

  const groups: GraphGroup[] = [
    { id: 'cluster', label: t.t('cluster') },
    { id: 'control-plane', label: t.t('controlPlaneNode'), parent: 'cluster' },
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
    groups.push({ id: worker, label: t.t('workerNode', { n: w }), parent: 'cluster' });
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
    edges.push(
      { from: id('kubelet'), to: id('runtime'), label: t.t('runPodEdge'), style: 'solid' },
      { from: id('runtime'), to: id('cni'), label: pick(facts.podNetworkSetup.call, lang), style: 'solid' },
      { from: id('proxy'), to: 'api-server', label: t.t('watchEdge'), style: 'dotted' },
      { from: id('proxy'), to: id('rules'), label: t.t('programEdge'), style: 'solid' },
    );
    for (let p = 1; p <= pods; p++) {
      const n = (w - 1) * pods + p;
      nodes.push({
        id: id(`pod-${p}`),
        label: t.t('pod', { n, ip: `192.168.${w}.${p}` }),
        group: worker,
        shape: 'round',
        className: 'pod',
      });
      edges.push(
        { from: id('cni'), to: id(`pod-${p}`), label: t.t('podNetworkEdge'), style: 'dotted' },
        { from: id('rules'), to: id(`pod-${p}`), label: t.t('serviceLbEdge'), style: 'solid' },
      );
    }
  }
  for (let w = 1; w < workers; w++) {
    edges.push({
      from: `worker-${w}/pod-1`,
      to: `worker-${w + 1}/pod-1`,
      label: t.t('crossNodeEdge', { network: network.network }),
      style: 'thick',
    });
  }
  return {
    view: 'diagram',
    type: 'flowchart',
    kind: 'deployment',
    lang,
    title: options.title ?? t.t('deploymentTitle'),
    caption: t.t('deploymentCaption'),
    direction: options.direction ?? 'TD',
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
