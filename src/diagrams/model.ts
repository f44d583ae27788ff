/**
 * The view model of every diagram: a graph (flowchart) or a sequence, with semantic ids. It is what
 * `k8snet diagram --format json` prints, and the one place it turns into Mermaid, through the
 * builder in src/mermaid (which owns syntax and escaping).
 */
import type { Lang } from '../catalogue/constants.ts';
import { BlockDiagram, Flowchart, type FlowDirection, type NodeRef, SequenceDiagram } from '../mermaid/index.ts';
import type { Participant, SequenceScope } from '../mermaid/sequence.ts';

import type { DiagramTheme } from './constants.ts';

export { DIAGRAM_THEMES, type DiagramTheme } from './constants.ts';

/** Mermaid's defaults (maxEdges, maxTextSize); output stays below them with a margin. */
export const MERMAID_LIMITS = { maxEdges: 500, maxTextSize: 50_000 } as const;
const EDGE_BUDGET = MERMAID_LIMITS.maxEdges - 20;
const TEXT_BUDGET = MERMAID_LIMITS.maxTextSize - 5_000;

export interface DiagramStyle {
  direction?: FlowDirection;
  theme?: DiagramTheme;
  title?: string;
}

export type NodeShape = 'rect' | 'round' | 'stadium' | 'cylinder' | 'hexagon' | 'subroutine';
/** `invisible` only keeps its ends in layout order (a row below a row); it draws nothing. */
export type EdgeStyle = 'solid' | 'dotted' | 'thick' | 'line' | 'dotted-line' | 'invisible';

export interface GraphNode {
  id: string;
  label: string;
  group?: string;
  shape?: NodeShape;
  className?: string;
}

export interface GraphGroup {
  id: string;
  label: string;
  parent?: string;
  direction?: FlowDirection;
}

export interface GraphEdge {
  /** A node or group id. */
  from: string;
  to: string;
  label?: string;
  style: EdgeStyle;
}

export interface GraphDiagram {
  view: 'diagram';
  type: 'flowchart';
  kind: string;
  lang: Lang;
  title: string;
  caption: string;
  direction: FlowDirection;
  theme?: DiagramTheme;
  groups: GraphGroup[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  classes: { name: string; style: Record<string, string> }[];
  /** Pixels between nodes of a rank and between ranks, where Mermaid's 50 is too loose. */
  spacing?: { node?: number; rank?: number };
  /** Columns to break node and edge labels at, narrower than Mermaid's own 200 px. */
  wrap?: { node?: number; edge?: number };
  legend?: string;
  /** Set when the diagram was cut to stay within Mermaid's limits. */
  omitted?: number;
}

export type SequenceStep =
  | { type: 'message'; from: string; to: string; text: string; arrow: 'sync' | 'reply' | 'async' }
  | { type: 'note'; over: string[]; text: string }
  | { type: 'rect'; tone: 'control' | 'data'; steps: SequenceStep[] };

export interface SequenceView {
  view: 'diagram';
  type: 'sequence';
  kind: string;
  lang: Lang;
  title: string;
  caption: string;
  theme?: DiagramTheme;
  participants: { id: string; label: string }[];
  steps: SequenceStep[];
}

/** A cell of a matrix: its text and its class (colour), or empty. */
export type MatrixCell = { text: string; className: string } | null;

/**
 * A table drawn as a grid (Mermaid's block diagram): a header row, then sections, each a title
 * row across the whole width and rows of a label and one cell per column.
 */
export interface MatrixView {
  view: 'diagram';
  type: 'matrix';
  kind: string;
  lang: Lang;
  title: string;
  caption: string;
  theme?: DiagramTheme;
  corner: string;
  columns: { id: string; label: string }[];
  sections: { id: string; label: string; rows: { id: string; label: string; cells: MatrixCell[] }[] }[];
  classes: { name: string; style: Record<string, string> }[];
  legend?: string;
  /** Set when rows were left out to stay within Mermaid's limits. */
  omitted?: number;
}

export type DiagramView = GraphDiagram | SequenceView | MatrixView;

/** Mermaid source for a diagram view; the title shows only when `titled` (docs put it in a caption). */
export function diagramToMermaid(view: DiagramView, options: { titled?: boolean } = {}): string {
  const titled = options.titled ?? true;
  const header = { ...(titled ? { title: view.title } : {}), ...(view.theme ? { theme: view.theme } : {}) };
  if (view.type === 'sequence') return sequenceToMermaid(view, header);
  return view.type === 'matrix' ? matrixToMermaid(view, header) : graphToMermaid(view, header);
}

function matrixToMermaid(view: MatrixView, header: { title?: string; theme?: string }): string {
  const columns = view.columns.length + 1;
  const grid = new BlockDiagram({ columns, ...header });
  grid.block(view.corner, { className: 'head' });
  for (const c of view.columns) grid.block(c.label, { className: 'head' });
  for (const section of view.sections) {
    grid.block(section.label, { span: columns, className: 'section' });
    for (const row of section.rows) {
      grid.block(row.label, { className: 'rowhead' });
      for (const cell of row.cells) {
        if (cell) grid.block(cell.text, { className: cell.className });
        else grid.space();
      }
    }
  }
  for (const c of view.classes) grid.classDef(c.name, c.style);
  return grid.toString();
}

/**
 * Keep a matrix within Mermaid's text limit: rows are dropped from the end of every section
 * alike, and a last section says how many.
 */
export function fitMatrix(view: MatrixView, note: (omitted: number) => string): MatrixView {
  if (diagramToMermaid(view).length <= TEXT_BUDGET) return view;
  const total = view.sections.reduce((n, s) => n + s.rows.length, 0);
  const cut = (keep: number): MatrixView => {
    const sections = view.sections.map((s) => ({ ...s, rows: s.rows.slice(0, keep) }));
    const omitted = total - sections.reduce((n, s) => n + s.rows.length, 0);
    return { ...view, sections: [...sections, { id: 'omitted-note', label: note(omitted), rows: [] }], omitted };
  };
  // The most rows per section that fit, by bisection.
  let low = 0;
  let high = Math.max(...view.sections.map((s) => s.rows.length)) - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (diagramToMermaid(cut(mid)).length <= TEXT_BUDGET) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}

function graphToMermaid(view: GraphDiagram, header: { title?: string; theme?: string }): string {
  const chart = new Flowchart({
    direction: view.direction,
    ...header,
    ...(view.spacing ? { spacing: view.spacing } : {}),
    ...(view.wrap ? { wrap: view.wrap } : {}),
  });
  const refs = new Map<string, NodeRef>();
  const addNodes = (scope: Pick<Flowchart, 'node' | 'subgraph'>, group: string | undefined): void => {
    for (const g of view.groups.filter((x) => x.parent === group)) {
      refs.set(
        g.id,
        scope.subgraph(g.label, (inner) => addNodes(inner, g.id), g.direction ? { direction: g.direction } : {}),
      );
    }
    for (const n of view.nodes.filter((x) => x.group === group)) {
      refs.set(n.id, scope.node(n.label, { shape: n.shape ?? 'rect', ...(n.className ? { className: n.className } : {}) }));
    }
  };
  addNodes(chart, undefined);
  for (const edge of view.edges) {
    const from = refs.get(edge.from);
    const to = refs.get(edge.to);
    if (!from || !to) throw new Error(`internal: edge ${edge.from} → ${edge.to} names an unknown node`);
    chart.edge(from, to, { style: edge.style, ...(edge.label ? { label: edge.label } : {}) });
  }
  for (const c of view.classes) chart.classDef(c.name, c.style);
  if (view.legend) chart.comment(view.legend);
  return chart.toString();
}

/**
 * Line widths for sequence diagrams, in columns: participants about as wide as Mermaid's 150 px
 * actor boxes, messages and notes a little wider, so that six participants fit 1012 px.
 */
export const SEQUENCE_WRAP = { participant: 18, message: 28, note: 30, wideNote: 48 } as const;

function sequenceToMermaid(view: SequenceView, header: { title?: string; theme?: string }): string {
  const seq = new SequenceDiagram({ autonumber: true, wrap: SEQUENCE_WRAP, ...header });
  const refs = new Map<string, Participant>();
  for (const p of view.participants) refs.set(p.id, seq.participant(p.label));
  const ref = (id: string): Participant => {
    const p = refs.get(id);
    if (!p) throw new Error(`internal: sequence step names an unknown participant ${id}`);
    return p;
  };
  const addSteps = (scope: SequenceScope, steps: readonly SequenceStep[]): void => {
    for (const step of steps) {
      if (step.type === 'message') scope.message(ref(step.from), ref(step.to), step.text, step.arrow);
      else if (step.type === 'note') scope.note(step.over.map(ref), step.text);
      else scope.rect(step.tone, (inner) => addSteps(inner, step.steps));
    }
  };
  addSteps(seq, view.steps);
  return seq.toString();
}

/**
 * Keep a graph within Mermaid's default limits (edges and text size). Nodes are dropped from the
 * end, group by group fairly, until it fits; a visible note node says how many were left out.
 */
export function fitGraph(view: GraphDiagram, note: (omitted: number) => string, droppable: (node: GraphNode) => boolean): GraphDiagram {
  const fits = (v: GraphDiagram): boolean => v.edges.length <= EDGE_BUDGET && diagramToMermaid(v).length <= TEXT_BUDGET;
  if (fits(view)) return view;
  // Only catalogue entries can be dropped; structural nodes (OSI layers, nodes of the cluster) stay.
  // Interleaved across groups, so that cutting from the end takes the last few of every group.
  const buckets = new Map<string | undefined, string[]>();
  for (const n of view.nodes.filter(droppable)) buckets.set(n.group, [...(buckets.get(n.group) ?? []), n.id]);
  const longest = Math.max(0, ...[...buckets.values()].map((b) => b.length));
  const dropIds = Array.from({ length: longest }, (_, i) =>
    [...buckets.values()].flatMap((b) => (b[i] === undefined ? [] : [b[i]])),
  ).flat();
  let low = 0;
  let high = dropIds.length;
  let best: GraphDiagram | undefined;
  while (low <= high) {
    const cut = Math.floor((low + high) / 2);
    const candidate = withoutNodes(view, new Set(dropIds.slice(dropIds.length - cut)), note);
    if (fits(candidate)) {
      best = candidate;
      high = cut - 1;
    } else low = cut + 1;
  }
  if (best) return best;
  // Even with every entry gone it does not fit: keep the structure and drop edges.
  const bare = withoutNodes(view, new Set(dropIds), note);
  const edges = bare.edges.slice(0, EDGE_BUDGET - 1);
  return { ...bare, edges, omitted: (bare.omitted ?? 0) + bare.edges.length - edges.length };
}

function withoutNodes(view: GraphDiagram, drop: ReadonlySet<string>, note: (omitted: number) => string): GraphDiagram {
  if (drop.size === 0) return view;
  const nodes = view.nodes.filter((n) => !drop.has(n.id));
  const edges = view.edges.filter((e) => !drop.has(e.from) && !drop.has(e.to));
  const omitted = drop.size;
  const noteNode: GraphNode = { id: 'omitted-note', label: note(omitted), shape: 'rect', className: 'note' };
  return {
    ...view,
    nodes: [...nodes, noteNode],
    edges,
    classes: view.classes.some((c) => c.name === 'note')
      ? view.classes
      : [...view.classes, { name: 'note', style: { fill: '#fff8dc', stroke: '#b8860b', 'stroke-dasharray': '4 2' } }],
    omitted,
  };
}
