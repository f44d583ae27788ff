/**
 * The allowed-connection graph of `reach`: workloads grouped by namespace, external ranges and the
 * ingress controller as nodes, edges labelled with what they allow. To stay readable:
 * - external ranges that connect alike are one node;
 * - edges that are the same for every workload of a namespace are drawn once, to or from the
 *   namespace (its box);
 * - beyond --max-nodes, the remaining workloads of each namespace fold into one node, and beyond
 *   Mermaid's edge limit the remaining edges are counted; a note in the diagram says what was left out.
 */
import type { ReachTranslator } from '../i18n/reach-messages.ts';
import { Flowchart, type NodeRef } from '../mermaid/index.ts';
import type { Connection, PolicyInput } from '../policy/index.ts';
import { describeRange } from '../policy/addresses.ts';

/** Mermaid refuses more than 500 edges by default (maxEdges); keep well below. */
export const MAX_REACH_EDGES = 400;
export const DEFAULT_REACH_MAX_NODES = 60;

export interface ReachDiagramNode {
  /** `wl:<peer>`, `ext:<n>`, `ingress`, `fold:<namespace>`. */
  id: string;
  kind: 'workload' | 'external' | 'ingress' | 'folded';
  namespace: string | null;
  /** Workload name and kind; external ranges; or the number of folded workloads. */
  label: string;
  ranges?: string[];
  count?: number;
}

export interface ReachDiagramEdge {
  /** A node id, or `ns:<namespace>` for every drawn workload of a namespace. */
  from: string;
  to: string;
  conn: string;
}

export interface ReachDiagram {
  maxNodes: number;
  namespaces: string[];
  nodes: ReachDiagramNode[];
  edges: ReachDiagramEdge[];
  folded: { workloads: number; edges: number };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildReachDiagram(input: PolicyInput, connections: readonly Connection[], maxNodes: number): ReachDiagram {
  const nodes: ReachDiagramNode[] = [];
  const nodeOf = new Map<string, string>();
  // External ranges with the same connections (same peers, same ports, same role) are one node.
  const externals = new Map([...input.externalSources, ...input.externalDestinations].map((e) => [e.name, e.range]));
  const externalNames = new Set(externals.keys());
  const signature = new Map<string, string[]>();
  for (const c of connections) {
    if (externalNames.has(c.src)) pushTo(signature, c.src, `>${c.dst}:${c.conns.id}`);
    if (externalNames.has(c.dst)) pushTo(signature, c.dst, `<${c.src}:${c.conns.id}`);
  }
  const groups = new Map<string, string[]>();
  for (const [name, sig] of [...signature].sort(([a], [b]) => compareText(a, b))) pushTo(groups, sig.sort().join('|'), name);
  let n = 0;
  for (const names of groups.values()) {
    const id = `ext:${n++}`;
    const ranges = names.map((x) => {
      const range = externals.get(x);
      return range ? describeRange(range) : x;
    });
    nodes.push({ id, kind: 'external', namespace: null, label: ranges.join(', '), ranges });
    for (const name of names) nodeOf.set(name, id);
  }
  if (connections.some((c) => c.src === '{ingress-controller}')) {
    nodes.push({ id: 'ingress', kind: 'ingress', namespace: null, label: '{ingress-controller}' });
    nodeOf.set('{ingress-controller}', 'ingress');
  }
  // Workloads, namespace by namespace, until the budget runs out; the rest of each namespace folds.
  let budget = Math.max(1, maxNodes - nodes.length);
  let foldedWorkloads = 0;
  const byNamespace = new Map<string, string[]>();
  for (const w of input.workloads) pushTo(byNamespace, w.workload.namespace, w.name);
  const namespaces = [...byNamespace.keys()].sort(compareText);
  const drawn = new Map<string, string[]>();
  for (const ns of namespaces) {
    const list = byNamespace.get(ns) ?? [];
    const keep = list.slice(0, budget);
    budget -= keep.length;
    for (const name of keep) {
      const id = `wl:${name}`;
      const slash = name.indexOf('/');
      nodes.push({ id, kind: 'workload', namespace: ns, label: name.slice(slash + 1) });
      nodeOf.set(name, id);
    }
    drawn.set(
      ns,
      keep.map((name) => `wl:${name}`),
    );
    const rest = list.slice(keep.length);
    if (rest.length > 0) {
      foldedWorkloads += rest.length;
      const id = `fold:${ns}`;
      nodes.push({ id, kind: 'folded', namespace: ns, label: String(rest.length), count: rest.length });
      for (const name of rest) nodeOf.set(name, id);
    }
  }
  // Edges between drawn nodes; folded and merged nodes join what they stand for.
  const edgeConns = new Map<string, Set<string>>();
  for (const c of connections) {
    const from = nodeOf.get(c.src);
    const to = nodeOf.get(c.dst);
    if (!from || !to || from === to) continue;
    let set = edgeConns.get(`${from}\u0000${to}`);
    if (!set) {
      set = new Set();
      edgeConns.set(`${from}\u0000${to}`, set);
    }
    set.add(c.conns.toString());
  }
  const edges = new Map<string, string>();
  for (const [key, set] of edgeConns) edges.set(key, [...set].sort().join('; '));
  const aggregated = aggregateNamespaces(edges, drawn, nodes);
  const sorted = aggregated.sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
  return {
    maxNodes,
    namespaces: namespaces.filter((ns) => nodes.some((x) => x.namespace === ns)),
    nodes,
    edges: sorted.slice(0, MAX_REACH_EDGES),
    folded: { workloads: foldedWorkloads, edges: Math.max(0, sorted.length - MAX_REACH_EDGES) },
  };
}

/** Replace edges that are the same for every drawn workload of a namespace by one edge to or from it. */
function aggregateNamespaces(
  edges: Map<string, string>,
  drawn: Map<string, string[]>,
  nodes: readonly ReachDiagramNode[],
): ReachDiagramEdge[] {
  const take = (from: string, to: string) => {
    const conn = edges.get(`${from}\u0000${to}`);
    edges.delete(`${from}\u0000${to}`);
    return conn;
  };
  const out: ReachDiagramEdge[] = [];
  const uniform = (pairs: [string, string][]): string | undefined => {
    if (pairs.length < 2) return undefined;
    const first = edges.get(`${pairs[0]?.[0]}\u0000${pairs[0]?.[1]}`);
    if (first === undefined) return undefined;
    return pairs.every(([f, t]) => edges.get(`${f}\u0000${t}`) === first) ? first : undefined;
  };
  const spaces = [...drawn].filter(([, list]) => list.length > 0);
  // Namespace to namespace.
  for (const [a, fromList] of spaces) {
    for (const [b, toList] of spaces) {
      // A box's edge to itself draws badly; within a namespace, edges stay per workload.
      if (a === b) continue;
      const pairs = fromList.flatMap((f) => toList.filter((t) => t !== f).map((t): [string, string] => [f, t]));
      const conn = uniform(pairs);
      if (conn === undefined) continue;
      for (const [f, t] of pairs) take(f, t);
      out.push({ from: `ns:${a}`, to: `ns:${b}`, conn });
    }
  }
  // One node to a whole namespace, and a whole namespace to one node.
  for (const node of nodes) {
    for (const [ns, list] of spaces) {
      // Not between a box and a node inside it.
      if (node.namespace === ns) continue;
      const outgoing = list.filter((t) => t !== node.id).map((t): [string, string] => [node.id, t]);
      const conn = uniform(outgoing);
      if (conn !== undefined) {
        for (const [f, t] of outgoing) take(f, t);
        out.push({ from: node.id, to: `ns:${ns}`, conn });
      }
      const incoming = list.filter((f) => f !== node.id).map((f): [string, string] => [f, node.id]);
      const back = uniform(incoming);
      if (back !== undefined) {
        for (const [f, t] of incoming) take(f, t);
        out.push({ from: `ns:${ns}`, to: node.id, conn: back });
      }
    }
  }
  for (const [key, conn] of edges) {
    const [from, to] = key.split('\u0000') as [string, string];
    out.push({ from, to, conn });
  }
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function edgeLabel(conn: string, t: ReachTranslator): string {
  const text = conn
    .split('; ')
    .map((c) => (c === 'All Connections' ? t.t('allConnections') : c))
    .join('; ');
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

export function reachFlowchart(diagram: ReachDiagram, t: ReachTranslator): Flowchart {
  const chart = new Flowchart({ direction: 'LR', title: t.t('diagramTitle') });
  const refs = new Map<string, NodeRef>();
  for (const node of diagram.nodes.filter((x) => x.namespace === null)) {
    const label = node.kind === 'ingress' ? t.t('ingressControllerNode') : t.t('externalNode', { ranges: shortRanges(node.ranges ?? []) });
    refs.set(
      node.id,
      chart.node(label, { shape: node.kind === 'ingress' ? 'hexagon' : 'stadium', className: node.kind === 'ingress' ? 'entry' : 'ext' }),
    );
  }
  for (const ns of diagram.namespaces) {
    const group = chart.subgraph(`namespace ${ns}`, (scope) => {
      for (const node of diagram.nodes.filter((x) => x.namespace === ns)) {
        const label =
          node.kind === 'folded' ? t.t('foldedWorkloads', { count: node.count ?? 0 }) : node.label.replace(/\[(\w+)\]$/, '\n$1');
        refs.set(node.id, scope.node(label, { className: node.kind === 'folded' ? 'note' : 'wl' }));
      }
    });
    refs.set(`ns:${ns}`, group);
  }
  for (const e of diagram.edges) {
    const from = refs.get(e.from);
    const to = refs.get(e.to);
    if (from && to) chart.edge(from, to, { label: edgeLabel(e.conn, t) });
  }
  if (diagram.nodes.length === 0 || diagram.edges.length === 0) chart.node(t.t('noEdges'), { className: 'note' });
  const what = [
    diagram.folded.workloads > 0 ? t.t('foldedWorkloads', { count: diagram.folded.workloads }) : '',
    diagram.folded.edges > 0 ? t.t('foldedEdges', { count: diagram.folded.edges }) : '',
  ].filter(Boolean);
  if (what.length > 0) chart.node(t.t('foldedNote', { max: diagram.maxNodes, what: what.join(', ') }), { className: 'note' });
  chart.classDef('ext', { fill: '#fff4e0', stroke: '#cc7a00' });
  chart.classDef('entry', { fill: '#fde8ef', stroke: '#b0004f' });
  chart.classDef('wl', { fill: '#eefbea', stroke: '#2e7d32' });
  chart.classDef('note', { fill: '#fffde7', stroke: '#999', 'stroke-dasharray': '4 3' });
  return chart;
}

function shortRanges(ranges: readonly string[]): string {
  return ranges.length > 3 ? `${ranges.slice(0, 3).join('\n')}\n… (+${ranges.length - 3})` : ranges.join('\n');
}

export type { PolicyInput };
