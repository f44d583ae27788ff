/**
 * Display width of text in a terminal: East Asian wide and fullwidth characters and emoji take
 * two columns, combining marks and ANSI escapes none. Enough to align Chinese in tables.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences
const ANSI = /\u001b\[[0-9;]*m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** East Asian Wide/Fullwidth ranges and the common emoji blocks. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function isZeroWidth(code: number): boolean {
  return (code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f);
}

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || isZeroWidth(code)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

const CJK = '\u2e80-\u9fff\uac00-\ud7a3\uff00-\uffef';
// A word or CJK character keeps the closing punctuation after it, so no line starts with "，" or
// "）", and an opening bracket stays with what follows it, so no line ends with "（".
const TOKEN = new RegExp(`[（「『【《〈“‘]*(?:[${CJK}]|[^\\s${CJK}]+)[，。、；：！？）」』】》〉”’]*|\\s+`, 'gu');

/** Split a word wider than the line: after hyphens and slashes where possible, else anywhere. */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const part of word.split(/(?<=[-/])/)) {
    if (textWidth(current + part) <= width) {
      current += part;
      continue;
    }
    if (current) pieces.push(current);
    current = '';
    for (const ch of part) {
      if (textWidth(current + ch) > width && current) {
        pieces.push(current);
        current = '';
      }
      current += ch;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Greedy word wrap that also breaks between CJK characters (which have no spaces). */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    const push = (): void => {
      out.push(line.trimEnd());
      line = '';
      lineWidth = 0;
    };
    for (const token of paragraph.match(TOKEN) ?? []) {
      const w = textWidth(token);
      if (/^\s+$/.test(token)) {
        if (line !== '' && lineWidth + w <= width) {
          line += token;
          lineWidth += w;
        }
        continue;
      }
      if (lineWidth + w > width && line.trim() !== '') push();
      // Links stay whole (a terminal can still open them); other long words are broken.
      const pieces = w > width && !/^https?:\/\//.test(token) ? breakWord(token, width) : [token];
      pieces.forEach((piece, i) => {
        if (i > 0) push();
        line += piece;
        lineWidth += textWidth(piece);
      });
    }
    out.push(line.trimEnd());
  }
  return out;
}
