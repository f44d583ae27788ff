/**
 * Terminal output: headings, wrapped paragraphs and box tables sized to the terminal width.
 * cli-table3 colours borders and headers even when piped, so its styles are switched off and
 * all colour goes through `Style`, which is plain when colour is off.
 */
import Table from 'cli-table3';
import { type Block, type Document, inlines, type Rich } from './document.ts';
import { textWidth, wrapText } from './text-width.ts';
import type { RenderContext, Style } from './types.ts';

function inlineText(rich: Rich, style: Style): string {
  return inlines(rich)
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('link' in part) return part.text ? `${part.text} (${part.link})` : part.link;
      if ('code' in part) return style.cyan(part.code);
      if ('strong' in part) return style.bold(part.strong);
      return style.dim(part.muted);
    })
    .join('');
}

/**
 * Column widths that fit `total`: each column gets a share in proportion to its natural width,
 * but never less than its natural width up to 16 (labels stay readable); then the widest columns
 * give back what is still too much.
 */
export function fitColumns(natural: readonly number[], total: number, minimum = 6): number[] {
  const widths = natural.map((w) => Math.max(w, 1));
  // Each column costs its content plus 2 padding plus one border; and one more border at the end.
  const budget = total - (widths.length * 3 + 1);
  const sum = widths.reduce((a, b) => a + b, 0);
  if (sum <= budget) return widths;
  const fitted = widths.map((w) => Math.max(Math.min(w, 16), Math.floor((w * budget) / sum)));
  let over = fitted.reduce((a, b) => a + b, 0) - budget;
  while (over > 0) {
    const widest = Math.max(...fitted);
    if (widest <= minimum) break;
    fitted[fitted.indexOf(widest)] = widest - 1;
    over--;
  }
  return fitted;
}

function renderTable(block: Extract<Block, { type: 'table' }>, context: RenderContext): string {
  const { style, width } = context;
  const rows = block.rows.map((row) => row.map((cell) => inlineText(cell, style)));
  // A loop, not Math.max(...): a cell of input text may hold more lines than a call takes arguments.
  const natural = block.columns.map((column, i) => {
    let widest = textWidth(column);
    for (const row of rows) for (const line of (row[i] ?? '').split('\n')) widest = Math.max(widest, textWidth(line));
    return widest;
  });
  const widths = fitColumns(natural, width);
  const wrap = (text: string, i: number): string =>
    text
      .split('\n')
      .flatMap((line) => wrapText(line, widths[i] ?? 10))
      .join('\n');
  const body = rows.map((row) => row.map(wrap));
  // Rules between rows only help when cells span several lines.
  const compact = body.every((row) => row.every((cell) => !cell.includes('\n')));
  const table = new Table({
    head: block.columns.map((c, i) => style.bold(wrap(c, i))),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    ...(compact ? { chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } } : {}),
  });
  for (const row of body) table.push(row);
  return table.toString();
}

function renderBlock(block: Block, context: RenderContext): string {
  const { style, width } = context;
  switch (block.type) {
    case 'heading':
      return block.level === 1 ? style.bold(style.underline(block.text)) : style.bold(block.text);
    case 'paragraph':
      return wrapText(inlineText(block.text, style), width).join('\n');
    case 'note':
      return style.dim(wrapText(inlineText(block.text, style), width).join('\n'));
    case 'table':
      return renderTable(block, context);
    case 'list':
      return block.items
        .map((item, i) => {
          const bullet = block.ordered ? `${i + 1}. ` : '• ';
          const [first = '', ...rest] = wrapText(inlineText(item, style), width - bullet.length - 2);
          return [`  ${bullet}${first}`, ...rest.map((l) => `  ${' '.repeat(bullet.length)}${l}`)].join('\n');
        })
        .join('\n');
    case 'code':
      return block.text.replace(/\n$/, '');
  }
}

export function renderDocumentAsText(document: Document, context: RenderContext): string {
  return `${document.map((block) => renderBlock(block, context)).join('\n\n')}\n`;
}
