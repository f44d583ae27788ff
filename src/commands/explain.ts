import { Argument, type Command } from 'commander';
import { completeWith } from '../completion/hints.ts';
import { translator } from '../i18n/messages.ts';
import { buildExplainView, explainDocument } from '../views/explain.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';

const FORMATS = ['table', 'markdown', 'json', 'yaml'] as const;

export function registerExplain(program: Command, context: CommandContext): void {
  const command = program
    .command('explain')
    .description('everything about one component or project: layers, modes, relations, misconceptions, sources')
    .addArgument(completeWith(new Argument('<id>', 'an id or alias, e.g. kube-proxy, cni, cilium, nginx'), { type: 'ids' }));
  addCommonOptions(command, FORMATS).action(async (id: string, options: CommonOptions) => {
    const lang = languageOf(context, options);
    const catalogue = await catalogueFor(context, options);
    const view = buildExplainView(catalogue, catalogue.resolve(id), lang);
    await present(context, options, FORMATS, { view, document: () => explainDocument(view, translator(lang)) });
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet explain kube-proxy
  $ k8snet explain cilium --lang zh
  $ k8snet explain flannel --format markdown -o docs/flannel.md`,
  );
}
