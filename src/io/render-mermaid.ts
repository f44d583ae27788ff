/**
 * Mermaid source → SVG, PNG or PDF with a system Chrome/Chromium. Nothing heavy loads until a
 * render is asked for: puppeteer-core and mermaid-cli are imported here, lazily, and this module is
 * itself imported lazily by the commands that render. k8snet never downloads a browser
 * (.puppeteerrc.cjs skips it); the browser runs headless, off the network, with a throw-away
 * profile, and is closed in `finally`.
 *
 * Two ways to render, one browser each:
 * - one diagram: mermaid-cli's `renderMermaid`, the supported API;
 * - a batch (`render --all`, docs, `npm run docs:render`): ONE page with Mermaid loaded once,
 *   then `mermaid.render` per diagram. renderMermaid reloads the ~3.5 MB Mermaid bundle into a new
 *   page per call (~0.55 s); the shared page renders each further diagram in 0.07–0.2 s (see
 *   ../shared/toolchain.md §2), helped by the getConfig patch of mermaid-patch.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { RenderError } from '../errors.ts';
import { patchMermaidModule } from './mermaid-patch.ts';
import type { ImageFormat } from './output.ts';

export { IMAGE_FORMATS, type ImageFormat, imageFormatOf } from './output.ts';

export interface ImageOptions {
  /** Device scale factor for PNG (default DEFAULT_PNG_SCALE). */
  scale?: number;
  /** Page width in CSS pixels; a wider diagram is scaled down to it (default DEFAULT_WIDTH: its own size). */
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

/**
 * Strict security (Mermaid sanitises labels and the SVG). `handDrawnSeed` fixes the seed of the
 * rough.js paths that some node shapes are drawn with (stadiums, for one), so that the same source
 * gives the same SVG on every run.
 */
const MERMAID_CONFIG = { startOnLoad: false, securityLevel: 'strict', handDrawnSeed: 1 } as const;
/**
 * The page width when --width is not given: wide enough that a diagram is drawn at its own size
 * (Mermaid's SVG is 100% wide up to its natural width), where 800 px (mermaid-cli's default)
 * shrank a 7950 px map to a 784 × 120 PNG. Wider diagrams are scaled down to it.
 */
export const DEFAULT_WIDTH = 4096;
/** PNG pixels per CSS pixel when --scale is not given: text stays crisp when the image is scaled down. */
export const DEFAULT_PNG_SCALE = 2;

function scaleOf(format: ImageFormat, options: ImageOptions): number {
  return options.scale ?? (format === 'png' ? DEFAULT_PNG_SCALE : 1);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '' && !/unexpected operator/.test(line)) ?? text).trim();
}

type Browser = import('puppeteer-core').Browser;

export interface RendererOptions {
  /** Render on one shared page with Mermaid loaded once (for many diagrams). */
  batch?: boolean;
  /** Serve Mermaid with the getConfig speed-up of mermaid-patch.ts (default true; off to compare). */
  patchMermaid?: boolean;
}

/**
 * Run `use` with a renderer backed by one browser, closed (and its profile removed) afterwards,
 * whatever happens. With `batch`, diagrams render one after the other on one shared page; calls
 * to `render` may overlap and are queued in call order.
 *
 * One page, not several: on two cores a second page (its own Mermaid load) made five SVGs slower
 * (1.57 s against 1.44 s) and ten barely faster (2.06 s against 2.11 s), and Mermaid numbers some
 * SVG ids per page, so the bytes of a file would depend on which page drew it.
 */
export async function withMermaidRenderer<T>(
  env: Readonly<Record<string, string | undefined>>,
  use: (renderer: MermaidRenderer) => Promise<T>,
  options: RendererOptions = {},
): Promise<T> {
  const executablePath = findBrowser(env);
  // puppeteer-core, bundled into dist/ (loads in ~55 ms against ~100 ms from node_modules): k8snet
  // always names the browser, so it needs none of puppeteer's download and configuration code.
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = mkdtempSync(join(tmpdir(), 'k8snet-chromium-'));
  let browser: Browser | undefined;
  try {
    try {
      browser = await puppeteer.launch({ executablePath, headless: true, args: [...BROWSER_ARGS], userDataDir: profile });
    } catch (error) {
      throw new RenderError(`cannot start the browser ${executablePath}: ${firstLine(error)}`);
    }
    const renderer = options.batch ? await sharedPageRenderer(browser, options.patchMermaid ?? true) : await mermaidCliRenderer(browser);
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
          viewport: { width: options.width ?? DEFAULT_WIDTH, height: 600, deviceScaleFactor: scaleOf(format, options) },
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

/** A made-up origin Mermaid's modules are served from: every request is answered from disk or refused. */
const MODULE_ORIGIN = 'https://k8snet.invalid/';

/**
 * The batch renderer: the tab the browser opened at launch (~40 ms less than opening one), left
 * blank (navigating costs another ~40 ms), with Mermaid loaded once. Each render waits for the
 * one before it; SVG ids are numbered in call order, so that the same batch gives the same bytes.
 */
async function sharedPageRenderer(browser: Browser, patch: boolean): Promise<MermaidRenderer> {
  const [blank] = await browser.pages();
  const page = blank ?? (await browser.newPage());
  // Mermaid's ESM build loads only the chunks a diagram needs (much less to compile than
  // mermaid.min.js); they are answered from node_modules, with the CORS header a blank page's
  // module imports need. Nothing else, and nothing on the network, is reachable. The one module
  // that defines getConfig is patched for speed (mermaid-patch.ts) unless `patch` is off. The ELK
  // layouts are registered as mermaid-cli registers them; their ~2 MB chunk loads only when a
  // diagram asks for `layout: elk`.
  const require = createRequire(import.meta.url);
  const roots: Readonly<Record<string, string>> = {
    'mermaid/': dirname(require.resolve('mermaid/dist/mermaid.esm.min.mjs')),
    'layout-elk/': join(dirname(require.resolve('@mermaid-js/layout-elk/package.json')), 'dist'),
  };
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    const prefix = Object.keys(roots).find((p) => url.startsWith(`${MODULE_ORIGIN}${p}`));
    const root = prefix === undefined ? undefined : roots[prefix];
    const path = prefix === undefined || root === undefined ? undefined : resolve(root, url.slice(MODULE_ORIGIN.length + prefix.length));
    if (!root || !path?.startsWith(`${root}${sep}`) || !path.endsWith('.mjs')) {
      void request.abort();
      return;
    }
    readFile(path, 'utf8').then(
      (text) =>
        request.respond({
          status: 200,
          contentType: 'text/javascript',
          headers: { 'Access-Control-Allow-Origin': '*' },
          body: patch && prefix === 'mermaid/' ? patchMermaidModule(text).source : text,
        }),
      () => request.respond({ status: 404, body: '' }),
    );
  });
  // Passed as a string so that no bundler or test transform rewrites the page's own import().
  const entry = JSON.stringify(`${MODULE_ORIGIN}mermaid/mermaid.esm.min.mjs`);
  const elk = JSON.stringify(`${MODULE_ORIGIN}layout-elk/mermaid-layout-elk.esm.min.mjs`);
  await page.evaluate(
    `document.body.style.margin = '0'; document.body.innerHTML = '<div id="c"></div>';
     Promise.all([import(${entry}), import(${elk})]).then(([{ default: m }, { default: layouts }]) => {
       m.registerLayoutLoaders(layouts); m.initialize(${JSON.stringify(MERMAID_CONFIG)}); window.mermaid = m; })`,
  );

  let viewport = '';
  const draw = async (source: string, format: ImageFormat, options: ImageOptions, id: string): Promise<Uint8Array> => {
    const width = options.width ?? DEFAULT_WIDTH;
    const scale = scaleOf(format, options);
    if (viewport !== `${width}x${scale}`) {
      await page.setViewport({ width, height: 600, deviceScaleFactor: scale });
      viewport = `${width}x${scale}`;
    }
    const background = options.background ?? 'white';
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
        id,
        background,
      );
    } catch (error) {
      throw new RenderError(`Mermaid could not render the diagram: ${firstLine(error).replace(/^Error: /, '')}`);
    }
    if (format === 'svg') return new TextEncoder().encode(svg);
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
  };

  let queue: Promise<unknown> = Promise.resolve();
  let calls = 0;
  return {
    render(source, format, options = {}) {
      calls += 1;
      const id = `k8snet-${calls}`;
      const run = queue.then(() => draw(source, format, options, id));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
