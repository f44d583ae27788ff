/**
 * GitHub-flavoured Markdown that renders cleanly when pasted into a README and passes
 * markdownlint: one H1, blank lines around blocks, escaped text, autolinked URLs.
 */
import { type Block, type Document, inlines, type Rich } from './document.ts';

/**
 * Escape characters Markdown would read as syntax (or GitHub as HTML, or as a character reference
 * such as `&#x202E;`), and break up what GFM would turn into a link by itself: URLs, `www.` and
 * e-mail addresses (markdownlint MD034). Line ends and tabs become spaces: a newline would end a
 * heading or a table row (MD055/MD056), a tab is MD010.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|#~&]/g, (c) => `\\${c}`)
    .replace(/(https?|ftp|mailto|xmpp):/gi, '$1\\:')
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/([\w.+-])@(?=[\w-]+\.)/g, '$1\\@');
}

/** Line ends and tabs as spaces. */
function oneLine(text: string): string {
  return text.replace(/\r\n?|[\n\t]/g, ' ');
}

/** A heading's text: one line, no trailing punctuation markdownlint reads as a sentence (MD026); it looks the same. */
function headingText(text: string): string {
  return escapeMarkdown(text.trim()).replace(/[.,;:!。，；：！]$/, (c) => `&#${c.codePointAt(0)};`);
}

/** A code span; in a table cell its pipes are escaped too (GFM splits cells before it reads code spans). */
function code(raw: string, inTable: boolean): string {
  const text = inTable ? oneLine(raw).replace(/\|/g, '\\|') : oneLine(raw);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** `**text**` with the spaces around the text kept outside the markers, where Markdown needs them. */
function emphasis(text: string, marker: string): string {
  const [, lead = '', body = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(oneLine(text)) ?? [];
  return body ? `${lead}${marker}${escapeMarkdown(body)}${marker}${trail}` : oneLine(text);
}

/** Inline content on one line, without spaces at either end (trailing ones are MD009; four leading ones make code). */
function inline(rich: Rich, inTable = false): string {
  return inlines(rich)
    .map((part) => {
      if (typeof part === 'string') return escapeMarkdown(part);
      if ('link' in part) return part.text ? `[${escapeMarkdown(part.text)}](${part.link})` : `<${part.link}>`;
      if ('code' in part) return code(part.code, inTable);
      if ('strong' in part) return emphasis(part.strong, '**');
      return emphasis(part.muted, '*');
    })
    .join('')
    .trim();
}

/** A cell's text; an empty cell is written `| |`, which markdownlint's compact table style expects. */
function cell(rich: Rich): string {
  return inline(rich, true);
}

function renderBlock(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${headingText(block.text)}`;
    case 'paragraph':
      return inline(block.text);
    case 'note':
      return `> ${inline(block.text)}`.trimEnd();
    case 'table': {
      const header = `| ${block.columns.map((c) => escapeMarkdown(c)).join(' | ')} |`;
      const rule = `| ${block.columns.map(() => '---').join(' | ')} |`;
      const rows = block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`.replace(/\| {2}(?=\|)/g, '| '));
      return [header, rule, ...rows].join('\n');
    }
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${inline(item)}`.trimEnd()).join('\n');
    case 'code': {
      // A fence longer than any run of backticks inside, so the text cannot close it.
      const fence = '`'.repeat(Math.max(3, ...(block.text.match(/`+/g) ?? []).map((m) => m.length + 1)));
      return `${fence}${block.lang}\n${block.text.replace(/\t/g, '  ').replace(/\n$/, '')}\n${fence}`;
    }
  }
}

export function renderDocumentAsMarkdown(document: Document): string {
  return `${document.map(renderBlock).join('\n\n')}\n`;
}
