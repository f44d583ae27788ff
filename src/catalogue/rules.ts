/**
 * Stage two of validation: rules across files that no single schema can check.
 */
import { type CatalogueData, type Entry, KIND_IDS, LAYER_NUMBERS, type ModeMilestone, POLICY_APIS } from './schema.ts';
import { compareReleases, parseRelease } from './version.ts';

/** Where each entry came from, for messages. */
export type EntryOrigins = ReadonlyMap<Entry, string>;

export function checkCatalogueRules(data: CatalogueData, origins: EntryOrigins): string[] {
  const issues: string[] = [];
  const where = (entry: Entry): string => origins.get(entry) ?? `the built-in entry "${entry.id}"`;

  const owners = new Map<string, string>();
  for (const entry of data.entries) {
    const previous = owners.get(entry.id);
    if (previous !== undefined) issues.push(`${where(entry)}: id: "${entry.id}" is already used by ${previous}`);
    else owners.set(entry.id, where(entry));
  }
  for (const entry of data.entries) {
    entry.aliases.forEach((alias, i) => {
      const owner = owners.get(alias);
      if (owner !== undefined) issues.push(`${where(entry)}: aliases[${i}]: "${alias}" is already used by ${owner}`);
      else owners.set(alias, where(entry));
    });
  }
  const ids = new Set(data.entries.map((e) => e.id));
  for (const entry of data.entries) {
    entry.relations.forEach((relation, i) => {
      if (!ids.has(relation.target)) {
        issues.push(`${where(entry)}: relations[${i}].target: no entry has the id "${relation.target}"`);
      }
      if (relation.target === entry.id) issues.push(`${where(entry)}: relations[${i}].target: an entry cannot relate to itself`);
    });
    for (const lang of ['en', 'zh'] as const) {
      const short = entry.shortName?.[lang];
      if (short !== undefined && [...short].length > [...entry.name[lang]].length) {
        issues.push(`${where(entry)}: shortName.${lang}: "${short}" is longer than the name "${entry.name[lang]}"`);
      }
    }
    const seen = new Set<number>();
    entry.layers.forEach((use, i) => {
      if (seen.has(use.layer)) issues.push(`${where(entry)}: layers[${i}].layer: L${use.layer} is listed twice`);
      seen.add(use.layer);
    });
    for (const api of POLICY_APIS) {
      const support = entry.policy?.[api];
      const since = support?.since === undefined ? undefined : parseRelease(support.since);
      const removed = support?.removed === undefined ? undefined : parseRelease(support.removed);
      if (since && removed && compareReleases(removed, since) <= 0)
        issues.push(`${where(entry)}: policy.${api}.removed: ${support?.removed} is not later than since ${support?.since}`);
    }
    const modeIds = new Set<string>();
    entry.modes.forEach((mode, i) => {
      if (modeIds.has(mode.id)) issues.push(`${where(entry)}: modes[${i}].id: "${mode.id}" is listed twice`);
      modeIds.add(mode.id);
      for (const milestone of Object.keys(mode.versionSources ?? {}) as ModeMilestone[]) {
        if (mode[milestone] === undefined)
          issues.push(`${where(entry)}: modes[${i}].versionSources.${milestone}: the mode states no ${milestone} version`);
      }
    });
  }
  const kindIds = new Set(data.kinds.map((k) => k.id));
  for (const id of KIND_IDS) if (!kindIds.has(id)) issues.push(`kinds.yaml: kinds: the kind "${id}" has no entry`);
  const layerNumbers = new Set(data.layers.map((l) => l.number));
  for (const n of LAYER_NUMBERS) if (!layerNumbers.has(n)) issues.push(`layers.yaml: layers: L${n} is missing`);
  return issues;
}
