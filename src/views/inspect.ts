/**
 * `k8snet inspect`: the view model (findings by OSI layer with evidence, the topology, and the
 * plan of what the diagram draws and folds), its Document for table/markdown, and the topology
 * flowchart (external entry → ingress/gateway → Services → workloads, grouped by namespace).
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Lang } from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import type { Evidence } from '../cluster/objects.ts';
import type { InspectTranslator } from '../i18n/inspect-messages.ts';
import { translator } from '../i18n/messages.ts';
import { type ApiEnforcement, assessEnforcement } from '../inspect/enforcement.ts';
import type { Concern, Confidence, DetailKey, Finding, Role, ValueNote } from '../inspect/findings.ts';
import type { InspectResult } from '../inspect/inspect.ts';
import { filterTopology, type TopoEntry, type Topology, type TopoService, type TopoWorkload } from '../inspect/topology.ts';
import { Flowchart, type FlowScope, type NodeRef } from '../mermaid/index.ts';
import type { Document, Rich } from '../renderers/document.ts';
import { formatLayers } from './list.ts';
import { pick } from './localize.ts';

/** Mermaid refuses more than 500 edges by default (maxEdges); keep well below. */
export const MAX_EDGES = 400;

import { DEFAULT_MAX_NODES } from '../inspect/defaults.ts';

export { DEFAULT_MAX_NODES } from '../inspect/defaults.ts';

export interface InspectFindingView {
  concern: Concern;
  concernName: string;
  id: string;
  name: string;
  role: Role;
  roleName: string;
  /** OSI layers from the catalogue entry: "L3 L4 (L7)" (parentheses: partly). */
  layers: string;
  lowestLayer: number;
  confidence: Confidence;
  details: { key: DetailKey; label: string; value: string; note?: ValueNote; text: string }[];
  evidence: Evidence[];
  explain: string;
  /**
   * policy-enforcer findings: what each policy API gets, from the catalogue's facts and the input's
   * switches; for "no enforcer found", what each CNI found does with them, per the catalogue.
   */
  enforcement?: EnforcementView[];
}

export interface EnforcementView {
  /** The catalogue entry the verdicts are about (the enforcer, or a CNI found). */
  id: string;
  name: string;
  /** True when this is the CNI found, not an enforcer found (the finding says none was). */
  cni: boolean;
  apis: (ApiEnforcement & { apiName: string; enforcer: string | null; text: string })[];
}

export interface DiagramPlan {
  maxNodes: number;
  /**
   * `detail`: every drawn object its own box. `summary`, when the topology has more objects than
   * maxNodes: one box per namespace and kind (Services by type, workloads by kind), namespaces two
   * abreast, so that a cluster of thousands of objects is still one readable picture.
   */
  mode: 'detail' | 'summary';
  /** Keys of what is drawn: `svc:ns/name`, `wl:<workload key>`, `entry:Kind/ns/name`. */
  drawn: string[];
  folded: { namespaces: number; services: number; workloads: number; entries: number; edges: number };
}

export interface InspectView {
  view: 'inspect';
  lang: Lang;
  sources: string[];
  objects: number;
  kinds: { kind: string; count: number }[];
  namespace: string | null;
  findings: InspectFindingView[];
  topology: Topology;
  diagram: DiagramPlan;
}

export interface InspectViewOptions {
  sources: readonly string[];
  namespace?: string;
  maxNodes?: number;
}

export function buildInspectView(
  catalogue: Catalogue,
  result: InspectResult,
  t: InspectTranslator,
  options: InspectViewOptions,
): InspectView {
  const lang = t.lang;
  const findings = result.findings.map((f): InspectFindingView => {
    const entry = catalogue.find(f.id);
    const layers = entry ? [...entry.layers].sort((a, b) => a.layer - b.layer) : [];
    const catalogueName = entry ? pick(entry.name, lang) : f.id;
    const name =
      f.concern === 'policy-enforcer' && f.role === 'unknown'
        ? t.t('noEnforcer')
        : f.role === 'unknown' && f.label
          ? f.concern === 'cni'
            ? t.t('unknownCni', { label: f.label })
            : t.t('unknownImplementation', { label: f.label })
          : catalogueName;
    return {
      concern: f.concern,
      concernName: t.concern(f.concern),
      id: entry?.id ?? f.id,
      name,
      role: f.role,
      roleName: f.concern === 'policy-enforcer' && f.role === 'unknown' ? t.t('noneInInput') : t.role(f.role),
      layers: formatLayers(layers),
      lowestLayer: layers.find((l) => l.role === 'primary')?.layer ?? layers[0]?.layer ?? 8,
      confidence: f.confidence,
      details: f.details.map((d) => ({
        key: d.key,
        label: t.detail(d.key),
        value: d.value,
        ...(d.note ? { note: d.note } : {}),
        text: t.t('detailText', { label: t.detail(d.key), value: d.note ? t.note(d.note, d.value) : d.value }),
      })),
      evidence: f.evidence,
      explain: `k8snet explain ${entry?.id ?? f.id}`,
      ...(f.concern === 'policy-enforcer' ? { enforcement: enforcementViews(catalogue, result.findings, f, t) } : {}),
    };
  });
  // By OSI layer (lowest primary layer), then by the order the detectors report.
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.lowestLayer - b.f.lowestLayer || a.i - b.i)
    .map(({ f }) => f);
  const topology = options.namespace ? filterTopology(result.topology, options.namespace) : result.topology;
  return {
    view: 'inspect',
    lang,
    sources: [...options.sources],
    objects: result.objects,
    kinds: result.kinds,
    namespace: options.namespace ?? null,
    findings: ordered,
    topology,
    diagram: planDiagram(topology, options.maxNodes ?? DEFAULT_MAX_NODES),
  };
}

/** The enforcer's verdicts, or, when the input has policies and no enforcer, what each CNI found does with them. */
function enforcementViews(catalogue: Catalogue, findings: readonly Finding[], finding: Finding, t: InspectTranslator): EnforcementView[] {
  const of = (entry: Entry, basis: Finding, cni: boolean): EnforcementView => ({
    id: entry.id,
    name: pick(entry.name, t.lang),
    cni,
    apis: assessEnforcement(entry.policy, basis).map((a) => {
      const stated = entry.policy?.[a.api];
      const enforcer = stated?.enforcer ? pick(stated.enforcer, t.lang) : null;
      return { ...a, apiName: translator(t.lang).policyApi(a.api), enforcer, text: enforcementText(a, stated, enforcer, t) };
    }),
  });
  if (finding.role !== 'unknown') {
    const entry = catalogue.find(finding.id);
    return entry ? [of(entry, finding, false)] : [];
  }
  return findings
    .filter((f) => f.concern === 'cni' && f.role !== 'helper' && f.role !== 'unknown')
    .flatMap((f) => {
      const entry = catalogue.find(f.id);
      return entry ? [of(entry, f, true)] : [];
    });
}

function enforcementText(
  a: ApiEnforcement,
  stated: { since?: string | undefined; removed?: string | undefined } | undefined,
  enforcer: string | null,
  t: InspectTranslator,
): string {
  let line = t.t('enforcementLine', { api: translator(t.lang).policyApi(a.api), state: t.enforcementState(a.state) });
  if ((a.state === 'enforced' || a.state === 'partial') && enforcer) line = t.t('enforcementBy', { line, enforcer });
  if (a.reason === 'catalogue' && a.state !== 'not-enforced') return line;
  const versions = [
    stated?.since ? t.t('sinceVersion', { version: stated.since }) : '',
    stated?.removed ? t.t('removedVersion', { version: stated.removed }) : '',
  ].filter(Boolean);
  const range = versions.length === 2 ? t.t('versionList', { first: versions[0] ?? '', second: versions[1] ?? '' }) : (versions[0] ?? '');
  return t.t('enforcementWhy', { line, why: t.enforcementReason(a.reason, { version: a.version ?? '', range }) });
}

/** The lines a finding's Details cell shows for its enforcement. */
function enforcementLines(f: InspectFindingView, t: InspectTranslator): string[] {
  if (!f.enforcement) return [];
  if (f.role === 'unknown' && f.enforcement.length === 0) return [t.t('noCniForPolicies')];
  return f.enforcement.flatMap((e) => e.apis.map((a) => (e.cni ? t.t('enforcementOfCni', { name: e.name, line: a.text }) : a.text)));
}

const svcKey = (s: TopoService) => `svc:${s.namespace}/${s.name}`;
const wlKey = (w: TopoWorkload) => `wl:${w.key}`;
const entryKey = (e: TopoEntry) => `entry:${e.kind}/${e.namespace}/${e.name}`;

/**
 * What the diagram draws within maxNodes: namespaces with an entry point first, then by name; in
 * each, ingress/gateway objects, the Services they route to, externally reachable Services, other
 * Services, then the workloads of drawn Services and the rest. Everything else is counted as folded.
 */
export function planDiagram(topology: Topology, maxNodes: number): DiagramPlan {
  const objects = topology.entries.length + topology.services.length + topology.workloads.length;
  if (objects > maxNodes) return planSummary(topology, maxNodes);
  const drawn: string[] = [];
  const folded = { namespaces: 0, services: 0, workloads: 0, entries: 0, edges: 0 };
  const hasEntry = new Set(topology.entries.map((e) => e.namespace));
  const namespaces = [...topology.namespaces].sort(
    (a, b) => Number(hasEntry.has(b)) - Number(hasEntry.has(a)) || (a < b ? -1 : a > b ? 1 : 0),
  );
  let budget = maxNodes;
  for (const ns of namespaces) {
    const entries = topology.entries.filter((e) => e.namespace === ns);
    const services = topology.services.filter((s) => s.namespace === ns);
    const workloads = topology.workloads.filter((w) => w.namespace === ns);
    if (budget <= 0) {
      folded.namespaces++;
      folded.entries += entries.length;
      folded.services += services.length;
      folded.workloads += workloads.length;
      continue;
    }
    const routed = new Set(entries.flatMap((e) => e.backends.map((b) => b.service)));
    const rank = (s: TopoService) => (routed.has(s.name) ? 0 : s.type === 'LoadBalancer' || s.type === 'NodePort' ? 1 : 2);
    const orderedServices = [...services].sort((a, b) => rank(a) - rank(b));
    const take: string[] = [];
    const pick = (key: string) => {
      if (budget > 0) {
        take.push(key);
        budget--;
        return true;
      }
      return false;
    };
    for (const e of entries) if (!pick(entryKey(e))) folded.entries++;
    // Each Service with the workloads it selects, so what is drawn stays connected.
    const taken = new Set<string>();
    for (const s of orderedServices) {
      if (!pick(svcKey(s))) {
        folded.services++;
        continue;
      }
      for (const key of s.workloads) if (!taken.has(key) && budget > 0 && pick(`wl:${key}`)) taken.add(key);
    }
    for (const w of workloads) if (!taken.has(w.key) && !pick(wlKey(w))) folded.workloads++;
    drawn.push(...take);
  }
  return { maxNodes, mode: 'detail', drawn, folded };
}

/** The boxes one namespace takes in the summary: its kinds of entries and workloads, its Services, its policies. */
function summaryBoxes(topology: Topology, ns: string): number {
  const kinds = (list: readonly { namespace: string; kind: string }[]) =>
    new Set(list.filter((x) => x.namespace === ns).map((x) => x.kind)).size;
  const has = (list: readonly { namespace: string }[]) => (list.some((x) => x.namespace === ns) ? 1 : 0);
  return kinds(topology.entries) + kinds(topology.workloads) + has(topology.services) + has(topology.policies);
}

/** Namespaces (`ns:<name>`) in the order planDiagram draws them, as many as maxNodes boxes hold. */
function planSummary(topology: Topology, maxNodes: number): DiagramPlan {
  const hasEntry = new Set(topology.entries.map((e) => e.namespace));
  const namespaces = [...topology.namespaces].sort(
    (a, b) => Number(hasEntry.has(b)) - Number(hasEntry.has(a)) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const drawn: string[] = [];
  const folded = { namespaces: 0, services: 0, workloads: 0, entries: 0, edges: 0 };
  let budget = maxNodes;
  for (const ns of namespaces) {
    const boxes = summaryBoxes(topology, ns);
    if (drawn.length > 0 && boxes > budget) {
      budget = 0;
      folded.namespaces++;
      folded.entries += topology.entries.filter((e) => e.namespace === ns).length;
      folded.services += topology.services.filter((e) => e.namespace === ns).length;
      folded.workloads += topology.workloads.filter((e) => e.namespace === ns).length;
      continue;
    }
    budget -= boxes;
    drawn.push(`ns:${ns}`);
  }
  return { maxNodes, mode: 'summary', drawn, folded };
}

function foldedText(view: InspectView, t: InspectTranslator): string | undefined {
  const f = view.diagram.folded;
  const parts: string[] = [];
  if (f.namespaces > 0) parts.push(t.t('foldedNamespaces', { count: f.namespaces, what: '' }).replace(/[:：]\s*$/, ''));
  if (f.entries > 0) parts.push(t.t('entriesCount', { count: f.entries }));
  if (f.services > 0) parts.push(t.t('servicesCount', { count: f.services }));
  if (f.workloads > 0) parts.push(t.t('workloadsCount', { count: f.workloads }));
  if (f.edges > 0) parts.push(`${f.edges} edges`);
  return parts.length > 0 ? t.t('folded', { max: view.diagram.maxNodes, what: parts.join(', ') }) : undefined;
}

/** `{count} × {kind}` for each kind in a list, most first. */
function byKind(list: readonly { kind: string }[], t: InspectTranslator): string[] {
  const counts = new Map<string, number>();
  for (const x of list) counts.set(x.kind, (counts.get(x.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([kind, count]) => t.t('kindCount', { count, kind }));
}

/** The summary picture: a box per namespace and kind, with the edges between them. */
function summaryFlowchart(view: InspectView, t: InspectTranslator): Flowchart {
  const chart = new Flowchart({ direction: 'TD', title: t.t('diagramTitle'), spacing: { node: 20, rank: 30 }, wrap: { node: 22 } });
  const { topology } = view;
  const namespaces = view.diagram.drawn.map((key) => key.slice(3));
  // A grid of namespaces, each drawn left to right: an edge that draws nothing from the last box
  // of one namespace to the first of the namespace a row below keeps them in rows.
  const columns = namespaces.length > 12 ? 3 : 2;
  const groups = new Map<string, NodeRef>();
  const edges: { from: NodeRef; to: NodeRef }[] = [];
  // Declared last to first: Mermaid lays sibling subgraphs out right to left.
  for (const ns of [...namespaces].reverse()) {
    const entries = topology.entries.filter((e) => e.namespace === ns);
    const services = topology.services.filter((s) => s.namespace === ns);
    const workloads = topology.workloads.filter((w) => w.namespace === ns);
    const policies = topology.policies.filter((p) => p.namespace === ns);
    const boxes: NodeRef[] = [];
    const group = chart.subgraph(
      `namespace ${ns}`,
      (scope: FlowScope) => {
        const entryBoxes = new Map<string, NodeRef>();
        for (const kind of new Set(entries.map((e) => e.kind))) {
          const count = entries.filter((e) => e.kind === kind).length;
          entryBoxes.set(kind, scope.node(t.t('kindCount', { count, kind }), { shape: 'hexagon', className: 'entry' }));
        }
        // Service types (LoadBalancer, NodePort) say what is reachable from outside.
        const types = byKind(
          services.map((s) => ({ kind: s.type })),
          t,
        ).join(', ');
        const svc =
          services.length > 0
            ? scope.node(t.t('servicesByType', { count: services.length, types }), { shape: 'round', className: 'svc' })
            : undefined;
        const workloadBoxes = new Map<string, NodeRef>();
        for (const kind of new Set(workloads.map((w) => w.kind))) {
          const ofKind = workloads.filter((w) => w.kind === kind);
          const pods = ofKind.reduce((n, w) => n + (w.replicas ?? w.pods), 0);
          const label = `${t.t('kindCount', { count: ofKind.length, kind })}${pods > 0 ? `\n${t.t('podsLabel', { count: pods })}` : ''}`;
          workloadBoxes.set(kind, scope.node(label, { className: 'wl' }));
        }
        const policy =
          policies.length > 0
            ? scope.node(t.t('policiesBox', { count: policies.length }), { shape: 'subroutine', className: 'policy' })
            : undefined;
        for (const [kind, box] of entryBoxes)
          if (svc && entries.some((e) => e.kind === kind && e.backends.length > 0)) edges.push({ from: box, to: svc });
        if (svc) {
          const selected = new Set(services.flatMap((s) => s.workloads));
          for (const [kind, box] of workloadBoxes) {
            if (workloads.some((w) => w.kind === kind && selected.has(w.key))) edges.push({ from: svc, to: box });
          }
        }
        boxes.push(...entryBoxes.values(), ...(svc ? [svc] : []), ...workloadBoxes.values(), ...(policy ? [policy] : []));
      },
      { direction: 'LR' },
    );
    if (boxes.length > 0) groups.set(ns, group);
  }
  for (const e of edges) chart.edge(e.from, e.to);
  const grid = namespaces.flatMap((ns) => groups.get(ns) ?? []);
  for (const [i, group] of grid.entries()) {
    const below = grid[i + columns];
    if (below) chart.edge(group, below, { style: 'invisible' });
  }
  // The notes and the Nodes box below the grid rather than beside it.
  const bottom = grid.slice(-columns);
  const below = (node: NodeRef): void => {
    for (const group of bottom) chart.edge(group, node, { style: 'invisible' });
  };
  if (view.diagram.folded.namespaces > 0) {
    const what = foldedNamespaceNames(view, namespaces);
    below(chart.node(t.t('foldedNamespaces', { count: view.diagram.folded.namespaces, what }), { className: 'note' }));
  }
  if (topology.nodes.length > 0)
    below(chart.node(t.t('nodesBox', { count: topology.nodes.length }), { shape: 'cylinder', className: 'infra' }));
  const what = [t.t('byNamespaceAndKind')];
  const f = view.diagram.folded;
  if (f.namespaces > 0) what.push(t.t('foldedNamespaces', { count: f.namespaces, what: '' }).replace(/[:：]\s*$/, ''));
  below(chart.node(t.t('folded', { max: view.diagram.maxNodes, what: what.join('; ') }), { className: 'note' }));
  addInspectClasses(chart);
  return chart;
}

function addInspectClasses(chart: Flowchart): void {
  chart.classDef('ext', { fill: '#fff4e0', stroke: '#cc7a00' });
  chart.classDef('entry', { fill: '#fde8ef', stroke: '#b0004f' });
  chart.classDef('svc', { fill: '#e6f3ff', stroke: '#0066cc' });
  chart.classDef('wl', { fill: '#eefbea', stroke: '#2e7d32' });
  chart.classDef('policy', { fill: '#f3e8fd', stroke: '#6a1b9a' });
  chart.classDef('infra', { fill: '#f0f0f0', stroke: '#666' });
  chart.classDef('missing', { fill: '#ffffff', stroke: '#999', 'stroke-dasharray': '4 3' });
  chart.classDef('note', { fill: '#fffde7', stroke: '#999', 'stroke-dasharray': '4 3' });
}

export function inspectFlowchart(view: InspectView, t: InspectTranslator): Flowchart {
  if (view.diagram.mode === 'summary') return summaryFlowchart(view, t);
  const chart = new Flowchart({ direction: 'LR', title: t.t('diagramTitle') });
  const { topology } = view;
  const drawn = new Set(view.diagram.drawn);
  const nodes = new Map<string, NodeRef>();
  const entryPoints: NodeRef[] = [];
  const edges: { from: NodeRef; to: NodeRef; label?: string; style?: 'dotted' }[] = [];
  const nsOrder = [...new Set(view.diagram.drawn.map(namespaceByKey(topology)))];
  // Per-namespace fold counts, to say in each namespace what was left out.
  for (const ns of nsOrder) {
    chart.subgraph(`namespace ${ns}`, (scope: FlowScope) => {
      for (const e of topology.entries.filter((x) => x.namespace === ns && drawn.has(entryKey(x)))) {
        const via = e.kind === 'Gateway' ? e.listeners.slice(0, 2).join(', ') : e.via.join(', ');
        const node = scope.node(`${e.kind} ${e.name}${via ? `\n${via}` : ''}`, { shape: 'hexagon', className: 'entry' });
        nodes.set(entryKey(e), node);
        if (e.kind === 'Ingress' || e.kind === 'Gateway') entryPoints.push(node);
      }
      for (const s of topology.services.filter((x) => x.namespace === ns && drawn.has(svcKey(x)))) {
        const ports = s.ports.slice(0, 3).join(', ') + (s.ports.length > 3 ? ' …' : '');
        const endpoints = s.endpoints === null ? '' : `\n${t.t('endpointsLabel', { count: s.endpoints })}`;
        const node = scope.node(
          `Service ${s.name}\n${s.type}${s.clusterIP && s.clusterIP !== 'None' ? ` ${s.clusterIP}` : ''}${ports ? `\n${ports}` : ''}${endpoints}`,
          {
            shape: 'round',
            className: 'svc',
          },
        );
        nodes.set(svcKey(s), node);
        if (s.type === 'LoadBalancer' || s.type === 'NodePort') entryPoints.push(node);
      }
      for (const w of topology.workloads.filter((x) => x.namespace === ns && drawn.has(wlKey(x)))) {
        const count =
          w.replicas !== undefined
            ? `\n${t.t('replicasLabel', { count: w.replicas })}`
            : w.pods > 0
              ? `\n${t.t('podsLabel', { count: w.pods })}`
              : '';
        nodes.set(wlKey(w), scope.node(`${w.kind} ${w.name}${count}`, { className: 'wl' }));
      }
      const policies = topology.policies.filter((p) => p.namespace === ns);
      if (policies.length > 0) {
        const names =
          policies
            .slice(0, 3)
            .map((p) => p.name)
            .join(', ') + (policies.length > 3 ? ' …' : '');
        scope.node(`${t.t('policiesBox', { count: policies.length })}\n${names}`, { shape: 'subroutine', className: 'policy' });
      }
      const left = {
        entries: topology.entries.filter((x) => x.namespace === ns && !drawn.has(entryKey(x))).length,
        services: topology.services.filter((x) => x.namespace === ns && !drawn.has(svcKey(x))).length,
        workloads: topology.workloads.filter((x) => x.namespace === ns && !drawn.has(wlKey(x))).length,
      };
      const what = [
        left.entries > 0 ? t.t('entriesCount', { count: left.entries }) : '',
        left.services > 0 ? t.t('servicesCount', { count: left.services }) : '',
        left.workloads > 0 ? t.t('workloadsCount', { count: left.workloads }) : '',
      ].filter(Boolean);
      if (what.length > 0)
        scope.node(t.t('foldedNamespace', { count: left.entries + left.services + left.workloads, what: what.join(', ') }), {
          className: 'note',
        });
    });
  }
  if (view.diagram.folded.namespaces > 0) {
    chart.node(t.t('foldedNamespaces', { count: view.diagram.folded.namespaces, what: foldedNamespaceNames(view, nsOrder) }), {
      className: 'note',
    });
  }
  // Edges: external → entry points; Gateway → route; Ingress/route → Service; Service → workload.
  if (entryPoints.length > 0) {
    const external = chart.node(t.t('external'), { shape: 'stadium', className: 'ext' });
    for (const node of entryPoints) edges.push({ from: external, to: node });
  }
  for (const e of topology.entries) {
    const from = nodes.get(entryKey(e));
    if (!from) continue;
    if (e.kind !== 'Ingress' && e.kind !== 'Gateway') {
      // `via` names each Gateway as namespace/name, which is its key's tail (names may hold a `/`).
      for (const gw of e.via) {
        const gateway = nodes.get(`entry:Gateway/${gw}`);
        if (gateway) edges.push({ from: gateway, to: from });
      }
    }
    const seen = new Set<string>();
    for (const b of e.backends) {
      const key = `svc:${e.namespace}/${b.service}`;
      if (!nodes.has(key) && !topology.services.some((s) => svcKey(s) === key)) {
        // A backend Service the input does not contain: drawn dashed, so the route is not lost.
        nodes.set(
          key,
          chart.node(t.t('missingService', { name: `${e.namespace}/${b.service}` }), { shape: 'round', className: 'missing' }),
        );
      }
      const to = nodes.get(key);
      const label = `${b.host === '*' ? '' : b.host}${b.path === '/' && b.host !== '*' ? '' : b.path}`;
      if (!to || seen.has(`${b.service}\u0000${label}`) || seen.size >= 4) continue;
      seen.add(`${b.service}\u0000${label}`);
      edges.push({ from, to, ...(label ? { label } : {}) });
    }
  }
  for (const s of topology.services) {
    const from = nodes.get(svcKey(s));
    if (!from) continue;
    for (const key of s.workloads) {
      const to = nodes.get(`wl:${key}`);
      if (to) edges.push({ from, to });
    }
  }
  let dropped = 0;
  for (const [i, e] of edges.entries()) {
    if (i >= MAX_EDGES) {
      dropped++;
      continue;
    }
    chart.edge(e.from, e.to, { ...(e.label ? { label: e.label } : {}), ...(e.style ? { style: e.style } : {}) });
  }
  if (topology.nodes.length > 0) {
    const cidrs = topology.nodes.flatMap((n) => n.podCIDRs);
    const shown = cidrs.slice(0, 4).join(', ') + (cidrs.length > 4 ? ' …' : '');
    chart.node(`${t.t('nodesBox', { count: topology.nodes.length })}${shown ? `\n${t.t('podCidrs', { cidrs: shown })}` : ''}`, {
      shape: 'cylinder',
      className: 'infra',
    });
  }
  if (view.diagram.drawn.length === 0 && topology.nodes.length === 0) chart.node(t.t('emptyTopology'), { className: 'note' });
  const note = foldedText({ ...view, diagram: { ...view.diagram, folded: { ...view.diagram.folded, edges: dropped } } }, t);
  if (note) chart.node(note, { className: 'note' });
  addInspectClasses(chart);
  return chart;
}

/** The namespace of each drawn key, looked up, not split out of the key: a namespace may hold a `/` (input is hostile). */
function namespaceByKey(topology: Topology): (key: string) => string {
  const byKey = new Map<string, string>();
  for (const s of topology.services) byKey.set(svcKey(s), s.namespace);
  for (const w of topology.workloads) byKey.set(wlKey(w), w.namespace);
  for (const e of topology.entries) byKey.set(entryKey(e), e.namespace);
  return (key) => byKey.get(key) ?? '';
}

function foldedNamespaceNames(view: InspectView, drawnNamespaces: readonly string[]): string {
  const rest = view.topology.namespaces.filter((n) => !drawnNamespaces.includes(n));
  return rest.slice(0, 5).join(', ') + (rest.length > 5 ? ' …' : '');
}

export interface InspectDocumentOptions {
  /** Everything: every piece of evidence with its full field path, every name in the topology. */
  wide?: boolean;
}

/** The field path without the Pod-template prefix every workload shares ("containers[0].image"). */
function shortPath(path: string): string {
  return path.replace(/^spec\.(jobTemplate\.spec\.)?template\.spec\./, '').replace(/^spec\./, '');
}

/** "Pods", "Ingresses", "NetworkPolicies": the English plural of a kind. */
function pluralKind(kind: string): string {
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/** What names of one group share, as a pattern: kube-proxy-x2k4p, kube-proxy-q8m2z → kube-proxy-*. */
function namePattern(names: readonly string[]): string {
  const [first = ''] = names;
  let prefix = first;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf('-'), prefix.lastIndexOf('.'), prefix.lastIndexOf('_'));
  return `${cut >= 0 ? prefix.slice(0, cut + 1) : ''}*`;
}

/**
 * The evidence as lines. By default, what differs only by object name is one line
 * ("3 Pods kube-system/kube-proxy-* · containers[0].image = …") and paths are short; `wide`
 * writes every piece of evidence with its full path.
 */
export function evidenceLines(evidence: readonly Evidence[], t: InspectTranslator, wide = false): string[] {
  const cited = (e: Evidence, path: string) => `${path}${e.value !== undefined ? ` = ${e.value}` : ''}`;
  const ns = (e: Evidence) => (e.namespace ? `${e.namespace}/` : '');
  if (wide) return evidence.map((e) => `${e.kind} ${ns(e)}${e.name} ${cited(e, e.path)}`);
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const key = JSON.stringify([e.kind, e.namespace ?? '', e.path, e.value ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group) => {
    const [e] = group as [Evidence, ...Evidence[]];
    const names = [...new Set(group.map((g) => g.name))];
    const where =
      names.length === 1
        ? `${e.kind} ${ns(e)}${e.name}`
        : t.t('evidenceGroup', {
            count: names.length,
            kinds: t.lang === 'en' ? pluralKind(e.kind) : e.kind,
            names: `${ns(e)}${namePattern(names)}`,
          });
    return `${where} · ${cited(e, shortPath(e.path))}`;
  });
}

/** At most `shown` lines, then how many more there are. */
function capped(lines: readonly string[], shown: number, t: InspectTranslator): string[] {
  return lines.length <= shown ? [...lines] : [...lines.slice(0, shown), t.t('moreEvidence', { count: lines.length - shown })];
}

export function inspectDocument(view: InspectView, t: InspectTranslator, options: InspectDocumentOptions = {}): Document {
  const wide = options.wide === true;
  const sources = view.sources.map((s) => (s === '-' ? t.t('stdin') : s));
  const doc: Document[number][] = [
    {
      type: 'heading',
      level: 1,
      text: t.t('title', {
        objects: view.objects,
        sources: sources.length > 3 ? `${sources.slice(0, 3).join(', ')} …` : sources.join(', '),
      }),
    },
    { type: 'heading', level: 2, text: t.t('findings') },
  ];
  if (view.findings.length === 0) doc.push({ type: 'paragraph', text: t.t('noFindings') });
  else
    doc.push({
      type: 'table',
      wide: true,
      columns: [t.t('colConcern'), t.t('colFinding'), t.t('colDetails'), t.t('colEvidence')],
      rows: view.findings.map((f): Rich[] => [
        [f.concernName, '\n', { muted: f.layers }],
        [
          { strong: f.name },
          '\n',
          { code: f.id },
          { muted: ` · ${f.roleName} · ${t.t('confidenceText', { level: t.confidence(f.confidence) })}` },
        ],
        [...f.details.map((d) => d.text), ...enforcementLines(f, t)].join(`${t.t('itemSeparator')}\n`),
        (wide ? evidenceLines(f.evidence, t, true) : capped(evidenceLines(f.evidence, t), 4, t)).join(`${t.t('itemSeparator')}\n`),
      ]),
    });
  const topo = view.topology;
  doc.push({ type: 'heading', level: 2, text: t.t('topology') });
  if (view.namespace) doc.push({ type: 'paragraph', text: t.t('namespaceFilter', { namespace: view.namespace }) });
  if (topo.namespaces.length === 0) doc.push({ type: 'paragraph', text: t.t('emptyTopology') });
  else {
    const names = (list: readonly string[]) =>
      wide || list.length <= 6 ? list.join(', ') : `${list.slice(0, 6).join(', ')} … (${list.length})`;
    doc.push({
      type: 'table',
      columns: [t.t('colNamespace'), t.t('colServices'), t.t('colWorkloads'), t.t('colEntries'), t.t('colPolicies')],
      rows: topo.namespaces
        .slice(0, wide ? undefined : 50)
        .map((ns) => [
          ns,
          names(topo.services.filter((s) => s.namespace === ns).map((s) => `${s.name} (${s.type})`)),
          names(topo.workloads.filter((w) => w.namespace === ns).map((w) => `${w.kind} ${w.name}`)),
          names(topo.entries.filter((e) => e.namespace === ns).map((e) => `${e.kind} ${e.name}`)),
          names(topo.policies.filter((p) => p.namespace === ns).map((p) => p.name)),
        ]),
    });
    if (!wide && topo.namespaces.length > 50)
      doc.push({
        type: 'paragraph',
        text: t.t('foldedNamespaces', { count: topo.namespaces.length - 50, what: names(topo.namespaces.slice(50)) }),
      });
  }
  if (topo.nodes.length > 0) {
    const cidrs = topo.nodes.flatMap((n) => n.podCIDRs);
    doc.push({
      type: 'paragraph',
      text:
        cidrs.length > 0
          ? t.t('nodesWithCidrs', { count: topo.nodes.length, cidrs: cidrs.slice(0, 8).join(', ') + (cidrs.length > 8 ? ' …' : '') })
          : t.t('nodes', { count: topo.nodes.length }),
    });
  }
  doc.push({ type: 'note', text: t.t('explainHint') });
  return doc;
}
