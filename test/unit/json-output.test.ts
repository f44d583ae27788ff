import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.ts';
import { PLAIN_STYLE } from '../../src/io/color.ts';
import { render } from '../../src/renderers/index.ts';
import { jsonChunks } from '../../src/renderers/json.ts';

const joined = (value: unknown): string => [...jsonChunks(value)].join('');

describe('JSON output in chunks', () => {
  it('is exactly JSON.stringify(value, null, 2) for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(joined(value)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('treats what JSON cannot hold as JSON.stringify does', () => {
    const odd = {
      gone: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      list: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0],
      date: new Date(0),
      withToJSON: { toJSON: (key: string) => `key ${key}` },
      nested: { empty: {}, none: [], deep: [[[{ a: [{}] }]]] },
      '"quoted"\n': 'é 中文 \u0001 \u2028',
    };
    expect(joined(odd)).toBe(JSON.stringify(odd, null, 2));
    expect(joined([])).toBe('[]');
    expect(joined('text')).toBe('"text"');
    expect(() => joined({ n: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = { back: cycle };
    expect(() => joined(cycle)).toThrow(/circular/);
    const shared = { a: 1 };
    expect(joined([shared, shared])).toBe(JSON.stringify([shared, shared], null, 2));
  });

  it('comes in chunks of about 64 K characters, never as one string', async () => {
    const view = { view: 'big', rows: Array.from({ length: 50_000 }, (_, i) => ({ key: `shop/Deployment/dep-${i}`, pods: i })) };
    const rendered = await render('json', { view, document: () => [] }, { t: translator('en'), style: PLAIN_STYLE, width: 100 });
    expect(typeof rendered).not.toBe('string');
    const chunks = [...(rendered as Iterable<string>)];
    expect(chunks.length).toBeGreaterThan(30);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(70_000);
    expect(chunks.join('')).toBe(`${JSON.stringify(view, null, 2)}\n`);
  });

  it('takes nesting deeper than a recursive writer could', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    let length = 0;
    let last = '';
    for (const chunk of jsonChunks(deep)) {
      length += chunk.length;
      last = chunk;
    }
    // Level k (from 0) writes "[", a newline, 2(k+1) spaces before its item, a newline, 2k spaces and "]".
    const levels = 10_000;
    expect(length).toBe(2 * levels * (levels - 1) + 6 * levels + '"bottom"'.length);
    expect(last.endsWith('\n  ]\n]')).toBe(true);
  });
});
