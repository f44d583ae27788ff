/**
 * The frozen, indexed catalogue every view reads. Lookups accept ids and aliases in any case,
 * with `_` or spaces for `-`; an unknown name fails with a "did you mean".
 */
import { UsageError } from '../errors.ts';
import { KIND_IDS, type KindId, type LayerNumber } from './constants.ts';
import type { CatalogueData, Entry, KindInfo, LayerInfo } from './schema.ts';

export class Catalogue {
  readonly entries: readonly Entry[];
  readonly layers: readonly LayerInfo[];
  readonly kinds: readonly KindInfo[];
  readonly #byName = new Map<string, Entry>();
  readonly #kinds = new Map<KindId, KindInfo>();

  constructor(data: CatalogueData) {
    this.entries = Object.freeze(
      // By kind; within a kind the generic component (the role) first, then its projects by id.
      [...data.entries].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || compareText(a.type, b.type) || compareText(a.id, b.id)),
    );
    this.layers = Object.freeze([...data.layers].sort((a, b) => a.number - b.number));
    this.kinds = Object.freeze([...data.kinds].sort((a, b) => kindOrder(a.id) - kindOrder(b.id)));
    for (const kind of this.kinds) this.#kinds.set(kind.id, kind);
    for (const entry of this.entries) {
      this.#byName.set(entry.id, entry);
      for (const alias of entry.aliases) if (!this.#byName.has(alias)) this.#byName.set(alias, entry);
    }
  }

  /** The entry a user typed, or undefined. */
  find(name: string): Entry | undefined {
    return this.#byName.get(normalizeName(name));
  }

  /** The entry a user typed; an unknown name is a usage error with the closest suggestion. */
  resolve(name: string): Entry {
    const entry = this.find(name);
    if (entry) return entry;
    // Every id is "close" to nothing: an empty name gets no suggestion.
    if (normalizeName(name) === '') throw new UsageError('an empty id names no component (run "k8snet list" to see them all)');
    const suggestion = closest(normalizeName(name), [...this.#byName.keys()]);
    const suggested = suggestion === undefined ? undefined : this.#byName.get(suggestion)?.id;
    const hint = suggested ? `; did you mean "${suggested}"?` : '';
    throw new UsageError(`unknown component "${name}"${hint} (run "k8snet list" to see them all)`);
  }

  get(id: string): Entry {
    const entry = this.#byName.get(id);
    if (!entry) throw new Error(`internal: catalogue has no entry "${id}"`);
    return entry;
  }

  kind(id: KindId): KindInfo {
    const kind = this.#kinds.get(id);
    if (!kind) throw new Error(`internal: catalogue has no kind "${id}"`);
    return kind;
  }

  layer(n: LayerNumber): LayerInfo {
    const layer = this.layers.find((l) => l.number === n);
    if (!layer) throw new Error(`internal: catalogue has no layer ${n}`);
    return layer;
  }
}

/** Code-point order: deterministic and, unlike localeCompare, free of ICU start-up cost. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function kindOrder(kind: KindId): number {
  return KIND_IDS.indexOf(kind);
}

export function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Damerau-free Levenshtein distance, enough for typo suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest candidate within a distance that still reads as a typo, or a prefix match. */
export function closest(query: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of [...candidates].sort()) {
    const score = editDistance(query, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(query.length / 3));
  if (best !== undefined && bestScore <= limit) return best;
  const prefixed = [...candidates].sort().find((c) => c.startsWith(query) || query.startsWith(c));
  return query.length >= 3 ? prefixed : undefined;
}
