/**
 * Reading what to inspect: files, directories (recursively) and stdin (`-`); multi-document YAML,
 * JSON, `kind: List` and typed lists (`PodList` …) as kubectl prints them, and `helm template`
 * output. A bad file or document is a warning and the rest is still read; only when nothing at all
 * is usable is it an error (exit 2).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describeSystemError, IoError } from '../errors.ts';
import { isList, isRecord, itemKindOf, type KObject, type SourceRef, toKObject } from './objects.ts';

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
  const { Composer, LineCounter, Parser } = await import('./yaml.ts');
  const documents: unknown[] = [];
  const warnings: string[] = [];
  // Documents are composed and converted one at a time, so a 20,000-document file never holds
  // 20,000 syntax trees at once (parseAllDocuments would: twice the memory, slower).
  const lines = new LineCounter();
  const composer = new Composer({ merge: true, uniqueKeys: false });
  let index = 0;
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
    index++;
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
      warnings.push(`${file}:${pos.line}:${pos.col}: invalid YAML, document ${index} skipped: ${message}`);
      documents.push(null);
      continue;
    }
    try {
      documents.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch (e) {
      warnings.push(`${file}: document ${index} skipped: ${e instanceof Error ? e.message : String(e)}`);
      documents.push(null);
    }
  }
  return { documents, warnings };
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
