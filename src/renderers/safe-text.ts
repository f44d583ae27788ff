/**
 * Text from the input (manifests, kubectl output, --catalog files) must never reach a terminal as
 * control codes: `ESC ] 0 ; title BEL` retitles the window, `ESC [ 2 J` clears the screen, U+009B
 * is an 8-bit CSI, and the bidi overrides reorder what a reader sees (CVE-2021-42574, "Trojan
 * Source"). Every format's output passes `render()` (stdout and -o files) and every message goes
 * through the stderr stream main.ts wraps; both call `safeText`. Such code points are written as
 * visible `\uXXXX` escapes: readable in a table, valid JSON and YAML escapes in those formats (so
 * JSON stays lossless), and literal text in Markdown and Mermaid.
 *
 * Table and Markdown output escape the Document's strings before styling (`safeDocument`), so the
 * colour codes the table renderer adds itself survive and hostile text cannot fake them.
 * https://invisible-island.net/xterm/ctlseqs/ctlseqs.html
 */
import type { Block, Document, Inline, Rich } from './document.ts';

// C0 controls but newline and tab, DEL, C1 controls (U+0080–U+009F, among them CSI, OSC, DCS),
// the bidi marks, embeddings, overrides and isolates, and lone surrogates.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeCodePoint = (c: string): string => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** `text` with every terminal-dangerous code point written as a visible `\uXXXX`; newlines and tabs stay. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

/** One string of a Document: line ends become `\n` (CR alone moves the cursor back over a line), tabs spaces. */
function safeLine(text: string): string {
  return safeText(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' '));
}

function safeInline(part: Inline): Inline {
  if (typeof part === 'string') return safeLine(part);
  if ('link' in part)
    return part.text === undefined ? { link: safeLine(part.link) } : { link: safeLine(part.link), text: safeLine(part.text) };
  if ('code' in part) return { code: safeLine(part.code) };
  if ('strong' in part) return { strong: safeLine(part.strong) };
  return { muted: safeLine(part.muted) };
}

function safeRich(rich: Rich): Rich {
  return typeof rich === 'string' || !Array.isArray(rich) ? safeInline(rich as Inline) : rich.map(safeInline);
}

function safeBlock(block: Block): Block {
  switch (block.type) {
    case 'heading':
      return { ...block, text: safeLine(block.text) };
    case 'paragraph':
    case 'note':
      return { ...block, text: safeRich(block.text) };
    case 'table':
      return { ...block, columns: block.columns.map(safeLine), rows: block.rows.map((row) => row.map(safeRich)) };
    case 'list':
      return { ...block, items: block.items.map(safeRich) };
    case 'code':
      return { ...block, text: safeLine(block.text) };
  }
}

/** The Document with every string made safe for a terminal, before a renderer styles it. */
export function safeDocument(document: Document): Document {
  return document.map(safeBlock);
}
