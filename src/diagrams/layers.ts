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
import { type DiagramTheme, fitGraph, type GraphDiagram, type GraphEdge, type GraphGroup, type GraphNode } from './model.ts';

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

/** Fill colours per kind for the compact layout's class styles, in KIND_IDS order. */
const PALETTE = ['#fde2e4', '#e2ece9', '#dfe7fd', '#fff1c1', '#e4d9f7', '#d7f0f7', '#fbe3d3', '#e8f5e9', '#f0f0f0', '#fce4ec', '#e0f2f1'];

const SHORT_LABEL = 24;

/** A short label: the name, or the shortest alias when the name is long. */
export function shortLabel(name: string, aliases: readonly string[]): string {
  if ([...name].length <= SHORT_LABEL) return name;
  const alias = [...aliases].sort((a, b) => a.length - b.length)[0];
  if (alias && alias.length >= 6 && alias.length < [...name].length) return alias;
  return `${[...name].slice(0, SHORT_LABEL - 1).join('')}…`;
}

export function buildLayersDiagram(catalogue: Catalogue, options: LayersDiagramOptions): GraphDiagram {
  const view = buildLayerMapView(catalogue, {
    by: 'component',
    lang: options.lang,
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.type ? { type: options.type } : {}),
  });
  return (options.layout ?? 'full') === 'compact' ? compactLayers(catalogue, view, options) : fullLayers(view, options);
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

function fullLayers(view: LayerMapView, options: LayersDiagramOptions): GraphDiagram {
  const t = diagramTranslator(options.lang);
  const osi = osiGroup(view, t.t('osi'), false);
  const groups: GraphGroup[] = [osi.group, ...view.kinds.map((k) => ({ id: `kind/${k.id}`, label: k.name }))];
  const nodes: GraphNode[] = [
    ...osi.nodes,
    ...view.entries.map((e): GraphNode => ({ id: e.id, label: e.name, group: `kind/${e.kind}`, shape: 'round', className: 'entry' })),
  ];
  // The OSI stack as a chain L7 — L6 — … — L1, as the seed drew it: it keeps the stack upright.
  const stack: GraphEdge[] = [...view.layers]
    .reverse()
    .slice(1)
    .map((l) => ({ from: `L${l.number + 1}`, to: `L${l.number}`, style: 'line' }));
  const edges: GraphEdge[] = [
    ...stack,
    ...view.entries.flatMap((e) =>
      LAYER_NUMBERS.flatMap((n): GraphEdge[] => {
        const role = e.layers[`L${n}`];
        return role ? [{ from: e.id, to: `L${n}`, style: role === 'primary' ? 'solid' : 'dotted' }] : [];
      }),
    ),
  ];
  const diagram: GraphDiagram = {
    view: 'diagram',
    type: 'flowchart',
    kind: 'layers',
    lang: options.lang,
    title: options.title ?? t.t('layersTitle'),
    caption: t.t('layersCaption'),
    direction: options.direction ?? 'TD',
    ...(options.theme ? { theme: options.theme } : {}),
    groups,
    nodes,
    edges,
    classes: [
      { name: 'osi', style: { fill: '#f0f0f0', stroke: '#666' } },
      { name: 'entry', style: { fill: '#e6f3ff', stroke: '#0066cc' } },
    ],
    legend: legend(options.lang),
  };
  return fitGraph(
    diagram,
    (omitted) => t.t('truncated', { omitted }),
    (n) => n.group?.startsWith('kind/') === true,
  );
}

function compactLayers(catalogue: Catalogue, view: LayerMapView, options: LayersDiagramOptions): GraphDiagram {
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
      nodes.push({ id: e.id, label: shortLabel(e.name, catalogue.find(e.id)?.aliases ?? []), group, shape: 'round', className: 'entry' });
    }
    for (const n of [...LAYER_NUMBERS].reverse()) {
      const roles = members.map((e) => e.layers[`L${n}`]).filter((r): r is LayerRole => r !== undefined);
      if (roles.length === 0) continue;
      edges.push({ from: group, to: `L${n}`, style: roles.includes('primary') ? 'solid' : 'dotted' });
    }
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
    legend: legend(options.lang),
  };
  return fitGraph(
    diagram,
    (omitted) => t.t('truncated', { omitted }),
    (n) => n.group?.startsWith('kind/') === true,
  );
}
