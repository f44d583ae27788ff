/**
 * JSON values written one after another (`kubectl … --local -o json` prints one object per input
 * object), and the place of the first syntax error when the text is not JSON: V8's JSON.parse
 * often names no position ("Unexpected token 'x', "…" is not valid JSON"), but a reader needs
 * `file:line:col`. The scanner is iterative: nesting depth costs no stack.
 */

export type JsonStream = { values: unknown[] } | { error: { offset: number; message: string } };

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** The end of the string that starts at `start` (a `"`), or the offset and reason it is invalid. */
function scanString(text: string, start: number): number | { offset: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, message: 'a control character inside a string' };
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'an invalid \\u escape' };
        i += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
      else return { offset: i, message: 'an invalid escape' };
    }
  }
  return { offset: start, message: 'a string that is never closed' };
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose';

/** One JSON value from `start` (after whitespace): where it ends, or the first syntax error. */
function scanValue(text: string, start: number): number | { offset: number; message: string } {
  const stack: ('{' | '[')[] = [];
  let expect = 'value' as Expect;
  let i = start;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const c = text[i];
    if (c === undefined) return { offset: i, message: 'the JSON ends too early' };
    const top = stack[stack.length - 1];
    if (expect === 'colon') {
      if (c !== ':') return { offset: i, message: "expected ':' after a property name" };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'commaOrClose') {
      if (c === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
        continue;
      }
      if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        stack.pop();
        i++;
        // A value ended: the whole one, or what may follow it inside its container.
        if (stack.length === 0) return i;
        continue;
      }
      return { offset: i, message: `expected ',' or '${top === '{' ? '}' : ']'}'` };
    }
    if ((c === '}' && expect === 'keyOrClose') || (c === ']' && expect === 'valueOrClose')) {
      stack.pop();
      i++;
      if (stack.length === 0) return i;
      expect = 'commaOrClose';
      continue;
    }
    if (expect === 'key' || expect === 'keyOrClose') {
      if (c !== '"') return { offset: i, message: 'expected a property name in double quotes' };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else {
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      const match = NUMBER.exec(text) ?? LITERAL.exec(text);
      if (!match) return { offset: i, message: `unexpected ${JSON.stringify(c)}` };
      i += match[0].length;
    }
    if (stack.length === 0) return i;
    expect = 'commaOrClose';
  }
}

/** Every JSON value of the text, in order, or the first syntax error. */
export function parseJsonStream(text: string): JsonStream {
  const values: unknown[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) return { values };
    const c = text[i];
    if (c !== '{' && c !== '[') {
      return {
        error: { offset: i, message: values.length > 0 ? 'unexpected text after the JSON value' : 'expected a JSON object or array' },
      };
    }
    const end = scanValue(text, i);
    if (typeof end !== 'number') return { error: end };
    values.push(JSON.parse(text.slice(i, end)));
    i = end;
  }
}

/** 1-based line and column of an offset. */
export function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
