import { type Command, Option } from 'commander';
import {
  ENTRY_TYPES,
  type EntryType,
  KIND_IDS,
  type KindId,
  type LayerNumber,
  STATUS_STATES,
  type StatusState,
} from '../catalogue/constants.ts';
import { completeWith } from '../completion/hints.ts';
import { NegativeResult } from '../errors.ts';
import { translator } from '../i18n/messages.ts';
import { buildListView, listDocument } from '../views/list.ts';
import { enumOption } from './choices.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';
import { parseLayer } from './parse-layer.ts';

const FORMATS = ['table', 'markdown', 'json', 'yaml'] as const;

interface ListOptions extends CommonOptions {
  kind?: KindId;
  layer?: LayerNumber;
  status?: StatusState;
  type?: EntryType;
}

export function registerList(program: Command, context: CommandContext): void {
  const command = program
    .command('list')
    .description('list the catalogue of components and projects, optionally filtered')
    .addOption(enumOption('-k, --kind <kind>', 'only this kind', KIND_IDS))
    .addOption(
      completeWith(new Option('--layer <n>', 'only entries working at this OSI layer (1-7 or L1-L7)').argParser(parseLayer), {
        type: 'values',
        values: ['1', '2', '3', '4', '5', '6', '7'],
      }),
    )
    .addOption(enumOption('--status <status>', 'only entries with this lifecycle status', STATUS_STATES))
    .addOption(enumOption('--type <type>', 'only components (roles) or projects (implementations)', ENTRY_TYPES));
  addCommonOptions(command, FORMATS).action(async (options: ListOptions) => {
    const lang = languageOf(context, options);
    const catalogue = await catalogueFor(context, options);
    const view = buildListView(catalogue, { ...pickDefined(options), lang });
    await present(context, options, FORMATS, { view, document: () => listDocument(view, translator(lang)) });
    if (view.entries.length === 0) throw new NegativeResult('no catalogue entry matches these filters');
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet list
  $ k8snet list --kind cni-plugin --lang zh
  $ k8snet list --layer 7 --format json | jq -r '.entries[].id'
  $ k8snet list --status archived`,
  );
}

function pickDefined(options: ListOptions): { kind?: KindId; layer?: LayerNumber; status?: StatusState; type?: EntryType } {
  return {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.layer ? { layer: options.layer } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...(options.type ? { type: options.type } : {}),
  };
}
