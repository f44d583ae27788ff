/**
 * Shell completion, computed from the commander tree itself: the shells' scripts (scripts.ts)
 * send the words typed so far to `k8snet __complete -- …` and offer what comes back. So commands,
 * options, enumerated values (argChoices), catalogue ids and the traced stacks come from the same
 * definitions as parsing and --help, never from a second list.
 */
import type { Argument, Command, Option } from 'commander';
import type { KindId } from '../catalogue/constants.ts';
import { type CompletionHint, completionHintOf } from './hints.ts';

export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

/** `files` and `dirs` leave the completion to the shell's own path completion. */
export type Completion = { readonly type: 'values'; readonly values: readonly Candidate[] } | { readonly type: 'files' | 'dirs' };

/** Where values that are data, not flags, come from (loaded only when asked). */
export interface CompletionSources {
  ids(kinds?: readonly KindId[]): readonly Candidate[];
  traced(what: 'cni' | 'mesh' | 'ingress'): readonly string[];
}

const MAX_DESCRIPTION = 70;

function describe(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > MAX_DESCRIPTION ? `${line.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : line;
}

function visibleOptions(command: Command): Option[] {
  return command.createHelp().visibleOptions(command);
}

function findOption(command: Command, flag: string): Option | undefined {
  return visibleOptions(command).find((o) => o.long === flag || o.short === flag);
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

/** A value named <file>, <path…> or <dir> (and not enumerated) is a path, unless a hint says otherwise. */
function pathHint(target: Option | Argument): CompletionHint | undefined {
  const name = 'flags' in target ? /[<[]([\w-]+)(\.\.\.)?[>\]]/.exec(target.flags)?.[1] : target.name();
  if (name === 'file' || name === 'path' || name === 'paths') return { type: 'files' };
  return name === 'dir' ? { type: 'dirs' } : undefined;
}

function valuesOf(target: Option | Argument, sources: CompletionSources, exclude: readonly string[] = []): Completion {
  const hint: CompletionHint | undefined = completionHintOf(target) ?? (target.argChoices ? undefined : pathHint(target));
  if (hint?.type === 'files' || hint?.type === 'dirs') return { type: hint.type };
  let values: readonly Candidate[] = [];
  if (target.argChoices) values = target.argChoices.map((value) => ({ value }));
  else if (hint?.type === 'values') values = hint.values.map((value) => ({ value }));
  else if (hint?.type === 'ids') values = sources.ids(hint.kinds);
  else if (hint?.type === 'traced') values = sources.traced(hint.what).map((value) => ({ value }));
  return { type: 'values', values: values.filter((c) => !exclude.includes(c.value)) };
}

function matching(completion: Completion, typed: string, prefix = ''): Completion {
  if (completion.type !== 'values') return completion;
  const lower = typed.toLowerCase();
  return {
    type: 'values',
    values: completion.values.filter((c) => c.value.toLowerCase().startsWith(lower)).map((c) => ({ ...c, value: `${prefix}${c.value}` })),
  };
}

/**
 * What may come next after `k8snet` and `words` (the last word is the one being completed, ''
 * after a space). Follows commander's own reading: a subcommand first, options anywhere, an
 * option's value after it (or after `=`), arguments in order, the last one possibly variadic.
 */
export function complete(program: Command, words: readonly string[], sources: CompletionSources): Completion {
  const typed = words.at(-1) ?? '';
  let command = program;
  let pending: Option | undefined;
  let variadic: Option | undefined;
  let operandsOnly = false;
  const positional: string[] = [];
  for (const word of words.slice(0, -1)) {
    if (pending) {
      if (pending.variadic) variadic = pending;
      pending = undefined;
      continue;
    }
    if (variadic && !word.startsWith('-')) continue;
    variadic = undefined;
    if (!operandsOnly && word === '--') {
      operandsOnly = true;
    } else if (!operandsOnly && word.startsWith('-') && word !== '-') {
      const option = findOption(command, word.split('=')[0] ?? word);
      if (option && takesValue(option) && !word.includes('=')) pending = option;
    } else if (command === program && positional.length === 0 && program.commands.some((c) => c.name() === word)) {
      command = program.commands.find((c) => c.name() === word) ?? program;
    } else {
      positional.push(word);
    }
  }

  const value = pending ?? (variadic && !typed.startsWith('-') ? variadic : undefined);
  if (value) return matching(valuesOf(value, sources), typed);
  if (!operandsOnly && typed.startsWith('--') && typed.includes('=')) {
    const [flag = '', ...rest] = typed.split('=');
    const option = findOption(command, flag);
    return option && takesValue(option) ? matching(valuesOf(option, sources), rest.join('='), `${flag}=`) : { type: 'values', values: [] };
  }
  if (!operandsOnly && typed.startsWith('-')) {
    const flags = visibleOptions(command).flatMap((o) => {
      const description = describe(o.description);
      return [o.long, o.short]
        .filter((f): f is string => f !== undefined)
        .map((f) => ({ value: f, ...(description ? { description } : {}) }));
    });
    return matching(
      { type: 'values', values: typed.startsWith('--') || typed === '-' ? flags.filter((f) => f.value.startsWith('--')) : flags },
      typed,
    );
  }
  if (command === program) {
    const commands = program
      .createHelp()
      .visibleCommands(program)
      .map((c) => {
        const description = describe(c.description());
        return { value: c.name(), ...(description ? { description } : {}) };
      });
    return matching({ type: 'values', values: commands }, typed);
  }
  const args = command.registeredArguments;
  const last = args.at(-1);
  const argument = args[positional.length] ?? (last?.variadic ? last : undefined);
  if (!argument) return { type: 'values', values: [] };
  const given = argument.variadic ? positional.slice(args.length - 1) : [];
  return matching(valuesOf(argument, sources, given), typed);
}
