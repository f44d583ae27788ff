import { type Command, Option } from 'commander';
import { KIND_IDS } from '../catalogue/constants.ts';
import { completeWith } from '../completion/hints.ts';
import { DIAGRAM_KINDS, DIAGRAM_THEMES, type DiagramKind, LAYER_LAYOUTS, PROXY_MODES } from '../diagrams/constants.ts';
import type { DiagramQuery } from '../diagrams/index.ts';
import { UsageError } from '../errors.ts';
import { givenFlags } from './applicability.ts';
import { enumArgument, enumOption } from './choices.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';
import { addImageOptions, type ImageFlags, parseCount } from './image-output.ts';

const FORMATS = ['mermaid', 'markdown', 'json', 'yaml'] as const;
const DIRECTIONS = ['TD', 'LR'] as const;

/**
 * The diagrams each flag of the diagram query applies to (src/diagrams/index.ts reads it for
 * those only); elsewhere it is an error. --theme and --title apply to every diagram, as do the
 * common and image flags. A test checks that every flag of the command is either here or common.
 */
export const DIAGRAM_FLAG_KINDS: Readonly<Record<string, readonly DiagramKind[]>> = {
  '--proxy-mode': ['service-flow', 'deployment'],
  '--cni': ['service-flow', 'deployment'],
  '--cluster-ip': ['service-flow'],
  '--backends': ['service-flow'],
  '--workers': ['deployment'],
  '--pods-per-node': ['deployment'],
  '--layout': ['layers'],
  '--kind': ['layers', 'relations'],
  '--focus': ['relations'],
  // service-flow is a sequence diagram, which has no direction.
  '--direction': ['deployment', 'layers', 'relations'],
};

/** The full layer map is a matrix (a block diagram): rows and columns, no flow direction. */
export const FULL_LAYERS_DIRECTION = '--direction does not apply to the full layer map, a matrix; it applies to --layout compact';

/** The diagram query (see src/diagrams/index.ts) as flags, plus the options every command has. */
interface DiagramOptions extends CommonOptions, ImageFlags, Omit<DiagramQuery, 'lang' | 'type'> {}

export function registerDiagram(program: Command, context: CommandContext): void {
  const command = program
    .command('diagram')
    .description('draw a diagram as Mermaid source, a Markdown block, JSON, or an SVG/PNG/PDF image')
    .addArgument(enumArgument('<kind>', 'what to draw', DIAGRAM_KINDS))
    .addOption(enumOption('--proxy-mode <mode>', 'service-flow, deployment: how Services are implemented', PROXY_MODES))
    .addOption(
      completeWith(new Option('--cni <id>', 'service-flow, deployment: the CNI plugin, e.g. flannel, calico, cilium'), {
        type: 'ids',
        kinds: ['cni-plugin'],
      }),
    )
    .option('--cluster-ip <ip>', 'service-flow: the Service ClusterIP (default 10.96.0.100)')
    .addOption(new Option('--backends <n>', 'service-flow: number of backend Pods (default 3)').argParser(parseCount(1, 254)))
    .addOption(new Option('--workers <n>', 'deployment: number of worker nodes (default 2)').argParser(parseCount(1, 8)))
    .addOption(new Option('--pods-per-node <n>', 'deployment: Pods on each worker (default 2)').argParser(parseCount(1, 8)))
    .addOption(enumOption('--layout <layout>', 'layers: full (every entry × L1–L7, a matrix) or compact (one box per kind)', LAYER_LAYOUTS))
    .addOption(enumOption('-k, --kind <kind>', 'layers, relations: only this kind', KIND_IDS))
    .option('--focus <id>', 'relations: one entry and everything it relates to, e.g. cilium')
    .addOption(enumOption('--direction <dir>', 'flowchart direction (default: chosen by the shape of each diagram)', DIRECTIONS))
    .addOption(enumOption('--theme <theme>', 'Mermaid theme', DIAGRAM_THEMES))
    .option('--title <text>', 'the diagram title');
  addImageOptions(addCommonOptions(command, FORMATS)).action(async (kind: DiagramKind, options: DiagramOptions, self: Command) => {
    for (const flag of givenFlags(self, Object.keys(DIAGRAM_FLAG_KINDS))) {
      const kinds = DIAGRAM_FLAG_KINDS[flag] ?? [];
      if (!kinds.includes(kind)) throw new UsageError(`${flag} does not apply to the ${kind} diagram, only to: ${kinds.join(', ')}`);
    }
    if (kind === 'layers' && options.direction && (options.layout ?? 'full') === 'full') throw new UsageError(FULL_LAYERS_DIRECTION);
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
