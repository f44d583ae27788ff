/**
 * Every diagram k8snet draws, by kind, and the standard set `k8snet render --all` and the docs use.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { EntryType, KindId, Lang } from '../catalogue/constants.ts';
import type { FlowDirection } from '../mermaid/index.ts';
import type { Document } from '../renderers/document.ts';
import type { DiagramKind } from './constants.ts';
import { buildDeployment } from './deployment.ts';
import type { ProxyMode } from './facts.ts';
import { buildLayersDiagram, type LayerLayout } from './layers.ts';
import { type DiagramTheme, type DiagramView, diagramToMermaid } from './model.ts';
import { buildRelationsDiagram } from './relations.ts';
import { buildServiceFlow } from './service-flow.ts';

export * from './constants.ts';

export interface DiagramQuery {
  lang: Lang;
  direction?: FlowDirection;
  theme?: DiagramTheme;
  title?: string;
  // service-flow and deployment
  proxyMode?: ProxyMode;
  cni?: string;
  clusterIp?: string;
  backends?: number;
  workers?: number;
  podsPerNode?: number;
  // layers and relations
  layout?: LayerLayout;
  kind?: KindId;
  /** relations: one entry (id or alias) and its neighbours */
  focus?: string;
  /** layers: only components (roles) or projects */
  type?: EntryType;
}

export function buildDiagram(catalogue: Catalogue, kind: DiagramKind, query: DiagramQuery): DiagramView {
  const common = {
    lang: query.lang,
    ...(query.theme ? { theme: query.theme } : {}),
    ...(query.title ? { title: query.title } : {}),
  };
  const direction = query.direction ? { direction: query.direction } : {};
  switch (kind) {
    case 'service-flow':
      return buildServiceFlow(catalogue, {
        ...common,
        ...(query.proxyMode ? { proxyMode: query.proxyMode } : {}),
        ...(query.cni ? { cni: query.cni } : {}),
        ...(query.clusterIp ? { clusterIp: query.clusterIp } : {}),
        ...(query.backends !== undefined ? { backends: query.backends } : {}),
      });
    case 'deployment':
      return buildDeployment(catalogue, {
        ...common,
        ...direction,
        ...(query.proxyMode ? { proxyMode: query.proxyMode } : {}),
        ...(query.cni ? { cni: query.cni } : {}),
        ...(query.workers !== undefined ? { workers: query.workers } : {}),
        ...(query.podsPerNode !== undefined ? { podsPerNode: query.podsPerNode } : {}),
      });
    case 'layers':
      return buildLayersDiagram(catalogue, {
        ...common,
        ...direction,
        ...(query.layout ? { layout: query.layout } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.type ? { type: query.type } : {}),
      });
    case 'relations':
      return buildRelationsDiagram(catalogue, {
        ...common,
        ...direction,
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.focus !== undefined ? { focus: query.focus } : {}),
      });
  }
}

/** The diagrams `render --all`, the docs and docs/diagrams draw, each a file name and a query. */
export const STANDARD_DIAGRAMS: readonly { name: string; kind: DiagramKind; query: Omit<DiagramQuery, 'lang'> }[] = [
  { name: 'service-flow', kind: 'service-flow', query: {} },
  { name: 'deployment', kind: 'deployment', query: {} },
  { name: 'layers', kind: 'layers', query: { layout: 'full' } },
  { name: 'layers-compact', kind: 'layers', query: { layout: 'compact' } },
  { name: 'relations', kind: 'relations', query: {} },
  // A focused view of each kind: one entry and its neighbours, one kind and what it relates to.
  { name: 'relations-cilium', kind: 'relations', query: { focus: 'cilium' } },
  { name: 'relations-cni-plugin', kind: 'relations', query: { kind: 'cni-plugin' } },
];

/** `--format markdown`: a caption and a fenced mermaid block, which GitHub renders. */
export function diagramDocument(view: DiagramView): Document {
  return [
    { type: 'paragraph', text: [{ strong: view.title }, ' ', { muted: view.caption }] },
    { type: 'code', lang: 'mermaid', text: diagramToMermaid(view, { titled: false }) },
  ];
}

export { PROXY_MODES, type ProxyMode } from './facts.ts';
export { LAYER_LAYOUTS, type LayerLayout } from './layers.ts';
export { DIAGRAM_THEMES, type DiagramTheme, type DiagramView, diagramToMermaid } from './model.ts';
