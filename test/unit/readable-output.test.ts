/**
 * What a person reads at 80 and 100 columns, in both languages: every command's terminal output
 * (and every help text) is run in-process and checked for what makes text hard to read.
 *
 * - No line is wider than the width (display width: CJK characters count two). The one exception
 *   is a link longer than the width, which starts at the left margin, whole.
 * - No word is split: every word of the source text (a run of non-space, non-CJK characters;
 *   in table headers also every run of CJK letters) appears whole on one line of its cell,
 *   paragraph or list item, in order, unless it is wider than its column.
 * - No line (and no table cell line) starts with closing punctuation, and none is only a mark
 *   (·, →) or a reference ([12]) left alone.
 * Markdown (docs) is not bound to a width and is not checked here.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import type { CatalogueData } from '../../src/catalogue/schema.ts';
import { K8snetError } from '../../src/errors.ts';
import type { Io } from '../../src/io/io.ts';
import { createProgram } from '../../src/program.ts';
import { type Document, plain, type Rich } from '../../src/renderers/document.ts';
import { textWidth } from '../../src/renderers/text-width.ts';
import { ROOT } from '../helpers/cli.ts';

const captured = vi.hoisted(() => [] as { document: Document; text: string }[]);

// Every document the terminal renderer draws, with what it drew: the source text of each cell.
vi.mock('../../src/renderers/table.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/renderers/table.ts')>();
  return {
    ...actual,
    renderDocumentAsText: (document: Document, context: Parameters<typeof actual.renderDocumentAsText>[1]) => {
      const text = actual.renderDocumentAsText(document, context);
      captured.push({ document, text });
      return text;
    },
  };
});

const WIDTHS = [80, 100] as const;
const LANGS = ['en', 'zh'] as const;
const INSPECT = 'test/fixtures/inspect';

const COMMANDS: readonly (readonly string[])[] = [
  ['list'],
  ['list', '--kind', 'cni-plugin'],
  ['explain', 'kube-proxy'],
  ['explain', 'cilium'],
  ['explain', 'calico'],
  ['explain', 'network-policy'],
  ['explain', 'ingress-nginx'],
  ['compare', 'kube-proxy', 'cni'],
  ['compare', 'flannel', 'calico', 'cilium'],
  ['layers'],
  ['layers', '--by', 'layer'],
  ['trace', 'pod-to-service', '--cni', 'flannel:vxlan', '--cross-node'],
  ['trace', 'pod-to-service', '--cni', 'cilium', '--proxy', 'ebpf', '--cross-node'],
  ['trace', 'pod-to-pod', '--cni', 'calico:ipip', '--cross-node'],
  ['trace', 'nodeport', '--external-traffic-policy', 'local'],
  ['trace', 'loadbalancer', '--cni', 'antrea'],
  ['trace', 'pod-to-external', '--cni', 'aws-vpc-cni'],
  ['trace', 'dns', '--nodelocal'],
  ['trace', 'ingress', '--ingress', 'envoy-gateway'],
  ['trace', 'mesh', '--mesh', 'istio:ambient', '--cross-node'],
  ['inspect', `${INSPECT}/kube-proxy-ipvs.yaml`, `${INSPECT}/shop-app.yaml`],
  ['inspect', `${INSPECT}/cilium-kpr.yaml`, `${INSPECT}/multus-calico.yaml`, `${INSPECT}/nodelocal-dns.yaml`],
  ['inspect', `${INSPECT}/pod-list.json`],
  ['inspect', '--wide', `${INSPECT}/helm-template.yaml`, `${INSPECT}/kube-router-proxy.yaml`],
];
const HELP: readonly (readonly string[])[] = [
  ['--help'],
  ...['list', 'explain', 'compare', 'layers', 'diagram', 'render', 'docs', 'inspect', 'trace'].map((c) => [c, '--help']),
];

/** CJK closing punctuation, and the Western marks that never start a line either. */
const NO_LINE_START = /^[，。、；：！？）」』】》〉”’…,;:)\]]/;
const LONE_MARK = /^(·|→|=|\[\d+\])$/;
/** What the wrapper keeps with the word after it. */
const SEPARATOR = /^(·|→|←|↔|⇒|=|\+|\||\/|—|–|&|×)$/;
const CJK = '\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef';
// A word with the opening punctuation right before it and the closing punctuation right after it:
// the unit no line break may split.
const WORD = new RegExp(`[（［｛「『【〔〈《“‘]*[^\\s${CJK}]+[，。、；：！？）」』】》〉”’]*`, 'g');
const CJK_WORD = /[\u3400-\u4dbf\u4e00-\u9fff]+/g;

let catalogueData: CatalogueData;
beforeAll(() => {
  catalogueData = compileCatalogue('data');
});

async function run(args: readonly string[], width: number, lang: 'en' | 'zh'): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (chunk) => out.push(String(chunk)) > 0 },
    stderr: { write: (chunk) => err.push(String(chunk)) > 0 },
    env: { COLUMNS: String(width), LANG: lang === 'zh' ? 'zh_CN.UTF-8' : 'C.UTF-8', NO_COLOR: '1' },
    cwd: ROOT,
  };
  let code = 0;
  try {
    await createProgram({ io, loadBuiltinCatalogue: () => catalogueData }, 'test').parseAsync(['node', 'k8snet', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else if (error instanceof K8snetError) code = error.exitCode;
    else throw error;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

interface RenderedTable {
  widths: number[];
  /** Per column, its header lines and its body lines. */
  header: string[][];
  body: string[][];
  rules: string[];
  /** The body lines between two rules (a row, or a group of rows), per column. */
  blocks: string[][][];
}

/** The box tables of a rendered text, and the lines outside them. */
function parse(text: string): { tables: RenderedTable[]; prose: string[] } {
  const tables: RenderedTable[] = [];
  const prose: string[] = [];
  let table: RenderedTable | undefined;
  let inHeader = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('┌')) {
      const widths = line
        .slice(1, -1)
        .split('┬')
        .map((s) => s.length - 2);
      table = { widths, header: widths.map(() => []), body: widths.map(() => []), rules: [], blocks: [] };
      inHeader = true;
    } else if (table && line.startsWith('└')) {
      tables.push(table);
      table = undefined;
    } else if (table && line.startsWith('├')) {
      table.rules.push(line);
      table.blocks.push(table.widths.map(() => []));
      inHeader = false;
    } else if (table && line.startsWith('│')) {
      const cells = line.slice(1, -1).split('│');
      expect(cells, line).toHaveLength(table.widths.length);
      cells.forEach((cell, i) => {
        const text = cell.slice(1).trimEnd();
        (inHeader ? table?.header : table?.body)?.[i]?.push(text);
        if (!inHeader) table?.blocks.at(-1)?.[i]?.push(text);
      });
    } else prose.push(line);
  }
  return { tables, prose };
}

/** Source words in order: runs of non-space, non-CJK characters (in headers also runs of CJK letters). */
function words(text: string, header = false): string[] {
  return [...text.matchAll(header ? new RegExp(`${WORD.source}|${CJK_WORD.source}`, 'g') : WORD)].map((m) => m[0]);
}

/** Every word appears whole on a line, in order (a word wider than `room` may be broken). */
function expectWhole(source: readonly string[], lines: readonly string[], room: number, where: string): void {
  let at = 0;
  for (const word of source) {
    if (textWidth(word) > room) continue;
    const found = lines.findIndex((line, i) => i >= at && line.includes(word));
    expect(found, `${where}: "${word}" is split across lines:\n${lines.slice(at, at + 6).join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found;
  }
}

function expectReadableLines(text: string, width: number, where: string): void {
  const { tables, prose } = parse(text);
  for (const line of text.split('\n')) {
    if (textWidth(line) > width) expect(line, `${where}: wider than ${width}: ${line}`).toMatch(/^https?:\/\/\S+$/);
    const segments = line.startsWith('│') ? line.slice(1, -1).split('│') : [line];
    for (const segment of segments.map((s) => s.trim()).filter(Boolean)) {
      expect(segment, `${where}: line starts with closing punctuation: ${line}`).not.toMatch(NO_LINE_START);
      expect(segment, `${where}: line ends with opening punctuation: ${line}`).not.toMatch(/[（［｛「『【〔〈《“‘]$/);
    }
  }
  for (const line of prose) expect(line.trim(), `${where}: a mark alone on a line`).not.toMatch(LONE_MARK);
  // In a table cell, a mark alone is one the wrapping left behind, unless it could not stay with
  // its word: a reference goes with the word before it, a separator with the word after it (or at
  // the end of the line before), and together they are wider than the column.
  for (const table of tables)
    for (const block of table.blocks)
      block.forEach((column, k) => {
        const lines = column.filter(Boolean);
        const room = table.widths[k] ?? 0;
        lines.forEach((line, i) => {
          if (lines.length < 2 || !LONE_MARK.test(line)) return;
          const before = lines[i - 1] ?? '';
          const after = lines[i + 1] ?? '';
          const unavoidable = /^\[\d+\]$/.test(line)
            ? i > 0 && textWidth(`${before.split(' ').at(-1)} ${line}`) > room
            : textWidth(`${line} ${after.split(' ')[0]}`) > room && (i === 0 || textWidth(`${before} ${line}`) > room);
          expect(unavoidable, `${where}: a mark alone in a cell:\n${lines.join('\n')}`).toBe(true);
        });
      });
}

function expectNoSplitWords(document: Document, text: string, width: number, where: string): void {
  const { tables, prose } = parse(text);
  const blocks = document.filter((b) => b.type === 'table');
  expect(tables, where).toHaveLength(blocks.length);
  blocks.forEach((block, t) => {
    const table = tables[t] as RenderedTable;
    const columns = block.columns.map((_, i) => i).filter((i) => i !== block.groupBy);
    columns.forEach((c, k) => {
      const room = table.widths[k] ?? 0;
      // No line ends early: the next line's first word would not have fitted, unless the source
      // breaks the line there (a word left alone on a line is what an early break looks like).
      const hardEnds = block.rows.flatMap((row) =>
        plain(row[c] ?? '')
          .split('\n')
          .slice(0, -1)
          .map((l) => l.trim().split(' ').at(-1) ?? ''),
      );
      // Only where rules separate rows, so that a block of lines is one cell.
      for (const rowBlock of table.blocks.length === block.rows.length ? table.blocks : []) {
        const lines = rowBlock[k] ?? [];
        lines.forEach((line, i) => {
          const next = lines[i + 1];
          if (!line || !next || new RegExp(`^[${CJK}]`).test(next)) return;
          // The first word with what is glued to it: separators before it, a reference after it.
          const tokens = next.split(' ');
          let n = 0;
          while (n < tokens.length - 1 && SEPARATOR.test(tokens[n] ?? '')) n++;
          if (/^\[\d+\]$/.test(tokens[n + 1] ?? '')) n++;
          const unit = tokens.slice(0, n + 1).join(' ');
          // (The end of a line the source breaks: the last word, or the end of it if it was broken.)
          const lastWord = line.split(' ').at(-1) ?? '';
          if (hardEnds.some((end) => end.endsWith(lastWord))) return;
          expect(
            textWidth(`${line} ${unit}`),
            `${where}: a line ends early in column "${block.columns[c]}":\n${line}\n${next}`,
          ).toBeGreaterThan(room);
        });
      }
      expectWhole(words(block.columns[c] ?? '', true), table.header[k] ?? [], room, `${where}, header of column ${k + 1}`);
      expectWhole(
        block.rows.flatMap((row) => words(plain(row[c] ?? ''))),
        table.body[k] ?? [],
        room,
        `${where}, column "${block.columns[c]}"`,
      );
    });
  });
  const text$ = (rich: Rich) => words(plain(rich));
  const proseWords = document.flatMap((b) => {
    if (b.type === 'heading') return words(b.text);
    if (b.type === 'paragraph' || b.type === 'note') return text$(b.text);
    if (b.type === 'list') return b.items.flatMap(text$);
    return [];
  });
  expectWhole(proseWords, prose, width - 6, `${where}, text`);
}

describe.each(WIDTHS)('at %i columns', (width) => {
  describe.each(LANGS)('in %s', (lang) => {
    it.each(COMMANDS.map((c) => [c.join(' '), c] as const))('k8snet %s reads well', async (name, args) => {
      captured.length = 0;
      const { code, stdout, stderr } = await run([...args, '--lang', lang], width, lang);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const where = `k8snet ${name} (${lang}, ${width})`;
      expectReadableLines(stdout, width, where);
      // Chinese text ends its sentences with "。", never with a half-width full stop.
      if (lang === 'zh') expect(stdout, where).not.toMatch(/[\u4e00-\u9fff][)）]?\.(\s|$)/);
      expect(captured).toHaveLength(1);
      const [{ document, text }] = captured as [{ document: Document; text: string }];
      expect(stdout).toBe(text);
      expectNoSplitWords(document, text, width, where);
    });

    it.each(HELP.map((c) => [c.join(' '), c] as const))('k8snet %s fits the width', async (name, args) => {
      const { code, stdout } = await run(args, width, lang);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: k8snet/);
      expectReadableLines(stdout, width, `k8snet ${name} (${width})`);
      for (const line of stdout.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(width);
    });
  });
});

describe('the tables people copy from', () => {
  it('list: ids whole in a column as wide as the longest, rules only between kinds', async () => {
    for (const width of WIDTHS) {
      const { stdout } = await run(['list', '--lang', 'en'], width, 'en');
      const [table] = parse(stdout).tables as [RenderedTable];
      const ids = catalogueData.entries.map((e) => e.id);
      expect(table.widths[0]).toBe(Math.max(...ids.map((id) => id.length)));
      expect(table.body[0]?.filter(Boolean).sort()).toEqual([...ids].sort());
      const kinds = new Set(catalogueData.entries.map((e) => e.kind));
      expect(table.rules).toHaveLength(kinds.size);
      for (const rule of table.rules) expect(rule).toMatch(/^├─ \S.* ─/);
      // About one line per entry (more where a name or the layers wrap): far from three as before.
      expect(stdout.split('\n').length).toBeLessThan(ids.length * 2.5);
    }
  });

  it('layers --by layer: ids whole, no rule between layers', async () => {
    for (const width of WIDTHS) {
      const { stdout } = await run(['layers', '--by', 'layer', '--lang', 'zh'], width, 'zh');
      const [table] = parse(stdout).tables as [RenderedTable];
      expect(table.rules).toHaveLength(1);
      const listed = (table.body[2] ?? []).concat(table.body[3] ?? []).flatMap((l) => l.split(/,\s*/).filter(Boolean));
      for (const id of listed) expect(catalogueData.entries.map((e) => e.id).concat('—')).toContain(id);
    }
  });

  it('trace: the reply table lines up with the request table, and neither header wraps', async () => {
    for (const width of WIDTHS) {
      for (const lang of LANGS) {
        const { stdout } = await run(['trace', 'pod-to-service', '--cni', 'flannel:vxlan', '--cross-node', '--lang', lang], width, lang);
        const hops = parse(stdout).tables.filter((t) => t.header[0]?.[0] === '#');
        expect(hops).toHaveLength(2);
        expect(hops[0]?.widths).toEqual(hops[1]?.widths);
        for (const table of hops) for (const column of table.header) expect(column).toHaveLength(1);
      }
    }
  });

  it('inspect: evidence that differs only by name is one line; --wide shows every object', async () => {
    const pods = `${INSPECT}/pod-list.json`;
    // Wide enough for the evidence to stay on one line.
    expect((await run(['inspect', pods, '--lang', 'en'], 200, 'en')).stdout).toContain(
      '│ 2 Pods shop/web-6c9f8-* · containers[1].name = linkerd-proxy │',
    );
    expect((await run(['inspect', pods, '--lang', 'zh'], 200, 'zh')).stdout).toContain(
      '│ 2 个 Pod shop/web-6c9f8-* · containers[1].name = linkerd-proxy │',
    );
    const wide = (await run(['inspect', '--wide', pods, '--lang', 'en'], 100, 'en')).stdout;
    const names = (JSON.parse(readFileSync(`${ROOT}/${pods}`, 'utf8')) as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    );
    for (const name of names) expect(wide).toContain(`Pod shop/${name}`);
    expect(wide).toContain('spec.containers[1].name = linkerd-proxy');
  });
});
