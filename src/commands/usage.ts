/**
 * How the command tree talks about usage: every usage error is ONE line on stderr starting with
 * `error:` (commander's own messages too: its "(Did you mean …?)" line is folded in, and a
 * missing enumerated argument lists its choices), and `k8snet help [command]` prints help to
 * stdout, or fails like an unknown command does, with a suggestion.
 */
import { Argument, type Command } from 'commander';
import { closest } from '../catalogue/catalogue.ts';
import { completeWith } from '../completion/hints.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io/io.ts';

/** The commands `k8snet help` and the shell completion offer. */
export function visibleCommands(program: Command): Command[] {
  return program
    .createHelp()
    .visibleCommands(program)
    .filter((c) => c.name() !== 'help');
}

function unknownCommand(program: Command, name: string): string {
  const suggestion = closest(
    name.toLowerCase(),
    visibleCommands(program).map((c) => c.name()),
  );
  return `unknown command "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (run "k8snet help")`;
}

/** One line from what commander prints for a usage error of `command`. */
export function oneLineError(text: string, command: Command): string {
  const unknown = /^error: unknown command '(.*)'/.exec(text.trim());
  if (unknown) return `error: ${unknownCommand(command, unknown[1] ?? '')}\n`;
  let line = text
    .trim()
    .replace(/\s*\n\s*\(Did you mean (.+)\?\)$/s, '; did you mean "$1"?')
    .replace(/\s*\n\s*/g, ' ');
  const missing = /^error: missing required argument '([^']+)'$/.exec(line);
  const choices = missing ? command.registeredArguments.find((a) => a.name() === missing[1])?.argChoices : undefined;
  if (choices) line += `; choose one of: ${choices.join(', ')}`;
  return `${line}\n`;
}

/** Commander writes help and version to stdout, errors as one line to stderr (for `command` and all below it). */
export function configureUsageOutput(command: Command, io: Io): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(oneLineError(text, command)),
  });
  for (const sub of command.commands) configureUsageOutput(sub, io);
}

/**
 * `k8snet help [command]`, in place of commander's (which shows the general help, and exits 0,
 * for a command that does not exist).
 */
export function registerHelp(program: Command): void {
  program.helpCommand(false);
  const names = visibleCommands(program).map((c) => c.name());
  program
    .command('help')
    .description('show help for a command')
    .addArgument(completeWith(new Argument('[command]', 'the command'), { type: 'values', values: names }))
    .action((name: string | undefined) => {
      if (name === undefined) return program.outputHelp();
      const command = visibleCommands(program).find((c) => c.name() === name);
      if (command) return command.outputHelp();
      throw new UsageError(unknownCommand(program, name));
    });
}
