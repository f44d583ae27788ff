/**
 * Terminal output: headings, wrapped paragraphs and lists, and box tables sized to the terminal
 * width. Colour goes through `Style` (plain when colour is off) and is applied after wrapping, so
 * no escape sequence is ever split across lines.
 *
 * Tables: every column gets a width by its content (see `fitColumns`); tables of one document
 * with the same columns share their widths, so a request and a reply table line up; rules
 * separate rows only where rows span several lines, or groups when the table is grouped.
 */
import { type Block, type Document, inlines, type Rich } from './document.ts';
import {
  countPrepared,
  layoutPrepared,
  measurePrepared,
  type Measure,
  type Prepared,
  prepareSpans,
  renderLayout,
  type Span,
  textWidth,
  wrapSpans,
} from './text-width.ts';
import type { RenderContext, Style } from './types.ts';

type TableBlock = Extract<Block, { type: 'table' }>;

/** Inline content as styled spans: links show their target, code is an identifier. */
export function spansOf(rich: Rich, style: Style): Span[] {
  return inlines(rich).flatMap((part): Span[] => {
    if (typeof part === 'string') return [{ text: part }];
    if ('link' in part)
      return part.text ? [{ text: `${part.text} (` }, { text: part.link, link: true }, { text: ')' }] : [{ text: part.link, link: true }];
    if ('code' in part) return [{ text: part.code, style: style.cyan, code: true }];
    if ('strong' in part) return [{ text: part.strong, style: style.bold }];
    return [{ text: part.muted, style: style.dim }];
  });
}

/** What a column needs: its header's and cells' widths (see `Measure`). */
export interface ColumnNeed {
  /** The widest line of any cell or the header, unwrapped. */
  natural: number;
  /** The widest word: below this, words break. */
  word: number;
  /** The widest identifier (code): below this, ids break. */
  code: number;
  /** The widest glued run ("→ 10.96.0.100:80", "word [12]"): below this, a mark may end up alone. */
  chunk: number;
  /** The widest short CJK word (up to four characters). */
  cjkWord: number;
  /** The header on one line. */
  header: number;
}

/**
 * Each need capped at one level, never below its floor: the highest level at which they fit
 * `budget` (the floors alone may not; then they are returned as they are).
 */
function capToFit(needs: readonly number[], floors: readonly number[], budget: number): number[] {
  const capped = (level: number) => needs.map((n, i) => Math.max(floors[i] ?? 0, Math.min(n, level)));
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  let level = Math.max(0, ...needs);
  while (level > 1 && sum(capped(level)) > budget) level--;
  return capped(level);
}

/**
 * Column widths (of content, without padding and borders) that fit `total` columns.
 * 1. Every column gets at least its widest identifier, then its widest word (ids first: they are
 *    what people copy); when even that does not fit, the widest needs are capped evenly.
 * 2. Columns narrower than a fair share of what is left get their full width (short values do not
 *    wrap); the others share the rest in proportion to their natural width.
 * This is the starting point; `shortenTable` then moves columns where that saves lines.
 */
export function fitColumns(columns: readonly ColumnNeed[], total: number): number[] {
  const n = columns.length;
  const budget = Math.max(n, total - (n * 3 + 1));
  const natural = columns.map((c) => Math.max(1, c.natural));
  if (natural.reduce((a, b) => a + b, 0) <= budget) return natural;
  const codeFloor = capToFit(
    columns.map((c, i) => Math.min(Math.max(c.code, c.cjkWord), natural[i] ?? 1)),
    columns.map(() => 1),
    budget,
  );
  const words = capToFit(
    columns.map((c, i) => Math.min(Math.max(c.word, c.code), natural[i] ?? 1)),
    codeFloor,
    budget,
  );
  const min = capToFit(
    columns.map((c, i) => Math.min(Math.max(c.chunk, c.word, c.code), natural[i] ?? 1)),
    words,
    budget,
  );
  const widths = [...min];
  let open = columns.map((_, i) => i);
  let pool = budget;
  // 2. Fair share: settle the narrow columns at their natural width while the others keep their minimum.
  for (let settledOne = true; settledOne && open.length > 0; ) {
    settledOne = false;
    const share = pool / open.length;
    for (const i of [...open].sort((a, b) => (natural[a] ?? 0) - (natural[b] ?? 0))) {
      const others = open.filter((k) => k !== i).reduce((sum, k) => sum + (min[k] ?? 0), 0);
      if ((natural[i] ?? 0) > share || pool - (natural[i] ?? 0) < others) continue;
      widths[i] = natural[i] ?? 0;
      pool -= widths[i] ?? 0;
      open = open.filter((k) => k !== i);
      settledOne = true;
    }
  }
  // The rest in proportion to natural width; a column whose share is below its minimum keeps the minimum.
  let rest = open;
  while (rest.length > 0) {
    const sumNatural = rest.reduce((a, i) => a + (natural[i] ?? 0), 0);
    const ideal = new Map(rest.map((i) => [i, (pool * (natural[i] ?? 0)) / sumNatural]));
    const low = rest.filter((i) => (ideal.get(i) ?? 0) < (min[i] ?? 0));
    if (low.length === 0) {
      for (const i of rest) widths[i] = Math.min(natural[i] ?? 0, Math.floor(ideal.get(i) ?? 0));
      let spare = pool - rest.reduce((a, i) => a + (widths[i] ?? 0), 0);
      const byFraction = [...rest].sort((a, b) => ((ideal.get(b) ?? 0) % 1) - ((ideal.get(a) ?? 0) % 1) || a - b);
      for (const i of byFraction) {
        if (spare <= 0) break;
        if ((widths[i] ?? 0) < (natural[i] ?? 0)) {
          widths[i] = (widths[i] ?? 0) + 1;
          spare--;
        }
      }
      break;
    }
    for (const i of low) {
      widths[i] = min[i] ?? 0;
      pool -= min[i] ?? 0;
    }
    rest = rest.filter((i) => !low.includes(i));
  }
  return widths;
}

interface TableLayout {
  widths: number[];
  headers: readonly Prepared[];
  /** Per visible column, this table's cells. */
  cells: readonly (readonly Prepared[])[];
}

function visibleColumns(block: TableBlock): number[] {
  return block.columns.map((_, i) => i).filter((i) => i !== block.groupBy);
}

/** A family of tables with the same columns, its text prepared once for every width tried. */
interface Family {
  blocks: readonly TableBlock[];
  /** Per visible column: the header, then every cell of every table, row by row. */
  headers: Prepared[];
  cells: Prepared[][];
  /** Per column, what each cell needs (see `measurePrepared`). */
  measures: Measure[][];
}

function familyOf(blocks: readonly TableBlock[], style: Style): Family {
  const [first] = blocks;
  const columns = first ? visibleColumns(first) : [];
  const cells = columns.map((i) =>
    blocks.flatMap((b) => b.rows.map((row) => prepareSpans(spansOf(row[i] ?? '', style), { breakLinks: true }))),
  );
  return {
    blocks,
    headers: columns.map((i) => prepareSpans([{ text: first?.columns[i] ?? '', style: style.bold }], { header: true })),
    cells,
    measures: cells.map((column) => column.map(measurePrepared)),
  };
}

function needsOf(family: Family): ColumnNeed[] {
  return family.headers.map((header, c) => {
    const h = measurePrepared(header);
    const cells = family.measures[c] ?? [];
    return {
      natural: Math.max(h.natural, ...cells.map((m) => m.natural)),
      word: Math.max(h.word, ...cells.map((m) => m.word)),
      code: Math.max(h.word, ...cells.map((m) => m.code)),
      chunk: Math.max(h.chunk, ...cells.map((m) => m.chunk)),
      cjkWord: Math.max(h.cjkWord, ...cells.map((m) => m.cjkWord)),
      header: h.natural,
    };
  });
}

/** What a layout costs a reader: its lines, plus each broken word and each mark split from its word (each as bad as many lines). */
const BROKEN_WORD = 16;
const UNGLUED = 16;
/** A header line costs more than a body line: it repeats in every table of the family and is read first. */
const HEADER_LINE = 4;
/** A column no wider than this (and than a fair share) is a short value: it is not wrapped. */
const SHORT_VALUE = 14;
/** A cell this short that wraps ("Main / function") costs a line of its own. */
const SHORT_CELL = 30;
const SHORT_CELL_WRAPPED = 1;
/** A table line outweighs any number of wrapped cell lines (the tie-breaker). */
const CELL_LINES_PER_LINE = 1e6;

/**
 * Improve the widths by moving columns from one column to another while that shortens the
 * table (counting a header line once per table, a broken word as sixteen lines). Ids stay whole:
 * no column goes below its widest id.
 */
function shortenTable(family: Family, needs: readonly ColumnNeed[], start: readonly number[], total: number): number[] {
  const n = needs.length;
  const budget = Math.max(n, total - (n * 3 + 1));
  // Ids stay whole, and short values ("not enforced", "deprecated", "L3 L4") stay on one line.
  const short = (c: ColumnNeed) => (c.natural <= Math.min(SHORT_VALUE, budget / n) ? c.natural : 0);
  const idFloor = capToFit(
    needs.map((c) => Math.min(Math.max(c.code, c.cjkWord), c.natural)),
    needs.map(() => 1),
    budget,
  );
  const floor = capToFit(
    needs.map((c, i) => Math.max(idFloor[i] ?? 1, short(c))),
    idFloor,
    budget,
  );
  const cache = new Map<number, { rows: number[]; header: number; penalty: number; total: number }>();
  const cost = (c: number, width: number) => {
    const key = c * 1024 + width;
    let found = cache.get(key);
    if (!found) {
      const header = countPrepared(family.headers[c] as Prepared, width);
      let penalty = header.broken * BROKEN_WORD;
      const rows = (family.cells[c] ?? []).map((cell, r) => {
        const layout = countPrepared(cell, width);
        penalty += layout.broken * BROKEN_WORD + layout.unglued * UNGLUED;
        const measure = family.measures[c]?.[r];
        if (measure && measure.natural <= SHORT_CELL && layout.lines > measure.lines) penalty += SHORT_CELL_WRAPPED;
        return layout.lines;
      });
      found = { rows, header: header.lines + header.broken * BROKEN_WORD, penalty, total: rows.reduce((a, b) => a + b, 0) };
      cache.set(key, found);
    }
    return found;
  };
  const rowCount = family.cells[0]?.length ?? 0;
  const headerWeight = HEADER_LINE * family.blocks.length;
  const score = (widths: readonly number[]): number => {
    const costs = widths.map((w, c) => cost(c, w));
    let lines = 0;
    for (let r = 0; r < rowCount; r++) lines += Math.max(...costs.map((k) => k.rows[r] ?? 1));
    const primary = lines + headerWeight * Math.max(...costs.map((k) => k.header)) + costs.reduce((a, k) => a + k.penalty, 0);
    // Then, between layouts as tall as each other, the one whose cells wrap least ("not enforced" on one line).
    return primary * CELL_LINES_PER_LINE + costs.reduce((a, k) => a + k.total, 0);
  };
  let widths = [...start];
  let best = score(widths);
  const slack = (ws: readonly number[]) => budget - ws.reduce((a, b) => a + b, 0);
  for (let round = 0; round < 200; round++) {
    let move: number[] | undefined;
    let moveScore = best;
    // Only a column that wraps or breaks something can gain.
    const costs = widths.map((w, c) => cost(c, w));
    const gains = (c: number): boolean => {
      const mine = costs[c];
      if (!mine) return false;
      return mine.penalty > 0 || mine.header > 1 || mine.total > rowCount;
    };
    for (let to = 0; to < n; to++) {
      if (!gains(to)) continue;
      for (const step of [1, 2, 4, 8]) {
        if ((widths[to] ?? 0) + step > (needs[to]?.natural ?? 0)) continue;
        // From another column, or from width the table does not use yet.
        for (let from = -1; from < n; from++) {
          if (from === to) continue;
          if (from === -1 ? slack(widths) < step : (widths[from] ?? 0) - step < (floor[from] ?? 1)) continue;
          const next = [...widths];
          next[to] = (next[to] ?? 0) + step;
          if (from >= 0) next[from] = (next[from] ?? 0) - step;
          const s = score(next);
          if (s < moveScore) {
            moveScore = s;
            move = next;
          }
        }
      }
    }
    if (!move) break;
    widths = move;
    best = moveScore;
  }
  return widths;
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - textWidth(text)));

function rule(widths: readonly number[], [left, mid, right]: readonly [string, string, string], label?: string): string {
  const line = `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  if (!label) return line;
  // A group's name written into the rule above it: "├─ CNI plugin ───┼───┤".
  const chars = [...line];
  const text = ` ${label} `;
  const room = chars.length - 3;
  if (textWidth(text) > room) return line;
  return `${chars.slice(0, 2).join('')}${text}${chars.slice(2 + textWidth(text)).join('')}`;
}

function renderTable(block: TableBlock, layout: TableLayout, style: Style): string {
  const { widths } = layout;
  const linesOf = (cells: readonly (Prepared | undefined)[]): string[] => {
    const wrapped = cells.map((cell, k) => (cell ? renderLayout(cell, layoutPrepared(cell, widths[k] ?? 1)) : []));
    const height = Math.max(1, ...wrapped.map((l) => l.length));
    return Array.from(
      { length: height },
      (_, line) => `│ ${wrapped.map((cell, k) => pad(cell[line] ?? '', widths[k] ?? 1)).join(' │ ')} │`,
    );
  };
  const head = linesOf(layout.headers);
  const bodies = block.rows.map((_, r) => linesOf(layout.cells.map((column) => column[r])));
  const groupOf = (row: readonly Rich[]): string | undefined =>
    block.groupBy === undefined
      ? undefined
      : spansOf(row[block.groupBy] ?? '', style)
          .map((s) => s.text)
          .join('');
  // Rules between rows only help when rows span several lines (and are not grouped).
  const rowRules = block.groupBy === undefined && (block.rowRules ?? bodies.some((lines) => lines.length > 1));
  const out = [rule(widths, ['┌', '┬', '┐']), ...head];
  let group: string | undefined;
  block.rows.forEach((row, r) => {
    const current = groupOf(row);
    if (r === 0 || current !== group) out.push(rule(widths, ['├', '┼', '┤'], current ? style.bold(current) : undefined));
    else if (rowRules) out.push(rule(widths, ['├', '┼', '┤']));
    group = current;
    out.push(...(bodies[r] ?? []));
  });
  out.push(rule(widths, ['└', '┴', '┘']));
  return out.join('\n');
}

function renderList(block: Extract<Block, { type: 'list' }>, style: Style, width: number): string {
  return block.items
    .map((item, i) => {
      const bullet = block.ordered ? `${i + 1}. ` : '• ';
      const indent = 2 + textWidth(bullet);
      const [head = '', ...rest] = wrapSpans(spansOf(item, style), width - indent);
      // A link too long for the indented line starts at the left margin, whole, so that a
      // terminal's own soft wrap keeps it in one piece.
      const lines = [`  ${bullet}${head}`, ...rest.map((l) => (textWidth(l) > width - indent ? l : `${' '.repeat(indent)}${l}`))];
      return lines.join('\n');
    })
    .join('\n');
}

function renderBlock(block: Block, context: RenderContext, layouts: ReadonlyMap<TableBlock, TableLayout>): string {
  const { style, width } = context;
  switch (block.type) {
    case 'heading': {
      const lines = wrapSpans([{ text: block.text }], width);
      return lines.map((l) => (block.level === 1 ? style.bold(style.underline(l)) : style.bold(l))).join('\n');
    }
    case 'paragraph':
      return wrapSpans(spansOf(block.text, style), width).join('\n');
    case 'note':
      return wrapSpans(spansOf(block.text, style), width)
        .map((l) => style.dim(l))
        .join('\n');
    case 'table':
      return renderTable(block, layouts.get(block) ?? { widths: [], headers: [], cells: [] }, style);
    case 'list':
      return renderList(block, style, width);
    case 'code':
      return block.text.replace(/\n$/, '');
  }
}

/** One layout per set of tables with the same columns, computed over all their rows. */
function tableLayouts(document: Document, context: RenderContext): Map<TableBlock, TableLayout> {
  const families = new Map<string, TableBlock[]>();
  for (const block of document) {
    if (block.type !== 'table') continue;
    const key = JSON.stringify([block.columns, block.groupBy ?? null]);
    families.set(key, [...(families.get(key) ?? []), block]);
  }
  const layouts = new Map<TableBlock, TableLayout>();
  for (const blocks of families.values()) {
    const family = familyOf(blocks, context.style);
    const needs = needsOf(family);
    const widths = shortenTable(family, needs, fitColumns(needs, context.width), context.width);
    let offset = 0;
    for (const block of blocks) {
      const from = offset;
      offset += block.rows.length;
      layouts.set(block, { widths, headers: family.headers, cells: family.cells.map((column) => column.slice(from, offset)) });
    }
  }
  return layouts;
}

export function renderDocumentAsText(document: Document, context: RenderContext): string {
  const layouts = tableLayouts(document, context);
  return `${document.map((block) => renderBlock(block, context, layouts)).join('\n\n')}\n`;
}
