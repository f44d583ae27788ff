/**
 * GitHub-flavoured Markdown that renders cleanly when pasted into a README and passes
 * markdownlint: one H1, blank lines around blocks, escaped text, autolinked URLs.
 */
import { type Block, type Document, inlines, type Rich } from './document.ts';

/** Escape characters Markdown would read as syntax (or GitHub as HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** `**text**` with the spaces around the text kept outside the markers, where Markdown needs them. */
function emphasis(text: string, marker: string): string {
  const [, lead = '', body = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
  return body ? `${lead}${marker}${escapeMarkdown(body)}${marker}${trail}` : text;
}

function inline(rich: Rich): string {
  return inlines(rich)
    .map((part) => {
      if (typeof part === 'string') return escapeMarkdown(part);
      if ('link' in part) return part.text ? `[${escapeMarkdown(part.text)}](${part.link})` : `<${part.link}>`;
      if ('code' in part) return code(part.code);
      if ('strong' in part) return emphasis(part.strong, '**');
      return emphasis(part.muted, '*');
    })
    .join('')
    .replace(/\n/g, ' ');
}

/** A cell's text; an empty cell is written `| |`, which markdownlint's compact table style expects. */
function cell(rich: Rich): string {
  return inline(rich);
}

function renderBlock(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return inline(block.text);
    case 'note':
      return `> ${inline(block.text)}`;
    case 'table': {
      const header = `| ${block.columns.map((c) => escapeMarkdown(c)).join(' | ')} |`;
      const rule = `| ${block.columns.map(() => '---').join(' | ')} |`;
      const rows = block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`.replace(/\| {2}(?=\|)/g, '| '));
      return [header, rule, ...rows].join('\n');
    }
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${inline(item)}`).join('\n');
    case 'code':
      return `\`\`\`${block.lang}\n${block.text.replace(/\n$/, '')}\n\`\`\``;
  }
}

export function renderDocumentAsMarkdown(document: Document): string {
  return `${document.map(renderBlock).join('\n\n')}\n`;
}
