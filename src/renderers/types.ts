import type { Translator } from '../i18n/messages.ts';
import type { Document } from './document.ts';

export const OUTPUT_FORMATS = ['table', 'markdown', 'json', 'yaml', 'mermaid', 'connlist'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What a command hands to a renderer: the view model and the ways to present it. */
export interface Presentable {
  /** The view model; `--format json` prints exactly this. */
  readonly view: object;
  readonly document: (t: Translator) => Document;
  /** Mermaid source, for commands that draw a diagram (may load its builder lazily). */
  readonly diagram?: () => string | Promise<string>;
  /** `SRC => DST : CONNS` lines, netpol-analyzer's interchange form, for commands that list connections. */
  readonly connlist?: () => string;
}

/** Terminal styling, a pure function per style (chalk with a fixed level, or identity). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  underline(text: string): string;
}

export interface RenderContext {
  readonly t: Translator;
  readonly style: Style;
  /** Width to wrap tables and paragraphs to. */
  readonly width: number;
}

/** A renderer's text: one string, or chunks (JSON output can be larger than a string can hold). */
export type RenderedText = string | Iterable<string>;

export type Renderer = (output: Presentable, context: RenderContext) => RenderedText | Promise<RenderedText>;

/** The whole text of a rendering (for tests and small outputs; large JSON should be written chunk by chunk). */
export function joinRendered(text: RenderedText): string {
  return typeof text === 'string' ? text : [...text].join('');
}
