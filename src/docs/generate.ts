/**
 * `k8snet docs`: a complete Markdown explainer generated from the catalogue. It covers what the seed
 * document covers (definitions, layers, the comparison, cooperation, the Pod → Service example, the
 * sequence, deployment and layer diagrams, the projects, a summary), corrects the seed's mistakes,
 * and numbers every source. Pure: catalogue + language → Document.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Lang } from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import { buildDiagram, type DiagramKind, type DiagramQuery, diagramToMermaid } from '../diagrams/index.ts';
import { backendIps, listIps, SERVICE_FLOW_DEFAULTS } from '../diagrams/service-flow.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { translator } from '../i18n/messages.ts';
import type { Block, Document, Rich } from '../renderers/document.ts';
import { buildCompareView } from '../views/compare.ts';
import { buildLayerMapView, layerMapDocument } from '../views/layer-map.ts';
import { formatLayers } from '../views/list.ts';
import { pick, SourceList } from '../views/localize.ts';

import { DOCS_SECTIONS, type DocsSection } from './sections.ts';

export { DOCS_SECTIONS, type DocsSection } from './sections.ts';

interface Context {
  catalogue: Catalogue;
  lang: Lang;
  sources: SourceList;
}

/** The whole explainer, or one section of it (for `<!-- k8snet:docs --section … -->` blocks). */
export function docsDocument(catalogue: Catalogue, lang: Lang, section?: DocsSection): Document {
  const t = diagramTranslator(lang);
  const context: Context = { catalogue, lang, sources: new SourceList() };
  if (section) {
    const blocks = SECTION_BUILDERS[section](context);
    const refs = context.sources.toArray();
    if (refs.length === 0) return blocks;
    return [...blocks, { type: 'list', items: refs.map((s): Rich => [`[${s.n}] `, { link: s.url }]) }];
  }
  const body = DOCS_SECTIONS.flatMap((name) => SECTION_BUILDERS[name](context));
  return [
    { type: 'heading', level: 1, text: t.t('docsTitle') },
    { type: 'paragraph', text: t.t('docsIntro') },
    ...body,
    { type: 'heading', level: 2, text: t.t('docsSources') },
    { type: 'list', items: context.sources.toArray().map((s): Rich => [`[${s.n}] `, { link: s.url }]) },
    { type: 'note', text: t.t('docsFooter', { lang }) },
  ];
}

const SECTION_BUILDERS: Record<DocsSection, (context: Context) => Block[]> = {
  definitions: definitions,
  layers: layers,
  comparison: comparison,
  cooperation: cooperation,
  example: example,
  diagrams: diagrams,
  projects: projects,
  misconceptions: misconceptions,
  summary: summary,
};

function cite(context: Context, url: string): string {
  return ` [${context.sources.ref(url)}]`;
}

function components(catalogue: Catalogue): Entry[] {
  return catalogue.entries.filter((e) => e.type === 'component');
}

/** "CNI (CNI plugin)", but just "Service proxy" when the name is the kind. */
function withKind(name: string, kind: string, lang: Lang): string {
  if (name === kind || name.includes(kind)) return name;
  return lang === 'zh' ? `${name}（${kind}）` : `${name} (${kind})`;
}

function definitions(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const blocks: Block[] = [{ type: 'heading', level: 2, text: t.t('docsDefinitions') }];
  for (const entry of components(catalogue)) {
    blocks.push(
      { type: 'heading', level: 3, text: withKind(pick(entry.name, lang), pick(catalogue.kind(entry.kind).name, lang), lang) },
      { type: 'paragraph', text: `${pick(entry.summary, lang)}${cite(context, entry.source)}` },
      { type: 'list', items: entry.responsibilities.map((r) => `${pick(r.text, lang)}${cite(context, r.source)}`) },
    );
  }
  return blocks;
}

function layers(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const view = buildLayerMapView(catalogue, { by: 'component', lang });
  return [
    { type: 'heading', level: 2, text: t.t('docsLayers') },
    { type: 'paragraph', text: t.t('docsLayersIntro') },
    ...layerMapDocument(view, translator(lang)).filter((block) => block.type !== 'heading'),
    {
      type: 'list',
      items: components(catalogue).flatMap((entry) =>
        [...entry.layers]
          .sort((a, b) => a.layer - b.layer)
          .map((l): Rich => [{ strong: `${pick(entry.name, lang)} · L${l.layer}` }, ` ${pick(l.what, lang)}${cite(context, l.source)}`]),
      ),
    },
  ];
}

function comparison(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const proxy = catalogue.find('kube-proxy');
  const cni = catalogue.find('cni');
  if (!proxy || !cni) return [];
  const view = buildCompareView(catalogue, [proxy, cni], translator(lang));
  const url = new Map(view.sources.map((s) => [s.n, s.url]));
  return [
    { type: 'heading', level: 2, text: t.t('docsComparison') },
    {
      type: 'table',
      columns: [translator(lang).t('dimension'), ...view.entries.map((e) => e.name)],
      rows: view.rows.map((row) => [
        row.label,
        ...row.cells.map((c) => {
          const source = c.source === null ? undefined : url.get(c.source);
          return c.value === null ? translator(lang).t('none') : `${c.value}${source ? cite(context, source) : ''}`;
        }),
      ]),
    },
  ];
}

function cooperation(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const names = translator(lang);
  const items: Rich[] = [];
  for (const entry of components(catalogue)) {
    for (const relation of entry.relations) {
      const target = catalogue.find(relation.target);
      if (!target) continue;
      const note = relation.note ? `: ${pick(relation.note, lang)}` : '';
      const source = relation.source ? cite(context, relation.source) : '';
      items.push([
        { strong: pick(entry.name, lang) },
        ` ${names.relation(relation.type)} `,
        { strong: pick(target.name, lang) },
        `${note}${source}`,
      ]);
    }
  }
  return [
    { type: 'heading', level: 2, text: t.t('docsCooperation') },
    { type: 'paragraph', text: t.t('docsCooperationIntro') },
    { type: 'list', items },
  ];
}

/** The command that draws a diagram, for its caption: `k8snet diagram relations --focus cilium`. */
function diagramCommand(kind: DiagramKind, query: Omit<DiagramQuery, 'lang'>): string {
  const flags = Object.entries(query).map(([key, value]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${String(value)}`);
  return ['k8snet diagram', kind, ...flags].join(' ');
}

function diagramBlock(context: Context, kind: DiagramKind, query: Omit<DiagramQuery, 'lang'>, heading: string): Block[] {
  const view = buildDiagram(context.catalogue, kind, { ...query, lang: context.lang });
  return [
    { type: 'heading', level: 3, text: heading },
    { type: 'paragraph', text: [{ strong: view.title }, ' ', view.caption, ' (', { code: diagramCommand(kind, query) }, ')'] },
    { type: 'code', lang: 'mermaid', text: diagramToMermaid(view, { titled: false }) },
  ];
}

function example(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const ips = backendIps(SERVICE_FLOW_DEFAULTS.backends);
  const proxy = catalogue.find('kube-proxy');
  const corrections = (proxy?.misconceptions ?? []).filter((m) => m.inSeed).slice(0, 2);
  return [
    { type: 'heading', level: 2, text: t.t('docsExample') },
    {
      type: 'paragraph',
      text: t.t('docsExampleIntro', { vip: SERVICE_FLOW_DEFAULTS.clusterIp, count: ips.length, backends: listIps(ips) }),
    },
    ...(corrections.length > 0
      ? [{ type: 'list', items: corrections.map((m) => `${pick(m.correction, lang)}${cite(context, m.source)}`) } as const]
      : []),
    ...diagramBlock(context, 'service-flow', {}, t.t('docsSequence')),
  ];
}

function diagrams(context: Context): Block[] {
  const t = diagramTranslator(context.lang);
  return [
    { type: 'heading', level: 2, text: t.t('docsDiagrams') },
    ...diagramBlock(context, 'deployment', {}, t.t('docsDeployment')),
    ...diagramBlock(context, 'layers', { layout: 'compact' }, t.t('docsLayerDiagram')),
    ...diagramBlock(context, 'relations', {}, t.t('docsRelationsDiagram')),
    ...diagramBlock(context, 'relations', { focus: 'cilium' }, t.t('docsRelationsFocus')),
    ...diagramBlock(context, 'relations', { kind: 'cni-plugin' }, t.t('docsRelationsKind')),
  ];
}

function projects(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const names = translator(lang);
  const rows = catalogue.entries
    .filter((e) => e.type === 'project')
    .map((e): Rich[] => [
      [{ strong: pick(e.name, lang) }, ` ${pick(e.summary, lang).split(/(?<=[.。])\s*/)[0] ?? ''}`],
      pick(catalogue.kind(e.kind).name, lang),
      formatLayers([...e.layers].sort((a, b) => a.layer - b.layer)),
      names.status(e.status.state) + (e.status.since ? ` (${e.status.since})` : ''),
      [
        ...(e.homepage ? [{ link: e.homepage, text: names.t('homepage') }] : []),
        ...(e.homepage && e.repository ? [' · '] : []),
        ...(e.repository ? [{ link: e.repository, text: names.t('repository') }] : []),
      ],
    ]);
  return [
    { type: 'heading', level: 2, text: t.t('docsProjects') },
    { type: 'paragraph', text: t.t('docsProjectsIntro') },
    { type: 'table', columns: [t.t('docsProject'), t.t('docsRole'), t.t('docsLayerCol'), t.t('docsStatus'), t.t('docsLinks')], rows },
  ];
}

function misconceptions(context: Context): Block[] {
  const { catalogue, lang } = context;
  const t = diagramTranslator(lang);
  const rows = catalogue.entries.flatMap((e) =>
    e.misconceptions.map((m): Rich[] => [
      pick(e.name, lang),
      `${pick(m.claim, lang)}${m.inSeed ? t.t('docsSeedMark') : ''}`,
      `${pick(m.correction, lang)}${cite(context, m.source)}`,
    ]),
  );
  if (rows.length === 0) return [];
  return [
    { type: 'heading', level: 2, text: t.t('docsMisconceptions') },
    { type: 'paragraph', text: t.t('docsMisconceptionsIntro') },
    { type: 'table', columns: [t.t('docsEntry'), t.t('docsWrong'), t.t('docsRight')], rows },
  ];
}

function summary(context: Context): Block[] {
  const t = diagramTranslator(context.lang);
  return [
    { type: 'heading', level: 2, text: t.t('docsSummary') },
    { type: 'list', items: [t.t('docsSummaryProxy'), t.t('docsSummaryCni'), t.t('docsSummaryTogether')] },
  ];
}
