/**
 * Regenerate docs/: the explainer in both languages (docs/kubernetes-networking.<lang>.md) and every
 * standard diagram as Mermaid source (docs/diagrams/<name>.<lang>.mmd) and as SVG rendered from it
 * (docs/diagrams/<name>.<lang>.svg) in one browser session.
 *
 *   npx tsx scripts/render-docs.ts           regenerate everything (needs Chrome or Chromium)
 *   npx tsx scripts/render-docs.ts --check   exit 1 if a committed .md or .mmd is out of date
 *
 * The check compares the Mermaid sources, not the SVG bytes, which vary with Chromium and fonts;
 * test/unit/docs-files.test.ts runs the same check in CI.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogue } from '../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../src/catalogue/compile.ts';
import { LANGS } from '../src/catalogue/constants.ts';
import { buildDiagram, diagramToMermaid, STANDARD_DIAGRAMS } from '../src/diagrams/index.ts';
import { docsDocument } from '../src/docs/generate.ts';
import { withMermaidRenderer } from '../src/io/render-mermaid.ts';
import { renderDocumentAsMarkdown } from '../src/renderers/markdown.ts';

export const DOCS_DIR = 'docs';

/** Every generated text file of docs/, by path. */
export function generatedDocs(dataDir = 'data'): Map<string, string> {
  const catalogue = new Catalogue(compileCatalogue(dataDir));
  const files = new Map<string, string>();
  for (const lang of LANGS) {
    files.set(join(DOCS_DIR, `kubernetes-networking.${lang}.md`), renderDocumentAsMarkdown(docsDocument(catalogue, lang)));
    for (const d of STANDARD_DIAGRAMS) {
      files.set(
        join(DOCS_DIR, 'diagrams', `${d.name}.${lang}.mmd`),
        diagramToMermaid(buildDiagram(catalogue, d.kind, { ...d.query, lang })),
      );
    }
  }
  return files;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const files = generatedDocs();
  if (process.argv.includes('--check')) {
    const stale = [...files].filter(([path, text]) => read(path) !== text).map(([path]) => path);
    for (const path of stale) console.error(`out of date: ${path}`);
    if (stale.length > 0) console.error('run: npx tsx scripts/render-docs.ts');
    process.exitCode = stale.length > 0 ? 1 : 0;
    return;
  }
  mkdirSync(join(DOCS_DIR, 'diagrams'), { recursive: true });
  for (const [path, text] of files) writeFileSync(path, text);
  const sources = [...files].filter(([path]) => path.endsWith('.mmd'));
  await withMermaidRenderer(process.env, async (renderer) => {
    await Promise.all(
      sources.map(async ([path, text]) => {
        writeFileSync(path.replace(/\.mmd$/, '.svg'), await renderer.render(text, 'svg'));
      }),
    );
  });
  console.log(`wrote ${files.size} files and ${sources.length} SVGs under ${DOCS_DIR}/`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
