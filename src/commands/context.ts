/**
 * What every command is given: the process's streams (through Io) and how to get the catalogue.
 * Commands are thin: parse options, build a view, hand it to `present`.
 */
import type { Command } from 'commander';
import { Catalogue } from '../catalogue/catalogue.ts';
import { LANGS, type Lang } from '../catalogue/constants.ts';
import type { CatalogueData } from '../catalogue/schema.ts';
import { UsageError } from '../errors.ts';
import { langFromEnv } from '../i18n/lang.ts';
import { translator } from '../i18n/messages.ts';
import { colorLevel, makeStyle } from '../io/color.ts';
import { type Io, outputWidth } from '../io/io.ts';
import { chooseFormat, emit, imageFormatOf } from '../io/output.ts';
import { type OutputFormat, type Presentable, render } from '../renderers/index.ts';
import { enumOption } from './choices.ts';
import { checkImageFlags } from './image-output.ts';

export interface CommandContext {
  readonly io: Io;
  /** The shipped catalogue, already validated at build time. */
  readonly loadBuiltinCatalogue: () => CatalogueData;
  /**
   * A fresh command tree over another context (`docs --sync` runs marker commands with captured
   * output). Given by createProgram, so that no command has to import program.ts.
   */
  readonly createProgram?: (context: CommandContext) => Command;
}

export interface CommonOptions {
  format?: OutputFormat;
  lang?: Lang;
  output?: string;
  color: boolean;
  catalog?: string[];
  /** Image flags, on commands that draw (see addImageOptions). */
  scale?: number;
  width?: number;
  background?: string;
}

/**
 * --format, --lang, --output, --no-color and --catalog, the same on every command.
 * The first of `formats` is the command's default format.
 */
export function addCommonOptions(command: Command, formats: readonly OutputFormat[]): Command {
  return command
    .addOption(enumOption('-f, --format <format>', `output format (default: ${formats[0]}, or from the --output extension)`, formats))
    .addOption(enumOption('-l, --lang <lang>', 'language (default: from LC_ALL/LC_MESSAGES/LANG)', LANGS))
    .option(
      '-o, --output <file>',
      'write to a file (atomically) instead of stdout; the extension picks the format: .md .json .yaml .mmd .txt (.svg .png .pdf: the diagram)',
    )
    .option('--no-color', 'never colour the output (also NO_COLOR=1)')
    .option('--catalog <path...>', 'add or override entries from your own YAML/JSON files or folders');
}

export function languageOf(context: CommandContext, options: CommonOptions): Lang {
  return options.lang ?? langFromEnv(context.io.env);
}

export async function catalogueFor(context: CommandContext, options: CommonOptions): Promise<Catalogue> {
  const builtin = context.loadBuiltinCatalogue();
  if (!options.catalog || options.catalog.length === 0) return new Catalogue(builtin);
  // yaml and zod load only when the user brings their own files.
  const [{ mergeUserCatalogue }, { CATALOG_FILE_LIMIT }, { sizeLimit }] = await Promise.all([
    import('../catalogue/compile.ts'),
    import('../catalogue/load.ts'),
    import('../io/read-file.ts'),
  ]);
  const { env } = context.io;
  return new Catalogue(
    mergeUserCatalogue(builtin, options.catalog, {
      warn: (message) => context.io.stderr.write(`warning: ${message}\n`),
      limit: { ...CATALOG_FILE_LIMIT, maxBytes: sizeLimit(env, CATALOG_FILE_LIMIT.variable, CATALOG_FILE_LIMIT.maxBytes) },
    }),
  );
}

/** Whether the output is the command's diagram (--format mermaid, -o x.mmd, or an image), not its view. */
export function drawsDiagram(options: CommonOptions, formats: readonly OutputFormat[]): boolean {
  return imageFormatOf(options.output) !== undefined || chooseFormat(options.format, options.output, formats) === 'mermaid';
}

/**
 * Render in the chosen format and write it to stdout or the --output file. An --output ending in
 * .svg, .png or .pdf renders the command's diagram with the browser (loaded only then).
 */
export async function present(
  context: CommandContext,
  options: CommonOptions,
  formats: readonly OutputFormat[],
  output: Presentable,
): Promise<void> {
  const image = imageFormatOf(options.output);
  checkImageFlags(options, image ? [image] : []);
  if (image && options.output) {
    if (!output.diagram)
      throw new UsageError(`cannot render ${options.output}: this command draws no diagram; write .md, .json, .yaml or .txt`);
    if (options.format)
      throw new UsageError(`--format ${options.format} cannot be written to ${options.output}; leave --format out to render an image`);
    const { imageOptionsOf, writeImage } = await import('./image-output.ts');
    await writeImage(context.io, await output.diagram(), options.output, image, imageOptionsOf(options));
    return;
  }
  const format = chooseFormat(options.format, options.output, formats);
  const toFile = options.output !== undefined && options.output !== '-';
  const level = toFile ? 0 : colorLevel(context.io.env, context.io.stdout.isTTY === true, !options.color);
  const text = await render(format, output, {
    t: translator(languageOf(context, options)),
    style: await makeStyle(level),
    width: outputWidth(context.io),
  });
  await emit(context.io, text, options.output);
}
