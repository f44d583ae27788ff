import type { Translator } from '../i18n/messages.ts';
import type { Document } from './document.ts';

export const OUTPUT_FORMATS = ['table', 'markdown', 'json', 'yaml', 'mermaid'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What a command hands to a renderer: the view model and the ways to present it. */
export interface Presentable {
  /** The view model; `--format json` prints exactly this. */
  readonly view: object;
  readonly document: (t: Translator) => Document;
  /** Mermaid source, for commands that draw a diagram (may load its builder lazily). */
  readonly diagram?: () => string | Promise<string>;
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

export type Renderer = (output: Presentable, context: RenderContext) => string | Promise<string>;
