/**
 * `k8snet explain <id>`: everything the catalogue knows about one entry, with a numbered
 * source for each fact.
 */
import { type Catalogue, compareText } from '../catalogue/catalogue.ts';
import {
  type EntryType,
  type KindId,
  type Lang,
  type LayerNumber,
  type LayerRole,
  MODE_MILESTONES,
  type ModeMilestone,
  type ModeStatus,
  type PolicyApi,
  type RelationType,
  STORED_DIMENSION_IDS,
  type StatusState,
  type StoredDimensionId,
} from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import type { Translator } from '../i18n/messages.ts';
import { fillTemplate } from '../i18n/template.ts';
import type { Block, Document, Rich } from '../renderers/document.ts';
import { pick, SourceList } from './localize.ts';
import { enforcersOf, type PolicySupportView, policyApiOf, policySupportViews, policyVersionsText } from './policy.ts';

export interface ExplainView {
  view: 'explain';
  lang: Lang;
  id: string;
  type: EntryType;
  kind: KindId;
  kindName: string;
  name: string;
  aliases: string[];
  summary: string;
  summarySource: number;
  /** ISO date the entry's facts were last checked against their sources. */
  reviewed: string;
  homepage: string | null;
  repository: string | null;
  status: { state: StatusState; since: string | null; note: string | null; source: number };
  responsibilities: { text: string; source: number }[];
  layers: { layer: LayerNumber; layerName: string; role: LayerRole; what: string; source: number }[];
  modes: {
    id: string;
    name: string;
    status: ModeStatus;
    platform: string;
    versions: { introduced: string | null; ga: string | null; deprecated: string | null; removed: string | null };
    /** The source of a version when it is not the mode's own source. */
    versionSources: Partial<Record<ModeMilestone, number>>;
    description: string;
    source: number;
  }[];
  relations: { type: RelationType; target: string; targetName: string; note: string | null; source: number | null }[];
  useCases: string[];
  dimensions: { id: StoredDimensionId; value: string; source: number }[];
  misconceptions: { claim: string; correction: string; inSeed: boolean; source: number }[];
  /** Which policy APIs this CNI plugin or add-on enforces (every API; `unknown` where the catalogue is silent). */
  policy: PolicySupportView[];
  /** For the entry of a policy API (NetworkPolicy …): what every plugin and add-on does with it. */
  enforcers: { api: PolicyApi; entries: (PolicySupportView & { id: string; name: string })[] } | null;
  sources: { n: number; url: string }[];
}

export function buildExplainView(catalogue: Catalogue, entry: Entry, lang: Lang): ExplainView {
  const sources = new SourceList();
  const summarySource = sources.ref(entry.source);
  const api = policyApiOf(entry);
  return {
    view: 'explain',
    lang,
    id: entry.id,
    type: entry.type,
    kind: entry.kind,
    kindName: pick(catalogue.kind(entry.kind).name, lang),
    name: pick(entry.name, lang),
    aliases: [...entry.aliases].sort(),
    summary: pick(entry.summary, lang),
    summarySource,
    reviewed: entry.reviewed,
    homepage: entry.homepage ?? null,
    repository: entry.repository ?? null,
    status: {
      state: entry.status.state,
      since: entry.status.since ?? null,
      note: entry.status.note ? pick(entry.status.note, lang) : null,
      source: sources.ref(entry.status.source),
    },
    responsibilities: entry.responsibilities.map((r) => ({ text: pick(r.text, lang), source: sources.ref(r.source) })),
    layers: [...entry.layers]
      .sort((a, b) => a.layer - b.layer)
      .map((l) => ({
        layer: l.layer,
        layerName: pick(catalogue.layer(l.layer).name, lang),
        role: l.role,
        what: pick(l.what, lang),
        source: sources.ref(l.source),
      })),
    modes: entry.modes.map((m) => ({
      id: m.id,
      name: pick(m.name, lang),
      status: m.status,
      platform: m.platform,
      versions: {
        introduced: m.introduced ?? null,
        ga: m.ga ?? null,
        deprecated: m.deprecated ?? null,
        removed: m.removed ?? null,
      },
      versionSources: Object.fromEntries(
        MODE_MILESTONES.flatMap((k) => {
          const url = m.versionSources?.[k];
          return url ? [[k, sources.ref(url)]] : [];
        }),
      ),
      description: pick(m.description, lang),
      source: sources.ref(m.source),
    })),
    relations: entry.relations
      .map((r) => ({
        type: r.type,
        target: r.target,
        targetName: pick(catalogue.get(r.target).name, lang),
        note: r.note ? pick(r.note, lang) : null,
        source: r.source ? sources.ref(r.source) : null,
      }))
      .sort((a, b) => compareText(a.type, b.type) || compareText(a.target, b.target)),
    useCases: entry.useCases.map((u) => pick(u, lang)),
    dimensions: STORED_DIMENSION_IDS.flatMap((id) => {
      const d = entry.dimensions[id];
      return d ? [{ id, value: pick(d.value, lang), source: sources.ref(d.source) }] : [];
    }),
    misconceptions: entry.misconceptions.map((m) => ({
      claim: pick(m.claim, lang),
      correction: pick(m.correction, lang),
      inSeed: m.inSeed,
      source: sources.ref(m.source),
    })),
    policy: policySupportViews(entry, lang, sources),
    enforcers: api ? { api, entries: enforcersOf(catalogue, api, lang, sources) } : null,
    sources: sources.toArray(),
  };
}

const ref = (n: number | null): string => (n === null ? '' : ` [${n}]`);

function versionText(mode: ExplainView['modes'][number], t: Translator): string {
  const parts = MODE_MILESTONES.flatMap((k) => {
    const version = mode.versions[k];
    return version ? [`${t.t(k)} ${version}${ref(mode.versionSources[k] ?? null)}`] : [];
  });
  return parts.join(', ') || t.t('none');
}

/** Support, enforcer, versions, and the note with its source (the source goes last, on whatever the row has). */
function policyCells(p: PolicySupportView, t: Translator): string[] {
  const note = p.note ?? '';
  const cited = `${note}${ref(p.source)}`.trim();
  return [t.policySupport(p.support), p.enforcer ?? t.t('none'), policyVersionsText(p, t) || t.t('none'), cited || t.t('none')];
}

export function explainDocument(view: ExplainView, t: Translator): Document {
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: `${view.name}${t.paren(view.id)}` },
    {
      type: 'paragraph',
      text: [
        { strong: `${t.t('kind')}${t.t('colon')}` },
        `${view.kindName} · ${view.type === 'component' ? t.t('component') : t.t('project')} · `,
        { strong: `${t.t('status')}${t.t('colon')}` },
        `${t.status(view.status.state)}${view.status.since ? t.paren(`${t.t('since')} ${view.status.since}`) : ''}${ref(view.status.source)}`,
      ],
    },
    { type: 'paragraph', text: `${view.summary}${ref(view.summarySource)}` },
  ];
  if (view.status.note) blocks.push({ type: 'note', text: view.status.note });
  if (view.aliases.length > 0)
    blocks.push({
      type: 'paragraph',
      text: [{ muted: `${t.t('aliases')}${t.t('colon')}` }, ...view.aliases.flatMap((a, i) => (i ? [', ', { code: a }] : [{ code: a }]))],
    });

  blocks.push({ type: 'heading', level: 2, text: t.t('responsibilities') });
  blocks.push({ type: 'list', items: view.responsibilities.map((r) => `${r.text}${ref(r.source)}`) });

  blocks.push({ type: 'heading', level: 2, text: t.t('layersSection') });
  blocks.push({
    type: 'table',
    columns: [t.t('layer'), t.t('role'), t.t('whatItDoes')],
    rows: view.layers.map((l) => [`L${l.layer} ${l.layerName}`, t.layerRole(l.role), `${l.what}${ref(l.source)}`]),
  });

  if (view.modes.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: t.t('modes') });
    blocks.push({
      type: 'table',
      columns: [t.t('name'), t.t('status'), t.t('platform'), t.t('versions'), t.t('summary')],
      rows: view.modes.map((m) => [
        { code: m.id },
        t.modeStatus(m.status),
        m.platform,
        versionText(m, t),
        `${m.description}${ref(m.source)}`,
      ]),
    });
  }

  if (view.dimensions.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: t.t('dimensionsTitle') });
    blocks.push({
      type: 'table',
      columns: [t.t('dimension'), view.name],
      rows: view.dimensions.map((d) => [t.dimension(d.id), `${d.value}${ref(d.source)}`]),
    });
  }

  if (view.policy.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: t.t('policySection') });
    blocks.push({
      type: 'table',
      columns: [t.t('policyApi'), t.t('support'), t.t('enforcedBy'), t.t('versions'), t.t('note')],
      rows: view.policy.map((p) => [t.policyApi(p.api), ...policyCells(p, t)]),
    });
  }

  if (view.enforcers) {
    blocks.push({ type: 'heading', level: 2, text: t.t('enforcersTitle') });
    blocks.push({ type: 'paragraph', text: t.t('enforcersIntro') });
    blocks.push({
      type: 'table',
      columns: [t.t('name'), t.t('support'), t.t('enforcedBy'), t.t('versions'), t.t('note')],
      rows: view.enforcers.entries.map((e): Rich[] => [
        e.name.toLowerCase() === e.id ? e.name : [e.name, ' ', { code: e.id }],
        ...policyCells(e, t),
      ]),
    });
  }

  if (view.relations.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: t.t('relations') });
    blocks.push({
      type: 'list',
      items: view.relations.map(
        (r): Rich => [`${t.relation(r.type)} `, { code: r.target }, `${r.note ? `: ${r.note}` : ''}${ref(r.source)}`],
      ),
    });
  }

  if (view.useCases.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: t.t('useCases') });
    blocks.push({ type: 'list', items: view.useCases });
  }

  if (view.misconceptions.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: t.t('misconceptions') });
    blocks.push({
      type: 'list',
      items: view.misconceptions.map(
        (m): Rich => [
          { strong: `✗ ${m.claim}` },
          m.inSeed ? { muted: t.paren(t.t('inSeed')) } : '',
          ` → ✓ ${m.correction}${ref(m.source)}`,
        ],
      ),
    });
  }

  const links: Rich[] = [];
  if (view.homepage) links.push([`${t.t('homepage')}${t.t('colon')}`, { link: view.homepage }]);
  if (view.repository) links.push([`${t.t('repository')}${t.t('colon')}`, { link: view.repository }]);
  if (links.length > 0) blocks.push({ type: 'list', items: links });

  blocks.push({ type: 'heading', level: 2, text: t.t('sources') });
  blocks.push({ type: 'list', items: view.sources.map((s): Rich => [`[${s.n}] `, { link: s.url }]) });
  blocks.push({ type: 'paragraph', text: [{ muted: fillTemplate(t.t('reviewedLine'), { date: view.reviewed }) }] });
  return blocks;
}
