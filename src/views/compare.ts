/**
 * `k8snet compare <id> <id> …`: the entries side by side over every dimension at least one of
 * them has, plus the derived OSI layers and status, with numbered sources and the
 * misconceptions the comparison corrects.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import { DIMENSION_IDS, type DimensionId, type Lang, POLICY_APIS, type PolicyApi } from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import type { Translator } from '../i18n/messages.ts';
import type { Document, Rich } from '../renderers/document.ts';
import { formatLayers } from './list.ts';
import { pick, SourceList } from './localize.ts';
import { policySupportText, policySupportView } from './policy.ts';

export interface CompareView {
  view: 'compare';
  lang: Lang;
  entries: { id: string; name: string; kind: string }[];
  rows: { dimension: DimensionId; label: string; cells: { value: string | null; source: number | null }[] }[];
  /** Which policy APIs each entry enforces, when one of them states it; shown next to the network-policy row. */
  policy: { api: PolicyApi; label: string; cells: { value: string | null; source: number | null }[] }[];
  corrections: { entry: string; claim: string; correction: string; inSeed: boolean; source: number }[];
  sources: { n: number; url: string }[];
}

export function buildCompareView(catalogue: Catalogue, entries: readonly Entry[], t: Translator): CompareView {
  const { lang } = t;
  const sources = new SourceList();
  const rows: CompareView['rows'] = [];
  const policy: CompareView['policy'] = [];
  for (const dimension of DIMENSION_IDS) {
    const cells = entries.map((entry): { value: string | null; source: number | null } => {
      if (dimension === 'osi-layers') {
        const layers = [...entry.layers].sort((a, b) => a.layer - b.layer);
        return { value: formatLayers(layers), source: layers[0] ? sources.ref(layers[0].source) : null };
      }
      if (dimension === 'status') {
        return {
          value: t.status(entry.status.state) + (entry.status.since ? t.paren(entry.status.since) : ''),
          source: sources.ref(entry.status.source),
        };
      }
      const stored = entry.dimensions[dimension];
      return stored ? { value: pick(stored.value, lang), source: sources.ref(stored.source) } : { value: null, source: null };
    });
    if (cells.some((c) => c.value !== null)) rows.push({ dimension, label: t.dimension(dimension), cells });
    // Numbered in the order the document shows them: right after the network-policy row.
    if (dimension === POLICY_ROWS_AFTER) policy.push(...policyRows(entries, t, sources));
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
    policy,
    corrections,
    sources: sources.toArray(),
  };
}

const POLICY_ROWS_AFTER: DimensionId = 'network-policy';

/** Which policy APIs each entry enforces, when any of them states it at all. */
function policyRows(entries: readonly Entry[], t: Translator, sources: SourceList): CompareView['policy'] {
  if (!entries.some((e) => e.policy)) return [];
  return POLICY_APIS.map((api) => ({
    api,
    label: t.policyRow(api),
    // An entry that states nothing about policy (kube-proxy) has no cell; one that does, but not for this API, says unknown.
    cells: entries.map((entry) => {
      if (!entry.policy) return { value: null, source: null };
      const view = policySupportView(entry, api, t.lang, sources);
      return { value: policySupportText(view, t), source: view.source };
    }),
  }));
}

type Row = { label: string; cells: { value: string | null; source: number | null }[] };

/** The dimension rows with the policy rows where the network-policy dimension is (or would be). */
function withPolicyRows(view: CompareView): Row[] {
  const after = DIMENSION_IDS.indexOf(POLICY_ROWS_AFTER);
  const at = view.rows.findIndex((r) => DIMENSION_IDS.indexOf(r.dimension) > after);
  const rows: Row[] = [...view.rows];
  rows.splice(at >= 0 ? at : rows.length, 0, ...view.policy);
  return rows;
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
      columns: [t.t('dimension'), ...view.entries.map((e) => `${e.name}${t.paren(e.kind)}`)],
      rows: withPolicyRows(view).map((row) => [row.label, ...row.cells.map(cell)]),
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
          c.inSeed ? { muted: t.paren(t.t('inSeed')) } : '',
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
