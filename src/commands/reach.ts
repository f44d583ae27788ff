import { type Command, Option } from 'commander';
import { NegativeResult, UsageError } from '../errors.ts';
import { imageFormatOf } from '../io/output.ts';
import { addClusterInputOptions, type ClusterFlags, checkClusterInput } from './cluster-options.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';
import { addImageOptions, type ImageFlags, parseCount } from './image-output.ts';

const FORMATS = ['table', 'markdown', 'json', 'mermaid', 'connlist'] as const;

interface ReachFlags extends CommonOptions, ImageFlags, ClusterFlags {
  from?: string;
  to?: string;
  port?: string;
  focus?: string;
  exposure?: boolean;
  maxNodes?: number;
}

export function registerReach(program: Command, context: CommandContext): void {
  const command = program
    .command('reach')
    .description('who can talk to whom, and why: NetworkPolicy and the admin policies evaluated from manifests or a live cluster')
    .argument('[paths...]', 'YAML or JSON files or folders (read recursively); - reads stdin');
  addClusterInputOptions(command, 'with --kubectl: read kinds you may not list cluster-wide from this namespace')
    .option('--from <peer>', 'source: namespace/name[Kind], namespace/name, name, {ingress-controller} or an IP address')
    .option('--to <peer>', 'destination: a workload as for --from, svc/NAMESPACE/NAME, or an IP address')
    .option('--port <port>', 'with --from/--to: one port, 5432 or 53/UDP (a Service port for svc/…)')
    .option('--focus <peer>', "only this workload's connections")
    .option('--exposure', 'what is reachable from outside the cluster, from any namespace, or from the ingress controller')
    .addOption(new Option('--max-nodes <n>', 'most nodes the graph draws; the rest is folded (default 60)').argParser(parseCount(5, 1000)));
  addImageOptions(addCommonOptions(command, FORMATS)).action(async (paths: string[], options: ReachFlags) => {
    checkClusterInput(paths, options, 'read', true);
    const listing = options.from === undefined && !options.exposure;
    const drawing = options.format === 'mermaid' || imageFormatOf(options.output) !== undefined;
    if (drawing && !listing)
      throw new UsageError(
        'the graph (--format mermaid, -o .svg/.png/.pdf) is drawn for the connection list; leave out --from/--to and --exposure',
      );
    if (options.format === 'connlist' && options.exposure)
      throw new UsageError('--format connlist lists connections; leave out --exposure');
    const [{ loadCluster, clusterInputOf }, { parseYamlValue }, { reachTranslator }, reach$, diagram$] = await Promise.all([
      import('../cluster/load.ts'),
      import('../cluster/yaml-documents.ts'),
      import('../i18n/reach-messages.ts'),
      import('../views/reach.ts'),
      import('../views/reach-diagram.ts'),
    ]);
    const read = await loadCluster(clusterInputOf(paths, context.io, options));
    const t = reachTranslator(languageOf(context, options));
    const result = reach$.buildReach(await catalogueFor(context, options), read.objects, parseYamlValue, t, {
      ...options,
      sources: read.sources,
      maxNodes: options.maxNodes ?? diagram$.DEFAULT_REACH_MAX_NODES,
    });
    for (const warning of [...read.warnings, ...result.view.warnings]) context.io.stderr.write(`warning: ${warning}\n`);
    const { view } = result;
    await present(context, options, FORMATS, {
      view,
      document: () => reach$.reachDocument(view, t),
      connlist: () => reach$.reachConnlist(view),
      ...(view.diagram ? { diagram: () => diagram$.reachFlowchart(view.diagram as NonNullable<typeof view.diagram>, t).toString() } : {}),
    });
    if (result.negative) throw new NegativeResult(result.negative);
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet reach manifests/
  $ k8snet reach manifests/ --from shop/web --to shop/db --port 5432
  $ k8snet reach manifests/ --from shop/web --to svc/shop/db
  $ k8snet reach manifests/ --format connlist | diff - expected.txt
  $ k8snet reach manifests/ --focus shop/web -o graph.svg
  $ k8snet reach --kubectl --exposure

Exit codes: 0 allowed (or listed), 1 denied (with --from/--to) or no workloads, 2 bad input.`,
  );
}
