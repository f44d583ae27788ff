/**
 * Build the catalogue from data files: parse, check each file against its schema, then the
 * cross-file rules. Used at build time (for the shipped catalogue) and at run time for --catalog.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { DataError } from '../errors.ts';
import type { ReadLimit } from '../io/read-file.ts';
import { type ListOptions, listDataFiles, type RawDocument, readDataFile } from './load.ts';
import { checkCatalogueRules } from './rules.ts';
import { type CatalogueData, Entry, KindsFile, LayersFile } from './schema.ts';
import { validateDocument } from './validate.ts';

function fail(issues: readonly string[]): never {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new DataError(`${first}${more}`, issues);
}

function single<S extends z.ZodType>(schema: S, docs: RawDocument[], file: string): z.infer<S> {
  const [doc] = docs;
  if (!doc || docs.length > 1) fail([`${file}: expected exactly one YAML document`]);
  const result = validateDocument(schema, doc);
  if (!result.ok) fail(result.issues);
  return result.value;
}

/** Entries from documents: each document is an entry, or a JSON/YAML list of entries. */
export function entriesFromDocuments(docs: readonly RawDocument[]): { entries: Entry[]; origins: Map<Entry, string>; issues: string[] } {
  const entries: Entry[] = [];
  const origins = new Map<Entry, string>();
  const issues: string[] = [];
  for (const doc of docs) {
    const items = Array.isArray(doc.value)
      ? doc.value.map((value, i) => ({ ...doc, value, file: `${doc.file}: [${i}]`, count: 1 }))
      : [doc];
    for (const item of items) {
      const result = validateDocument(Entry, item);
      if (result.ok) {
        entries.push(result.value);
        origins.set(result.value, item.count > 1 ? `${item.file} (document ${item.index + 1})` : item.file);
      } else issues.push(...result.issues);
    }
  }
  return { entries, origins, issues };
}

/** The shipped catalogue from a data folder (data/layers.yaml, kinds.yaml, components/, projects/). */
export function compileCatalogue(dataDir: string): CatalogueData {
  const layers = single(LayersFile, readDataFile(join(dataDir, 'layers.yaml'), dataDir), 'layers.yaml').layers;
  const kinds = single(KindsFile, readDataFile(join(dataDir, 'kinds.yaml'), dataDir), 'kinds.yaml').kinds;
  const docs = ['components', 'projects'].flatMap((sub) =>
    listDataFiles(join(dataDir, sub)).flatMap((file) => readDataFile(file, dataDir)),
  );
  const { entries, origins, issues } = entriesFromDocuments(docs);
  for (const [entry, origin] of origins) {
    const expected = `${entry.id}.yaml`;
    if (!origin.endsWith(expected)) issues.push(`${origin}: id: file name must be ${expected}`);
  }
  if (issues.length > 0) fail(issues);
  const data: CatalogueData = { layers, kinds, entries };
  const ruleIssues = checkCatalogueRules(data, origins);
  if (ruleIssues.length > 0) fail(ruleIssues);
  return data;
}

/**
 * Add or replace entries from the user's own files (--catalog FILE|DIR). The result passes the
 * same rules as the shipped catalogue, so a user's relation to a missing id is reported too.
 * A bad entry in a folder (a dangling link, a loop) is passed to `options.warn` and skipped.
 */
export function mergeUserCatalogue(
  base: CatalogueData,
  paths: readonly string[],
  options: ListOptions & { limit?: ReadLimit } = {},
): CatalogueData {
  const docs = paths.flatMap((path) => listDataFiles(path, options).flatMap((file) => readDataFile(file, undefined, options.limit)));
  const { entries, origins, issues } = entriesFromDocuments(docs);
  if (issues.length > 0) fail(issues);
  const replaced = new Set(entries.map((e) => e.id));
  const merged: CatalogueData = {
    layers: base.layers,
    kinds: base.kinds,
    entries: [...base.entries.filter((e) => !replaced.has(e.id)), ...entries],
  };
  const ruleIssues = checkCatalogueRules(merged, origins);
  if (ruleIssues.length > 0) fail(ruleIssues);
  return merged;
}
