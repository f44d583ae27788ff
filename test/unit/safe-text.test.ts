import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.ts';
import { makeStyle, PLAIN_STYLE } from '../../src/io/color.ts';
import type { Document } from '../../src/renderers/document.ts';
import { joinRendered, render } from '../../src/renderers/index.ts';
import { escapeMarkdown, renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { safeDocument, safeText } from '../../src/renderers/safe-text.ts';
import { HOSTILE_STRINGS, markdownlintErrors, TERMINAL_ATTACK, UNSAFE_CHAR, withoutStyling } from '../helpers/hostile.ts';

describe('safeText', () => {
  it('writes C0, DEL, C1 and bidi controls as visible \\uXXXX escapes, and keeps newlines and tabs', () => {
    expect(safeText(TERMINAL_ATTACK)).toBe('\\u001B]0;pwned\\u0007\\u001B[2Jimg');
    expect(safeText('a\u009b2Jb\u007f\u0000')).toBe('a\\u009B2Jb\\u007F\\u0000');
    expect(safeText('abc\u202edcba\u2066\u2069\u200f\u061c')).toBe('abc\\u202Edcba\\u2066\\u2069\\u200F\\u061C');
    expect(safeText('one\ntwo\tthree\r')).toBe('one\ntwo\tthree\\u000D');
    expect(safeText('中文 🚀 ß')).toBe('中文 🚀 ß');
  });

  it('makes JSON output lossless: its escapes are JSON escapes', async () => {
    const view = { name: `x${TERMINAL_ATTACK}\u009b\u202e` };
    const text = joinRendered(await render('json', { view, document: () => [] }, { t: translator('en'), style: PLAIN_STYLE, width: 80 }));
    expect(text).not.toMatch(UNSAFE_CHAR);
    expect(JSON.parse(text)).toEqual(view);
  });

  it('escapes a Document before the table renderer styles it, so its own colours stay', async () => {
    const hostile: Document = [
      { type: 'heading', level: 1, text: `Title ${TERMINAL_ATTACK}` },
      { type: 'table', columns: ['a\u009b'], rows: [[[{ strong: `b${TERMINAL_ATTACK}` }, { code: 'c\u202e' }, { muted: 'd\r\u0007' }]]] },
      { type: 'list', items: [{ link: 'https://x.example/\u001b', text: 'l\u001b' }] },
      { type: 'code', lang: 'yaml', text: 'k:\tv\u001b' },
    ];
    const text = joinRendered(
      await render('table', { view: {}, document: () => hostile }, { t: translator('en'), style: await makeStyle(1), width: 80 }),
    );
    expect(text).toContain('\u001b[1m'); // the renderer's own bold
    expect(withoutStyling(text)).not.toMatch(UNSAFE_CHAR);
    expect(withoutStyling(text)).toContain('\\u001B]0;pwned');
  });

  it('turns CR and CRLF into newlines and tabs into spaces in a Document', () => {
    expect(safeDocument([{ type: 'paragraph', text: 'a\r\nb\rc\td' }])).toEqual([{ type: 'paragraph', text: 'a\nb\nc d' }]);
  });
});

describe('Markdown structure', () => {
  it('keeps a heading on one line, without trailing punctuation markdownlint flags', () => {
    const md = renderDocumentAsMarkdown([{ type: 'heading', level: 1, text: '  Name\nwith\r\nlines\tand a colon: ' }]);
    expect(md).toBe('# Name with lines and a colon&#58;\n');
    expect(markdownlintErrors(md)).toEqual([]);
  });

  it('breaks up bare URLs, www. and e-mail addresses, and escapes character references', () => {
    expect(escapeMarkdown('see https://evil.example and www.evil.example or a@b.example')).toBe(
      'see https\\://evil.example and www\\.evil.example or a\\@b.example',
    );
    expect(escapeMarkdown('&#x202E; &amp;')).toBe('\\&\\#x202E; \\&amp;');
  });

  it('cannot be closed from inside a code block', () => {
    const md = renderDocumentAsMarkdown([{ type: 'code', lang: 'text', text: 'a\n```\n# not a heading' }]);
    expect(md).toBe('````text\na\n```\n# not a heading\n````\n');
  });

  it.each(HOSTILE_STRINGS)('passes markdownlint with %j in every kind of block', (text) => {
    const doc: Document = [
      { type: 'heading', level: 1, text: `Title ${text}` },
      { type: 'paragraph', text: `Para ${text}` },
      { type: 'heading', level: 2, text: `Section ${text}` },
      { type: 'table', columns: ['A', 'B'], rows: [[text, [{ strong: text }, { code: text }, { muted: text }]]] },
      { type: 'list', items: [text, `x ${text}`] },
      { type: 'list', ordered: true, items: [`y ${text}`] },
      { type: 'note', text: `Note ${text}` },
    ];
    const md = renderDocumentAsMarkdown(safeDocument(doc));
    expect(markdownlintErrors(md)).toEqual([]);
    expect(md).not.toMatch(UNSAFE_CHAR);
  });
});
