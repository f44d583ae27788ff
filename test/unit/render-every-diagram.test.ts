/**
 * Every Mermaid text k8snet can emit, rendered in a real browser (CI installs Chromium, so this
 * runs there): parsing is not the whole story, since Mermaid can fail, or draw its error picture,
 * while laying a diagram out. The texts are those the parse tests check (test/helpers/emitted-mermaid.ts);
 * they render on the one renderer that `render --all` and `-o file.svg` share (one page, the
 * Mermaid copy the package ships, the strict configuration); the diagram, trace and inspect
 * end-to-end tests render one diagram of each family through the built CLI too.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { BROWSER_PATHS, withMermaidRenderer } from '../../src/io/render-mermaid.ts';
import {
  diagramSources,
  docsSources,
  type EmittedMermaid,
  inspectSources,
  reachSources,
  traceClusterSources,
  traceSources,
} from '../helpers/emitted-mermaid.ts';

const browser = BROWSER_PATHS.find((p) => existsSync(p)) ?? process.env.PUPPETEER_EXECUTABLE_PATH;
const noBrowser = browser === undefined || !existsSync(browser);
const catalogue = new Catalogue(compileCatalogue('data'));
const decoder = new TextDecoder();

/**
 * Render each text, two at a time, and list every failure: a render error, or Mermaid's error
 * picture.
 */
async function renderEach(sources: readonly EmittedMermaid[]): Promise<void> {
  const failures: string[] = [];
  await withMermaidRenderer(process.env, async (renderer) => {
    const queue = [...sources];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          const svg = decoder.decode(await renderer.render(next.source, 'svg'));
          if (!svg.startsWith('<svg ') || !svg.endsWith('</svg>')) failures.push(`${next.label}: not an SVG`);
          else if (svg.includes('aria-roledescription="error"')) failures.push(`${next.label}: Mermaid drew its error picture`);
        } catch (error) {
          failures.push(`${next.label}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
  });
  expect(failures).toEqual([]);
}

describe.skipIf(noBrowser)(`every diagram k8snet can emit renders (${browser ?? 'no browser: skipped'})`, () => {
  it('every diagram kind × option × language', async () => {
    const sources = diagramSources(catalogue);
    expect(sources.length).toBeGreaterThan(300);
    await renderEach(sources);
  }, 600_000);

  it('every packet walk', async () => {
    const sources = traceSources();
    expect(sources.length).toBeGreaterThan(100);
    await renderEach(sources);
  }, 600_000);

  it('every reach graph: the example, folded, and every netpol-analyzer case', async () => {
    await renderEach(await reachSources());
  }, 600_000);

  it('every packet walk through a real cluster (trace --cluster)', async () => {
    await renderEach(await traceClusterSources());
  }, 600_000);

  it('every inspected topology of the shared corpus, and the diagrams of the generated docs', async () => {
    await renderEach([...(await inspectSources(catalogue)), ...docsSources(catalogue)]);
  }, 600_000);
});
