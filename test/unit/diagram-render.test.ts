import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { LANGS } from '../../src/catalogue/constants.ts';
import { buildDiagram, diagramToMermaid, STANDARD_DIAGRAMS } from '../../src/diagrams/index.ts';
import { RenderError } from '../../src/errors.ts';
import { BROWSER_PATHS, findBrowser, imageFormatOf, NO_BROWSER_HINT, withMermaidRenderer } from '../../src/io/render-mermaid.ts';
import { measureSvg } from '../helpers/legibility.ts';

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
  it('renders SVG, PNG and PDF, with Chinese text', async () => {
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

  it('draws a PNG at the natural width of the diagram and twice its pixel density unless told otherwise', async () => {
    const source = diagramToMermaid(buildDiagram(catalogue, 'layers', { lang: 'en', layout: 'full' }));
    const pngSize = (png: Uint8Array) => {
      const view = new DataView(png.buffer, png.byteOffset);
      return { width: view.getUint32(16), height: view.getUint32(20) };
    };
    await withMermaidRenderer(process.env, async (renderer) => {
      const { width } = measureSvg(decoder.decode(await renderer.render(source, 'svg')));
      const natural = pngSize(await renderer.render(source, 'png'));
      expect(Math.abs(natural.width - 2 * width)).toBeLessThanOrEqual(4);
      const narrow = pngSize(await renderer.render(source, 'png', { width: 500, scale: 1 }));
      expect(narrow.width).toBeLessThanOrEqual(500);
    });
  }, 120_000);

  it('renders many diagrams on one page: overlapping calls, each in its format, in call order', async () => {
    const sources = ['layers', 'relations', 'deployment'].map((kind) =>
      diagramToMermaid(buildDiagram(catalogue, kind as 'layers', { lang: 'en' })),
    );
    await withMermaidRenderer(process.env, async (renderer) => {
      const [layers, relations, png, deployment, pdf] = await Promise.all([
        renderer.render(sources[0] as string, 'svg'),
        renderer.render(sources[1] as string, 'svg'),
        renderer.render(zhFlow, 'png', { background: 'transparent' }),
        renderer.render(sources[2] as string, 'svg'),
        renderer.render(zhFlow, 'pdf'),
      ]);
      expect(decoder.decode(layers)).toContain('L7 Application');
      expect(decoder.decode(layers)).toMatch(/^<svg id="k8snet-1"/);
      expect(decoder.decode(relations)).toContain('depends on');
      expect(decoder.decode(deployment)).toMatch(/^<svg id="k8snet-4"/);
      expect(decoder.decode(deployment)).toContain('kube-apiserver');
      expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(decoder.decode(pdf.slice(0, 5))).toBe('%PDF-');
    });
  }, 60_000);

  it('gives the same SVG bytes with and without the getConfig speed-up, and on every run', async () => {
    const sources = LANGS.flatMap((lang) =>
      STANDARD_DIAGRAMS.map((d) => diagramToMermaid(buildDiagram(catalogue, d.kind, { ...d.query, lang }))),
    );
    const renderAll = (patchMermaid: boolean): Promise<string[]> =>
      withMermaidRenderer(
        process.env,
        async (renderer) => {
          const svgs: string[] = [];
          for (const source of sources) svgs.push(decoder.decode(await renderer.render(source, 'svg')));
          return svgs;
        },
        { patchMermaid },
      );
    const patched = await renderAll(true);
    const plain = await renderAll(false);
    expect(patched).toHaveLength(STANDARD_DIAGRAMS.length * LANGS.length);
    for (const [i, svg] of patched.entries()) expect(svg, `diagram ${i}`).toBe(plain[i]);
  }, 120_000);

  it('reports an invalid diagram as a render error', async () => {
    await expect(withMermaidRenderer(process.env, (r) => r.render('flowchart LR\n  a[unclosed --> b', 'svg'))).rejects.toThrow(
      /^Mermaid could not render the diagram: .*Parse error/,
    );
  }, 60_000);
});
