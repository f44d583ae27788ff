/**
 * A small typed builder for Mermaid flowcharts. It generates every identifier itself and passes
 * all text through escapeText, so callers cannot produce invalid or injected syntax.
 * https://mermaid.js.org/syntax/flowchart.html
 */
import { assertIdent, cssDeclarations, escapeText, visibleText } from './escape.ts';
import { breakLines } from './wrap.ts';

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

/** `invisible` (`~~~`) draws nothing: it only places its ends in layout order, and takes no label. */
export type EdgeStyle = 'solid' | 'dotted' | 'thick' | 'line' | 'dotted-line' | 'invisible';
const EDGES: Record<EdgeStyle, string> = {
  solid: '-->',
  dotted: '-.->',
  thick: '==>',
  line: '---',
  'dotted-line': '-.-',
  invisible: '~~~',
};

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

  protected renderItems(items: readonly Item[], indent: string, out: string[], wrap?: number): void {
    for (const item of items) {
      if (item.type === 'node') {
        const [open, close] = SHAPES[item.shape];
        const label = wrap === undefined ? item.label : breakLines(item.label, wrap);
        out.push(`${indent}${item.id}${open}"${escapeText(label)}"${close}${item.className ? `:::${item.className}` : ''}`);
      } else {
        out.push(`${indent}subgraph ${item.id}["${escapeText(item.label)}"]`);
        if (item.direction) out.push(`${indent}  direction ${item.direction}`);
        this.renderItems(item.items, `${indent}  `, out, wrap);
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
  /** Pixels between nodes of one rank and between ranks (Mermaid's defaults: 50 and 50). */
  spacing?: { node?: number; rank?: number };
  /**
   * Line widths, in columns (a CJK character counts as two), that node and edge labels are broken
   * at; Mermaid itself wraps a label only at 200 px.
   */
  wrap?: { node?: number; edge?: number };
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
    const style = options.style ?? 'solid';
    const label = style === 'invisible' ? undefined : options.label;
    this.#edges.push({ from: from.id, to: to.id, style, ...(label ? { label } : {}) });
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
    const wrap = this.#options.wrap ?? {};
    this.renderItems(this.items, '  ', out, wrap.node);
    for (const edge of this.#edges) {
      const text = edge.label && wrap.edge !== undefined ? breakLines(edge.label, wrap.edge) : edge.label;
      const label = text ? `|"${escapeText(text)}"|` : '';
      out.push(`  ${edge.from} ${EDGES[edge.style]}${label} ${edge.to}`);
    }
    for (const [name, css] of this.#classDefs) out.push(`  classDef ${name} ${css}`);
    return `${out.join('\n')}\n`;
  }
}

/**
 * YAML front matter for title, theme and flowchart spacing; the title is quoted as a JSON
 * string, which YAML reads as-is, and every other value is an identifier or a number.
 */
export function frontMatter(options: Pick<FlowchartOptions, 'title' | 'theme' | 'spacing'>): string[] {
  const config: string[] = [];
  if (options.theme) config.push(`  theme: ${assertIdent(options.theme)}`);
  const spacing = Object.entries({ nodeSpacing: options.spacing?.node, rankSpacing: options.spacing?.rank }).filter(
    (e): e is [string, number] => e[1] !== undefined,
  );
  if (spacing.length > 0) {
    config.push('  flowchart:');
    for (const [key, value] of spacing) {
      if (!Number.isInteger(value) || value < 0 || value > 500) throw new Error(`internal: ${key} ${value} is not a spacing`);
      config.push(`    ${key}: ${value}`);
    }
  }
  if (!options.title && config.length === 0) return [];
  const lines = ['---'];
  if (options.title) lines.push(`title: ${JSON.stringify(visibleText(options.title).replace(/[\r\n]+/g, ' '))}`);
  if (config.length > 0) lines.push('config:', ...config);
  lines.push('---');
  return lines;
}
