/**
 * Mermaid source → SVG, PNG or PDF with a system Chrome/Chromium. Nothing heavy loads until a
 * render is asked for: puppeteer-core is imported here, lazily, and this module is itself
 * imported lazily by the commands that render. k8snet never downloads a browser (it depends on
 * puppeteer-core, which has no browser download); the browser runs headless, off the network,
 * with a throw-away profile, and is closed in `finally`.
 *
 * One way to render, for one diagram (`-o x.svg`) and for a batch (`render --all`, docs, `npm run
 * docs:render`) alike: ONE page with Mermaid loaded once, then `mermaid.render` per diagram. So
 * `diagram -o x.svg` gives the bytes `render` gives. mermaid-cli's `renderMermaid` reloads the
 * ~3.5 MB Mermaid bundle into a new page per call (~0.55 s); the shared page renders each further
 * diagram in 0.07–0.2 s (see ../shared/toolchain.md §2), helped by the getConfig patch of
 * mermaid-patch.ts. mermaid-cli is a development dependency only (the benchmark's `mmdc`): it
 * imports the full `puppeteer`, and what it adds to the page (Font Awesome and KaTeX styles,
 * ZenUML) is nothing k8snet's diagrams use.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { describeSystemError, RenderError } from '../errors.ts';
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

/**
 * The browser's environment: the user's, but with a home, config and cache folder of its own in
 * `scratch`, removed after each run. Chromium otherwise writes crash-report settings into
 * ~/.config/chromium and GLib's dconf writes ~/.cache/dconf on every render, even with a
 * temporary profile. The user's fonts stay visible: fontconfig finds them through XDG_DATA_HOME,
 * which is kept (as $HOME/.local/share when unset).
 */
export function browserEnvironment(env: Readonly<Record<string, string | undefined>>, scratch: string): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(env).filter((pair): pair is [string, string] => pair[1] !== undefined));
  return {
    ...kept,
    ...(env.HOME && !env.XDG_DATA_HOME ? { XDG_DATA_HOME: join(env.HOME, '.local', 'share') } : {}),
    HOME: join(scratch, 'home'),
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_CACHE_HOME: join(scratch, 'cache'),
  };
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

/** Why the browser did not start, in words: puppeteer reports a failed spawn as "spawn /x EACCES". */
function launchFailure(error: unknown): string {
  const code = /\bspawn \S+ (E[A-Z0-9]+)\b/.exec(firstLine(error))?.[1];
  return code ? describeSystemError({ code }) : firstLine(error).replace(/\s+/g, ' ');
}

type Browser = import('puppeteer-core').Browser;

export interface RendererOptions {
  /** Serve Mermaid with the getConfig speed-up of mermaid-patch.ts (default true; off to compare). */
  patchMermaid?: boolean;
}

/**
 * Run `use` with a renderer backed by one browser, closed (and its profile removed) afterwards,
 * whatever happens. Diagrams render one after the other on one shared page; calls to `render`
 * may overlap and are queued in call order.
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
  const scratch = mkdtempSync(join(tmpdir(), 'k8snet-chromium-'));
  let browser: Browser | undefined;
  try {
    try {
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        args: [...BROWSER_ARGS],
        userDataDir: join(scratch, 'profile'),
        env: browserEnvironment(env, scratch),
      });
    } catch (error) {
      throw new RenderError(`cannot start the browser ${executablePath}: ${launchFailure(error)}; is it a Chrome or Chromium executable?`);
    }
    const renderer = await sharedPageRenderer(browser, options.patchMermaid ?? true);
    return await use(renderer);
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The most pixels a PNG may have. Chromium fails to capture much larger ones ("Unable to capture
 * screenshot", after ~10 s, at 617 million) and a 154-million-pixel capture took 840 MB in
 * k8snet alone; 64 million is 8000 × 8000, several times what any diagram needs at --scale 3.
 */
export const MAX_PNG_PIXELS = 64_000_000;

/** Refuse a PNG of `width` × `height` CSS pixels at `scale` when it would exceed MAX_PNG_PIXELS. */
export function checkPngSize(width: number, height: number, scale: number): void {
  const w = Math.ceil(width * scale);
  const h = Math.ceil(height * scale);
  if (w * h <= MAX_PNG_PIXELS) return;
  const n = (x: number): string => x.toLocaleString('en-US');
  throw new RenderError(
    `the PNG would be ${n(w)} × ${n(h)} pixels (${n(Math.round((w * h) / 1e6))} million), more than the limit of ${n(MAX_PNG_PIXELS / 1e6)} million; lower --scale or --width`,
  );
}

interface MermaidInPage {
  initialize(config: object): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

/** A made-up origin Mermaid's modules are served from: every request is answered from disk or refused. */
const MODULE_ORIGIN = 'https://k8snet.invalid/';

/**
 * The renderer: the tab the browser opened at launch (~40 ms less than opening one), left
 * blank (navigating costs another ~40 ms), with Mermaid loaded once. Each render waits for the
 * one before it; SVG ids are numbered in call order, so that the same batch gives the same bytes.
 */
async function sharedPageRenderer(browser: Browser, patch: boolean): Promise<MermaidRenderer> {
  const [blank] = await browser.pages();
  const page = blank ?? (await browser.newPage());
  // Mermaid's ESM build loads only the chunks a diagram needs (much less to compile than
  // mermaid.min.js); they are answered from node_modules, with the CORS header a blank page's
  // module imports need. Nothing else, and nothing on the network, is reachable. The one module
  // that defines getConfig is patched for speed (mermaid-patch.ts) unless `patch` is off. (The ELK
  // layouts were tried for the big flowcharts and drew them wider; they are not loaded.)
  const require = createRequire(import.meta.url);
  const roots: Readonly<Record<string, string>> = {
    'mermaid/': dirname(require.resolve('mermaid/dist/mermaid.esm.min.mjs')),
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
  await page.evaluate(
    `document.body.style.margin = '0'; document.body.innerHTML = '<div id="c"></div>';
     import(${entry}).then(({ default: m }) => { m.initialize(${JSON.stringify(MERMAID_CONFIG)}); window.mermaid = m; })`,
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
      const box = await element.boundingBox();
      if (format === 'png') {
        checkPngSize(box?.width ?? width, box?.height ?? 600, scale);
        return await element.screenshot({ omitBackground: background === 'transparent' });
      }
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
