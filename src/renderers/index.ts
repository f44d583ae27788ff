/**
 * The output formats, one renderer each. `satisfies` makes adding a format without a renderer
 * (or the reverse) a type error.
 */
import { UsageError } from '../errors.ts';
import { renderDocumentAsMarkdown } from './markdown.ts';
import { safeDocument, safeText } from './safe-text.ts';
import { renderDocumentAsText } from './table.ts';
import { jsonDocument } from './json.ts';
import type { OutputFormat, RenderedText, Renderer } from './types.ts';

export const RENDERERS = {
  table: (output, context) => renderDocumentAsText(safeDocument(output.document(context.t)), context),
  markdown: (output, context) => renderDocumentAsMarkdown(safeDocument(output.document(context.t))),
  json: (output) => jsonDocument(output.view),
  // A static import of `yaml` here would load it for every command (start-up time).
  yaml: async (output) => (await import('./yaml.ts')).renderYaml(output.view),
  mermaid: (output) => {
    if (!output.diagram) throw new UsageError('this command has no diagram; use --format table, markdown, json or yaml');
    return output.diagram();
  },
  connlist: (output) => {
    if (!output.connlist) throw new UsageError('this command lists no connections; --format connlist is for reach');
    return output.connlist();
  },
} satisfies Record<OutputFormat, Renderer>;

/**
 * Every format's text passes here on its way to stdout or a file. The table's own colour codes are
 * added after its Document was made safe, so only the other formats' final text is escaped again
 * (JSON escapes C0 controls itself, but neither C1 controls nor bidi overrides).
 */
export async function render(
  format: OutputFormat,
  output: Parameters<Renderer>[0],
  context: Parameters<Renderer>[1],
): Promise<RenderedText> {
  const text = await RENDERERS[format](output, context);
  if (format === 'table') return text;
  // JSON chunks end between values, so no escape sequence or surrogate pair is ever cut in two.
  return typeof text === 'string' ? safeText(text) : mapChunks(text, safeText);
}

function* mapChunks(chunks: Iterable<string>, f: (chunk: string) => string): Generator<string> {
  for (const chunk of chunks) yield f(chunk);
}

export {
  joinRendered,
  OUTPUT_FORMATS,
  type OutputFormat,
  type Presentable,
  type RenderContext,
  type RenderedText,
  type Style,
} from './types.ts';
