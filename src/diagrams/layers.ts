/**
 * `k8snet diagram layers`: the OSI layer map as a flowchart. `full` draws every entry, one subgraph
 * per kind, an edge per layer it works at. `compact` draws one tight group per kind with short
 * labels and one edge per kind and layer, left to right: closer to a square, as the seed intended.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import { type EntryType, type KindId, LAYER_NUMBERS, type Lang, type LayerRole } from '../catalogue/constants.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { translator } from '../i18n/messages.ts';
import type { FlowDirection } from '../mermaid/index.ts';
import { buildLayerMapView, type LayerMapView } from '../views/layer-map.ts';
import type { LayerLayout } from './constants.ts';
import {
  type DiagramTheme,
  fitGraph,
  fitMatrix,
  type GraphDiagram,
  type GraphEdge,
  type GraphGroup,
  type GraphNode,
  type MatrixCell,
  type MatrixView,
} from './model.ts';

export { LAYER_LAYOUTS, type LayerLayout } from './constants.ts';

export interface LayersDiagramOptions {
  lang: Lang;
  layout?: LayerLayout;
  kind?: KindId;
  type?: EntryType;
  direction?: FlowDirection;
  theme?: DiagramTheme;
  title?: string;
}

/** Entries a row in a kind's box of the compact map: more made it wide, fewer tall. */
const ROW = 6;
/** Kinds with at most this many entries share a row of the compact map with another. */
const PAIRED = 3;

/** Fill colours per kind for the compact layout's class styles, in KIND_IDS order. */
const PALETTE = ['#fde2e4', '#e2ece9', '#dfe7fd', '#fff1c1', '#e4d9f7', '#d7f0f7', '#fbe3d3', '#e8f5e9', '#f0f0f0', '#fce4ec', '#e0f2f1'];

export function buildLayersDiagram(catalogue: Catalogue, options: LayersDiagramOptions): GraphDiagram | MatrixView {
  const view = buildLayerMapView(catalogue, {
    by: 'component',
    lang: options.lang,
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.type ? { type: options.type } : {}),
  });
  return (options.layout ?? 'full') === 'compact' ? compactLayers(view, options) : fullLayers(view, options);
}

function osiGroup(view: LayerMapView, label: string, short: boolean): { group: GraphGroup; nodes: GraphNode[] } {
  return {
    group: { id: 'osi', label },
    nodes: [...view.layers].reverse().map((l) => ({
      id: `L${l.number}`,
      label: short ? `L${l.number} ${l.name}` : `L${l.number} ${l.name}\n${l.protocols.slice(0, 3).join(', ')}`,
      group: 'osi',
      className: 'osi',
    })),
  };
}

function legend(lang: Lang): string {
  const t = translator(lang);
  return `${t.t('legend')}: solid = ${t.t('primaryMark')}, dotted = ${t.t('partialMark')}`;
}

/**
 * The full map as a matrix that reads like the `k8snet layers` table: a row per entry, grouped by
 * kind, a column per layer, each cell primary (●) or partial (○). The graph it replaces (an edge
 * per entry and layer, about 100 of them) was 7950 px wide.
 */
function fullLayers(view: LayerMapView, options: LayersDiagramOptions): MatrixView {
  const t = diagramTranslator(options.lang);
  const names = translator(options.lang);
  const mark: Record<LayerRole, MatrixCell> = {
    primary: { text: names.t('primaryMark'), className: 'primary' },
    partial: { text: names.t('partialMark'), className: 'partial' },
  };
  const matrix: MatrixView = {
    view: 'diagram',
    type: 'matrix',
    kind: 'layers',
    lang: options.lang,
    title: options.title ?? t.t('layersTitle'),
    caption: t.t('layersMatrixCaption'),
    ...(options.theme ? { theme: options.theme } : {}),
    corner: t.t('osi'),
    columns: view.layers.map((l) => ({ id: `L${l.number}`, label: `L${l.number} ${l.name}` })),
    sections: view.kinds.map((k) => ({
      id: `kind/${k.id}`,
      label: k.name,
      rows: view.entries
        .filter((e) => e.kind === k.id)
        .map((e) => ({
          id: e.id,
          label: e.shortName,
          cells: view.layers.map((l) => {
            const role = e.layers[`L${l.number}`];
            return role ? mark[role] : null;
          }),
        })),
    })),
    classes: [
      { name: 'head', style: { fill: '#f0f0f0', stroke: '#666' } },
      { name: 'section', style: { fill: '#fff8dc', stroke: '#b8860b' } },
      { name: 'rowhead', style: { fill: '#ffffff', stroke: '#999' } },
      { name: 'primary', style: { fill: '#1f5fbf', stroke: '#123d7a', color: '#ffffff' } },
      { name: 'partial', style: { fill: '#dbe8fb', stroke: '#7a9cc6' } },
    ],
    legend: legend(options.lang),
  };
  return fitMatrix(matrix, (omitted) => t.t('truncated', { omitted }));
}

function compactLayers(view: LayerMapView, options: LayersDiagramOptions): GraphDiagram {
  const t = diagramTranslator(options.lang);
  const osi = osiGroup(view, t.t('osi'), true);
  const groups: GraphGroup[] = [osi.group];
  const nodes: GraphNode[] = [...osi.nodes];
  const edges: GraphEdge[] = [];
  const classes: GraphDiagram['classes'] = [{ name: 'osi', style: { fill: '#f0f0f0', stroke: '#666' } }];
  for (const [i, kind] of view.kinds.entries()) {
    const group = `kind/${kind.id}`;
    const className = `k${i + 1}`;
    groups.push({ id: group, label: kind.name, direction: 'TD' });
    classes.push({ name: className, style: { fill: PALETTE[i % PALETTE.length] ?? '#ffffff', stroke: '#555' } });
    const members = view.entries.filter((e) => e.kind === kind.id);
    for (const e of members) {
      nodes.push({ id: e.id, label: e.shortName, group, shape: 'round', className: 'entry' });
    }
    // At most ROW members a row (an edge that draws nothing puts a member below the one ROW
    // before it): eleven CNI plugins in one row made the map 1900 px wide.
    for (const [j, e] of members.entries()) {
      const above = members[j - ROW];
      if (above) edges.push({ from: above.id, to: e.id, style: 'invisible' });
    }
    for (const n of [...LAYER_NUMBERS].reverse()) {
      const roles = members.map((e) => e.layers[`L${n}`]).filter((r): r is LayerRole => r !== undefined);
      if (roles.length === 0) continue;
      edges.push({ from: group, to: `L${n}`, style: roles.includes('primary') ? 'solid' : 'dotted' });
    }
  }
  // Small kinds two abreast (an edge that draws nothing places the second to the right of the
  // first): eleven boxes in one column made the map twice as tall as wide.
  const small = view.kinds.filter((k) => view.entries.filter((e) => e.kind === k.id).length <= PAIRED);
  for (let i = 0; i + 1 < small.length; i += 2) {
    edges.push({ from: `kind/${small[i]?.id}`, to: `kind/${small[i + 1]?.id}`, style: 'invisible' });
  }
  // Class per kind on its members: the builder assigns one class per node.
  for (const node of nodes) {
    if (node.className !== 'entry') continue;
    const kindIndex = view.kinds.findIndex((k) => `kind/${k.id}` === node.group);
    node.className = `k${kindIndex + 1}`;
  }
  const diagram: GraphDiagram = {
    view: 'diagram',
    type: 'flowchart',
    kind: 'layers-compact',
    lang: options.lang,
    title: options.title ?? t.t('layersCompactTitle'),
    caption: t.t('layersCaption'),
    direction: options.direction ?? 'LR',
    ...(options.theme ? { theme: options.theme } : {}),
    groups,
    nodes,
    edges,
    classes,
    // Kinds closer together (Mermaid's 50 px between the boxes of a column made the map tall).
    spacing: { node: 16, rank: 40 },
    legend: legend(options.lang),
  };
  return fitGraph(
    diagram,
    (omitted) => t.t('truncated', { omitted }),
    (n) => n.group?.startsWith('kind/') === true,
  );
}
