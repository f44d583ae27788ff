import { type Command, Option } from 'commander';
import { NegativeResult } from '../errors.ts';
import { DEFAULT_MAX_NODES } from '../inspect/defaults.ts';
import { addClusterInputOptions, type ClusterFlags, checkClusterInput } from './cluster-options.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';
import { addImageOptions, type ImageFlags, parseCount } from './image-output.ts';

const FORMATS = ['table', 'markdown', 'json', 'yaml', 'mermaid'] as const;

interface InspectOptions extends CommonOptions, ImageFlags, ClusterFlags {
  maxNodes?: number;
  wide?: boolean;
}

export function registerInspect(program: Command, context: CommandContext): void {
  const command = program
    .command('inspect')
    .description("explain a real cluster's network from its manifests (files, folders, - for stdin) or live state (--kubectl)")
    .argument('[paths...]', 'YAML or JSON files or folders (read recursively); - reads stdin');
  addClusterInputOptions(
    command,
    'limit the topology and diagram to one namespace (detection still reads what it may of the whole cluster; with --kubectl, kinds you may not list cluster-wide are read from this namespace)',
  )
    .option('--wide', 'show every piece of evidence with its full field path, and every name in the topology')
    .addOption(
      new Option('--max-nodes <n>', `most Services/workloads/entries drawn; the rest is folded (default ${DEFAULT_MAX_NODES})`).argParser(
        parseCount(5, 1000),
      ),
    );
  addImageOptions(addCommonOptions(command, FORMATS)).action(async (paths: string[], options: InspectOptions) => {
    checkClusterInput(paths, options, 'inspect', false);
    const [{ loadCluster, clusterInputOf }, { inspectObjects, foundNetworking }, { parseYamlValue }, { inspectTranslator }, view$] =
      await Promise.all([
        import('../cluster/load.ts'),
        import('../inspect/inspect.ts'),
        import('../cluster/yaml-documents.ts'),
        import('../i18n/inspect-messages.ts'),
        import('../views/inspect.ts'),
      ]);
    const { buildInspectView, inspectDocument, inspectFlowchart } = view$;
    const read = await loadCluster(clusterInputOf(paths, context.io, options));
    for (const warning of read.warnings) context.io.stderr.write(`warning: ${warning}\n`);
    const result = inspectObjects(read.objects, parseYamlValue);
    const t = inspectTranslator(languageOf(context, options));
    const view = buildInspectView(await catalogueFor(context, options), result, t, {
      sources: read.sources,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.maxNodes ? { maxNodes: options.maxNodes } : {}),
    });
    await present(context, options, FORMATS, {
      view,
      document: () => inspectDocument(view, t, { wide: options.wide === true }),
      diagram: () => inspectFlowchart(view, t).toString(),
    });
    if (!foundNetworking(result)) throw new NegativeResult('nothing networking-related found in the input');
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet inspect manifests/
  $ helm template ingress-nginx ingress-nginx/ingress-nginx | k8snet inspect -
  $ kubectl get pods,services,daemonsets -A -o json | k8snet inspect - -f json
  $ k8snet inspect --kubectl --context prod --format mermaid > topology.mmd
  $ k8snet inspect cluster.yaml --namespace shop --max-nodes 40 -o topology.svg

Exit codes: 0 findings, 1 nothing networking-related found, 2 unusable input.`,
  );
}
