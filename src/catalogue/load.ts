/**
 * The only data I/O of the catalogue: reading YAML/JSON files from disk, with positions for errors.
 * JSON is parsed by the YAML parser too (JSON is a subset of YAML 1.2), so both report line and column.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DataError, describeSystemError, IoError } from '../errors.ts';

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

/** Files below a path: the path itself if it is a file, else every .yaml/.yml/.json below it, sorted. */
export function listDataFiles(path: string): string[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new IoError(`cannot read ${path}: ${describeSystemError(error)}`);
  }
  if (!stats.isDirectory()) return [path];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (DATA_EXTENSIONS.has(extname(name).toLowerCase())) found.push(full);
    }
  };
  walk(path);
  return found;
}

/** Parse one file into its documents; a syntax error names file, line and column. */
export function parseDataText(text: string, file: string): RawDocument[] {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: RawDocument[] = [];
  for (const doc of list) {
    const [error] = doc.errors;
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') || 'syntax error';
      throw new DataError(`${where}: ${message}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push({ file, index: values.length, count: 0, value });
  }
  for (const v of values) v.count = values.length;
  return values;
}

export function readDataFile(path: string, displayBase?: string): RawDocument[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new IoError(`cannot read ${path}: ${describeSystemError(error)}`);
  }
  const shown = displayBase ? relative(displayBase, path) : path;
  if (text.includes('\u0000')) throw new DataError(`${shown}: not a text file`);
  return parseDataText(text, shown);
}
