/**
 * Options that do not apply are errors, not silently ignored (`diagram service-flow --layout
 * compact`): the commands name, per flag, where it applies, and refuse it elsewhere. Only what
 * the user typed counts, not defaults.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

/** The long flags among `flags` that were given on the command line. */
export function givenFlags(command: Command, flags: readonly string[]): string[] {
  return command.options
    .filter((o) => o.long !== undefined && flags.includes(o.long) && command.getOptionValueSource(o.attributeName()) === 'cli')
    .map((o) => o.long as string);
}

/** Refuse the first of `flags` that was given, saying where it applies instead. */
export function refuseFlags(command: Command, flags: readonly string[], appliesTo: string): void {
  const [flag] = givenFlags(command, flags);
  if (flag !== undefined) throw new UsageError(`${flag} ${appliesTo}`);
}
