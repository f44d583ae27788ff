/**
 * JSON output in chunks: the same text as `JSON.stringify(value, null, 2)`, produced piece by
 * piece, so that an output larger than the longest string V8 can hold (about 512 MiB; an inspect
 * of 4,500 Services and 4,500 Deployments sharing one label gives ~800 MB) can still be written.
 * An explicit stack, not recursion: nesting depth costs no call stack.
 */

/** Text chunks of about this many characters. */
const CHUNK = 65_536;

type Frame =
  | { readonly array: readonly unknown[]; readonly pad: string; readonly owner: object; index: number }
  | { readonly entries: readonly (readonly [string, unknown])[]; readonly pad: string; readonly owner: object; index: number };

/** What JSON.stringify does to a value before writing it: toJSON, if it has one. */
function prepare(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return value;
}

/** Values an object leaves out and an array writes as null. */
const isSkipped = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

export function* jsonChunks(root: unknown): Generator<string, void, undefined> {
  const step = '  ';
  const stack: Frame[] = [];
  // The objects being written, as JSON.stringify tracks them to refuse a cycle.
  const open = new Set<object>();
  let out = '';
  const begin = (value: unknown, pad: string): void => {
    if (value === null || typeof value !== 'object') {
      // Strings, numbers (NaN and Infinity become null), booleans; a BigInt throws, as in JSON.stringify.
      out += JSON.stringify(value) ?? 'null';
      return;
    }
    if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out += '[]';
        return;
      }
      out += '[';
      open.add(value);
      stack.push({ array: value, pad, owner: value, index: 0 });
      return;
    }
    const entries: (readonly [string, unknown])[] = [];
    for (const key of Object.keys(value)) {
      const item = prepare((value as Record<string, unknown>)[key], key);
      if (!isSkipped(item)) entries.push([key, item]);
    }
    if (entries.length === 0) {
      out += '{}';
      return;
    }
    out += '{';
    open.add(value);
    stack.push({ entries, pad, owner: value, index: 0 });
  };
  const first = prepare(root, '');
  if (isSkipped(first)) return;
  begin(first, '');
  while (stack.length > 0) {
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
    const top = stack[stack.length - 1] as Frame;
    const inner = top.pad + step;
    const length = 'array' in top ? top.array.length : top.entries.length;
    if (top.index >= length) {
      out += `\n${top.pad}${'array' in top ? ']' : '}'}`;
      open.delete(top.owner);
      stack.pop();
      continue;
    }
    out += top.index === 0 ? `\n${inner}` : `,\n${inner}`;
    const index = top.index;
    top.index += 1;
    if ('array' in top) {
      const item = prepare(top.array[index], String(index));
      if (isSkipped(item)) out += 'null';
      else begin(item, inner);
    } else {
      const [key, item] = top.entries[index] as readonly [string, unknown];
      out += `${JSON.stringify(key)}: `;
      begin(item, inner);
    }
  }
  if (out !== '') yield out;
}

/** The JSON output of a view: its chunks, then a newline. */
export function* jsonDocument(view: unknown): Generator<string, void, undefined> {
  yield* jsonChunks(view);
  yield '\n';
}
