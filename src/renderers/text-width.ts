/**
 * Display width of text in a terminal, and line breaking that respects it.
 *
 * Width: East Asian wide and fullwidth characters and emoji take two columns, combining marks and
 * ANSI escapes none.
 *
 * Line breaking (`wrapSpans`): breaks at spaces and between CJK characters, never inside a word,
 * with the CJK line-breaking rules (kinsoku shori, as in W3C "Requirements for Chinese Text Layout"
 * §3.1.7): closing punctuation (，。、；：）」 …) never starts a line and opening punctuation
 * (（「 …) never ends one. Two rules keep short marks from standing alone: a separator (· → = …)
 * stays with the word after it, and a reference marker ([12]) with the word before it. Only a word
 * wider than the whole line is broken (after - / . _ : where it can be), and a link only when asked
 * (a terminal can still open a link that runs past the width).
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

/** Characters that may not start a line (closing brackets and quotes, CJK and Western stops). */
export const CLOSING = '，。、；：！？）］｝」』】〕〉》〗〙”’…‥％・,.;:!?)]}%';
/** Characters that may not end a line (opening brackets and quotes). */
export const OPENING = '（［｛「『【〔〈《〖〘“‘([{';
/** Marks that read as the start of what follows them: kept with the next word. */
const SEPARATORS = new Set(['·', '→', '←', '↔', '⇒', '=', '+', '|', '/', '—', '–', '&', '×']);
/** A reference to a source, `[12]`: kept with the word before it. */
const REFERENCE = /^\[\d+\]$/;

/** A CJK letter (ideograph, kana, hangul), not punctuation. */
const CJK_LETTER = /^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+$/u;
const CJK_CHARS = '\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef';
// A newline, a run of spaces, one CJK character, or a run of anything else (a "word").
const ATOM = new RegExp(`\\n|[^\\S\\n]+|[${CJK_CHARS}]|[^\\s${CJK_CHARS}]+`, 'gu');
// In headers a run of CJK letters is one word: "数据包" must not become "数据 / 包".
const HEADER_ATOM = new RegExp(
  `\\n|[^\\S\\n]+|[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3]+|[${CJK_CHARS}]|[^\\s${CJK_CHARS}]+`,
  'gu',
);

/** A run of text with one style: what a cell or paragraph is made of. */
export interface Span {
  readonly text: string;
  readonly style?: (text: string) => string;
  /** A link: never broken unless the wrapper is told to (`breakLinks`). */
  readonly link?: boolean;
  /** An identifier (code): its words are what people copy, so a table gives them room to stay whole. */
  readonly code?: boolean;
}

export interface WrapOptions {
  /** Header text: runs of CJK letters are words and stay whole. */
  readonly header?: boolean;
  /** Break a link wider than the line (inside table cells, where it cannot run past the border). */
  readonly breakLinks?: boolean;
}

export interface Piece {
  text: string;
  span: number;
  width: number;
  space: boolean;
}

/** Pieces between which the line may not break, with the spaces before them. */
export interface Chunk {
  lead: Piece[];
  leadWidth: number;
  body: Piece[];
  width: number;
  link: boolean;
  /** Hard line breaks before this chunk. */
  newlines: number;
}

const first = (text: string): string => text[0] ?? '';
const last = (text: string): string => text[text.length - 1] ?? '';

/** Whether the line may break between two adjacent non-space atoms. */
function breakAllowed(prev: Piece, prevSpan: Span | undefined, cur: Piece, curSpan: Span | undefined, gap: boolean): boolean {
  if (CLOSING.includes(first(cur.text))) return false;
  if (OPENING.includes(last(prev.text))) return false;
  if (!gap) {
    // Two words across a style change ("**socket**:" ) are one word.
    if (!isCjk(prev.text) && !isCjk(cur.text)) return false;
    return true;
  }
  if (SEPARATORS.has(prev.text) && !prevSpan?.link) return false;
  if (REFERENCE.test(cur.text) && !curSpan?.link) return false;
  return true;
}

function isCjk(text: string): boolean {
  const code = text.codePointAt(0) ?? 0;
  return isWide(code) && !(code >= 0x1f300);
}

/** The chunks of the text; a trailing line break is an empty chunk after it. */
function chunksOf(spans: readonly Span[], options: WrapOptions): Chunk[] {
  const atoms: Piece[] = [];
  spans.forEach((span, index) => {
    for (const text of span.text.match(options.header ? HEADER_ATOM : ATOM) ?? []) {
      atoms.push({ text, span: index, width: text === '\n' ? 0 : textWidth(text), space: /^\s+$/.test(text) && text !== '\n' });
    }
  });
  // A run of at most four CJK letters is most likely one word ("应用层", "节点"): kept whole.
  const shortRun = new Set<Piece>();
  for (let i = 0; i < atoms.length; ) {
    let j = i;
    while (j < atoms.length && CJK_LETTER.test(atoms[j]?.text ?? '')) j++;
    if (j - i >= 2 && j - i <= 4) for (let k = i + 1; k < j; k++) shortRun.add(atoms[k] as Piece);
    i = Math.max(j, i + 1);
  }
  const chunks: Chunk[] = [];
  let lead: Piece[] = [];
  let newlines = 0;
  let previous: Piece | undefined;
  for (const atom of atoms) {
    if (atom.text === '\n') {
      newlines++;
      lead = [];
      previous = undefined;
      continue;
    }
    if (atom.space) {
      lead.push(atom);
      continue;
    }
    const current = chunks[chunks.length - 1];
    const joins =
      current !== undefined &&
      previous !== undefined &&
      newlines === 0 &&
      (shortRun.has(atom) || !breakAllowed(previous, spans[previous.span], atom, spans[atom.span], lead.length > 0));
    if (joins && current) {
      current.body.push(...lead, atom);
      current.width += lead.reduce((n, p) => n + p.width, 0) + atom.width;
      current.link ||= spans[atom.span]?.link === true;
    } else {
      chunks.push({
        lead,
        leadWidth: lead.reduce((n, p) => n + p.width, 0),
        body: [atom],
        width: atom.width,
        link: spans[atom.span]?.link === true,
        newlines,
      });
    }
    lead = [];
    newlines = 0;
    previous = atom;
  }
  if (newlines > 0) chunks.push({ lead: [], leadWidth: 0, body: [], width: 0, link: false, newlines });
  return chunks;
}

/**
 * Split a word wider than the line: after - / . _ : where possible, else between characters;
 * the first piece fits in `firstRoom` columns (what is left of the current line), the others in
 * `width`. No piece starts with closing punctuation: the character before it comes along.
 */
function breakWord(piece: Piece, width: number, firstRoom = width): Piece[] {
  const out: Piece[] = [];
  let current = '';
  const room = (): number => (out.length === 0 ? firstRoom : width);
  const flush = (): void => {
    if (current) out.push({ ...piece, text: current, width: textWidth(current) });
    current = '';
  };
  for (const part of piece.text.split(/(?<=[-/._:,;=])/)) {
    if (textWidth(current + part) <= room()) {
      current += part;
      continue;
    }
    if (!CLOSING.includes(first(part))) flush();
    for (const ch of part) {
      if (current && textWidth(current + ch) > room()) {
        const chars = [...current];
        let carried = '';
        // Carry characters along until the new piece starts with one that may start a line.
        if (CLOSING.includes(ch))
          while (chars.length > 1 && (carried === '' || CLOSING.includes(first(carried)))) carried = chars.pop() + carried;
        current = chars.join('');
        flush();
        current = carried;
      }
      current += ch;
    }
  }
  flush();
  return out;
}

/** Text broken into chunks once, to be laid out at several widths (a table tries a few). */
export interface Prepared {
  readonly spans: readonly Span[];
  readonly chunks: readonly Chunk[];
  readonly options: WrapOptions;
}

export function prepareSpans(spans: readonly Span[], options: WrapOptions = {}): Prepared {
  return { spans, chunks: chunksOf(spans, options), options };
}

/** The lines of prepared text at `width`, and how many words had to be broken to fit. */
export interface Layout {
  readonly lines: readonly (readonly Piece[])[];
  /** Words broken to fit. */
  readonly broken: number;
  /** Glued runs ("→ 10.96.0.100:80", "word [12]") split at their spaces to fit. */
  readonly unglued: number;
}

export function layoutPrepared(prepared: Prepared, width: number): Layout {
  const { spans, options } = prepared;
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let used = 0;
  let broken = 0;
  let unglued = 0;
  /** The lines that end a paragraph (before a hard line break, and the last). */
  const ends = new Set<number>();
  const push = (): void => {
    lines.push(line);
    line = [];
    used = 0;
  };
  const place = (pieces: readonly Piece[]): void => {
    for (const p of pieces) {
      line.push(p);
      used += p.width;
    }
  };
  const placeChunk = (chunk: Chunk): void => {
    const { leadWidth } = chunk;
    for (let n = 0; n < chunk.newlines; n++) push();
    const fits = chunk.width <= width || (chunk.link && !options.breakLinks);
    if (chunk.newlines === 0 && line.length > 0) {
      if (used + leadWidth + chunk.width <= width) {
        place(chunk.lead);
        place(chunk.body);
        return;
      }
      if (fits) push();
    }
    if (fits) {
      place(chunk.body);
      return;
    }
    // Wider than a line: break at the spaces it holds (a separator then ends the line before
    // rather than standing alone), then break words that are still too wide.
    if (chunk.body.some((p) => p.space)) unglued++;
    const words: { spaces: Piece[]; pieces: Piece[]; width: number }[] = [];
    let spaces: Piece[] = chunk.newlines === 0 ? [...chunk.lead] : [];
    for (const p of chunk.body) {
      const current = words[words.length - 1];
      if (p.space) spaces.push(p);
      else if (current && spaces.length === 0) {
        current.pieces.push(p);
        current.width += p.width;
      } else {
        words.push({ spaces, pieces: [p], width: p.width });
        spaces = [];
      }
    }
    for (const word of words) {
      const spaceWidth = word.spaces.reduce((n, s) => n + s.width, 0);
      if (line.length > 0 && used + spaceWidth + word.width <= width) {
        place(word.spaces);
        place(word.pieces);
        continue;
      }
      const unbreakable = word.pieces.every((q) => spans[q.span]?.link && !options.breakLinks);
      if (word.width <= width || unbreakable) {
        if (line.length > 0) push();
        place(word.pieces);
        continue;
      }
      broken++;
      // A word that must be broken anyway starts on this line when it can break at a natural
      // point (after - / . …) there. A separator at the end of the line comes down with it rather
      // than stand alone.
      const [head] = word.pieces;
      const placeFrom = (parts: readonly Piece[]): void => {
        parts.forEach((p, i) => {
          if (i > 0) push();
          place([p]);
        });
        for (const q of word.pieces.slice(1)) placeBroken(q);
      };
      if (line.length > 0 && head && head.width > width) {
        const room = width - used - spaceWidth;
        const parts = breakWord(head, width, Math.max(1, room));
        if (room >= 2 && parts[0] && parts[0].width <= room && /[-/._:,;=]$/.test(parts[0].text)) {
          place(word.spaces);
          placeFrom(parts);
          continue;
        }
        const words$ = line.filter((p) => !p.space);
        const separator = words$.at(-1);
        if (separator && words$.length > 1 && SEPARATORS.has(separator.text)) {
          while (line.length > 0 && line[line.length - 1] !== separator) used -= (line.pop() as Piece).width;
          line.pop();
          push();
          place([separator, ...word.spaces]);
          placeFrom(breakWord(head, width, Math.max(1, width - used)));
          continue;
        }
      }
      if (line.length > 0) push();
      for (const q of word.pieces) placeBroken(q);
    }
  };
  /** One piece of a word that is being broken. */
  const placeBroken = (q: Piece): void => {
    if (used + q.width <= width) {
      place([q]);
      return;
    }
    const previous = line[line.length - 1];
    if (CLOSING.includes(first(q.text)) && previous && !previous.space) {
      // Closing punctuation may not start a line: what comes before it comes along (back to a
      // character that is not closing punctuation, with an opening mark before that), and the
      // end of a word if the whole word does not fit with it.
      const carried: Piece[] = [];
      while (line.length > 0) {
        const p = line.pop() as Piece;
        used -= p.width;
        carried.unshift(p);
        if (p.space || !CLOSING.includes(first(p.text))) break;
      }
      const opener = line[line.length - 1];
      if (opener && !opener.space && OPENING.includes(last(opener.text))) {
        line.pop();
        used -= opener.width;
        carried.unshift(opener);
      }
      if (line.length > 0) push();
      const total = carried.reduce((n, p) => n + p.width, 0) + q.width;
      const main = carried.findIndex((p) => !CLOSING.includes(first(p.text)) && !OPENING.includes(last(p.text)));
      const word$ = carried[main];
      if (total <= width || !word$ || word$.space) {
        place([...carried, q]);
        return;
      }
      const before = carried.slice(0, main);
      const after = carried.slice(main + 1);
      const tail = after.reduce((n, p) => n + p.width, 0) + q.width;
      place(before);
      breakWord(word$, Math.max(1, width - tail), Math.max(1, width - used - tail)).forEach((part, i) => {
        if (i > 0) push();
        place([part]);
      });
      place([...after, q]);
      return;
    }
    // Opening punctuation may not end a line: it comes down with what follows it.
    const afterOpening = OPENING.includes(last(previous?.text ?? ''));
    const opening = afterOpening && line.length > 1 ? (line.pop() as Piece) : undefined;
    if (opening) used -= opening.width;
    // (An opening mark alone on its line stays, and the word fills the line after it.)
    if (line.length > 0 && !(afterOpening && !opening)) push();
    if (opening) place([opening]);
    if (used + q.width <= width) place([q]);
    else
      breakWord(q, width, Math.max(1, width - used)).forEach((part, i) => {
        if (i > 0) push();
        place([part]);
      });
  };
  for (const chunk of prepared.chunks) {
    if (chunk.newlines > 0) ends.add(lines.length);
    placeChunk(chunk);
  }
  ends.add(lines.length);
  lines.push(line);
  for (const end of ends) avoidLoneCharacter(lines, end, ends);
  return { lines, broken, unglued };
}

/**
 * A paragraph's last line should not hold a single Chinese character (a "widow"): when it does,
 * the character before it comes down too.
 */
function avoidLoneCharacter(lines: Piece[][], end: number, ends: ReadonlySet<number>): void {
  const final = lines[end];
  const before = lines[end - 1];
  if (!final || !before || ends.has(end - 1)) return;
  const words = final.filter((p) => !p.space);
  const [lone] = words;
  if (!lone || !CJK_LETTER.test(lone.text) || lone.text.length > 1 || words.slice(1).some((p) => !CLOSING.includes(first(p.text)))) return;
  const moved = before[before.length - 1];
  const rest = before[before.length - 2];
  if (!moved || !rest || !CJK_LETTER.test(moved.text) || OPENING.includes(last(rest.text)) || rest.space) return;
  before.pop();
  final.unshift(moved);
}

/**
 * How many lines `layoutPrepared` would give, and what it would break, without building them:
 * the common case (every chunk fits the line) is a count over chunk widths.
 */
export function countPrepared(prepared: Prepared, width: number): { lines: number; broken: number; unglued: number } {
  let lines = 1;
  let used = 0;
  let empty = true;
  for (const chunk of prepared.chunks) {
    if (chunk.width > width && !(chunk.link && !prepared.options.breakLinks)) {
      const layout = layoutPrepared(prepared, width);
      return { lines: layout.lines.length, broken: layout.broken, unglued: layout.unglued };
    }
    if (chunk.newlines > 0) {
      lines += chunk.newlines;
      used = 0;
      empty = true;
    }
    if (chunk.body.length === 0) continue;
    if (empty) used = chunk.width;
    else if (used + chunk.leadWidth + chunk.width <= width) used += chunk.leadWidth + chunk.width;
    else {
      lines++;
      used = chunk.width;
    }
    empty = false;
  }
  return { lines, broken: 0, unglued: 0 };
}

/** The lines of a layout as text, each styled run styled on its own, without trailing spaces. */
export function renderLayout(prepared: Prepared, layout: Layout): string[] {
  return layout.lines.map((pieces) => renderLine(pieces, prepared.spans));
}

/**
 * Wrap styled spans to `width` columns. Styles are applied after breaking, so an escape sequence
 * never straddles a line. Returns the lines, without trailing spaces.
 */
export function wrapSpans(spans: readonly Span[], width: number, options: WrapOptions = {}): string[] {
  const prepared = prepareSpans(spans, options);
  return renderLayout(prepared, layoutPrepared(prepared, width));
}

function renderLine(pieces: readonly Piece[], spans: readonly Span[]): string {
  let start = 0;
  let end = pieces.length;
  while (start < end && pieces[start]?.space) start++;
  while (end > start && pieces[end - 1]?.space) end--;
  let out = '';
  let i = start;
  while (i < end) {
    const span = pieces[i]?.span ?? 0;
    let text = '';
    while (i < end && pieces[i]?.span === span) {
      text += pieces[i]?.text ?? '';
      i++;
    }
    const style = spans[span]?.style;
    out += style ? style(text) : text;
  }
  return out;
}

/** Plain-text wrapping (one unstyled span per paragraph). */
export function wrapText(text: string, width: number, options: WrapOptions = {}): string[] {
  return wrapSpans([{ text }], width, options);
}

/** How wide a column must be for this text. */
export interface Measure {
  /** The widest line when nothing is wrapped. */
  natural: number;
  /** The widest word (what no break may split). */
  word: number;
  /** The widest word of code (an id): given room before any other word. */
  code: number;
  /** The widest run that should stay on one line (a word with the separator or reference glued to it). */
  chunk: number;
  /**
   * The widest run of CJK letters, up to four characters: Chinese breaks between any two
   * characters, but a column narrower than a short word ("应用层") splits words everywhere.
   */
  cjkWord: number;
  /** Lines when nothing is wrapped (1 + hard line breaks). */
  lines: number;
}

export function measurePrepared(prepared: Prepared): Measure {
  const { spans } = prepared;
  let natural = 0;
  let current = 0;
  let word = 0;
  let code = 0;
  let glued = 0;
  let cjkWord = 0;
  let cjkRun = 0;
  let lines = 1;
  for (const chunk of prepared.chunks) {
    lines += chunk.newlines;
    if (!chunk.link) glued = Math.max(glued, chunk.width);
    if (chunk.lead.length > 0 || chunk.newlines > 0) cjkRun = 0;
    for (const p of chunk.body) {
      cjkRun = CJK_LETTER.test(p.text) ? cjkRun + p.width : 0;
      cjkWord = Math.max(cjkWord, Math.min(cjkRun, 8));
    }
    if (chunk.newlines > 0) current = 0;
    current += (current > 0 ? chunk.leadWidth : 0) + chunk.width;
    natural = Math.max(natural, current);
    // Words: the chunk split at its spaces (glue may be undone when a column is narrow).
    let w = 0;
    let isCode = false;
    const close = (): void => {
      word = Math.max(word, w);
      if (isCode) code = Math.max(code, w);
      w = 0;
      isCode = false;
    };
    for (const p of chunk.body) {
      if (p.space) {
        close();
        continue;
      }
      w += p.width;
      isCode ||= spans[p.span]?.code === true;
    }
    close();
  }
  return { natural, word, code, chunk: glued, cjkWord, lines };
}

export function measureSpans(spans: readonly Span[], options: WrapOptions = {}): Measure {
  return measurePrepared(prepareSpans(spans, options));
}
