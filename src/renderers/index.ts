/**
 * The output formats, one renderer each. `satisfies` makes adding a format without a renderer
 * (or the reverse) a type error.
 */
import { UsageError } from '../errors.ts';
import { renderDocumentAsMarkdown } from './markdown.ts';
import { renderDocumentAsText } from './table.ts';
import type { OutputFormat, Renderer } from './types.ts';

export const RENDERERS = {
  table: (output, context) => renderDocumentAsText(output.document(context.t), context),
  markdown: (output, context) => renderDocumentAsMarkdown(output.document(context.t)),
  json: (output) => `${JSON.stringify(output.view, null, 2)}\n`,
  // A static import of `yaml` here would load it for every command (start-up time).
  yaml: async (output) => (await import('./yaml.ts')).renderYaml(output.view),
  mermaid: (output) => {
    if (!output.diagram) throw new UsageError('this command has no diagram; use --format table, markdown, json or yaml');
    return output.diagram();
  },
} satisfies Record<OutputFormat, Renderer>;

export async function render(format: OutputFormat, output: Parameters<Renderer>[0], context: Parameters<Renderer>[1]): Promise<string> {
  return await RENDERERS[format](output, context);
}

export { OUTPUT_FORMATS, type OutputFormat, type Presentable, type RenderContext, type Style } from './types.ts';
