import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { buildDiagram, diagramToMermaid } from '../../src/diagrams/index.ts';
import { RenderError } from '../../src/errors.ts';
import { BROWSER_PATHS, findBrowser, imageFormatOf, NO_BROWSER_HINT, withMermaidRenderer } from '../../src/io/render-mermaid.ts';

const browser = BROWSER_PATHS.find((p) => existsSync(p)) ?? process.env.PUPPETEER_EXECUTABLE_PATH;
const noBrowser = browser === undefined || !existsSync(browser);
const catalogue = new Catalogue(compileCatalogue('data'));
const zhFlow = diagramToMermaid(buildDiagram(catalogue, 'service-flow', { lang: 'zh' }));
const decoder = new TextDecoder();

describe('finding a browser', () => {
  it('prefers PUPPETEER_EXECUTABLE_PATH, then CHROME_PATH, then the usual paths', () => {
    const exists = (path: string): boolean => ['/opt/chrome', '/usr/bin/chromium-browser', '/snap/chromium'].includes(path);
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: '/opt/chrome', CHROME_PATH: '/snap/chromium' }, exists)).toBe('/opt/chrome');
    expect(findBrowser({ CHROME_PATH: '/snap/chromium' }, exists)).toBe('/snap/chromium');
    expect(findBrowser({}, exists)).toBe('/usr/bin/chromium-browser');
  });

  it('fails with exit code 3 and a one-line install hint when there is none', () => {
    expect(() => findBrowser({}, () => false)).toThrow(new RenderError(NO_BROWSER_HINT));
    expect(NO_BROWSER_HINT).not.toContain('\n');
    expect(() => findBrowser({ CHROME_PATH: '/nope' }, () => false)).toThrow(/CHROME_PATH is \/nope, which does not exist/);
    try {
      findBrowser({}, () => false);
    } catch (error) {
      expect((error as RenderError).exitCode).toBe(3);
    }
  });

  it('knows image extensions', () => {
    expect(imageFormatOf('a/b.SVG')).toBe('svg');
    expect(imageFormatOf('x.png')).toBe('png');
    expect(imageFormatOf('x.pdf')).toBe('pdf');
    expect(imageFormatOf('x.mmd')).toBeUndefined();
    expect(imageFormatOf(undefined)).toBeUndefined();
  });
});

describe.skipIf(noBrowser)(`rendering with ${browser ?? 'a browser (none found: skipped)'}`, () => {
  it('renders SVG, PNG and PDF through mermaid-cli, with Chinese text', async () => {
    await withMermaidRenderer(process.env, async (renderer) => {
      const svg = decoder.decode(await renderer.render(zhFlow, 'svg'));
      expect(svg).toMatch(/^<svg /);
      expect(svg).toContain('控制面');
      const png = await renderer.render(zhFlow, 'png', { scale: 2 });
      expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const pdf = await renderer.render(zhFlow, 'pdf');
      expect(decoder.decode(pdf.slice(0, 5))).toBe('%PDF-');
    });
  }, 60_000);

  it('renders a batch on shared pages, SVGs in parallel, then PNG and PDF on one page', async () => {
    const sources = ['layers', 'relations', 'deployment'].map((kind) =>
      diagramToMermaid(buildDiagram(catalogue, kind as 'layers', { lang: 'en' })),
    );
    const svgs = await withMermaidRenderer(
      process.env,
      async (renderer) => (await Promise.all(sources.map((s) => renderer.render(s, 'svg')))).map((b) => decoder.decode(b)),
      { batch: true, pages: 2 },
    );
    expect(svgs[0]).toContain('L7 Application');
    expect(svgs[1]).toContain('depends on');
    expect(svgs[2]).toContain('kube-apiserver');
    await withMermaidRenderer(
      process.env,
      async (renderer) => {
        const [png, pdf] = await Promise.all([
          renderer.render(zhFlow, 'png', { background: 'transparent' }),
          renderer.render(zhFlow, 'pdf'),
        ]);
        expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        expect(decoder.decode(pdf.slice(0, 5))).toBe('%PDF-');
      },
      { batch: true },
    );
  }, 60_000);

  it('reports an invalid diagram as a render error', async () => {
    for (const batch of [false, true]) {
      await expect(withMermaidRenderer(process.env, (r) => r.render('flowchart LR\n  a[unclosed --> b', 'svg'), { batch })).rejects.toThrow(
        /^Mermaid could not render the diagram: .*Parse error/,
      );
    }
  }, 60_000);
});
