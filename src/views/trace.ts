/**
 * `k8snet trace <scenario>`: the view model of one packet walk (what `--format json` prints), its
 * document for table/markdown, and its Mermaid sequence diagram with the control plane apart.
 */
import type { Lang } from '../catalogue/constants.ts';
import type { Localized } from '../catalogue/schema.ts';
import type { TraceTranslator } from '../i18n/trace-messages.ts';
import { type Participant, SequenceDiagram } from '../mermaid/index.ts';
import { fillTemplate } from '../i18n/template.ts';
import type { Document, Rich } from '../renderers/document.ts';
import type { Change, CompiledHop, CompiledWalk, Endpoint, Packet } from '../trace/compile.ts';
import { formatEndpoint } from '../trace/compile.ts';
import type { TraceScenario, WalkId } from '../trace/constants.ts';
import { SourceList } from './localize.ts';
import {
  type ClusterView,
  type ClusterViewInput,
  clusterSettingsBlock,
  clusterView,
  endpointsBlocks,
  type PolicyView,
  policyView,
} from './trace-cluster.ts';

export interface PacketView {
  src: string;
  dst: string;
  outer: { src: string; dst: string; proto: string } | null;
}

export interface TraceHopView {
  n: number;
  direction: 'request' | 'reply';
  node: string;
  netns: string;
  device: string;
  component: string;
  layer: string;
  mechanism: string;
  before: PacketView;
  after: PacketView;
  changes: Change[];
  source: number;
  /** trace --cluster: the verdict at a hop that enforces policy. */
  policy?: PolicyView;
}

export interface TraceView {
  view: 'trace';
  lang: Lang;
  scenario: TraceScenario;
  walk: WalkId;
  title: string;
  summary: string;
  stack: {
    proxy: { id: string; name: string };
    /** Who handles this walk's Service traffic when the chosen proxy leaves it to kube-proxy. */
    pathProxy: { id: string; name: string } | null;
    cni: { id: string; mode: string; name: string };
    mesh: { id: string; mode: string; name: string } | null;
    ingress: { id: string; name: string } | null;
    dnsCache: { id: string; name: string } | null;
    k8sVersion: string;
    crossNode: boolean;
    crossSubnet: boolean;
    externalTrafficPolicy: string | null;
    podCidr: string;
    serviceCidr: string;
  };
  addresses: {
    role: string;
    name: string;
    address: string;
    node: string | null;
    /** trace --cluster: not read from the input (the whole address, or only the port). */
    example?: 'address' | 'port';
  }[];
  control: { n: number; actor: string; target: string; action: string; source: number }[];
  hops: TraceHopView[];
  replyNote: string | null;
  /** source is null for a note that is about the input itself (an override, an example). */
  notes: { level: 'warning' | 'note'; text: string; source: number | null }[];
  sources: { n: number; url: string }[];
  /** trace --cluster: where the settings came from, the endpoints, how the walk ended. */
  cluster?: ClusterView;
}

const pick = (text: Localized, lang: Lang): string => text[lang];

function packetView(p: Packet): PacketView {
  return { src: formatEndpoint(p.src), dst: formatEndpoint(p.dst), outer: p.outer };
}

export function buildTraceView(walk: CompiledWalk, lang: Lang, t: TraceTranslator, cluster?: ClusterViewInput): TraceView {
  const sources = new SourceList();
  const nodeName = new Map<string, string>();
  for (const n of walk.nodes) nodeName.set(n.id, pick(n.label, lang));
  for (const r of walk.roles) if (r.node && r.address.id === r.node) nodeName.set(r.node, pick(r.address.label, lang));
  const nodeLabel = (hop: CompiledHop): string => {
    if (hop.place === 'outside') return t('outside');
    if (hop.place === 'load-balancer') return t('loadBalancer');
    return (
      nodeName.get(hop.place) ?? (lang === 'zh' ? `节点 ${hop.place.slice(-1).toUpperCase()}` : `node ${hop.place.slice(-1).toUpperCase()}`)
    );
  };
  const labelOf = (addressId: string | null): string => {
    const role = walk.roles.find((r) => r.address.id === addressId);
    return role ? pick(role.address.label, lang) : (addressId ?? '');
  };
  const netnsLabel = (hop: CompiledHop): string => {
    if (hop.netns.kind === 'host') return t('host');
    if (hop.netns.kind === 'outside') return t('none');
    return fillTemplate(t('parenthesized'), { name: labelOf(hop.netns.role), detail: hop.netns.address ?? '' });
  };
  const control = walk.control.map((c, i) => ({
    n: i + 1,
    actor: pick(c.actor, lang),
    target: pick(c.target, lang),
    action: pick(c.action, lang),
    source: sources.ref(c.source),
  }));
  const hops = walk.hops.map(
    (hop, i): TraceHopView => ({
      n: i + 1,
      direction: hop.direction,
      node: nodeLabel(hop),
      netns: netnsLabel(hop),
      device: hop.device,
      component: pick(hop.component, lang),
      layer: `L${hop.layer}`,
      mechanism: pick(hop.what, lang),
      before: packetView(hop.before),
      after: packetView(hop.after),
      changes: hop.changes,
      source: sources.ref(hop.source),
      ...(hop.policy ? { policy: policyView(hop.policy, lang, t, String(cluster?.policyCount ?? 0)) } : {}),
    }),
  );
  const { stack } = walk;
  const notes = walk.notes.map((n) => ({
    level: n.effect === 'warning' ? ('warning' as const) : ('note' as const),
    text: pick(n.text, lang),
    source: n.source ? sources.ref(n.source) : null,
  }));
  notes.sort((a, b) => (a.level === b.level ? 0 : a.level === 'warning' ? -1 : 1));
  const clusterPart = cluster ? clusterView(walk, cluster, lang, t, sources) : undefined;
  return {
    view: 'trace',
    lang,
    scenario: walk.scenario,
    walk: walk.walk,
    title: pick(walk.title, lang),
    summary: pick(walk.summary, lang),
    stack: {
      proxy: { id: stack.proxy.id, name: stack.proxy.name },
      pathProxy: stack.pathProxy ? { id: stack.pathProxy.id, name: stack.pathProxy.name } : null,
      cni: { id: stack.cni.id, mode: stack.cni.mode, name: stack.cni.name },
      mesh: stack.mesh ? { id: stack.mesh.id, mode: stack.mesh.mode, name: stack.mesh.name } : null,
      ingress: stack.ingress ? { id: stack.ingress.id, name: stack.ingress.name } : null,
      dnsCache: stack.dns ? { id: stack.dns.id, name: stack.dns.name } : null,
      k8sVersion: stack.k8sVersion,
      crossNode: stack.crossNode,
      crossSubnet: stack.crossSubnet,
      externalTrafficPolicy: stack.externalTrafficPolicy === null ? null : stack.externalTrafficPolicy === 'local' ? 'Local' : 'Cluster',
      podCidr: stack.podCidr,
      serviceCidr: stack.serviceCidr,
    },
    addresses: walk.roles.map((r) => ({
      role: r.role,
      name: pick(r.address.label, lang),
      address: formatEndpoint(r.endpoint as Endpoint),
      node: r.node,
      ...(r.address.example ? { example: r.address.example } : {}),
    })),
    control,
    hops,
    replyNote: walk.scenarioData.replyNote ? pick(walk.scenarioData.replyNote, lang) : null,
    notes,
    ...(clusterPart ? { cluster: clusterPart } : {}),
    sources: sources.toArray(),
  };
}

const CHANGE_KEYS = {
  src: 'changedSrc',
  dst: 'changedDst',
  encap: 'changedEncap',
  decap: 'changedDecap',
  connect: 'changedConnect',
} as const;

function packetCell(hop: TraceHopView, t: TraceTranslator): Rich {
  const parts: Rich[] = [`${hop.after.src} → ${hop.after.dst}`];
  if (hop.after.outer) parts.push(fillTemplate(t('outerPacket'), hop.after.outer));
  if (hop.changes.length > 0) parts.push({ strong: `\n${hop.changes.map((c) => t(CHANGE_KEYS[c])).join(', ')}` });
  return parts.flat() as Rich;
}

function hopTable(hops: readonly TraceHopView[], t: TraceTranslator): Document[number] {
  return {
    type: 'table',
    wide: true,
    columns: [t('hop'), t('where'), t('whatHappens'), t('packet')],
    rows: hops.map((h) => [
      String(h.n),
      `${h.node} · ${h.netns} · ${h.device}`,
      [
        { strong: `${h.layer} ${h.component}` },
        `${t('colon').trimEnd()}\n${h.mechanism} [${h.source}]`,
        ...(h.policy ? [{ strong: `\n${h.policy.summary}` }, ...h.policy.reasons.map((r) => `\n• ${r}`)] : []),
      ],
      packetCell(h, t),
    ]),
  };
}

export function traceDocument(view: TraceView, t: TraceTranslator): Document {
  const s = view.stack;
  const stackRows: [string, string][] = [
    [t('serviceProxy'), `${s.proxy.name} (--proxy ${s.proxy.id})`],
    ...(s.pathProxy ? [[t('pathProxy'), s.pathProxy.name] as [string, string]] : []),
    [t('cni'), `${s.cni.name} (--cni ${s.cni.id}:${s.cni.mode})`],
  ];
  if (s.mesh) stackRows.push([t('mesh'), s.mesh.name]);
  if (s.ingress) stackRows.push([t('ingress'), s.ingress.name]);
  if (s.dnsCache) stackRows.push([t('dnsCache'), s.dnsCache.name]);
  stackRows.push([t('k8sVersion'), s.k8sVersion]);
  stackRows.push([t('topology'), s.crossSubnet ? t('crossSubnet') : s.crossNode ? t('crossNode') : t('sameNode')]);
  if (s.externalTrafficPolicy) stackRows.push([t('externalTrafficPolicy'), s.externalTrafficPolicy]);
  stackRows.push([t('cidrs'), `${s.podCidr} / ${s.serviceCidr}`]);
  const c = view.cluster;
  const exampleMark = (a: TraceView['addresses'][number]): string =>
    a.example === 'address' ? ` (${t('example')})` : a.example === 'port' ? ` (${t('examplePort')})` : '';
  const doc: Document[number][] = [
    { type: 'heading', level: 1, text: `${t('title')}: ${view.title}` },
    { type: 'paragraph', text: view.summary },
    ...(c
      ? [
          { type: 'paragraph' as const, text: fillTemplate(t('objectsRead'), { sources: c.sources.join(', '), count: c.objects }) },
          clusterSettingsBlock(c, t),
        ]
      : [{ type: 'table' as const, columns: [t('setting'), t('value')], rows: stackRows }]),
    {
      type: 'table',
      columns: [t('role'), t('address')],
      rows: view.addresses.map((a) => [
        fillTemplate(t('parenthesized'), { name: a.name, detail: a.role }),
        `${a.address}${exampleMark(a)}`,
      ]),
    },
    ...(c?.endpoints ? endpointsBlocks(c.endpoints, t) : []),
    { type: 'heading', level: 2, text: t('controlPlane') },
    {
      type: 'list',
      ordered: true,
      items: view.control.map((c): Rich => [{ strong: c.actor }, ` → ${c.target}${t('colon')}${c.action} [${c.source}]`]),
    },
    { type: 'heading', level: 2, text: t('request') },
    hopTable(
      view.hops.filter((h) => h.direction === 'request'),
      t,
    ),
    ...(c?.outcome
      ? [
          { type: 'heading' as const, level: 2 as const, text: t('outcome') },
          {
            type: 'paragraph' as const,
            text: [{ strong: fillTemplate(t('outcomeText'), { hop: c.outcome.hop }) }, ` ${c.outcome.text} [${c.outcome.source}]`] as Rich,
          },
        ]
      : []),
  ];
  const reply = view.hops.filter((h) => h.direction === 'reply');
  if (reply.length > 0 || view.replyNote) {
    doc.push({ type: 'heading', level: 2, text: t('reply') });
    if (view.replyNote) doc.push({ type: 'paragraph', text: view.replyNote });
    if (reply.length > 0) doc.push(hopTable(reply, t));
  }
  if (view.notes.length > 0) {
    doc.push({ type: 'heading', level: 2, text: t('notes') });
    doc.push({
      type: 'list',
      items: view.notes.map((n): Rich => {
        const body = `${n.text}${n.source !== null ? ` [${n.source}]` : ''}`;
        return n.level === 'warning' ? [{ strong: `${t('warning')}${t('colon')}` }, body] : body;
      }),
    });
  }
  doc.push({ type: 'heading', level: 2, text: t('sources') });
  doc.push({ type: 'list', items: view.sources.map((src): Rich => [`[${src.n}] `, { link: src.url }]) });
  doc.push({ type: 'note', text: t('notAHop') });
  return doc;
}

/** The walk as a sequence diagram: one participant per place (node · netns), the control plane in its own box. */
export function traceSequence(view: TraceView, t: TraceTranslator): SequenceDiagram {
  const diagram = new SequenceDiagram({ title: `${t('title')}: ${view.title}`, autonumber: false });
  const participants = new Map<string, Participant>();
  const keyOf = (h: TraceHopView): string => (h.netns === t('none') ? h.node : `${h.node} · ${h.netns}`);
  for (const hop of view.hops) {
    const key = keyOf(hop);
    if (!participants.has(key))
      participants.set(key, diagram.participant(key, { actor: hop.netns === t('none') && participants.size === 0 }));
  }
  const all = [...participants.values()];
  const first = all[0];
  const last = all[all.length - 1];
  if (!first || !last) return diagram;
  const span = first === last ? [first] : [first, last];
  if (view.control.length > 0) {
    diagram.rect('control', (box) => {
      box.note(span, t('diagramControl'));
      for (const c of view.control) box.note(span, `${c.actor} → ${c.target}: ${c.action}`);
    });
  }
  const drawHops = (hops: readonly TraceHopView[], colour: 'data' | 'neutral', caption: string): void => {
    if (hops.length === 0) return;
    diagram.rect(colour, (box) => {
      box.note(span, caption);
      let previous: Participant | undefined;
      for (const hop of hops) {
        const here = participants.get(keyOf(hop)) as Participant;
        const text = `${hop.n}. ${hop.device} · ${hop.component} (${hop.layer})\n${hop.after.src} → ${hop.after.dst}${hop.after.outer ? `\n${t('outer')} ${hop.after.outer.src} → ${hop.after.outer.dst} ${hop.after.outer.proto}` : ''}${hop.policy ? `\n${hop.policy.state === 'denied' ? '✗' : hop.policy.state === 'allowed' || hop.policy.state === 'no-policies' ? '✓' : '?'} ${hop.policy.summary}` : ''}`;
        box.message(previous ?? here, here, text, hop.direction === 'reply' ? 'reply' : 'sync');
        previous = here;
        if (view.cluster?.outcome && view.cluster.outcome.hop === hop.n) box.note([here], `✗ ${view.cluster.outcome.text}`);
      }
    });
  };
  drawHops(
    view.hops.filter((h) => h.direction === 'request'),
    'data',
    t('diagramRequest'),
  );
  drawHops(
    view.hops.filter((h) => h.direction === 'reply'),
    'neutral',
    t('diagramReply'),
  );
  return diagram;
}
