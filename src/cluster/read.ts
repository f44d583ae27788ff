/**
 * Reading what to inspect: files, directories (recursively) and stdin (`-`); multi-document YAML,
 * JSON, `kind: List` and typed lists (`PodList` …) as kubectl prints them, and `helm template`
 * output. A bad file, folder, link or document is a warning and the rest is still read; only when
 * nothing at all is usable is it an error (exit 2).
 *
 * Input is hostile (anyone who can create an object writes some of it): each input is read up to
 * a cap (`--max-input-size`, K8SNET_MAX_INPUT_SIZE), folders are walked without recursion with
 * symbolic links followed once and loops detected, and nothing here recurses on the input's
 * nesting or spreads an input-sized array into a call.
 */
import { closeSync, type Dirent, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeSystemError, IoError, UsageError } from '../errors.ts';
import { lineColOf, parseJsonStream } from './json-stream.ts';
import { isList, isRecord, itemKindOf, type KObject, type SourceRef, toKObject } from './objects.ts';
import type { YamlDocuments } from './yaml-documents.ts';

/** What one input (a file, stdin, one kubectl call) may hold unless raised: far above any real manifest set. */
export const DEFAULT_MAX_INPUT_BYTES = 128 * 1024 * 1024;
export const MAX_INPUT_ENV = 'K8SNET_MAX_INPUT_SIZE';

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** "512M", "2G", "65536": bytes (K, M, G are powers of 1024; a trailing B or iB is allowed). */
export function parseSize(text: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?\s*$/i.exec(text);
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? Number.NaN) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new UsageError(`${what} "${text}" is not a size such as 512M or 2G`);
  return Math.floor(bytes);
}

/** The cap per input: --max-input-size, else K8SNET_MAX_INPUT_SIZE, else the default. */
export function maxInputBytesOf(option: string | undefined, env: Readonly<Record<string, string | undefined>>): number {
  if (option !== undefined) return parseSize(option, '--max-input-size');
  const fromEnv = env[MAX_INPUT_ENV];
  return fromEnv ? parseSize(fromEnv, MAX_INPUT_ENV) : DEFAULT_MAX_INPUT_BYTES;
}

function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The one-line error for an input over the cap, naming the cap and how to raise it. */
export function tooLarge(file: string, maxBytes: number): string {
  return `${file}: more than the ${formatSize(maxBytes)} k8snet reads from one input; raise the cap with --max-input-size (e.g. --max-input-size ${formatSize(maxBytes * 4).replace(/ (.)iB$/, '$1')}) or ${MAX_INPUT_ENV}`;
}

class InputTooLarge extends Error {}

/**
 * The bytes of a file or file descriptor, at most `maxBytes`: a regular file is checked by its
 * size first, anything else (a pipe, /dev/zero, a terminal) is read in chunks and stopped there.
 */
export function readCapped(source: string | number, maxBytes: number): Buffer {
  const fd = typeof source === 'number' ? source : openSync(source, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw new InputTooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    const size = stat.isFile() ? Math.max(1, Math.min(stat.size + 1, maxBytes + 1)) : 64 * 1024;
    for (;;) {
      const chunk = Buffer.allocUnsafe(size);
      const n = readSync(fd, chunk, 0, size, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputTooLarge();
      chunks.push(n === size ? chunk : chunk.subarray(0, n));
    }
    return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    if (typeof source !== 'number') closeSync(fd);
  }
}

/** How many `kind: List`s deep items are still read; deeper ones are refused with a warning. */
export const MAX_LIST_DEPTH = 100;

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

export interface ReadOptions {
  /** The most bytes read from one input (default DEFAULT_MAX_INPUT_BYTES). */
  readonly maxInputBytes?: number;
}

export async function readInputs(
  paths: readonly string[],
  cwd: string,
  readStdin: (maxBytes: number) => Buffer,
  options: ReadOptions = {},
): Promise<ReadResult> {
  // An empty argument would resolve to the current folder and read all of it.
  if (paths.includes('')) throw new UsageError('an empty path names no file; give files, folders or - (stdin)');
  const maxBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const result: ReadResult = { objects: [], warnings: [], files: [] };
  const errors: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      let bytes: Buffer;
      try {
        bytes = readStdin(maxBytes);
      } catch (error) {
        if (!(error instanceof InputTooLarge)) throw error;
        errors.push(tooLarge('-', maxBytes));
        continue;
      }
      await parseInto(result, errors, '-', bytes);
      continue;
    }
    const full = resolve(cwd, path);
    let files: string[];
    try {
      if (statSync(full).isDirectory()) {
        const walked = walk(full);
        for (const problem of walked.problems) errors.push(`${join(path, relative(full, problem.path))}: ${problem.why}`);
        files = walked.files.map((f) => join(path, relative(full, f)));
      } else files = [path];
    } catch (error) {
      errors.push(`${path}: ${describeSystemError(error)}`);
      continue;
    }
    if (files.length === 0) errors.push(`${path}: no .yaml, .yml or .json files in this directory`);
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readCapped(resolve(cwd, file), maxBytes);
      } catch (error) {
        errors.push(error instanceof InputTooLarge ? tooLarge(file, maxBytes) : `${file}: ${describeSystemError(error)}`);
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
  prependWarnings(result, errors);
  return result;
}

/** Put these warnings first (without a spread into a call, which an input-sized array would overflow). */
export function prependWarnings(result: ReadResult, first: readonly string[]): void {
  const warnings = first.concat(result.warnings);
  result.warnings.length = 0;
  for (const warning of warnings) result.warnings.push(warning);
}

interface Walked {
  /** Manifest files, in name order (a folder's files and subfolders interleaved by name). */
  files: string[];
  /** Entries that could not be read: each a warning, the rest is still read. */
  problems: { path: string; why: string }[];
}

/**
 * Every manifest file under `root`, without recursion. Symbolic links are followed: a link to a
 * file is read once however many paths lead to it, a link to a folder is walked unless it leads
 * back into a folder being walked (a loop); a dangling link or an unreadable folder is a problem.
 */
function walk(root: string): Walked {
  const files: string[] = [];
  const problems: Walked['problems'] = [];
  const seenFiles = new Set<string>();
  const walkedDirs = new Set<string>();
  // Depth first in name order, as a recursive walk would go: one frame per open folder.
  interface Frame {
    entries: Dirent[];
    next: number;
    dir: string;
    /** Real paths of this folder and the folders above it. */
    ancestors: ReadonlySet<string>;
  }
  const stack: Frame[] = [];
  const open = (dir: string, real: string, above: ReadonlySet<string>): void => {
    walkedDirs.add(real);
    try {
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      stack.push({ entries, next: 0, dir, ancestors: new Set([...above, real]) });
    } catch (error) {
      problems.push({ path: dir, why: `cannot read this folder (${describeSystemError(error)}); skipped` });
    }
  };
  open(root, realpathSync(root), new Set());
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const entry = frame.entries[frame.next++];
    if (!entry) {
      stack.pop();
      continue;
    }
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(frame.dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (!isDirectory && !isFile && !entry.isSymbolicLink()) continue;
    let real: string;
    try {
      real = realpathSync(path);
      if (entry.isSymbolicLink()) {
        const target = statSync(real);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why =
        code === 'ENOENT'
          ? 'a symbolic link to nothing (dangling); skipped'
          : code === 'ELOOP'
            ? 'a symbolic link loop; skipped'
            : `cannot be followed (${describeSystemError(error)}); skipped`;
      problems.push({ path, why });
      continue;
    }
    if (isDirectory) {
      if (frame.ancestors.has(real)) problems.push({ path, why: 'a symbolic link back into a folder it is in (a loop); not followed' });
      else if (!walkedDirs.has(real)) open(path, real, frame.ancestors);
    } else if (isFile && MANIFEST_FILE.test(entry.name) && !seenFiles.has(real)) {
      seenFiles.add(real);
      files.push(path);
    }
  }
  return { files, problems };
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
  if (parsed.error) {
    errors.push(parsed.error);
    return;
  }
  for (const warning of parsed.warnings) result.warnings.push(warning);
  const skipped = new Set<number>();
  const tooDeep: number[] = [];
  let count = 0;
  parsed.documents.forEach((value, index) => {
    const source: SourceRef = { file, doc: index + 1 };
    if (value === null || value === undefined) return;
    const flat = flatten(value);
    if (flat.tooDeep) tooDeep.push(index + 1);
    for (const raw of flat.items) {
      const object = toKObject(raw, source);
      if (object) {
        result.objects.push(object);
        count++;
      } else skipped.add(index + 1);
    }
  });
  if (skipped.size > 0) {
    const numbers = [...skipped].slice(0, 10);
    result.warnings.push(
      `${file}: skipped ${skipped.size === 1 ? 'document' : 'documents'} ${numbers.join(', ')}${skipped.size > 10 ? ' …' : ''}: not a Kubernetes object (needs apiVersion, kind and metadata.name)`,
    );
  }
  if (tooDeep.length > 0) {
    result.warnings.push(
      `${file}: ${tooDeep.length === 1 ? 'document' : 'documents'} ${tooDeep.slice(0, 10).join(', ')}${tooDeep.length > 10 ? ' …' : ''}: Lists nested more than ${MAX_LIST_DEPTH} deep; the items below that were not read`,
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

/**
 * Lists become their items, in order; a typed list's items get the kind it implies when kubectl
 * left it off. Iterative (a stack of open lists), and no deeper than MAX_LIST_DEPTH.
 */
function flatten(value: unknown): { items: unknown[]; tooDeep: boolean } {
  const items: unknown[] = [];
  let tooDeep = false;
  const stack: { list: unknown[]; next: number; apiVersion: unknown; implied: string | undefined }[] = [];
  const visit = (item: unknown): void => {
    if (!isList(item)) {
      items.push(item);
      return;
    }
    if (stack.length >= MAX_LIST_DEPTH) {
      tooDeep = true;
      return;
    }
    const kind = String((item as unknown as { kind: string }).kind);
    stack.push({
      list: item.items,
      next: 0,
      apiVersion: (item as unknown as { apiVersion?: unknown }).apiVersion,
      implied: itemKindOf(kind),
    });
  };
  visit(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.next >= top.list.length) {
      stack.pop();
      continue;
    }
    const item = top.list[top.next++];
    visit(isRecord(item) && top.implied && item.kind === undefined ? { apiVersion: top.apiVersion, ...item, kind: top.implied } : item);
  }
  return { items, tooDeep };
}

interface Parsed {
  documents: unknown[];
  warnings: string[];
  /** The whole input is unusable (invalid JSON): one error, no documents. */
  error?: string;
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
      const stream = parseJsonStream(text);
      if ('values' in stream) return { documents: stream.values, warnings: [] };
      // A .json file is JSON: say where it breaks. Anything else may be flow-style YAML, which
      // the YAML parser reads (and reports with line and column).
      if (/\.json$/i.test(file)) {
        const { line, col } = lineColOf(text, stream.error.offset);
        return { documents: [], warnings: [], error: `${file}:${line}:${col}: invalid JSON: ${stream.error.message}` };
      }
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
    for (const document of part.documents) documents.push(document);
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

/** Standard input (file descriptor 0), up to the cap. */
export function readStandardInput(maxBytes: number = DEFAULT_MAX_INPUT_BYTES): Buffer {
  try {
    return readCapped(0, maxBytes);
  } catch (error) {
    if (error instanceof InputTooLarge) throw error;
    // EOF on a closed descriptor (no stdin at all) reads as empty input.
    if ((error as { code?: string }).code === 'EOF') return Buffer.alloc(0);
    throw new IoError(`-: cannot read standard input: ${describeSystemError(error)}`);
  }
}
