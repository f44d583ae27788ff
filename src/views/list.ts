/**
 * `k8snet list`: the catalogue, filtered by kind, OSI layer and status.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { EntryType, KindId, Lang, LayerNumber, LayerRole, StatusState } from '../catalogue/schema.ts';
import type { Translator } from '../i18n/messages.ts';
import { fillTemplate } from '../i18n/template.ts';
import type { Document } from '../renderers/document.ts';
import { pick } from './localize.ts';

export interface ListQuery {
  kind?: KindId;
  layer?: LayerNumber;
  status?: StatusState;
  type?: EntryType;
  lang: Lang;
}

export interface ListView {
  view: 'list';
  lang: Lang;
  filters: { kind: KindId | null; layer: LayerNumber | null; status: StatusState | null; type: EntryType | null };
  entries: {
    id: string;
    type: EntryType;
    kind: KindId;
    kindName: string;
    name: string;
    summary: string;
    layers: { layer: LayerNumber; role: LayerRole }[];
    status: StatusState;
  }[];
}

export function buildListView(catalogue: Catalogue, query: ListQuery): ListView {
  const { lang } = query;
  const entries = catalogue.entries
    .filter((e) => query.kind === undefined || e.kind === query.kind)
    .filter((e) => query.type === undefined || e.type === query.type)
    .filter((e) => query.status === undefined || e.status.state === query.status)
    .filter((e) => query.layer === undefined || e.layers.some((l) => l.layer === query.layer))
    .map((e) => ({
      id: e.id,
      type: e.type,
      kind: e.kind,
      kindName: pick(catalogue.kind(e.kind).name, lang),
      name: pick(e.name, lang),
      summary: pick(e.summary, lang),
      layers: [...e.layers].sort((a, b) => a.layer - b.layer).map((l) => ({ layer: l.layer, role: l.role })),
      status: e.status.state,
    }));
  return {
    view: 'list',
    lang,
    filters: { kind: query.kind ?? null, layer: query.layer ?? null, status: query.status ?? null, type: query.type ?? null },
    entries,
  };
}

/** "L3 L4 (L7)": primary layers plain, partial ones in parentheses. */
export function formatLayers(layers: readonly { layer: number; role: LayerRole }[]): string {
  return layers.map((l) => (l.role === 'primary' ? `L${l.layer}` : `(L${l.layer})`)).join(' ');
}

export function listDocument(view: ListView, t: Translator): Document {
  const title = { type: 'heading', level: 1, text: t.t('listTitle') } as const;
  if (view.entries.length === 0) return [title, { type: 'paragraph', text: t.t('noEntries') }];
  return [
    title,
    {
      type: 'table',
      columns: [t.t('id'), t.t('kind'), t.t('name'), t.t('layers'), t.t('status')],
      groupBy: 1,
      rows: view.entries.map((e) => [{ code: e.id }, e.kindName, e.name, formatLayers(e.layers), t.status(e.status)]),
    },
    {
      type: 'note',
      text: fillTemplate(t.t('listNote'), { count: view.entries.length, hint: t.t('explainHint') }),
    },
  ];
}
