import { Argument, type Command } from 'commander';
import { completeWith } from '../completion/hints.ts';
import { UsageError } from '../errors.ts';
import { translator } from '../i18n/messages.ts';
import { buildCompareView, compareDocument } from '../views/compare.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';

const FORMATS = ['table', 'markdown', 'json', 'yaml'] as const;

export function registerCompare(program: Command, context: CommandContext): void {
  const command = program
    .command('compare')
    .description('compare two or more components or projects side by side')
    .addArgument(completeWith(new Argument('<ids...>', 'two or more ids or aliases, e.g. kube-proxy cni'), { type: 'ids' }));
  addCommonOptions(command, FORMATS).action(async (ids: string[], options: CommonOptions) => {
    if (ids.length < 2) throw new UsageError('compare needs at least two ids, e.g. "k8snet compare kube-proxy cni"');
    const t = translator(languageOf(context, options));
    const catalogue = await catalogueFor(context, options);
    const entries = ids.map((id) => catalogue.resolve(id));
    const duplicate = entries.find((e, i) => entries.indexOf(e) !== i);
    if (duplicate) throw new UsageError(`"${duplicate.id}" is named twice; compare different entries`);
    const view = buildCompareView(catalogue, entries, t);
    await present(context, options, FORMATS, { view, document: () => compareDocument(view, t) });
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet compare kube-proxy cni
  $ k8snet compare flannel calico cilium --lang zh
  $ k8snet compare kube-proxy cilium-kube-proxy-replacement -o docs/proxy.md`,
  );
}
