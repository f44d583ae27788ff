/**
 * `k8snet completion bash|zsh|fish` prints a completion script; the hidden `k8snet __complete --
 * WORDS…` answers it from the command tree (src/completion/engine.ts).
 */
import type { Command } from 'commander';
import { Catalogue } from '../catalogue/catalogue.ts';
// The engine is small and imported statically: as a lazy chunk it would split hints.ts into a
// chunk of its own that every command loads.
import { complete } from '../completion/engine.ts';
import { COMPLETION_SCRIPTS, COMPLETION_SHELLS, type CompletionShell } from '../completion/scripts.ts';
import { langFromEnv } from '../i18n/lang.ts';
import { MESH_CHOICES } from '../trace/constants.ts';
import { enumArgument } from './choices.ts';
import type { CommandContext } from './context.ts';

export function registerCompletion(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(enumArgument('<shell>', 'the shell', COMPLETION_SHELLS))
    .action((shell: CompletionShell) => {
      io.stdout.write(COMPLETION_SCRIPTS[shell]);
    })
    .addHelpText(
      'after',
      `
Examples:
  $ source <(k8snet completion bash)                          (in ~/.bashrc)
  $ source <(k8snet completion zsh)                           (in ~/.zshrc, after compinit)
  $ k8snet completion fish > ~/.config/fish/completions/k8snet.fish`,
    );

  program
    .command('__complete', { hidden: true })
    .description('complete the words typed so far (used by the completion scripts)')
    .argument('[words...]')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (words: string[]) => {
      const { loadBuiltinTraces } = await import('../trace/load.ts');
      const lang = langFromEnv(io.env);
      const result = complete(program, words.length > 0 ? words : [''], {
        ids: (kinds) =>
          new Catalogue(context.loadBuiltinCatalogue()).entries
            .filter((e) => kinds === undefined || kinds.includes(e.kind))
            .map((e) => ({ value: e.id, description: e.name[lang] })),
        traced: (what) => {
          const data = loadBuiltinTraces();
          if (what === 'mesh') return [...MESH_CHOICES];
          if (what === 'ingress') return [...new Set(data.addons.filter((a) => a.kind === 'ingress').map((a) => a.id))];
          return [...new Set(data.cnis.flatMap((c) => [c.id, `${c.id}:${c.mode}`]))];
        },
      });
      const lines = result.type === 'values' ? result.values.map((c) => (c.description ? `${c.value}\t${c.description}` : c.value)) : [];
      io.stdout.write(`:${result.type}\n${lines.map((l) => `${l.replace(/[\r\n]/g, ' ')}\n`).join('')}`);
    });
}
