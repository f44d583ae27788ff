import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { Lang } from '../catalogue/constants.ts';
import { DOCS_SECTIONS, type DocsSection, docsDocument } from '../docs/generate.ts';
import { type BlockRunner, syncMarkdown } from '../docs/sync.ts';
import { describeSystemError, IoError, UsageError } from '../errors.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { Io, OutStream } from '../io/io.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';

const FORMATS = ['markdown'] as const;

interface DocsOptions extends CommonOptions {
  section?: DocsSection;
  sync?: string;
}

export function registerDocs(program: Command, context: CommandContext): void {
  const command = program
    .command('docs')
    .description('write a complete Markdown explainer from the catalogue, or refresh the k8snet blocks in your own Markdown')
    .addOption(new Option('--section <name>', 'only this section').choices(DOCS_SECTIONS))
    .option('--sync <file>', 'regenerate every <!-- k8snet:… --> block of this Markdown file in place');
  addCommonOptions(command, FORMATS).action(async (options: DocsOptions) => {
    const lang = languageOf(context, options);
    if (options.sync !== undefined) {
      if (options.output !== undefined) throw new UsageError('--sync updates its file in place; leave out --output');
      await syncFile(context, options.sync, lang);
      return;
    }
    const catalogue = await catalogueFor(context, options);
    const document = docsDocument(catalogue, lang, options.section);
    await present(context, options, FORMATS, { view: { view: 'docs', lang }, document: () => document });
  });
  command.addHelpText(
    'after',
    `
Markers for --sync (the closing marker is required; the opening one carries a k8snet command line):
  <!-- k8snet:diagram service-flow --proxy-mode nftables -->
  <!-- /k8snet:diagram -->

Examples:
  $ k8snet docs --lang zh -o docs/kubernetes-networking.zh.md
  $ k8snet docs --section projects
  $ k8snet docs --sync README.md`,
  );
}

async function syncFile(context: CommandContext, file: string, lang: Lang): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new IoError(`cannot read ${file}: ${describeSystemError(error)}`);
  }
  const { text: updated, count } = await syncMarkdown(text, file, lang, inProcessRunner(context, lang));
  const t = diagramTranslator(lang);
  if (updated === text) {
    context.io.stderr.write(`${t.t('syncUnchanged', { file, count })}\n`);
    return;
  }
  writeFileAtomic(file, updated);
  context.io.stderr.write(`${t.t('syncUpdated', { file, count })}\n`);
}

const FORBIDDEN = /^(-o|--output|--sync)(=|$)/;

/** Runs a marker's command line in this process with captured output, as Markdown. */
function inProcessRunner(context: CommandContext, lang: Lang): BlockRunner {
  return async (name, args) => {
    const bad = args.find((a) => FORBIDDEN.test(a));
    if (bad) throw new Error(`${bad} is not allowed in a marker`);
    const out: string[] = [];
    const err: string[] = [];
    const capture = (sink: string[]): OutStream => ({ write: (chunk) => sink.push(String(chunk)) > 0, isTTY: false });
    const io: Io = { ...context.io, stdout: capture(out), stderr: capture(err) };
    const hasFlag = (...flags: string[]): boolean => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
    const argv = [
      ...args,
      ...(hasFlag('--format', '-f') ? [] : ['--format', 'markdown']),
      ...(hasFlag('--lang', '-l') ? [] : ['--lang', lang]),
      '--no-color',
    ];
    // Loaded here: program.ts imports this command, so a static import would be circular.
    const { createProgram } = await import('../program.ts');
    const program = createProgram({ ...context, io }, '0.0.0');
    try {
      await program.parseAsync(['node', 'k8snet', name, ...argv]);
    } catch (error) {
      const first = err
        .join('')
        .split('\n')
        .find((l) => l.trim() !== '');
      throw new Error(first?.replace(/^error: /, '') ?? (error instanceof Error ? error.message : String(error)));
    }
    return out.join('');
  };
}
