// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Flowchart, SequenceDiagram, visibleText } from '../../src/mermaid/index.ts';
import { UNSAFE_CHAR } from '../helpers/hostile.ts';
import { diagramTexts, parseMermaid } from '../helpers/mermaid.ts';

const HOSTILE = [
  'a"b',
  'x]y[z',
  'a --> b',
  '%%{init: {"theme":"dark"}}%%',
  'end',
  'style n1 fill:#f00;',
  'classDef x fill:#fff;',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'line one\nline two',
  '#quot; #35; &amp;',
  '`markdown`',
  'a;b;c',
  'a|b|c',
  '((circle))',
  '{{hex}}',
  '中文 名称',
  '🚀 emoji',
  '',
  '   ',
  'click n1 call alert()',
  'ﬂ°°35¶ß',
  '\\ backslash',
  '$$\\rule{20000px}{20000px}$$',
  '$$\\color{red}{\\Huge PWNED}$$',
  'costs $5 or $$ 10',
  '\u001b]0;title\u0007\u001b[2J',
  '\u009b31m\u202eevil',
];

/** Texts mixing the dangerous characters and words with ordinary ones. */
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '#',
      '%',
      ';',
      ':',
      '<',
      '>',
      '&',
      '`',
      '[',
      ']',
      '(',
      ')',
      '{',
      '}',
      '|',
      '-',
      '>',
      '\n',
      ' ',
      'a',
      'Z',
      '中',
      '🚀',
      'ß',
      '¶',
      '=',
      ',',
      '\\',
      'style',
      'classDef',
      'end',
      '#59;',
      '$',
      '$$',
      '\\rule{9px}{9px}',
      '\u001b',
      '\u009b',
      '\u202e',
    ),
    maxLength: 40,
  }),
  fc.string({ maxLength: 30 }),
);

describe('Mermaid builder', () => {
  it('emits a flowchart Mermaid parses', async () => {
    const chart = new Flowchart({ direction: 'LR', title: 'A "title"' });
    const a = chart.node('kube-proxy');
    let b = a;
    chart.subgraph('CNI plugins', (g) => {
      b = g.node('Flannel', { shape: 'round' });
    });
    chart.edge(a, b, { label: 'depends on', style: 'dotted' });
    await expect(parseMermaid(chart.toString())).resolves.toBe('flowchart-v2');
  });

  it.each(HOSTILE)('keeps hostile text %j intact in a flowchart node, edge and subgraph', async (text) => {
    const chart = new Flowchart();
    let inner = chart.node('x');
    chart.subgraph(text, (g) => {
      inner = g.node(text);
    });
    chart.edge(inner, chart.node('y'), { label: text || 'x' });
    const source = chart.toString();
    await expect(parseMermaid(source)).resolves.toBe('flowchart-v2');
    const texts = await diagramTexts(source);
    const expected = visibleText(text) === '' ? ' ' : visibleText(text);
    expect(texts.filter((t) => t === expected).length).toBeGreaterThanOrEqual(text ? 3 : 2);
  });

  it.each(HOSTILE)('keeps hostile text %j intact in a sequence diagram', async (text) => {
    const seq = new SequenceDiagram({ autonumber: true });
    const p = seq.participant(text);
    const q = seq.participant('Pod B');
    seq.message(p, q, text).note([p, q], text);
    seq.rect('control', (s) => s.message(q, p, text, 'reply'));
    const source = seq.toString();
    await expect(parseMermaid(source)).resolves.toBe('sequence');
    const texts = await diagramTexts(source);
    const expected = visibleText(text) === '' ? ' ' : visibleText(text);
    expect(texts.filter((t) => t.trim() === expected.trim()).length).toBeGreaterThanOrEqual(3);
  });

  it('survives thousands of generated hostile names (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 4 }), async (names) => {
        const chart = new Flowchart({ direction: 'TD' });
        const nodes = names.map((name) => chart.node(name));
        for (const [i, node] of nodes.slice(1).entries()) chart.edge(nodes[i] ?? node, node, { label: names[i] ?? '' });
        const source = chart.toString();
        await parseMermaid(source);
        // No `$$` (KaTeX) and no control character is left in the source for Mermaid or a terminal.
        expect(source).not.toContain('$$');
        expect(source).not.toMatch(UNSAFE_CHAR);
        const texts = await diagramTexts(source);
        for (const name of names) expect(texts).toContain(visibleText(name) === '' ? ' ' : visibleText(name));
        const seq = new SequenceDiagram();
        const parts = names.map((name) => seq.participant(name));
        for (const [i, p] of parts.entries()) seq.message(p, parts[0] ?? p, names[i] ?? '');
        await parseMermaid(seq.toString());
        expect(seq.toString()).not.toContain('$$');
      }),
      { numRuns: 1500 },
    );
  }, 120_000);
});
