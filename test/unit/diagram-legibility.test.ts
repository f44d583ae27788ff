/**
 * Issue 13: every standard diagram, in both languages, legible where documentation shows it
 * (1012 px wide): text of 10 px or more and an aspect ratio from 1:2.5 to 2.5:1. Rendered in
 * Chromium on the page `render --all` uses and measured from the SVG itself (its viewBox and the
 * font size of its style sheet), so the test fails when a change makes a picture unreadable. With
 * the standard set: the defaults of `diagram deployment --workers 4`, and the topology of the
 * generated 20,000-object cluster that bench/cases/inspect.mjs times.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { LANGS } from '../../src/catalogue/constants.ts';
import { readBuffers } from '../../src/cluster/read.ts';
import { buildDiagram, type DiagramKind, type DiagramQuery, diagramToMermaid, STANDARD_DIAGRAMS } from '../../src/diagrams/index.ts';
import { inspectTranslator } from '../../src/i18n/inspect-messages.ts';
import { inspectObjects } from '../../src/inspect/inspect.ts';
import { BROWSER_PATHS, withMermaidRenderer } from '../../src/io/render-mermaid.ts';
import { buildInspectView, inspectFlowchart } from '../../src/views/inspect.ts';
import { describeLegibility, MAX_ASPECT, MIN_TEXT_PX, measureSvg } from '../helpers/legibility.ts';

const browser = BROWSER_PATHS.find((p) => existsSync(p)) ?? process.env.PUPPETEER_EXECUTABLE_PATH;
const noBrowser = browser === undefined || !existsSync(browser);
const catalogue = new Catalogue(compileCatalogue('data'));
const decoder = new TextDecoder();

const DIAGRAMS: { name: string; kind: DiagramKind; query: Omit<DiagramQuery, 'lang'> }[] = [
  ...STANDARD_DIAGRAMS,
  { name: 'deployment --workers 4', kind: 'deployment', query: { workers: 4 } },
];

async function clusterTopologies(): Promise<{ label: string; source: string }[]> {
  const bench = '../../bench/cases/inspect.mjs'; // plain JS, imported by a path in a variable
  const { generateCluster } = (await import(bench)) as { generateCluster: () => unknown };
  const read = await readBuffers([{ file: 'cluster.json', bytes: Buffer.from(JSON.stringify(generateCluster())) }]);
  const result = inspectObjects(read.objects, () => undefined);
  return LANGS.map((lang) => {
    const t = inspectTranslator(lang);
    return {
      label: `inspect of the 20,000-object cluster (${lang})`,
      source: inspectFlowchart(buildInspectView(catalogue, result, t, { sources: ['cluster.json'] }), t).toString(),
    };
  });
}

describe.skipIf(noBrowser)(`diagrams legible at 1012 px (${browser ?? 'no browser: skipped'})`, () => {
  it(`shows every standard diagram with text of ${MIN_TEXT_PX} px or more, within 1:${MAX_ASPECT} and ${MAX_ASPECT}:1`, async () => {
    const sources = [
      ...LANGS.flatMap((lang) =>
        DIAGRAMS.map((d) => ({
          label: `${d.name} (${lang})`,
          source: diagramToMermaid(buildDiagram(catalogue, d.kind, { ...d.query, lang })),
        })),
      ),
      ...(await clusterTopologies()),
    ];
    const measured = await withMermaidRenderer(process.env, (renderer) =>
      Promise.all(sources.map(async (s) => ({ label: s.label, ...measureSvg(decoder.decode(await renderer.render(s.source, 'svg'))) }))),
    );
    const unreadable = measured.filter((m) => !m.readable).map((m) => `${m.label}: ${describeLegibility(m)}`);
    expect(unreadable, measured.map((m) => `${m.label}: ${describeLegibility(m)}`).join('\n')).toEqual([]);
    expect(measured).toHaveLength(2 * DIAGRAMS.length + 2);
  }, 600_000);
});
