/**
 * The output formats, one renderer each. `satisfies` makes adding a format without a renderer
 * (or the reverse) a type error.
 */
import { UsageError } from '../errors.ts';
import { renderDocumentAsMarkdown } from './markdown.ts';
import { safeDocument, safeText } from './safe-text.ts';
import { renderDocumentAsText } from './table.ts';
import type { OutputFormat, Renderer } from './types.ts';

export const RENDERERS = {
  table: (output, context) => renderDocumentAsText(safeDocument(output.document(context.t)), context),
  markdown: (output, context) => renderDocumentAsMarkdown(safeDocument(output.document(context.t))),
  json: (output) => `${JSON.stringify(output.view, null, 2)}\n`,
  mermaid: (output) => {
    if (!output.diagram) throw new UsageError('this command has no diagram; use --format table, markdown or json');
    return output.diagram();
  },
} satisfies Record<OutputFormat, Renderer>;

/**
 * Every format's text passes here on its way to stdout or a file. The table's own colour codes are
 * added after its Document was made safe, so only the other formats' final text is escaped again
 * (JSON escapes C0 controls itself, but neither C1 controls nor bidi overrides).
 */
export async function render(format: OutputFormat, output: Parameters<Renderer>[0], context: Parameters<Renderer>[1]): Promise<string> {
  const text = await RENDERERS[format](output, context);
  return format === 'table' ? text : safeText(text);
}

export { OUTPUT_FORMATS, type OutputFormat, type Presentable, type RenderContext, type Style } from './types.ts';
