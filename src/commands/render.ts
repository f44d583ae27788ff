import { join } from 'node:path';
import type { Command } from 'commander';
import { LANGS, type Lang } from '../catalogue/constants.ts';
import { DIAGRAM_THEMES, type DiagramTheme, STANDARD_DIAGRAM_NAMES } from '../diagrams/constants.ts';
import { UsageError } from '../errors.ts';
import { IMAGE_FORMATS, type ImageFormat } from '../io/output.ts';
import { enumArgument, enumOption } from './choices.ts';
import { type CommandContext, catalogueFor, languageOf } from './context.ts';
import { addImageOptions, checkImageFlags, type ImageFlags, imageOptionsOf } from './image-output.ts';

const LANG_CHOICES = [...LANGS, 'all'] as const;
const NAMES = STANDARD_DIAGRAM_NAMES;

interface RenderOptions extends ImageFlags {
  all?: boolean;
  outDir: string;
  lang?: (typeof LANG_CHOICES)[number];
  image: ImageFormat[];
  theme?: DiagramTheme;
  catalog?: string[];
}

export function registerRender(program: Command, context: CommandContext): void {
  const command = program
    .command('render')
    .description('render the standard diagrams to SVG, PNG or PDF files in one browser session')
    .addArgument(enumArgument('[names...]', 'diagrams to render (default with --all: every one)', NAMES))
    .option('-a, --all', 'render every standard diagram')
    .requiredOption('-d, --out-dir <dir>', 'folder to write the images to (created if missing)')
    .addOption(enumOption('-l, --lang <lang>', 'language, or all for both (default: from LC_ALL/LC_MESSAGES/LANG)', LANG_CHOICES))
    .addOption(enumOption('-i, --image <format...>', 'image formats', IMAGE_FORMATS).default(['svg']))
    .addOption(enumOption('--theme <theme>', 'Mermaid theme', DIAGRAM_THEMES))
    .option('--catalog <path...>', 'add or override entries from your own YAML/JSON files or folders');
  addImageOptions(command).action(async (names: string[], options: RenderOptions) => {
    if (names.length === 0 && !options.all) throw new UsageError(`name the diagrams to render (${NAMES.join(', ')}) or use --all`);
    if (names.length > 0 && options.all) throw new UsageError(`name the diagrams to render or use --all, not both`);
    checkImageFlags(options, options.image);
    const { buildDiagram, diagramToMermaid, STANDARD_DIAGRAMS } = await import('../diagrams/index.ts');
    const selected = options.all ? STANDARD_DIAGRAMS : STANDARD_DIAGRAMS.filter((d) => names.includes(d.name));
    const langs: readonly Lang[] = options.lang === 'all' ? LANGS : [options.lang ?? languageOf(context, { color: true })];
    const catalogue = await catalogueFor(context, { color: true, ...(options.catalog ? { catalog: options.catalog } : {}) });
    const jobs = langs.flatMap((lang) =>
      selected.map((d) => ({
        name: `${d.name}.${lang}`,
        source: diagramToMermaid(buildDiagram(catalogue, d.kind, { ...d.query, lang, ...(options.theme ? { theme: options.theme } : {}) })),
      })),
    );
    const [{ withMermaidRenderer }, { writeFileAtomic }] = await Promise.all([
      import('../io/render-mermaid.ts'),
      import('../io/atomic-write.ts'),
    ]);
    const imageOptions = imageOptionsOf(options);
    await withMermaidRenderer(context.io.env, async (renderer) => {
      // Queued on the renderer's page in this order; written and listed once all are done, so
      // that the folder is created (by writeFileAtomic) only when there is something to put in it.
      const outputs = jobs.flatMap((job) =>
        [...new Set(options.image)].map((format) => ({ path: join(options.outDir, `${job.name}.${format}`), job, format })),
      );
      const rendered = await Promise.all(outputs.map((o) => renderer.render(o.job.source, o.format, imageOptions)));
      for (const [i, o] of outputs.entries()) {
        writeFileAtomic(o.path, rendered[i] as Uint8Array);
        context.io.stdout.write(`${o.path}\n`);
      }
    });
  });
  command.addHelpText(
    'after',
    `
Diagrams (files are named <diagram>.<lang>.<format>):
${listLines(NAMES, 76)}

Examples:
  $ k8snet render --all --out-dir docs/diagrams --lang all
  $ k8snet render service-flow deployment -d out --image svg png --scale 2`,
  );
}

/** Names joined by commas in lines of at most `width` columns, indented like help examples. */
function listLines(names: readonly string[], width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, name] of names.entries()) {
    const item = i < names.length - 1 ? `${name},` : name;
    if (line !== '' && line.length + 1 + item.length > width) {
      lines.push(line);
      line = item;
    } else line = line === '' ? item : `${line} ${item}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `  ${l}`).join('\n');
}
