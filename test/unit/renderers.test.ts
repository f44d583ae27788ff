import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.ts';
import { makeStyle, PLAIN_STYLE } from '../../src/io/color.ts';
import { escapeMarkdown, renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { fitColumns, renderDocumentAsText } from '../../src/renderers/table.ts';
import { textWidth, wrapText } from '../../src/renderers/text-width.ts';

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

describe('terminal tables', () => {
  it('fits columns into the width, shrinking the widest first', () => {
    const widths = fitColumns([10, 80, 80], 100);
    expect(widths[0]).toBe(10);
    expect(widths.reduce((a, b) => a + b, 0) + widths.length * 3 + 1).toBeLessThanOrEqual(100);
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
