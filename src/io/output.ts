/**
 * Where a command's result goes: stdout, or a file written atomically. The output format is
 * taken from --format, else from the file's extension, else `table`.
 */
import { extname } from 'node:path';
import { UsageError } from '../errors.ts';
import { OUTPUT_FORMATS, type OutputFormat, type RenderedText } from '../renderers/types.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { Io } from './io.ts';

const BY_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.mmd': 'mermaid',
  '.mermaid': 'mermaid',
  '.txt': 'table',
};

export const IMAGE_FORMATS = ['svg', 'png', 'pdf'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** The image format an output path asks for (.svg, .png, .pdf), if any. */
export function imageFormatOf(path: string | undefined): ImageFormat | undefined {
  if (path === undefined) return undefined;
  const ext = extname(path).toLowerCase().slice(1);
  return (IMAGE_FORMATS as readonly string[]).includes(ext) ? (ext as ImageFormat) : undefined;
}

export function formatFromPath(path: string): OutputFormat | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}

/** What `-o NAME` most likely meant when NAME is a bare format name or extension: `-o json` → `--format json`. */
function meantFormat(path: string): string | undefined {
  if (/[\\/.]/.test(path)) return undefined;
  const name = path.toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(name)) return `--format ${name}`;
  const byExtension = BY_EXTENSION[`.${name}`];
  if (byExtension) return `--format ${byExtension}`;
  return (IMAGE_FORMATS as readonly string[]).includes(name) ? `-o FILE.${name}` : undefined;
}

const KNOWN_EXTENSIONS = [...Object.keys(BY_EXTENSION), ...IMAGE_FORMATS.map((f) => `.${f}`)];

/**
 * The format to use, checked against what this command supports; the first supported one is the
 * default. `-o json` (a format name, no extension, no folder) is an error pointing to --format:
 * it would write a file named "json". An extension k8snet does not write (`-o c.html`) is an
 * error unless --format says what to write.
 */
export function chooseFormat(
  explicit: OutputFormat | undefined,
  outputPath: string | undefined,
  supported: readonly OutputFormat[],
): OutputFormat {
  const toFile = outputPath !== undefined && outputPath !== '-';
  const meant = toFile ? meantFormat(outputPath) : undefined;
  if (meant) throw new UsageError(`-o ${outputPath} would write a file named "${outputPath}"; for that format use ${meant}`);
  const inferred = toFile ? formatFromPath(outputPath) : undefined;
  if (toFile && explicit === undefined && inferred === undefined && extname(outputPath) !== '') {
    throw new UsageError(
      `-o ${outputPath}: k8snet does not write ${extname(outputPath)} files; use one of ${KNOWN_EXTENSIONS.join(', ')}, or say the format with --format`,
    );
  }
  const format = explicit ?? inferred ?? supported[0] ?? 'table';
  if (!supported.includes(format)) {
    const why = explicit ? `--format ${format}` : `the extension of ${outputPath}`;
    throw new UsageError(`${why} is not supported by this command; choose one of: ${supported.join(', ')}`);
  }
  return format;
}

/** Write rendered text to stdout (waiting for a slow reader between chunks) or to the --output file. */
export async function emit(io: Io, text: RenderedText, outputPath: string | undefined): Promise<void> {
  if (outputPath !== undefined && outputPath !== '-') {
    writeFileAtomic(outputPath, text);
    return;
  }
  if (typeof text === 'string') {
    io.stdout.write(text);
    return;
  }
  for (const chunk of text) if (!io.stdout.write(chunk)) await io.stdout.drained?.();
}
