/**
 * The output formats, one renderer each. `satisfies` makes adding a format without a renderer
 * (or the reverse) a type error.
 */
import { UsageError } from '../errors.ts';
import { renderDocumentAsMarkdown } from './markdown.ts';
import { renderDocumentAsText } from './table.ts';
import { jsonDocument } from './json.ts';
import type { OutputFormat, RenderedText, Renderer } from './types.ts';

export const RENDERERS = {
  table: (output, context) => renderDocumentAsText(output.document(context.t), context),
  markdown: (output, context) => renderDocumentAsMarkdown(output.document(context.t)),
  json: (output) => jsonDocument(output.view),
  mermaid: (output) => {
    if (!output.diagram) throw new UsageError('this command has no diagram; use --format table, markdown or json');
    return output.diagram();
  },
  connlist: (output) => {
    if (!output.connlist) throw new UsageError('this command lists no connections; --format connlist is for reach');
    return output.connlist();
  },
} satisfies Record<OutputFormat, Renderer>;

export async function render(
  format: OutputFormat,
  output: Parameters<Renderer>[0],
  context: Parameters<Renderer>[1],
): Promise<RenderedText> {
  return await RENDERERS[format](output, context);
}

export { OUTPUT_FORMATS, type OutputFormat, type Presentable, type RenderContext, type RenderedText, type Style } from './types.ts';
