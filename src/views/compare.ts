/**
 * `k8snet compare <id> <id> …`: the entries side by side over every dimension at least one of
 * them has, plus the derived OSI layers and status, with numbered sources and the
 * misconceptions the comparison corrects.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import { DIMENSION_IDS, type DimensionId, type Lang } from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import type { Translator } from '../i18n/messages.ts';
import type { Document, Rich } from '../renderers/document.ts';
import { formatLayers } from './list.ts';
import { pick, SourceList } from './localize.ts';

export interface CompareView {
  view: 'compare';
  lang: Lang;
  entries: { id: string; name: string; kind: string }[];
  rows: { dimension: DimensionId; label: string; cells: { value: string | null; source: number | null }[] }[];
  corrections: { entry: string; claim: string; correction: string; inSeed: boolean; source: number }[];
  sources: { n: number; url: string }[];
}

export function buildCompareView(catalogue: Catalogue, entries: readonly Entry[], t: Translator): CompareView {
  const { lang } = t;
  const sources = new SourceList();
  const rows: CompareView['rows'] = [];
  for (const dimension of DIMENSION_IDS) {
    const cells = entries.map((entry): { value: string | null; source: number | null } => {
      if (dimension === 'osi-layers') {
        const layers = [...entry.layers].sort((a, b) => a.layer - b.layer);
        return { value: formatLayers(layers), source: layers[0] ? sources.ref(layers[0].source) : null };
      }
      if (dimension === 'status') {
        return {
          value: t.status(entry.status.state) + (entry.status.since ? ` (${entry.status.since})` : ''),
          source: sources.ref(entry.status.source),
        };
      }
      const stored = entry.dimensions[dimension];
      return stored ? { value: pick(stored.value, lang), source: sources.ref(stored.source) } : { value: null, source: null };
    });
    if (cells.some((c) => c.value !== null)) rows.push({ dimension, label: t.dimension(dimension), cells });
  }
  const corrections = entries.flatMap((entry) =>
    entry.misconceptions.map((m) => ({
      entry: entry.id,
      claim: pick(m.claim, lang),
      correction: pick(m.correction, lang),
      inSeed: m.inSeed,
      source: sources.ref(m.source),
    })),
  );
  return {
    view: 'compare',
    lang,
    entries: entries.map((e) => ({ id: e.id, name: pick(e.name, lang), kind: pick(catalogue.kind(e.kind).name, lang) })),
    rows,
    corrections,
    sources: sources.toArray(),
  };
}

export function compareDocument(view: CompareView, t: Translator): Document {
  const cell = (c: { value: string | null; source: number | null }): string => {
    if (c.value === null) return t.t('none');
    return c.source === null ? c.value : `${c.value} [${c.source}]`;
  };
  const doc: Document[number][] = [
    { type: 'heading', level: 1, text: `${t.t('compareTitle')}${t.t('colon')}${view.entries.map((e) => e.name).join(' · ')}` },
    {
      type: 'table',
      wide: true,
      columns: [t.t('dimension'), ...view.entries.map((e) => `${e.name} (${e.kind})`)],
      rows: view.rows.map((row) => [row.label, ...row.cells.map(cell)]),
    },
  ];
  if (view.corrections.length > 0) {
    doc.push({ type: 'heading', level: 2, text: t.t('misconceptions') });
    doc.push({
      type: 'list',
      items: view.corrections.map(
        (c): Rich => [
          { code: c.entry },
          ' ',
          { strong: `✗ ${c.claim}` },
          c.inSeed ? { muted: ` (${t.t('inSeed')})` } : '',
          ` → ✓ ${c.correction} [${c.source}]`,
        ],
      ),
    });
  }
  doc.push({ type: 'heading', level: 2, text: t.t('sources') });
  doc.push({ type: 'list', items: view.sources.map((s): Rich => [`[${s.n}] `, { link: s.url }]) });
  doc.push({ type: 'note', text: t.t('explainHint') });
  return doc;
}
