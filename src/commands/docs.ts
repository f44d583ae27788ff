import type { Command } from 'commander';
import { DOCS_SECTIONS, type DocsSection } from '../docs/sections.ts';
import { UsageError } from '../errors.ts';
import { refuseFlags } from './applicability.ts';
import { enumOption } from './choices.ts';
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
    .addOption(enumOption('--section <name>', 'only this section', DOCS_SECTIONS))
    .option('--sync <file>', 'regenerate every <!-- k8snet:… --> block of this Markdown file in place');
  addCommonOptions(command, FORMATS).action(async (options: DocsOptions, self: Command) => {
    const lang = languageOf(context, options);
    if (options.sync !== undefined) {
      if (options.output !== undefined) throw new UsageError('--sync updates its file in place; leave out --output');
      // Each marker carries its own command line: put --catalog or a section there.
      refuseFlags(self, ['--section', '--format', '--catalog'], 'does not apply to --sync: each marker carries its own command line');
      const { syncFile } = await import('../docs/sync-file.ts');
      await syncFile(context, options.sync, lang);
      return;
    }
    const catalogue = await catalogueFor(context, options);
    const { docsDocument } = await import('../docs/generate.ts');
    const document = docsDocument(catalogue, lang, options.section);
    await present(context, options, FORMATS, { view: { view: 'docs', lang }, document: () => document });
  });
  command.addHelpText(
    'after',
    `
Markers for --sync (the closing marker is required; the opening one carries a
k8snet command line):
  <!-- k8snet:diagram service-flow --proxy-mode nftables -->
  <!-- /k8snet:diagram -->

Examples:
  $ k8snet docs --lang zh -o docs/kubernetes-networking.zh.md
  $ k8snet docs --section projects
  $ k8snet docs --sync README.md`,
  );
}
