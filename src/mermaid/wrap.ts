/**
 * Explicit line breaks for diagram text. Mermaid sizes a box or a message to its longest line, and
 * its own `wrap` option neither breaks Chinese (it splits at spaces only, and hyphenates a run of
 * CJK characters) nor touches text that already has a line break; so the builders break lines
 * themselves, at spaces and between CJK characters, before escaping.
 */
import { wrapText } from '../renderers/text-width.ts';

/**
 * The text with line breaks so that no line is wider than `columns` (a CJK character counts as
 * two); existing line breaks stay, and a word longer than a line is split after a hyphen or slash.
 */
export function breakLines(text: string, columns: number): string {
  return wrapText(text, columns).join('\n');
}
