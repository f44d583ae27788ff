/**
 * A format-neutral document: what table (terminal) and markdown output are rendered from.
 * Views describe themselves as blocks; renderers decide how each block looks.
 */
export type Inline = string | { link: string; text?: string } | { code: string } | { strong: string } | { muted: string };
export type Rich = Inline | readonly Inline[];

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: Rich }
  | {
      type: 'table';
      columns: readonly string[];
      rows: readonly (readonly Rich[])[];
      wide?: boolean;
      /**
       * A column whose value groups consecutive rows (a kind, say): the terminal writes it once, in
       * the rule above each group, and separates groups instead of rows; Markdown keeps the column.
       */
      groupBy?: number;
      /** Rules between rows; by default only when some row spans several lines. */
      rowRules?: boolean;
    }
  | { type: 'list'; items: readonly Rich[]; ordered?: boolean }
  | { type: 'code'; lang: string; text: string }
  | { type: 'note'; text: Rich };

export type Document = readonly Block[];

/** Plain text of inline content (for widths, JSON and tests). */
export function plain(rich: Rich): string {
  const parts: readonly Inline[] = typeof rich === 'string' || !Array.isArray(rich) ? [rich as Inline] : rich;
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('link' in part) return part.text ?? part.link;
      if ('code' in part) return part.code;
      if ('strong' in part) return part.strong;
      return part.muted;
    })
    .join('');
}

export function inlines(rich: Rich): readonly Inline[] {
  return typeof rich === 'string' || !Array.isArray(rich) ? [rich as Inline] : rich;
}
