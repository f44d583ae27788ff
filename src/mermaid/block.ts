/**
 * A small typed builder for Mermaid block diagrams: a grid of `columns` cells, filled row by row,
 * for pictures that read like a table (the layer matrix). Like the other builders it owns every
 * identifier and escapes all text. https://mermaid.js.org/syntax/block.html
 */
import { assertIdent, cssDeclarations, escapeText } from './escape.ts';
import { frontMatter, type NodeRef } from './flowchart.ts';

type Cell = { type: 'block'; id: string; label: string; span: number } | { type: 'space'; span: number };

export interface BlockDiagramOptions {
  columns: number;
  title?: string;
  theme?: string;
}

export class BlockDiagram {
  readonly #cells: Cell[] = [];
  readonly #classes = new Map<string, string[]>();
  readonly #classDefs = new Map<string, string>();
  readonly #options: BlockDiagramOptions;

  constructor(options: BlockDiagramOptions) {
    if (!Number.isInteger(options.columns) || options.columns < 1) throw new Error(`internal: ${options.columns} columns`);
    this.#options = options;
  }

  /** The next cell: a box with a label, `span` columns wide, in class `className`. */
  block(label: string, options: { span?: number; className?: string } = {}): NodeRef {
    const id = `b${this.#cells.filter((c) => c.type === 'block').length + 1}`;
    this.#cells.push({ type: 'block', id, label, span: this.#span(options.span) });
    if (options.className) {
      const name = assertIdent(options.className);
      this.#classes.set(name, [...(this.#classes.get(name) ?? []), id]);
    }
    return { id };
  }

  /** The next `span` cells left empty. */
  space(span = 1): this {
    this.#cells.push({ type: 'space', span: this.#span(span) });
    return this;
  }

  classDef(name: string, style: Readonly<Record<string, string>>): this {
    this.#classDefs.set(assertIdent(name), cssDeclarations(style));
    return this;
  }

  #span(span = 1): number {
    if (!Number.isInteger(span) || span < 1 || span > this.#options.columns) throw new Error(`internal: a block ${span} columns wide`);
    return span;
  }

  toString(): string {
    const { columns } = this.#options;
    const out: string[] = [...frontMatter(this.#options), 'block-beta', `  columns ${columns}`];
    // Empty cells next to each other in a row are one space: Mermaid sizes and places every
    // block, empty ones too, and the layer matrix has more empty cells than full ones.
    const cells: Cell[] = [];
    let column = 0;
    for (const cell of this.#cells) {
      const last = cells[cells.length - 1];
      if (cell.type === 'space' && last?.type === 'space' && column > 0 && column + cell.span <= columns) {
        cells[cells.length - 1] = { type: 'space', span: last.span + cell.span };
      } else cells.push(cell);
      column = (column + cell.span) % columns;
    }
    for (const cell of cells) {
      const span = cell.span > 1 ? `:${cell.span}` : '';
      out.push(cell.type === 'space' ? `  space${span}` : `  ${cell.id}["${escapeText(cell.label)}"]${span}`);
    }
    for (const [name, css] of this.#classDefs) out.push(`  classDef ${name} ${css}`);
    for (const [name, ids] of this.#classes) out.push(`  class ${ids.join(',')} ${name}`);
    return `${out.join('\n')}\n`;
  }
}
