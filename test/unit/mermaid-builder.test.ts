// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockDiagram, Flowchart, SequenceDiagram, visibleText } from '../../src/mermaid/index.ts';
import { breakLines } from '../../src/mermaid/wrap.ts';
import { textWidth } from '../../src/renderers/text-width.ts';
import { UNSAFE_CHAR } from '../helpers/hostile.ts';
import { diagramTexts, loadMermaid, parseMermaid } from '../helpers/mermaid.ts';

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
  'wrap:x',
  'nowrap: y',
  ':wrap:z',
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

  it('writes empty cells next to each other in a row as one space, never across rows', async () => {
    const grid = new BlockDiagram({ columns: 3 });
    grid.block('a');
    grid.space().space().space().space();
    grid.block('b');
    grid.space();
    grid.block('c');
    grid.space();
    const source = grid.toString();
    expect(source).toBe('block-beta\n  columns 3\n  b1["a"]\n  space:2\n  space:2\n  b2["b"]\n  space\n  b3["c"]\n  space\n');
    await expect(parseMermaid(source)).resolves.toBe('block');
    expect(() => grid.block('x', { span: 4 })).toThrow(/4 columns/);
  });

  it.each(HOSTILE)('keeps hostile text %j intact in a block diagram', async (text) => {
    const grid = new BlockDiagram({ columns: 3, title: text || 't' });
    grid.block(text, { className: 'head' });
    grid.space().block('x');
    grid.block(text, { span: 3, className: 'head' });
    grid.classDef('head', { fill: '#f0f0f0' });
    const source = grid.toString();
    await expect(parseMermaid(source)).resolves.toBe('block');
    const texts = await diagramTexts(source);
    const expected = visibleText(text) === '' ? ' ' : visibleText(text);
    expect(texts.filter((t) => t === expected).length).toBeGreaterThanOrEqual(2);
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

  it('breaks sequence text into lines of the asked width, in English and Chinese, losing no character', async () => {
    const wrap = { participant: 12, message: 16, note: 14, wideNote: 24 };
    const seq = new SequenceDiagram({ wrap });
    const a = seq.participant('Kernel of Pod A’s node: netfilter (iptables)');
    const b = seq.participant('Pod A 所在节点的内核：netfilter（iptables）');
    seq.message(a, b, 'programs iptables rules: KUBE-SERVICES → KUBE-SVC-… (DNAT)');
    seq.note([a], '按规则概率随机选择一个端点并做 DNAT；conntrack 记住这次选择');
    seq.note([a, b], 'Control plane: done ahead of time, and again whenever Services change');
    const source = seq.toString();
    await expect(parseMermaid(source)).resolves.toBe('sequence');
    const texts = await diagramTexts(source);
    for (const [text, columns] of [
      ['Kernel of Pod A’s node: netfilter (iptables)', wrap.participant],
      ['Pod A 所在节点的内核：netfilter（iptables）', wrap.participant],
      ['programs iptables rules: KUBE-SERVICES → KUBE-SVC-… (DNAT)', wrap.message],
      ['按规则概率随机选择一个端点并做 DNAT；conntrack 记住这次选择', wrap.note],
      ['Control plane: done ahead of time, and again whenever Services change', wrap.wideNote],
    ] as const) {
      const shown = texts.find((t) => t.replace(/\s/g, '') === text.replace(/\s/g, ''));
      expect(shown, text).toBeDefined();
      expect(shown?.split('\n').length, text).toBeGreaterThan(1);
      for (const line of shown?.split('\n') ?? []) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
    }
    // No line ends with an opening bracket or starts with closing punctuation.
    for (const t of texts) for (const line of t.split('\n')) expect(line).not.toMatch(/^[，。；：）]|（$/);
  });

  it('keeps every character of hostile text when it breaks lines (property)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.integer({ min: 4, max: 30 }), async (text, columns) => {
        const broken = breakLines(text, columns);
        expect(broken.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        const seq = new SequenceDiagram({ wrap: { participant: columns, message: columns, note: columns, wideNote: columns } });
        const p = seq.participant(text);
        seq.message(p, p, text).note([p], text);
        const source = seq.toString();
        await parseMermaid(source);
        // A line break may fall between two dollars, where the builder otherwise puts a word joiner.
        const bare = (t: string) => t.replace(/[\s\u2060]/g, '');
        const texts = await diagramTexts(source);
        const expected = bare(visibleText(text));
        expect(texts.filter((t) => bare(t) === expected).length).toBeGreaterThanOrEqual(expected ? 2 : 0);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('writes layout, spacing and line widths that Mermaid reads, and invisible edges without labels', async () => {
    const chart = new Flowchart({
      title: 't',
      theme: 'neutral',
      spacing: { node: 30, rank: 40 },
      wrap: { node: 10, edge: 8 },
    });
    const a = chart.node('container runtime (containerd, CRI-O)');
    const b = chart.node('容器运行时（containerd、CRI-O）');
    chart.edge(a, b, { label: 'Pod network configuration' }).edge(b, a, { style: 'invisible', label: 'dropped' });
    const source = chart.toString();
    expect(source).toContain('config:\n  theme: neutral\n  flowchart:\n    nodeSpacing: 30\n    rankSpacing: 40\n');
    expect(source).toMatch(/n2 ~~~ n1$/m);
    expect(source).not.toContain('dropped');
    await expect(parseMermaid(source)).resolves.toBe('flowchart-v2');
    const mermaid = await loadMermaid();
    const parsed = await mermaid.parse(source);
    if (!parsed) throw new Error('Mermaid did not parse the chart');
    expect(parsed.config).toMatchObject({ flowchart: { nodeSpacing: 30, rankSpacing: 40 } });
    const texts = await diagramTexts(source);
    for (const [text, columns] of [
      ['container runtime (containerd, CRI-O)', 10],
      ['容器运行时（containerd、CRI-O）', 10],
      ['Pod network configuration', 8],
    ] as const) {
      const shown = texts.find((t) => t.replace(/\s/g, '') === text.replace(/\s/g, ''));
      expect(shown?.split('\n').length, text).toBeGreaterThan(1);
      for (const line of shown?.split('\n') ?? []) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
    }
    expect(() => new Flowchart({ spacing: { node: -1 } }).toString()).toThrow(/spacing/);
  });

  it('keeps hostile text whole when it breaks flowchart labels (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 3 }), fc.integer({ min: 4, max: 24 }), async (names, columns) => {
        const chart = new Flowchart({ wrap: { node: columns, edge: columns } });
        const nodes = names.map((name) => chart.node(name));
        for (const [i, node] of nodes.slice(1).entries()) chart.edge(nodes[i] ?? node, node, { label: names[i] ?? '' });
        const source = chart.toString();
        await parseMermaid(source);
        // A line break may fall between two dollars, where the builder otherwise puts a word joiner.
        const bare = (t: string) => t.replace(/[\s\u2060]/g, '');
        const texts = (await diagramTexts(source)).map(bare);
        for (const name of names) {
          const expected = bare(visibleText(name));
          if (expected) expect(texts).toContain(expected);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
