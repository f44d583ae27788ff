/**
 * The command tree: global options and one register call per command. No logic here.
 */
import { Command } from 'commander';
import { registerCompare } from './commands/compare.ts';
import { registerCompletion } from './commands/completion.ts';
import type { CommandContext } from './commands/context.ts';
import { registerDiagram } from './commands/diagram.ts';
import { registerDocs } from './commands/docs.ts';
import { registerExplain } from './commands/explain.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerLayers } from './commands/layers.ts';
import { registerList } from './commands/list.ts';
import { registerReach } from './commands/reach.ts';
import { registerRender } from './commands/render.ts';
import { registerTrace } from './commands/trace.ts';
import { configureUsageOutput, registerHelp } from './commands/usage.ts';
import { outputWidth } from './io/io.ts';
import { textWidth } from './renderers/text-width.ts';

export function createProgram(outer: CommandContext, version: string): Command {
  const context: CommandContext = { ...outer, createProgram: (inner) => createProgram(inner, version) };
  const { io } = context;
  const program = new Command('k8snet')
    .description('Explain Kubernetes networking: kube-proxy vs CNI, OSI layers, components and their sources (English and 中文).')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    // Help wraps at the width tables use (inherited by every subcommand registered below).
    .configureHelp({ helpWidth: outputWidth(io), displayWidth: textWidth });
  registerList(program, context);
  registerExplain(program, context);
  registerCompare(program, context);
  registerLayers(program, context);
  registerDiagram(program, context);
  registerRender(program, context);
  registerDocs(program, context);
  registerInspect(program, context);
  registerTrace(program, context);
  registerReach(program, context);
  registerCompletion(program, context);
  program.addHelpText(
    'after',
    `
Examples:
  $ k8snet compare kube-proxy cni
  $ k8snet explain cilium --lang zh
  $ k8snet layers --format mermaid > docs/layers.mmd
  $ k8snet list --kind cni-plugin --format json
  $ k8snet diagram service-flow -o flow.svg
  $ k8snet docs --sync README.md
  $ k8snet trace pod-to-service --cni calico:bgp --cross-node
  $ k8snet inspect manifests/ --format markdown
  $ k8snet reach manifests/ --from shop/web --to shop/db --port 5432
  $ source <(k8snet completion bash)

Exit codes: 0 ok, 1 nothing found, 2 usage or input error, 3 rendering failed.`,
  );
  registerHelp(program);
  // Help to stdout; every usage error one "error: …" line on stderr, then exit 2 (main.ts).
  configureUsageOutput(program, io);
  return program;
}
