/**
 * Where a command's result goes: stdout, or a file written atomically. The output format is
 * taken from --format, else from the file's extension, else `table`.
 */
import { extname } from 'node:path';
import { UsageError } from '../errors.ts';
import type { OutputFormat, RenderedText } from '../renderers/index.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { Io } from './io.ts';

const BY_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
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

/** The format to use, checked against what this command supports; the first supported one is the default. */
export function chooseFormat(
  explicit: OutputFormat | undefined,
  outputPath: string | undefined,
  supported: readonly OutputFormat[],
): OutputFormat {
  const inferred = outputPath ? formatFromPath(outputPath) : undefined;
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
