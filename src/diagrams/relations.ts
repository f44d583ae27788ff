/**
 * `k8snet diagram relations`: how components and projects depend on, replace, implement and work
 * with each other, from the `relations` of every catalogue entry. About 40 entries and 100
 * relations are not one readable picture, so there are three:
 * - the overview (the default): one node per kind and what kinds depend on, implement and replace;
 * - `--focus <id>`: one entry and every entry it relates to, in either direction;
 * - `--kind <kind>`: the entries of one kind and everything they relate to.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { KindId, Lang, RelationType } from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import { UsageError } from '../errors.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { translator } from '../i18n/messages.ts';
import type { FlowDirection } from '../mermaid/index.ts';
import { pick, shortNameOf } from '../views/localize.ts';
import { type DiagramTheme, type EdgeStyle, fitGraph, type GraphDiagram, type GraphEdge, type GraphNode } from './model.ts';

export interface RelationsDiagramOptions {
  lang: Lang;
  kind?: KindId;
  /** An entry id or alias: that entry and its neighbours. */
  focus?: string;
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

const CLASSES: GraphDiagram['classes'] = [
  { name: 'component', style: { fill: '#fff1e6', stroke: '#c2410c' } },
  { name: 'project', style: { fill: '#e6f3ff', stroke: '#0066cc' } },
  { name: 'focus', style: { fill: '#fde68a', stroke: '#92400e', 'stroke-width': '3px' } },
  { name: 'kind', style: { fill: '#f5f5f5', stroke: '#555' } },
];

/** Neighbours on one side of a focused entry beyond which the picture turns left to right. */
const MAX_ROW = 6;

interface Link {
  from: Entry;
  to: Entry;
  type: RelationType;
}

/**
 * Every relation between catalogue entries, once: "works with" is drawn without an arrow, so
 * when both entries name each other it is one link.
 */
function links(catalogue: Catalogue): Link[] {
  const out: Link[] = [];
  const seen = new Set<string>();
  for (const entry of catalogue.entries) {
    for (const relation of entry.relations) {
      const target = catalogue.find(relation.target);
      if (!target) continue;
      const key = relation.type === 'works-with' ? [entry.id, target.id].sort().join(' ') : `${entry.id} ${target.id}`;
      if (seen.has(`${relation.type} ${key}`)) continue;
      seen.add(`${relation.type} ${key}`);
      out.push({ from: entry, to: target, type: relation.type });
    }
  }
  return out;
}

function entryNode(entry: Entry, lang: Lang, group?: string): GraphNode {
  // Components (roles) as subroutine boxes, projects as rounded boxes. Not stadiums: Mermaid 11
  // draws each stadium as ~20 KB of rough.js curves (590 KB against 196 KB for the old full graph).
  return {
    id: entry.id,
    label: shortNameOf(entry, lang),
    ...(group ? { group } : {}),
    shape: entry.type === 'component' ? 'subroutine' : 'round',
    className: entry.type,
  };
}

function legend(lang: Lang): string {
  const names = translator(lang);
  return Object.entries(EDGE_STYLE)
    .map(([type, style]) => `${names.relation(type as RelationType)} = ${style}`)
    .join(', ');
}

function diagram(
  lang: Lang,
  options: RelationsDiagramOptions,
  parts: Omit<GraphDiagram, 'view' | 'type' | 'lang' | 'classes' | 'legend'>,
): GraphDiagram {
  return {
    view: 'diagram',
    type: 'flowchart',
    lang,
    ...parts,
    ...(options.title ? { title: options.title } : {}),
    ...(options.direction ? { direction: options.direction } : {}),
    ...(options.theme ? { theme: options.theme } : {}),
    classes: CLASSES,
    legend: legend(lang),
  };
}

export function buildRelationsDiagram(catalogue: Catalogue, options: RelationsDiagramOptions): GraphDiagram {
  if (options.focus !== undefined && options.kind !== undefined) {
    throw new UsageError('--focus and --kind are two different views of the relations; give one of them');
  }
  if (options.focus !== undefined) return focusRelations(catalogue, catalogue.resolve(options.focus), options);
  if (options.kind !== undefined) return kindRelations(catalogue, options.kind, options);
  return overviewRelations(catalogue, options);
}

/**
 * One node per kind, labelled with how many projects it has, and one edge per kind, relation and
 * kind. A relation the kind's role itself has is labelled with its name alone ("service proxy
 * depends on CNI plugin"); one only some projects have names them ("replaces: Antrea, Kube-OVN,
 * kube-router"), so that the overview does not claim it of the whole kind. "Works with" and the
 * relations inside a kind are left to the focused views.
 */
function overviewRelations(catalogue: Catalogue, options: RelationsDiagramOptions): GraphDiagram {
  const { lang } = options;
  const t = diagramTranslator(lang);
  const names = translator(lang);
  const byKey = new Map<string, { from: KindId; to: KindId; type: RelationType; general: boolean; projects: Entry[] }>();
  for (const link of links(catalogue)) {
    if (link.type === 'works-with' || link.from.kind === link.to.kind) continue;
    const key = `${link.from.kind} ${link.type} ${link.to.kind}`;
    const edge = byKey.get(key) ?? { from: link.from.kind, to: link.to.kind, type: link.type, general: false, projects: [] };
    if (link.from.type === 'component') edge.general = true;
    else if (!edge.projects.includes(link.from)) edge.projects.push(link.from);
    byKey.set(key, edge);
  }
  const kinds = catalogue.kinds.filter((k) => catalogue.entries.some((e) => e.kind === k.id));
  const nodes = kinds.map((k): GraphNode => {
    // Up to two projects by name, more as a number.
    const projects = catalogue.entries.filter((e) => e.kind === k.id && e.type === 'project');
    const members =
      projects.length === 0
        ? ''
        : projects.length <= 2
          ? projects.map((p) => shortNameOf(p, lang)).join(', ')
          : t.t('projectsCount', { count: projects.length });
    return {
      id: `kind/${k.id}`,
      label: members ? `${pick(k.name, lang)}\n${members}` : pick(k.name, lang),
      shape: 'round',
      className: 'kind',
    };
  });
  const edges = [...byKey.values()].map((e): GraphEdge => {
    const who =
      e.general || e.projects.length === 0
        ? ''
        : e.projects.length <= 3
          ? e.projects.map((p) => shortNameOf(p, lang)).join(', ')
          : t.t('projectsCount', { count: e.projects.length });
    return {
      from: `kind/${e.from}`,
      to: `kind/${e.to}`,
      label: who ? t.t('relationBy', { relation: names.relation(e.type), who }) : names.relation(e.type),
      style: EDGE_STYLE[e.type],
    };
  });
  return diagram(lang, options, {
    kind: 'relations',
    title: t.t('relationsTitle'),
    caption: t.t('relationsCaption'),
    direction: 'TD',
    groups: [],
    nodes,
    edges,
    spacing: { node: 30, rank: 60 },
    wrap: { node: 20, edge: 22 },
  });
}

/**
 * The entry and every entry it relates to, grouped by kind: what it relates to below it (or to
 * the right), what relates to it above (or to the left). Top-down while neither side has more
 * than a row of entries, else left to right, so that a hub like CNI stays within 1:2.5.
 */
function focusRelations(catalogue: Catalogue, focus: Entry, options: RelationsDiagramOptions): GraphDiagram {
  const { lang } = options;
  const t = diagramTranslator(lang);
  const names = translator(lang);
  const mine = links(catalogue).filter((l) => l.from.id === focus.id || l.to.id === focus.id);
  const neighbours = new Map<string, Entry>();
  for (const l of mine) {
    const other = l.from.id === focus.id ? l.to : l.from;
    neighbours.set(other.id, other);
  }
  const outgoing = mine.filter((l) => l.from.id === focus.id).length;
  const incoming = mine.length - outgoing;
  const kinds = catalogue.kinds.filter((k) => [...neighbours.values()].some((e) => e.kind === k.id));
  const nodes: GraphNode[] = [
    { ...entryNode(focus, lang), className: 'focus' },
    ...catalogue.entries.filter((e) => neighbours.has(e.id)).map((e) => entryNode(e, lang, `kind/${e.kind}`)),
  ];
  const view = diagram(lang, options, {
    kind: 'relations-focus',
    title: t.t('relationsFocusTitle', { name: shortNameOf(focus, lang) }),
    caption: t.t('relationsFocusCaption', { name: pick(focus.name, lang) }),
    direction: Math.max(incoming, outgoing) > MAX_ROW ? 'LR' : 'TD',
    groups: kinds.map((k) => ({ id: `kind/${k.id}`, label: pick(k.name, lang) })),
    nodes,
    edges: mine.map((l) => ({ from: l.from.id, to: l.to.id, label: names.relation(l.type), style: EDGE_STYLE[l.type] })),
    spacing: { node: 20, rank: 50 },
  });
  return fitGraph(
    view,
    (omitted) => t.t('truncated', { omitted }),
    (n) => n.className === 'project',
  );
}

/**
 * The entries of one kind, grouped, and everything they relate to, grouped by its own kind. The
 * projects that implement the kind's role sit in a box that says so, instead of one "implements"
 * edge each (ten for the CNI plugins) crossing all the others.
 */
function kindRelations(catalogue: Catalogue, kind: KindId, options: RelationsDiagramOptions): GraphDiagram {
  const { lang } = options;
  const t = diagramTranslator(lang);
  const names = translator(lang);
  const role = catalogue.entries.find((e) => e.kind === kind && e.type === 'component');
  const implementsRole = (l: Link): boolean => l.type === 'implements' && role !== undefined && l.to.id === role.id && l.from.kind === kind;
  const mine = links(catalogue).filter((l) => l.from.kind === kind);
  const implementers = new Set(mine.filter(implementsRole).map((l) => l.from.id));
  const used = new Set([...mine.flatMap((l) => [l.from.id, l.to.id]), ...(role ? [role.id] : [])]);
  const entries = catalogue.entries.filter((e) => used.has(e.id));
  const kinds = catalogue.kinds.filter((k) => entries.some((e) => e.kind === k.id));
  const roleGroup = `implements/${role?.id ?? kind}`;
  const groups: GraphDiagram['groups'] = kinds.map((k) => ({ id: `kind/${k.id}`, label: pick(k.name, lang) }));
  if (role && implementers.size > 0) {
    groups.push({ id: roleGroup, label: t.t('implementersGroup', { role: shortNameOf(role, lang) }), parent: `kind/${kind}` });
  }
  const view = diagram(lang, options, {
    kind: 'relations-kind',
    title: t.t('relationsKindTitle', { kind: pick(catalogue.kind(kind).name, lang) }),
    caption: t.t('relationsKindCaption'),
    direction: 'LR',
    groups,
    nodes: entries.map((e) => entryNode(e, lang, implementers.has(e.id) ? roleGroup : `kind/${e.kind}`)),
    edges: mine
      .filter((l) => !implementsRole(l))
      .map((l) => ({ from: l.from.id, to: l.to.id, label: names.relation(l.type), style: EDGE_STYLE[l.type] })),
    spacing: { node: 20, rank: 60 },
  });
  return fitGraph(
    view,
    (omitted) => t.t('truncated', { omitted }),
    (n) => n.className === 'project',
  );
}
