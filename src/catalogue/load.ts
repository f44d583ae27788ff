/**
 * The only data I/O of the catalogue: reading YAML/JSON files from disk, with positions for errors.
 * JSON is parsed by the YAML parser too (JSON is a subset of YAML 1.2), so both report line and column.
 */
import { lstatSync, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DataError, describeSystemError, IoError } from '../errors.ts';
import { type ReadLimit, readRegularFile } from '../io/read-file.ts';

export interface RawDocument {
  /** The file, as the user named it (or relative to the data folder). */
  file: string;
  /** Index of the YAML document within the file (0 for a single document). */
  index: number;
  /** How many documents the file holds, to decide whether paths show the index. */
  count: number;
  value: unknown;
}

const DATA_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** A user's catalogue file holds a few entries; the limit keeps /dev/zero-like input out of memory. */
export const CATALOG_FILE_LIMIT: ReadLimit = { maxBytes: 8 * 2 ** 20, variable: 'K8SNET_MAX_CATALOG_BYTES', what: 'a catalogue file' };

export interface ListOptions {
  /**
   * Told about an entry of a folder that is skipped: a dangling link, a link loop, an unreadable
   * subfolder. Without it, such an entry is an error (the shipped data has none).
   */
  warn?: (message: string) => void;
  /** Refuse any file or folder whose real path is outside this (real) folder: docs --sync markers. */
  within?: string;
}

export const isInside = (path: string, folder: string): boolean =>
  path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);

/**
 * Files below a path: the path itself if it is not a folder, else every .yaml/.yml/.json below
 * it, sorted. Symbolic links are followed once: a file reached twice is listed once, and a link
 * back to a folder being walked is a loop, reported and skipped.
 */
export function listDataFiles(path: string, options: ListOptions = {}): string[] {
  const confine = (shown: string, real: string): void => {
    if (options.within !== undefined && !isInside(real, options.within)) {
      throw new IoError(`cannot read ${shown}: it is outside ${options.within}, the folder --catalog is confined to here`);
    }
  };
  const skip = (message: string): void => {
    if (!options.warn) throw new IoError(message);
    options.warn(message);
  };
  let stats: Stats;
  try {
    stats = statSync(path);
    if (options.within !== undefined || stats.isDirectory()) confine(path, realpathSync.native(path));
  } catch (error) {
    if (error instanceof IoError) throw error;
    throw new IoError(`cannot read ${path}: ${describeSystemError(error)}`);
  }
  if (!stats.isDirectory()) return [path];
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, open: ReadonlySet<string>): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      skip(`skipped folder ${dir}: ${describeSystemError(error)}`);
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      let entry: Stats;
      let target: string;
      try {
        entry = statSync(full);
        target = realpathSync.native(full);
      } catch (error) {
        const link = lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink();
        skip(
          `skipped ${full}: ${link && (error as { code?: string }).code === 'ENOENT' ? 'a dangling symbolic link' : describeSystemError(error)}`,
        );
        continue;
      }
      if (entry.isDirectory()) {
        if (open.has(target)) {
          skip(`skipped ${full}: a symbolic link loop (it leads back to ${target})`);
          continue;
        }
        confine(full, target);
        walk(full, new Set([...open, target]));
      } else if (DATA_EXTENSIONS.has(extname(name).toLowerCase()) && !seen.has(target)) {
        confine(full, target);
        seen.add(target);
        found.push(full);
      }
    }
  };
  walk(path, new Set([realpathSync.native(path)]));
  return found;
}

/**
 * How many values a parsed document holds, counting a value each time an alias repeats it, up
 * to `limit`: aliases share one object in memory, but every later step (the schema check, the
 * output) pays for each repetition.
 */
function expandedSize(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const next = stack.pop();
    count += 1;
    if (next !== null && typeof next === 'object') for (const item of Array.isArray(next) ? next : Object.values(next)) stack.push(item);
  }
  return count;
}

/** Parse one file into its documents; a syntax error names file, line and column. */
export function parseDataText(text: string, file: string): RawDocument[] {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: RawDocument[] = [];
  // Without aliases a document cannot hold more values than its text has characters; with them
  // it may grow a little, never by orders of magnitude (an alias bomb).
  const limit = 10 * text.length + 10_000;
  for (const doc of list) {
    const [error] = doc.errors;
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') || 'syntax error';
      throw new DataError(`${where}: ${message}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      throw new DataError(`${file}: ${/exhaustion/.test(error.message) ? ALIAS_BOMB : error.message}`);
    }
    if (expandedSize(value, limit) > limit) throw new DataError(`${file}: ${ALIAS_BOMB}`);
    if (value !== null && value !== undefined) values.push({ file, index: values.length, count: 0, value });
  }
  for (const v of values) v.count = values.length;
  return values;
}

const ALIAS_BOMB = 'its YAML aliases expand to far more than the file holds (an alias bomb?); write the repeated parts out';

export function readDataFile(path: string, displayBase?: string, limit: ReadLimit = CATALOG_FILE_LIMIT): RawDocument[] {
  const text = readRegularFile(path, limit).toString('utf8');
  const shown = displayBase ? relative(displayBase, path) : path;
  if (text.includes('\u0000')) throw new DataError(`${shown}: not a text file`);
  return parseDataText(text, shown);
}
