import { type Command, Option } from 'commander';
import { KIND_IDS } from '../catalogue/constants.ts';
import { DIAGRAM_KINDS, DIAGRAM_THEMES, type DiagramKind, LAYER_LAYOUTS, PROXY_MODES } from '../diagrams/constants.ts';
import type { DiagramQuery } from '../diagrams/index.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';
import { addImageOptions, type ImageFlags, parseCount } from './image-output.ts';

const FORMATS = ['mermaid', 'markdown', 'json'] as const;
const DIRECTIONS = ['TD', 'LR'] as const;

/** The diagram query (see src/diagrams/index.ts) as flags, plus the options every command has. */
interface DiagramOptions extends CommonOptions, ImageFlags, Omit<DiagramQuery, 'lang' | 'type'> {}

export function registerDiagram(program: Command, context: CommandContext): void {
  const command = program
    .command('diagram')
    .description('draw a diagram as Mermaid source, a Markdown block, JSON, or an SVG/PNG/PDF image')
    .addArgument(program.createArgument('<kind>', 'what to draw').choices(DIAGRAM_KINDS))
    .addOption(new Option('--proxy-mode <mode>', 'service-flow, deployment: how Services are implemented').choices(PROXY_MODES))
    .option('--cni <id>', 'service-flow, deployment: the CNI plugin, e.g. flannel, calico, cilium')
    .option('--cluster-ip <ip>', 'service-flow: the Service ClusterIP (default 10.96.0.1)')
    .addOption(new Option('--backends <n>', 'service-flow: number of backend Pods (default 3)').argParser(parseCount(1, 254)))
    .addOption(new Option('--workers <n>', 'deployment: number of worker nodes (default 2)').argParser(parseCount(1, 8)))
    .addOption(new Option('--pods-per-node <n>', 'deployment: Pods on each worker (default 2)').argParser(parseCount(1, 8)))
    .addOption(
      new Option('--layout <layout>', 'layers: full (every entry × L1–L7, a matrix) or compact (one box per kind)').choices(LAYER_LAYOUTS),
    )
    .addOption(new Option('-k, --kind <kind>', 'layers, relations: only this kind').choices(KIND_IDS))
    .option('--focus <id>', 'relations: one entry and everything it relates to, e.g. cilium')
    .addOption(new Option('--direction <dir>', 'flowchart direction (default: chosen by the shape of each diagram)').choices(DIRECTIONS))
    .addOption(new Option('--theme <theme>', 'Mermaid theme').choices(DIAGRAM_THEMES))
    .option('--title <text>', 'the diagram title');
  addImageOptions(addCommonOptions(command, FORMATS)).action(async (kind: DiagramKind, options: DiagramOptions) => {
    const catalogue = await catalogueFor(context, options);
    const { buildDiagram, diagramDocument, diagramToMermaid } = await import('../diagrams/index.ts');
    // buildDiagram reads only the query fields each kind uses from the parsed flags.
    const view = buildDiagram(catalogue, kind, { ...options, lang: languageOf(context, options) });
    await present(context, options, FORMATS, {
      view,
      document: () => diagramDocument(view),
      diagram: () => diagramToMermaid(view),
    });
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet diagram service-flow --proxy-mode nftables --cni calico
  $ k8snet diagram deployment --workers 3 --lang zh -o docs/deployment.svg
  $ k8snet diagram layers --layout compact --format markdown >> README.md
  $ k8snet diagram relations --focus cilium -o cilium.svg
  $ k8snet diagram relations --kind service-proxy --format json`,
  );
}
