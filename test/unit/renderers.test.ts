import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.ts';
import { makeStyle, PLAIN_STYLE } from '../../src/io/color.ts';
import { escapeMarkdown, renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { fitColumns, renderDocumentAsText } from '../../src/renderers/table.ts';
import { CLOSING, OPENING, textWidth, wrapSpans, wrapText } from '../../src/renderers/text-width.ts';

const plainContext = { t: translator('en'), style: PLAIN_STYLE, width: 60 };

describe('text width', () => {
  it('counts Chinese characters as two columns', () => {
    expect(textWidth('kube-proxy')).toBe(10);
    expect(textWidth('服务代理')).toBe(8);
    expect(textWidth('L3 网络层')).toBe(9);
    expect(textWidth('\u001b[1mbold\u001b[22m')).toBe(4);
  });

  it('wraps between Chinese characters and at spaces, never past the width', () => {
    const lines = wrapText('CNI 插件负责为 Pod 配置网络，包括分配 IP 地址、设置网络接口、配置路由等。', 20);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(20);
    const text = 'CNI 插件负责为 Pod 配置网络，包括分配 IP 地址、设置网络接口、配置路由等。';
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });
});

describe('line breaking', () => {
  const zh =
    '控制面：在任何数据包之前完成编程（不是路径上的一跳）。kube-proxy 用 iptables-restore 写入 KUBE-SERVICES、KUBE-SVC-* 等链；它不参与转发数据包，“规则”由内核执行。内置于 kindnetd 的 kube-network-policies（--network-policy，默认开启）。';
  const widths = Array.from({ length: 30 }, (_, i) => i + 8);

  it('never starts a line with closing punctuation nor ends one with opening punctuation (kinsoku)', () => {
    for (const width of widths) {
      const lines = wrapText(zh, width);
      for (const line of lines) {
        expect(CLOSING).not.toContain(line[0]);
        expect(OPENING).not.toContain(line[line.length - 1]);
        expect(textWidth(line)).toBeLessThanOrEqual(width);
      }
      expect(lines.join('').replace(/ /g, '')).toBe(zh.replace(/ /g, ''));
    }
  });

  it('keeps the punctuation after a word that fills the line, taking the end of the word along', () => {
    expect(wrapText('Pod CIDR：10.244.0.0/16；', 13)).toEqual(['Pod CIDR：', '10.244.0.0/', '16；']);
  });

  it('keeps a short Chinese word whole and leaves no character alone on the last line', () => {
    expect(wrapText('L7 应用层', 8)).toEqual(['L7', '应用层']);
    expect(wrapText('未发现策略实施组件', 16)).toEqual(['未发现策略实施', '组件']);
  });

  it('keeps separators with the word after them and references with the word before them', () => {
    expect(wrapText('10.244.1.5:43512 → 10.96.0.100:80', 20)).toEqual(['10.244.1.5:43512', '→ 10.96.0.100:80']);
    expect(wrapText('node A · host netns · vethfa57ee2e1cd', 15)).toEqual(['node A · host', 'netns ·', 'vethfa57ee2e1cd']);
    expect(wrapText('strips the outer headers [9]', 24)).toEqual(['strips the outer', 'headers [9]']);
  });

  it('breaks only words wider than the line, after - / . where it can', () => {
    for (const width of widths) {
      const text = 'spec.template.spec.containers[0].image = registry.k8s.io/kube-proxy:v1.31.0 and cilium-kube-proxy-replacement';
      const lines = wrapText(text, width);
      for (const word of text.split(' '))
        if (textWidth(word) <= width) expect(lines.some((l) => l.split(' ').includes(word) || l.includes(word))).toBe(true);
    }
    expect(wrapText('cilium-kube-proxy-replacement', 12)).toEqual(['cilium-kube-', 'proxy-', 'replacement']);
  });

  it('keeps links whole outside tables, and styles every line on its own', () => {
    const url = 'https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-iptables';
    expect(wrapSpans([{ text: 'see ' }, { text: url, link: true }], 40)).toEqual(['see', url]);
    expect(wrapSpans([{ text: url, link: true }], 40, { breakLinks: true }).every((l) => textWidth(l) <= 40)).toBe(true);
    const bold = (t: string) => `<${t}>`;
    expect(wrapSpans([{ text: 'one two three four', style: bold }, { text: ' five' }], 9)).toEqual(['<one two>', '<three>', '<four> five']);
  });
});

describe('terminal tables', () => {
  it('fits columns into the width: short columns whole, ids whole, the rest by natural width', () => {
    const need = (natural: number, word: number, code = 0) => ({ natural, word, code, chunk: word, cjkWord: 0, header: 4 });
    const widths = fitColumns([need(10, 8), need(29, 29, 29), need(200, 12), need(80, 10)], 80);
    expect(widths.reduce((a, b) => a + b, 0) + widths.length * 3 + 1).toBe(80);
    expect(widths[0]).toBe(10);
    expect(widths[1]).toBe(29);
    expect(widths[2]).toBeGreaterThan(widths[3] ?? 0);
    expect(widths[3]).toBeGreaterThanOrEqual(10);
    // Everything fits: natural widths.
    expect(fitColumns([need(10, 3), need(20, 5)], 80)).toEqual([10, 20]);
  });

  it('aligns Chinese text: every line of the table has the same display width', () => {
    const text = renderDocumentAsText(
      [
        {
          type: 'table',
          columns: ['维度', 'kube-proxy', 'CNI'],
          rows: [['主要功能', 'Service 虚拟 IP 与四层负载均衡', 'Pod 网络接入：创建接口、分配 IP、设置路由']],
        },
      ],
      plainContext,
    );
    const widths = new Set(text.trimEnd().split('\n').map(textWidth));
    expect(widths.size).toBe(1);
    expect([...widths][0]).toBeLessThanOrEqual(60);
  });

  it('writes a grouped table with the group in the rule above it, and no rule between rows', () => {
    const text = renderDocumentAsText(
      [
        {
          type: 'table',
          columns: ['ID', 'Kind', 'Name'],
          groupBy: 1,
          rows: [
            [{ code: 'kube-proxy' }, 'Service proxy', 'kube-proxy, the proxy that runs on every node'],
            [{ code: 'cilium-kube-proxy-replacement' }, 'Service proxy', 'Cilium kube-proxy replacement'],
            [{ code: 'flannel' }, 'CNI plugin', 'Flannel'],
          ],
        },
      ],
      { ...plainContext, width: 50 },
    );
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('├'))).toEqual([
      expect.stringMatching(/^├─ Service proxy ─+┼─+┤$/),
      expect.stringMatching(/^├─ CNI plugin ─+┼─+┤$/),
    ]);
    expect(lines.some((l) => l.includes('Kind'))).toBe(false);
    expect(lines.some((l) => l.includes('│ cilium-kube-proxy-replacement │'))).toBe(true);
    expect(new Set(lines.map(textWidth))).toEqual(new Set([50]));
  });

  it('lays out tables with the same columns alike, so that they line up', () => {
    const table = (rows: string[][]) => ({ type: 'table' as const, columns: ['#', 'What happens', 'Packet after the hop'], rows });
    const text = renderDocumentAsText(
      [
        table([['1', 'The frame crosses the veth pair from the Pod to the bridge', '10.244.1.5:43512 → 10.96.0.100:80']]),
        { type: 'paragraph', text: 'Reply' },
        table([['10', 'The reply leaves', '10.244.2.7:8080 → 10.244.1.5:43512']]),
      ],
      plainContext,
    );
    const tops = text.split('\n').filter((l) => l.startsWith('┌'));
    expect(tops).toHaveLength(2);
    expect(tops[0]).toBe(tops[1]);
    expect(text).toContain('│ Packet after the hop │');
  });

  it('starts a link too long for a list item at the left margin', () => {
    const url = 'https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/';
    const text = renderDocumentAsText(
      [
        {
          type: 'list',
          items: [
            ['[3] ', { link: url }],
            ['[4] ', { link: 'https://kubernetes.io/' }],
          ],
        },
      ],
      plainContext,
    );
    expect(text).toBe(`  • [3]\n${url}\n  • [4] https://kubernetes.io/\n`);
  });

  it('writes no ANSI codes when colour is off', () => {
    const text = renderDocumentAsText(
      [
        { type: 'heading', level: 1, text: 'x' },
        { type: 'table', columns: ['a'], rows: [[{ code: 'b' }]] },
      ],
      plainContext,
    );
    expect(text).not.toContain(`${String.fromCharCode(27)}[`);
  });

  it('colours headings when colour is on', async () => {
    const text = renderDocumentAsText([{ type: 'heading', level: 2, text: 'x' }], { ...plainContext, style: await makeStyle(1) });
    expect(text).toContain('\u001b[1m');
  });
});

describe('markdown', () => {
  it('escapes characters Markdown or GitHub would read as syntax', () => {
    expect(escapeMarkdown('KUBE-SVC-<hash> | a*b_c [x]')).toBe('KUBE-SVC-\\<hash\\> \\| a\\*b\\_c \\[x\\]');
  });

  it('renders tables, lists and autolinks', () => {
    const md = renderDocumentAsMarkdown([
      { type: 'heading', level: 1, text: 'Title' },
      { type: 'table', columns: ['a', 'b'], rows: [['x | y', { code: 'id' }]] },
      { type: 'list', items: [['[1] ', { link: 'https://kubernetes.io/docs/' }]] },
    ]);
    expect(md).toBe('# Title\n\n| a | b |\n| --- | --- |\n| x \\| y | `id` |\n\n- \\[1\\] <https://kubernetes.io/docs/>\n');
  });
});
