import type { Command } from 'commander';
import { ENTRY_TYPES, type EntryType, KIND_IDS, type KindId } from '../catalogue/constants.ts';
import { LAYER_LAYOUTS, type LayerLayout } from '../diagrams/constants.ts';
import { NegativeResult, UsageError } from '../errors.ts';
import { translator } from '../i18n/messages.ts';
import { FLOW_DIRECTIONS, type FlowDirection } from '../mermaid/index.ts';
import { buildLayerMapView, LAYER_MAP_GROUPINGS, type LayerMapGrouping, layerMapDocument } from '../views/layer-map.ts';
import { refuseFlags } from './applicability.ts';
import { enumOption } from './choices.ts';
import { FULL_LAYERS_DIRECTION } from './diagram.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, drawsDiagram, languageOf, present } from './context.ts';
import { addImageOptions } from './image-output.ts';

const FORMATS = ['table', 'markdown', 'json', 'yaml', 'mermaid'] as const;

interface LayersOptions extends CommonOptions {
  kind?: KindId;
  type?: EntryType;
  by: LayerMapGrouping;
  direction?: FlowDirection;
  layout?: LayerLayout;
}

export function registerLayers(program: Command, context: CommandContext): void {
  const command = program
    .command('layers')
    .description('the OSI layer map: which component works at which layer (primary or partial)')
    .addOption(enumOption('-k, --kind <kind>', 'only this kind', KIND_IDS))
    .addOption(enumOption('--type <type>', 'only components (roles) or projects (implementations)', ENTRY_TYPES))
    .addOption(enumOption('--by <grouping>', 'rows per component or per layer', LAYER_MAP_GROUPINGS).default('component'))
    .addOption(enumOption('--direction <dir>', 'diagram direction (mermaid and images)', FLOW_DIRECTIONS))
    .addOption(
      enumOption('--layout <layout>', 'diagram layout: full (every entry × L1–L7, a matrix) or compact (one box per kind)', LAYER_LAYOUTS),
    );
  addImageOptions(addCommonOptions(command, FORMATS)).action(async (options: LayersOptions, self: Command) => {
    if (drawsDiagram(options, FORMATS)) {
      refuseFlags(self, ['--by'], 'arranges the table (and Markdown, JSON, YAML), not the diagram');
      if (options.direction && (options.layout ?? 'full') === 'full') throw new UsageError(FULL_LAYERS_DIRECTION);
    } else {
      refuseFlags(self, ['--direction', '--layout'], 'applies to the diagram only: add --format mermaid or -o FILE.mmd|svg|png|pdf');
    }
    const lang = languageOf(context, options);
    const t = translator(lang);
    const catalogue = await catalogueFor(context, options);
    const view = buildLayerMapView(catalogue, {
      by: options.by,
      lang,
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.type ? { type: options.type } : {}),
    });
    await present(context, options, FORMATS, {
      view,
      document: () => layerMapDocument(view, t),
      // The same drawing as `k8snet diagram layers`: one builder for the layer diagram.
      diagram: async () => {
        const { buildDiagram, diagramToMermaid } = await import('../diagrams/index.ts');
        return diagramToMermaid(
          buildDiagram(catalogue, 'layers', {
            lang,
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.type ? { type: options.type } : {}),
            ...(options.direction ? { direction: options.direction } : {}),
            ...(options.layout ? { layout: options.layout } : {}),
          }),
        );
      },
    });
    if (view.entries.length === 0) throw new NegativeResult('no catalogue entry matches these filters');
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet layers
  $ k8snet layers --by layer --lang zh
  $ k8snet layers --kind cni-plugin --format mermaid > docs/layers.mmd
  $ k8snet layers -o layers.svg`,
  );
}
