import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { LANGS, type Lang } from '../catalogue/constants.ts';
import { DIAGRAM_THEMES, type DiagramTheme, STANDARD_DIAGRAM_NAMES } from '../diagrams/constants.ts';
import { describeSystemError, IoError, UsageError } from '../errors.ts';
import { IMAGE_FORMATS, type ImageFormat } from '../io/output.ts';
import { type CommandContext, catalogueFor, languageOf } from './context.ts';
import { addImageOptions, type ImageFlags, imageOptionsOf } from './image-output.ts';

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
    .addArgument(program.createArgument('[names...]', 'diagrams to render (default with --all: every one)').choices(NAMES))
    .option('-a, --all', 'render every standard diagram')
    .requiredOption('-d, --out-dir <dir>', 'folder to write the images to (created if missing)')
    .addOption(new Option('-l, --lang <lang>', 'language, or all for both (default: from LC_ALL/LC_MESSAGES/LANG)').choices(LANG_CHOICES))
    .addOption(new Option('-i, --image <format...>', 'image formats').choices(IMAGE_FORMATS).default(['svg']))
    .addOption(new Option('--theme <theme>', 'Mermaid theme').choices(DIAGRAM_THEMES))
    .option('--catalog <path...>', 'add or override entries from your own YAML/JSON files or folders');
  addImageOptions(command).action(async (names: string[], options: RenderOptions) => {
    if (names.length === 0 && !options.all) throw new UsageError(`name the diagrams to render (${NAMES.join(', ')}) or use --all`);
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
    try {
      mkdirSync(options.outDir, { recursive: true });
    } catch (error) {
      throw new IoError(`cannot create ${options.outDir}: ${describeSystemError(error)}`);
    }
    const [{ withMermaidRenderer }, { writeFileAtomic }] = await Promise.all([
      import('../io/render-mermaid.ts'),
      import('../io/atomic-write.ts'),
    ]);
    const imageOptions = imageOptionsOf(options);
    await withMermaidRenderer(
      context.io.env,
      async (renderer) => {
        // Queued on the renderer's page in this order; written and listed once all are done.
        const outputs = jobs.flatMap((job) =>
          [...new Set(options.image)].map((format) => ({ path: join(options.outDir, `${job.name}.${format}`), job, format })),
        );
        const rendered = await Promise.all(outputs.map((o) => renderer.render(o.job.source, o.format, imageOptions)));
        for (const [i, o] of outputs.entries()) {
          writeFileAtomic(o.path, rendered[i] as Uint8Array);
          context.io.stdout.write(`${o.path}\n`);
        }
      },
      { batch: true },
    );
  });
  command.addHelpText(
    'after',
    `
Diagrams: ${NAMES.join(', ')};
files are named <diagram>.<lang>.<format>.

Examples:
  $ k8snet render --all --out-dir docs/diagrams --lang all
  $ k8snet render service-flow deployment -d out --image svg png --scale 2`,
  );
}
