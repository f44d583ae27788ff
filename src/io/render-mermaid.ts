/**
 * Mermaid source → SVG, PNG or PDF with a system Chrome/Chromium. Nothing heavy loads until a
 * render is asked for: puppeteer and mermaid-cli are imported here, lazily, and this module is
 * itself imported lazily by the commands that render. k8snet never downloads a browser
 * (.puppeteerrc.cjs skips it); the browser runs headless, off the network, with a throw-away
 * profile, and is closed in `finally`.
 *
 * Two ways to render, one browser each:
 * - one diagram: mermaid-cli's `renderMermaid`, the supported API;
 * - a batch (`render --all`, docs): ONE page with Mermaid loaded once, then `mermaid.render` per
 *   diagram. renderMermaid reloads the ~3.5 MB Mermaid bundle into a new page per call (~0.55 s);
 *   the shared page renders each further diagram in ~0.07 s (see ../shared/toolchain.md §2).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { RenderError } from '../errors.ts';
import type { ImageFormat } from './output.ts';

export { IMAGE_FORMATS, type ImageFormat, imageFormatOf } from './output.ts';

export interface ImageOptions {
  /** Device scale factor for PNG (sharper at 2 or 3). */
  scale?: number;
  /** Page width in CSS pixels that the diagram is laid out in (mmdc's default: 800). */
  width?: number;
  /** CSS colour or "transparent" (PNG/SVG). */
  background?: string;
}

/** Where Debian, Ubuntu, Fedora and Google install their browsers. */
export const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
] as const;

/** Headless and quiet: no sandbox (containers, root), no GPU, and nothing that talks to the network. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
] as const;

export const NO_BROWSER_HINT =
  'no Chrome or Chromium found to render images; install one (Debian/Ubuntu: apt-get install chromium fonts-wqy-microhei) or set PUPPETEER_EXECUTABLE_PATH';

/**
 * The browser to use: PUPPETEER_EXECUTABLE_PATH, then CHROME_PATH, then the usual paths. A variable
 * that names a missing file is an error rather than a silent fallback.
 */
export function findBrowser(env: Readonly<Record<string, string | undefined>>, exists: (path: string) => boolean = existsSync): string {
  for (const name of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const) {
    const path = env[name];
    if (path) {
      if (exists(path)) return path;
      throw new RenderError(`${name} is ${path}, which does not exist; point it at a Chrome or Chromium executable`);
    }
  }
  const found = BROWSER_PATHS.find((path) => exists(path));
  if (!found) throw new RenderError(NO_BROWSER_HINT);
  return found;
}

export interface MermaidRenderer {
  render(source: string, format: ImageFormat, options?: ImageOptions): Promise<Uint8Array>;
}

const MERMAID_CONFIG = { startOnLoad: false, securityLevel: 'strict' } as const;
const DEFAULT_WIDTH = 800;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '' && !/unexpected operator/.test(line)) ?? text).trim();
}

type Browser = import('puppeteer').Browser;
type Page = import('puppeteer').Page;

/**
 * Run `use` with a renderer backed by one browser, closed (and its profile removed) afterwards,
 * whatever happens. `batch` picks shared pages for many diagrams: `pages` of them (default 1), each
 * with Mermaid loaded once, render in parallel in their own renderer processes; calls to `render`
 * may overlap. Use more than one page for SVG only: with Chromium 156 a PNG screenshot or PDF of
 * one page while another page renders crashed the page ("Target closed").
 */
export async function withMermaidRenderer<T>(
  env: Readonly<Record<string, string | undefined>>,
  use: (renderer: MermaidRenderer) => Promise<T>,
  options: { batch?: boolean; pages?: number } = {},
): Promise<T> {
  const executablePath = findBrowser(env);
  const { default: puppeteer } = await import('puppeteer');
  const profile = mkdtempSync(join(tmpdir(), 'k8snet-chromium-'));
  let browser: Browser | undefined;
  try {
    try {
      browser = await puppeteer.launch({ executablePath, headless: true, args: [...BROWSER_ARGS], userDataDir: profile });
    } catch (error) {
      throw new RenderError(`cannot start the browser ${executablePath}: ${firstLine(error)}`);
    }
    const renderer = options.batch ? await pagePool(browser, Math.max(1, options.pages ?? 1)) : await mermaidCliRenderer(browser);
    return await use(renderer);
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

async function mermaidCliRenderer(browser: Browser): Promise<MermaidRenderer> {
  const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
  return {
    async render(source, format, options = {}) {
      try {
        const { data } = await renderMermaid(browser as never, source, format, {
          viewport: { width: options.width ?? DEFAULT_WIDTH, height: 600, deviceScaleFactor: options.scale ?? 1 },
          backgroundColor: options.background ?? 'white',
          mermaidConfig: MERMAID_CONFIG,
          pdfFit: true,
        });
        return data;
      } catch (error) {
        throw new RenderError(`Mermaid could not render the diagram: ${firstLine(error)}`);
      }
    },
  };
}

interface MermaidInPage {
  initialize(config: object): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

/** Hands each render to the next free page. */
async function pagePool(browser: Browser, size: number): Promise<MermaidRenderer> {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <R>(task: () => Promise<R>): Promise<R> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const free = await Promise.all(Array.from({ length: size }, () => sharedPageRenderer(browser, exclusive)));
  const waiting: ((page: MermaidRenderer) => void)[] = [];
  const acquire = (): Promise<MermaidRenderer> => {
    const page = free.pop();
    return page ? Promise.resolve(page) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (page: MermaidRenderer): void => {
    const next = waiting.shift();
    if (next) next(page);
    else free.push(page);
  };
  return {
    async render(source, format, options) {
      const page = await acquire();
      try {
        return await page.render(source, format, options);
      } finally {
        release(page);
      }
    },
  };
}

/** A made-up origin the page is served from: every request is answered from disk or refused. */
const PAGE_ORIGIN = 'https://k8snet.invalid/';
const PAGE_HTML = '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="c"></div></body></html>';

async function sharedPageRenderer(browser: Browser, exclusive: <R>(task: () => Promise<R>) => Promise<R>): Promise<MermaidRenderer> {
  const page: Page = await browser.newPage();
  // Mermaid's ESM build loads only the chunks a diagram needs (much less to compile than
  // mermaid.min.js). The page and those chunks are answered from node_modules; nothing else,
  // and nothing on the network, is reachable.
  const dist = dirname(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.esm.min.mjs'));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url === PAGE_ORIGIN) {
      void request.respond({ status: 200, contentType: 'text/html', body: PAGE_HTML });
      return;
    }
    const path = url.startsWith(`${PAGE_ORIGIN}mermaid/`) ? resolve(dist, url.slice(PAGE_ORIGIN.length + 'mermaid/'.length)) : undefined;
    if (!path?.startsWith(`${dist}${sep}`) || !path.endsWith('.mjs')) {
      void request.abort();
      return;
    }
    readFile(path).then(
      (body) => request.respond({ status: 200, contentType: 'text/javascript', body }),
      () => request.respond({ status: 404, body: '' }),
    );
  });
  await page.goto(PAGE_ORIGIN);
  // Passed as a string so that no bundler or test transform rewrites the page's own import().
  const entry = JSON.stringify(`${PAGE_ORIGIN}mermaid/mermaid.esm.min.mjs`);
  await page.evaluate(
    `import(${entry}).then(({ default: m }) => { m.initialize(${JSON.stringify(MERMAID_CONFIG)}); window.mermaid = m; })`,
  );
  let count = 0;
  let viewport = '';
  return {
    async render(source, format, options = {}) {
      const width = options.width ?? DEFAULT_WIDTH;
      const scale = options.scale ?? 1;
      if (viewport !== `${width}x${scale}`) {
        await page.setViewport({ width, height: 600, deviceScaleFactor: scale });
        viewport = `${width}x${scale}`;
      }
      const background = options.background ?? 'white';
      count += 1;
      let svg: string;
      try {
        svg = await page.evaluate(
          async (text, id, bg) => {
            const { svg } = await (window as unknown as { mermaid: MermaidInPage }).mermaid.render(id, text);
            const container = document.getElementById('c') as HTMLElement;
            container.innerHTML = svg;
            const element = container.querySelector('svg') as SVGSVGElement;
            element.style.backgroundColor = bg;
            document.body.style.background = bg;
            return new XMLSerializer().serializeToString(element);
          },
          source,
          `k8snet-${count}`,
          background,
        );
      } catch (error) {
        throw new RenderError(`Mermaid could not render the diagram: ${firstLine(error).replace(/^Error: /, '')}`);
      }
      if (format === 'svg') return new TextEncoder().encode(svg);
      // Screenshots and PDFs bring their page to the front: one page at a time captures.
      return await exclusive(async () => {
        try {
          const element = await page.$('#c svg');
          if (!element) throw new RenderError('Mermaid produced no SVG to capture');
          if (format === 'png') return await element.screenshot({ omitBackground: background === 'transparent' });
          const box = await element.boundingBox();
          const w = Math.ceil(box?.width ?? width);
          const h = Math.ceil(box?.height ?? 600);
          return await page.pdf({ width: `${w}px`, height: `${h + 1}px`, printBackground: true, pageRanges: '1' });
        } catch (error) {
          if (error instanceof RenderError) throw error;
          throw new RenderError(`the browser could not capture the ${format.toUpperCase()}: ${firstLine(error)}`);
        }
      });
    },
  };
}
