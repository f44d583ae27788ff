/**
 * `k8snet layers`: which entry works at which OSI layer, primary or partial, as a
 * component × L1–L7 matrix, a per-layer listing, or a Mermaid flowchart.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import { type EntryType, type KindId, LAYER_NUMBERS, type Lang, type LayerNumber, type LayerRole } from '../catalogue/constants.ts';
import type { Translator } from '../i18n/messages.ts';
import type { Document, Inline, Rich } from '../renderers/document.ts';
import { pick, shortNameOf } from './localize.ts';

export const LAYER_MAP_GROUPINGS = ['component', 'layer'] as const;
export type LayerMapGrouping = (typeof LAYER_MAP_GROUPINGS)[number];

export interface LayerMapQuery {
  kind?: KindId;
  type?: EntryType;
  by: LayerMapGrouping;
  lang: Lang;
}

export interface LayerMapView {
  view: 'layers';
  lang: Lang;
  by: LayerMapGrouping;
  layers: { number: LayerNumber; name: string; protocols: string[] }[];
  kinds: { id: KindId; name: string }[];
  entries: {
    id: string;
    name: string;
    /** The name diagrams label the entry with. */
    shortName: string;
    kind: KindId;
    layers: Partial<Record<`L${LayerNumber}`, LayerRole>>;
  }[];
  byLayer: { number: LayerNumber; name: string; primary: string[]; partial: string[] }[];
}

export function buildLayerMapView(catalogue: Catalogue, query: LayerMapQuery): LayerMapView {
  const { lang } = query;
  const entries = catalogue.entries
    .filter((e) => (query.kind === undefined || e.kind === query.kind) && (query.type === undefined || e.type === query.type))
    .map((e) => ({
      id: e.id,
      name: pick(e.name, lang),
      shortName: shortNameOf(e, lang),
      kind: e.kind,
      layers: Object.fromEntries([...e.layers].sort((a, b) => a.layer - b.layer).map((l) => [`L${l.layer}`, l.role])),
    }));
  const layers = catalogue.layers.map((l) => ({ number: l.number, name: pick(l.name, lang), protocols: [...l.protocols] }));
  const kinds = [...new Set(entries.map((e) => e.kind))].map((id) => ({ id, name: pick(catalogue.kind(id).name, lang) }));
  return {
    view: 'layers',
    lang,
    by: query.by,
    layers,
    kinds,
    entries,
    byLayer: [...layers].reverse().map((l) => ({
      number: l.number,
      name: l.name,
      primary: entries.filter((e) => e.layers[`L${l.number}`] === 'primary').map((e) => e.id),
      partial: entries.filter((e) => e.layers[`L${l.number}`] === 'partial').map((e) => e.id),
    })),
  };
}

const MARK: Record<LayerRole, string> = { primary: '●', partial: '○' };

/** Ids as code, comma-separated: they never break across lines. */
function ids(list: readonly string[], t: Translator): Rich {
  return list.length === 0 ? t.t('none') : list.flatMap((id, i): Inline[] => (i === 0 ? [{ code: id }] : [', ', { code: id }]));
}

export function layerMapDocument(view: LayerMapView, t: Translator): Document {
  const legend = { type: 'note', text: `${t.t('legend')}${t.t('colon')}${t.t('primaryMark')}  ${t.t('partialMark')}` } as const;
  const title = { type: 'heading', level: 1, text: t.t('layerMapTitle') } as const;
  if (view.by === 'layer') {
    return [
      title,
      {
        type: 'table',
        columns: [t.t('layer'), t.t('protocols'), t.t('primaryMark'), t.t('partialMark')],
        rows: view.byLayer.map((l) => [
          `L${l.number} ${l.name}`,
          view.layers.find((x) => x.number === l.number)?.protocols.join(', ') ?? '',
          ids(l.primary, t),
          ids(l.partial, t),
        ]),
        // Each row is a layer whose name starts it: rules would only add lines.
        rowRules: false,
      },
    ];
  }
  return [
    title,
    {
      type: 'table',
      columns: [t.t('kind'), t.t('name'), ...LAYER_NUMBERS.map((n) => `L${n}`)],
      rows: view.entries.map((e) => [
        view.kinds.find((k) => k.id === e.kind)?.name ?? e.kind,
        e.name,
        ...LAYER_NUMBERS.map((n) => {
          const role = e.layers[`L${n}`];
          return role ? MARK[role] : '';
        }),
      ]),
    },
    legend,
  ];
}
