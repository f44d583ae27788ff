/**
 * The options of every command that reads a cluster (inspect, reach, trace --cluster): files or
 * --kubectl, with kubectl's context, namespace fallback and deadline. One definition, so the
 * flags, their help and their checks are the same everywhere.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.ts';
import { parseRequestTimeout } from '../io/duration.ts';

export interface ClusterFlags {
  kubectl?: boolean;
  context?: string;
  namespace?: string;
  requestTimeout?: number;
  maxInputSize?: string;
}

export function addClusterInputOptions(command: Command, namespaceHelp: string): Command {
  return command
    .option('--kubectl', 'read the live cluster with "kubectl get … -o json" (read-only)')
    .option('--context <name>', 'with --kubectl: the kubeconfig context')
    .addOption(
      new Option(
        '--request-timeout <duration>',
        'with --kubectl: give up after this long in all, e.g. 30s or 2m, 0 for no limit (also passed to kubectl; default 60s)',
      ).argParser((value) => {
        const ms = parseRequestTimeout(value);
        if (!Number.isFinite(ms)) throw new InvalidArgumentError('expected a duration such as 30s, 2m or 1m30s, or 0 for no limit');
        return ms;
      }),
    )
    .option('-n, --namespace <name>', namespaceHelp)
    .option('--max-input-size <size>', 'most read from one file or stdin, e.g. 512M or 2G (default 128M; also K8SNET_MAX_INPUT_SIZE)');
}

/**
 * Files or --kubectl, never both nor neither; kubectl's own flags only with --kubectl.
 * `namespaceNeedsKubectl`: whether --namespace means anything without kubectl (inspect uses it to
 * limit its topology).
 */
export function checkClusterInput(paths: readonly string[], flags: ClusterFlags, what: string, namespaceNeedsKubectl: boolean): void {
  if (flags.kubectl && paths.length > 0) throw new UsageError('give either files or --kubectl, not both');
  if (!flags.kubectl && paths.length === 0) throw new UsageError(`nothing to ${what}: give files, folders or - (stdin), or --kubectl`);
  if (flags.kubectl) return;
  if (flags.context) throw new UsageError('--context needs --kubectl');
  if (flags.requestTimeout !== undefined) throw new UsageError('--request-timeout needs --kubectl');
  if (namespaceNeedsKubectl && flags.namespace) throw new UsageError('--namespace needs --kubectl');
}
