/**
 * `k8snet diagram service-flow`: a Pod reaching a ClusterIP Service, drawn correctly. The seed
 * document put kube-proxy on the packet path and had it query the API server per request; in fact
 * kube-proxy (or its replacement) watches Services and EndpointSlices ahead of time and programs the
 * node, and the kernel translates every packet, which the Pod network then carries.
 * https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { isIPv4 } from 'node:net';
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Lang } from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import { UsageError } from '../errors.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { formatIp, parseIp } from '../trace/ipv4.ts';
import { pick, shortNameOf } from '../views/localize.ts';
import { type ProxyMode, proxyModeFacts } from './facts.ts';
import type { DiagramTheme, SequenceView } from './model.ts';

export interface ServiceFlowOptions {
  lang: Lang;
  proxyMode?: ProxyMode;
  cni?: string;
  clusterIp?: string;
  backends?: number;
  theme?: DiagramTheme;
  title?: string;
}

/**
 * The example cluster that `trace` walks (data/traces/cluster.yaml), so both views tell one story:
 * my-svc is address 100 of the Service CIDR 10.96.0.0/12 (not 10.96.0.1, which kubeadm gives the
 * `kubernetes` API Service), and the backends are Pods from 10.244.2.7, the server Pod on node B.
 * test/unit/diagram.test.ts holds these to the trace data.
 */
export const SERVICE_FLOW_DEFAULTS = { proxyMode: 'iptables', clusterIp: '10.96.0.100', firstBackend: '10.244.2.7', backends: 3 } as const;
const MAX_BACKENDS = 254;

/** The backend Pod IPs: 10.244.2.7, .8, .9 … in the example Pod CIDR. */
export function backendIps(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BACKENDS) {
    throw new UsageError(`--backends must be a whole number from 1 to ${MAX_BACKENDS}`);
  }
  const first = parseIp(SERVICE_FLOW_DEFAULTS.firstBackend) ?? 0;
  return Array.from({ length: count }, (_, i) => formatIp(first + i));
}

export function listIps(ips: readonly string[]): string {
  return ips.length <= 3 ? ips.join(', ') : `${ips[0]} … ${ips[ips.length - 1]}`;
}

/** A CNI plugin from the catalogue, or undefined for the generic role. */
export function resolveCni(catalogue: Catalogue, name: string | undefined): Entry | undefined {
  if (name === undefined) return undefined;
  const entry = catalogue.resolve(name);
  if (entry.kind !== 'cni-plugin') throw new UsageError(`"${entry.id}" is not a CNI plugin (run "k8snet list --kind cni-plugin")`);
  return entry;
}

/** "Pod network (Flannel, VXLAN)": the plugin and its default data path, or the generic CNI role. */
export function podNetworkLabel(catalogue: Catalogue, cni: Entry | undefined, lang: Lang): { label: string; network: string } {
  const t = diagramTranslator(lang);
  if (!cni) {
    const generic = catalogue.find('cni');
    const name = generic ? shortNameOf(generic, lang) : 'CNI';
    return { label: `${t.t('podNetwork')} (${name})`, network: name };
  }
  const mode = cni.modes.find((m) => m.status === 'default');
  const network = mode ? `${shortNameOf(cni, lang)} ${pick(mode.name, lang)}` : shortNameOf(cni, lang);
  return { label: `${t.t('podNetwork')} (${network})`, network };
}

export function programmerName(catalogue: Catalogue, mode: ProxyMode, lang: Lang): string {
  const id = proxyModeFacts(mode).programmer;
  const entry = catalogue.find(id);
  return entry ? shortNameOf(entry, lang) : id;
}

export function checkModeAndCni(mode: ProxyMode, cni: Entry | undefined): void {
  if (mode === 'ebpf' && cni && cni.id !== 'cilium') {
    throw new UsageError("--proxy-mode ebpf draws Cilium's kube-proxy replacement; use --cni cilium or leave --cni out");
  }
}

export function buildServiceFlow(catalogue: Catalogue, options: ServiceFlowOptions): SequenceView {
  const { lang } = options;
  const t = diagramTranslator(lang);
  const mode = options.proxyMode ?? SERVICE_FLOW_DEFAULTS.proxyMode;
  const vip = options.clusterIp ?? SERVICE_FLOW_DEFAULTS.clusterIp;
  if (!isIPv4(vip)) throw new UsageError(`--cluster-ip must be an IPv4 address such as ${SERVICE_FLOW_DEFAULTS.clusterIp}, not "${vip}"`);
  const ips = backendIps(options.backends ?? SERVICE_FLOW_DEFAULTS.backends);
  const cni = resolveCni(catalogue, options.cni);
  checkModeAndCni(mode, cni);
  const facts = proxyModeFacts(mode);
  const programmer = programmerName(catalogue, mode, lang);
  // The endpoint the example connection lands on: the server Pod of the trace walks.
  const chosen = ips[0] ?? '';
  const network = podNetworkLabel(catalogue, cni, lang);
  return {
    view: 'diagram',
    type: 'sequence',
    kind: 'service-flow',
    lang,
    title: options.title ?? t.t('serviceFlowTitle'),
    caption: t.t('serviceFlowCaption'),
    ...(options.theme ? { theme: options.theme } : {}),
    participants: [
      { id: 'client', label: t.t('podClient') },
      { id: 'api-server', label: t.t('apiServer') },
      { id: 'proxy', label: programmer },
      { id: 'datapath', label: t.t('clientKernel', { datapath: pick(facts.datapath, lang) }) },
      { id: 'pod-network', label: network.label },
      { id: 'backends', label: `${t.t('backends')}\n${listIps(ips)}` },
    ],
    steps: [
      {
        type: 'rect',
        tone: 'control',
        steps: [
          { type: 'note', over: ['api-server', 'datapath'], text: t.t('controlPlaneNote') },
          { type: 'message', from: 'api-server', to: 'proxy', arrow: 'async', text: t.t('watchMessage', { vip, backends: listIps(ips) }) },
          { type: 'message', from: 'proxy', to: 'datapath', arrow: 'sync', text: pick(facts.rules, lang) },
        ],
      },
      {
        type: 'rect',
        tone: 'data',
        steps: [
          { type: 'note', over: ['client', 'backends'], text: t.t('dataPlaneNote') },
          { type: 'message', from: 'client', to: 'datapath', arrow: 'sync', text: t.t('sendMessage', { vip }) },
          { type: 'note', over: ['datapath'], text: `${pick(facts.choose, lang)}\n${t.t('chosenBackend', { backend: chosen })}` },
          { type: 'message', from: 'datapath', to: 'pod-network', arrow: 'sync', text: t.t('carryMessage', { backend: chosen }) },
          { type: 'message', from: 'pod-network', to: 'backends', arrow: 'sync', text: t.t('deliverMessage', { backend: chosen }) },
          { type: 'message', from: 'backends', to: 'pod-network', arrow: 'reply', text: t.t('replyMessage', { backend: chosen }) },
          { type: 'message', from: 'pod-network', to: 'datapath', arrow: 'reply', text: t.t('replyBack') },
          { type: 'note', over: ['datapath'], text: pick(facts.reverse, lang) },
          { type: 'message', from: 'datapath', to: 'client', arrow: 'reply', text: t.t('replyToClient', { vip }) },
        ],
      },
      { type: 'note', over: ['proxy'], text: t.t('notOnPath', { programmer }) },
    ],
  };
}
