/**
 * Reading what to inspect: files, directories (recursively) and stdin (`-`); multi-document YAML,
 * JSON, `kind: List` and typed lists (`PodList` …) as kubectl prints them, and `helm template`
 * output. A bad file or document is a warning and the rest is still read; only when nothing at all
 * is usable is it an error (exit 2).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeSystemError, IoError } from '../errors.ts';
import { isList, isRecord, itemKindOf, type KObject, type SourceRef, toKObject } from './objects.ts';
import type { YamlDocuments } from './yaml-documents.ts';

export interface ReadResult {
  readonly objects: KObject[];
  readonly warnings: string[];
  /** Inputs that gave at least one document, in the order read. */
  readonly files: string[];
}

/** Files a directory walk picks up: YAML or JSON, also with a template suffix (`.yaml.sed`, `.yml.golden`). */
const MANIFEST_FILE = /\.(ya?ml|json)(\.(sed|tmpl|tpl|golden|in))?$|\.golden$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Already-read inputs (stdin, kubectl output): parsed like files, named by `file`. */
export async function readBuffers(inputs: readonly { file: string; bytes: Buffer }[]): Promise<ReadResult> {
  const result: ReadResult = { objects: [], warnings: [], files: [] };
  const errors: string[] = [];
  for (const input of inputs) await parseInto(result, errors, input.file, input.bytes);
  return finish(result, errors);
}

export async function readInputs(paths: readonly string[], cwd: string, readStdin: () => Buffer): Promise<ReadResult> {
  const result: ReadResult = { objects: [], warnings: [], files: [] };
  const errors: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      await parseInto(result, errors, '-', readStdin());
      continue;
    }
    const full = resolve(cwd, path);
    let files: string[];
    try {
      files = statSync(full).isDirectory() ? walk(full).map((f) => join(path, relative(full, f))) : [path];
    } catch (error) {
      errors.push(`${path}: ${describeSystemError(error)}`);
      continue;
    }
    if (files.length === 0) errors.push(`${path}: no .yaml, .yml or .json files in this directory`);
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolve(cwd, file));
      } catch (error) {
        errors.push(`${file}: ${describeSystemError(error)}`);
        continue;
      }
      await parseInto(result, errors, file, bytes);
    }
  }
  return finish(result, errors);
}

function finish(result: ReadResult, errors: string[]): ReadResult {
  if (result.objects.length === 0) {
    const why =
      errors.length > 0
        ? errors.join('; ')
        : `no Kubernetes objects in the input${result.warnings.length > 0 ? ` (${result.warnings.join('; ')})` : ''}`;
    throw new IoError(why);
  }
  result.warnings.unshift(...errors);
  return result;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

async function parseInto(result: ReadResult, errors: string[], file: string, bytes: Buffer): Promise<void> {
  const text = decode(bytes);
  if (text === undefined) {
    errors.push(`${file}: binary data, not YAML or JSON`);
    return;
  }
  if (text.trim() === '') {
    errors.push(`${file}: empty input, expected Kubernetes YAML or JSON`);
    return;
  }
  const parsed = await parseDocuments(text, file);
  result.warnings.push(...parsed.warnings);
  const skipped: number[] = [];
  let count = 0;
  parsed.documents.forEach((value, index) => {
    const source: SourceRef = { file, doc: index + 1 };
    if (value === null || value === undefined) return;
    for (const raw of flatten(value)) {
      const object = toKObject(raw, source);
      if (object) {
        result.objects.push(object);
        count++;
      } else if (!skipped.includes(index + 1)) skipped.push(index + 1);
    }
  });
  if (skipped.length > 0) {
    result.warnings.push(
      `${file}: skipped ${skipped.length === 1 ? 'document' : 'documents'} ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ' …' : ''}: not a Kubernetes object (needs apiVersion, kind and metadata.name)`,
    );
  }
  if (count > 0) result.files.push(file);
}

/** UTF-8 text, or undefined for binary input (a NUL byte, or bytes that are not UTF-8). */
function decode(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return undefined;
  }
}

/** Lists become their items; a typed list's items get the kind it implies when kubectl left it off. */
function flatten(value: unknown): unknown[] {
  if (!isList(value)) return [value];
  const listKind = String((value as unknown as { kind: string }).kind);
  const apiVersion = (value as unknown as { apiVersion?: unknown }).apiVersion;
  const implied = itemKindOf(listKind);
  return value.items.flatMap((item) => {
    const filled = isRecord(item) && implied && item.kind === undefined ? { apiVersion, ...item, kind: implied } : item;
    return flatten(filled);
  });
}

interface Parsed {
  documents: unknown[];
  warnings: string[];
}

/** JSON is parsed as JSON (fast for big `kubectl get -o json` output), everything else as YAML. */
async function parseDocuments(text: string, file: string): Promise<Parsed> {
  const head = text.trimStart()[0];
  if (head === '{' || head === '[') {
    try {
      const value: unknown = JSON.parse(text);
      return { documents: Array.isArray(value) ? value : [value], warnings: [] };
    } catch {
      // Several JSON objects one after another, as `kubectl … --local -o json` prints them.
      const stream = splitJsonStream(text);
      if (stream) return { documents: stream, warnings: [] };
      // Not JSON after all (or flow-style YAML): YAML reads JSON too and reports line and column.
    }
  }
  // Loaded here, not at the top: other commands never pay for the YAML parser.
  const { parseYamlDocuments, splitYamlStream } = await import('./yaml-documents.ts');
  const workers = text.length >= PARALLEL_YAML_BYTES ? Math.min(availableParallelism(), 4) : 1;
  const pieces = workers > 1 ? splitYamlStream(text, workers) : [{ text, lineOffset: 0 }];
  const parsed = (pieces.length > 1 && (await parseInWorkers(pieces.map((p) => p.text)))) || pieces.map((p) => parseYamlDocuments(p.text));
  const documents: unknown[] = [];
  const warnings: string[] = [];
  parsed.forEach((part, i) => {
    const docOffset = documents.length;
    const lineOffset = pieces[i]?.lineOffset ?? 0;
    for (const problem of part.problems) {
      const doc = problem.doc + docOffset;
      warnings.push(
        problem.kind === 'syntax'
          ? `${file}:${problem.line + lineOffset}:${problem.col}: invalid YAML, document ${doc} skipped: ${problem.message}`
          : `${file}: document ${doc} skipped: ${problem.message}`,
      );
    }
    documents.push(...part.documents);
  });
  return { documents, warnings };
}

/**
 * Above this size a YAML stream is cut at document markers and parsed in worker threads, one
 * piece per core: the `yaml` parser reads about 3 MB/s, so 20,000 objects (~8 MB) take ~2.5 s on
 * one core.
 */
const PARALLEL_YAML_BYTES = 2 * 1024 * 1024;

/** The worker script beside the bundle; absent when running from the sources (tests), then undefined. */
function workerScript(): URL | undefined {
  for (const candidate of ['./cluster-yaml-worker.mjs', '../cluster-yaml-worker.mjs']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(url)) return url;
  }
  return undefined;
}

/** Each piece in its own worker thread; undefined (parse in this thread instead) if that fails. */
async function parseInWorkers(pieces: readonly string[]): Promise<YamlDocuments[] | undefined> {
  const script = workerScript();
  if (!script) return undefined;
  try {
    return await Promise.all(
      pieces.map(
        (piece) =>
          new Promise<YamlDocuments>((resolvePiece, reject) => {
            const worker = new Worker(script, { workerData: piece });
            worker.once('message', (result: YamlDocuments) => {
              resolvePiece(result);
              void worker.terminate();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`YAML worker exited with code ${code}`));
            });
          }),
      ),
    );
  } catch {
    return undefined;
  }
}

/** Standard input, read whole (file descriptor 0). */
export function readStandardInput(): Buffer {
  try {
    return readFileSync(0);
  } catch (error) {
    throw new IoError(`-: cannot read standard input: ${describeSystemError(error)}`);
  }
}

/** Top-level JSON values written one after another; undefined unless every one parses. */
function splitJsonStream(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && !/\s/.test(c ?? '')) return undefined;
  }
  return depth === 0 && values.length > 1 ? values : undefined;
}
