/**
 * `k8snet diagram relations`: how components and projects depend on, replace, implement and work
 * with each other, from the `relations` of every catalogue entry, grouped by kind.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { KindId, Lang, RelationType } from '../catalogue/constants.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { translator } from '../i18n/messages.ts';
import type { FlowDirection } from '../mermaid/index.ts';
import { pick } from '../views/localize.ts';
import { type DiagramTheme, type EdgeStyle, fitGraph, type GraphDiagram, type GraphEdge, type GraphNode } from './model.ts';

export interface RelationsDiagramOptions {
  lang: Lang;
  kind?: KindId;
  direction?: FlowDirection;
  theme?: DiagramTheme;
  title?: string;
}

const EDGE_STYLE: Record<RelationType, EdgeStyle> = {
  'depends-on': 'solid',
  implements: 'thick',
  replaces: 'dotted',
  'works-with': 'line',
};

export function buildRelationsDiagram(catalogue: Catalogue, options: RelationsDiagramOptions): GraphDiagram {
  const { lang } = options;
  const t = diagramTranslator(lang);
  const names = translator(lang);
  const edges: GraphEdge[] = [];
  const used = new Set<string>();
  const drawn = new Set<string>();
  for (const entry of catalogue.entries) {
    if (options.kind !== undefined && entry.kind !== options.kind) continue;
    for (const relation of entry.relations) {
      const target = catalogue.find(relation.target);
      if (!target) continue;
      // "Works with" is drawn without an arrow: when both entries name each other, one line.
      const key = relation.type === 'works-with' ? [entry.id, target.id].sort().join(' ') : `${entry.id} ${target.id}`;
      if (drawn.has(`${relation.type} ${key}`)) continue;
      drawn.add(`${relation.type} ${key}`);
      edges.push({ from: entry.id, to: target.id, label: names.relation(relation.type), style: EDGE_STYLE[relation.type] });
      used.add(entry.id).add(target.id);
    }
  }
  const entries = catalogue.entries.filter((e) => used.has(e.id));
  const kinds = catalogue.kinds.filter((k) => entries.some((e) => e.kind === k.id));
  const nodes = entries.map(
    (e): GraphNode => ({
      id: e.id,
      label: pick(e.name, lang),
      group: `kind/${e.kind}`,
      // Components (roles) as subroutine boxes, projects as rounded boxes. Not stadiums: Mermaid 11
      // draws each stadium as ~20 KB of rough.js curves, which made this SVG three times larger
      // (590 KB against 196 KB) and slower to render.
      shape: e.type === 'component' ? 'subroutine' : 'round',
      className: e.type,
    }),
  );
  const diagram: GraphDiagram = {
    view: 'diagram',
    type: 'flowchart',
    kind: 'relations',
    lang,
    title: options.title ?? t.t('relationsTitle'),
    caption: t.t('relationsCaption'),
    direction: options.direction ?? 'LR',
    ...(options.theme ? { theme: options.theme } : {}),
    groups: kinds.map((k) => ({ id: `kind/${k.id}`, label: pick(k.name, lang) })),
    nodes,
    edges,
    classes: [
      { name: 'component', style: { fill: '#fff1e6', stroke: '#c2410c' } },
      { name: 'project', style: { fill: '#e6f3ff', stroke: '#0066cc' } },
    ],
    legend: Object.entries(EDGE_STYLE)
      .map(([type, style]) => `${names.relation(type as RelationType)} = ${style}`)
      .join(', '),
  };
  return fitGraph(
    diagram,
    (omitted) => t.t('truncated', { omitted }),
    (n) => n.className === 'project',
  );
}
