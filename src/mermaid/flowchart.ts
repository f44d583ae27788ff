/**
 * A small typed builder for Mermaid flowcharts. It generates every identifier itself and passes
 * all text through escapeText, so callers cannot produce invalid or injected syntax.
 * https://mermaid.js.org/syntax/flowchart.html
 */
import { assertIdent, cssDeclarations, escapeText, visibleText } from './escape.ts';

export const FLOW_DIRECTIONS = ['TD', 'LR', 'BT', 'RL'] as const;
export type FlowDirection = (typeof FLOW_DIRECTIONS)[number];

export type NodeShape = 'rect' | 'round' | 'stadium' | 'cylinder' | 'circle' | 'hexagon' | 'subroutine';

const SHAPES: Record<NodeShape, [string, string]> = {
  rect: ['[', ']'],
  round: ['(', ')'],
  stadium: ['([', '])'],
  cylinder: ['[(', ')]'],
  circle: ['((', '))'],
  hexagon: ['{{', '}}'],
  subroutine: ['[[', ']]'],
};

export type EdgeStyle = 'solid' | 'dotted' | 'thick' | 'line';
const EDGES: Record<EdgeStyle, string> = { solid: '-->', dotted: '-.->', thick: '==>', line: '---' };

/** An opaque handle to a node or subgraph created by this builder. */
export interface NodeRef {
  readonly id: string;
}

export interface NodeOptions {
  shape?: NodeShape;
  className?: string;
}

export interface EdgeOptions {
  label?: string;
  style?: EdgeStyle;
}

type Item =
  | { type: 'node'; id: string; label: string; shape: NodeShape; className?: string }
  | { type: 'subgraph'; id: string; label: string; direction?: FlowDirection; items: Item[] };

interface Edge {
  from: string;
  to: string;
  label?: string;
  style: EdgeStyle;
}

/** A scope that can hold nodes and nested subgraphs: the chart itself or a subgraph. */
export class FlowScope {
  protected readonly items: Item[] = [];
  protected readonly chart: FlowchartCounter;

  constructor(chart: FlowchartCounter) {
    this.chart = chart;
  }

  node(label: string, options: NodeOptions = {}): NodeRef {
    const id = this.chart.nextId('n');
    this.items.push({
      type: 'node',
      id,
      label,
      shape: options.shape ?? 'rect',
      ...(options.className ? { className: assertIdent(options.className) } : {}),
    });
    return { id };
  }

  subgraph(label: string, build: (scope: FlowScope) => void, options: { direction?: FlowDirection } = {}): NodeRef {
    const scope = new FlowScope(this.chart);
    const id = this.chart.nextId('g');
    build(scope);
    this.items.push({ type: 'subgraph', id, label, items: scope.items, ...(options.direction ? { direction: options.direction } : {}) });
    return { id };
  }

  protected renderItems(items: readonly Item[], indent: string, out: string[]): void {
    for (const item of items) {
      if (item.type === 'node') {
        const [open, close] = SHAPES[item.shape];
        out.push(`${indent}${item.id}${open}"${escapeText(item.label)}"${close}${item.className ? `:::${item.className}` : ''}`);
      } else {
        out.push(`${indent}subgraph ${item.id}["${escapeText(item.label)}"]`);
        if (item.direction) out.push(`${indent}  direction ${item.direction}`);
        this.renderItems(item.items, `${indent}  `, out);
        out.push(`${indent}end`);
      }
    }
  }
}

class FlowchartCounter {
  #counts = new Map<string, number>();
  nextId(prefix: string): string {
    const n = (this.#counts.get(prefix) ?? 0) + 1;
    this.#counts.set(prefix, n);
    return `${prefix}${n}`;
  }
}

export interface FlowchartOptions {
  direction?: FlowDirection;
  title?: string;
  /** Mermaid theme, written as front matter config. */
  theme?: string;
}

export class Flowchart extends FlowScope {
  readonly #edges: Edge[] = [];
  readonly #classDefs = new Map<string, string>();
  readonly #options: FlowchartOptions;
  readonly #comments: string[] = [];

  constructor(options: FlowchartOptions = {}) {
    super(new FlowchartCounter());
    this.#options = options;
  }

  edge(from: NodeRef, to: NodeRef, options: EdgeOptions = {}): this {
    this.#edges.push({ from: from.id, to: to.id, style: options.style ?? 'solid', ...(options.label ? { label: options.label } : {}) });
    return this;
  }

  classDef(name: string, style: Readonly<Record<string, string>>): this {
    this.#classDefs.set(assertIdent(name), cssDeclarations(style));
    return this;
  }

  /** A `%%` comment line; the text is reduced to one safe line. */
  comment(text: string): this {
    this.#comments.push(visibleText(text).replace(/\n+/g, ' ').replace(/[{}]/g, ''));
    return this;
  }

  get edgeCount(): number {
    return this.#edges.length;
  }

  override toString(): string {
    const out: string[] = [...frontMatter(this.#options)];
    out.push(`flowchart ${this.#options.direction ?? 'TD'}`);
    for (const comment of this.#comments) out.push(`  %% ${comment}`);
    this.renderItems(this.items, '  ', out);
    for (const edge of this.#edges) {
      const label = edge.label ? `|"${escapeText(edge.label)}"|` : '';
      out.push(`  ${edge.from} ${EDGES[edge.style]}${label} ${edge.to}`);
    }
    for (const [name, css] of this.#classDefs) out.push(`  classDef ${name} ${css}`);
    return `${out.join('\n')}\n`;
  }
}

/** YAML front matter for title and theme; the title is quoted as a JSON string, which YAML reads as-is. */
export function frontMatter(options: { title?: string; theme?: string }): string[] {
  if (!options.title && !options.theme) return [];
  const lines = ['---'];
  if (options.title) lines.push(`title: ${JSON.stringify(visibleText(options.title).replace(/\n+/g, ' '))}`);
  if (options.theme) lines.push('config:', `  theme: ${assertIdent(options.theme)}`);
  lines.push('---');
  return lines;
}
