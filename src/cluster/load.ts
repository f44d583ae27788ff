/**
 * One way in for every command that reads a cluster (inspect, reach, trace --cluster): files,
 * folders and stdin, or a live cluster through kubectl's read-only `get`. Returns the objects
 * with the warnings to print and the names of the inputs that gave objects.
 */
import type { ReadResult } from './read.ts';

export interface ClusterInput {
  /** Files, folders, or `-` for stdin. Empty when reading with kubectl. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read the live cluster with `kubectl get … -o json` instead of files. */
  readonly kubectl?: boolean;
  readonly context?: string;
  readonly namespace?: string;
  /** With kubectl: one deadline for all its calls, in milliseconds (0: none). */
  readonly requestTimeout?: number;
  /** --max-input-size as given (else K8SNET_MAX_INPUT_SIZE from env, else the default). */
  readonly maxInputSize?: string;
}

export interface LoadedCluster extends ReadResult {
  /** What the objects came from, for the output's "sources" line: the files read, or `kubectl`. */
  readonly sources: readonly string[];
}

/** The input a command's paths and its --kubectl, --context and --namespace flags describe. */
export function clusterInputOf(
  paths: readonly string[],
  io: { readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>> },
  flags: {
    readonly kubectl?: boolean;
    readonly context?: string;
    readonly namespace?: string;
    readonly requestTimeout?: number;
    readonly maxInputSize?: string;
  },
): ClusterInput {
  return {
    paths,
    cwd: io.cwd,
    env: io.env,
    ...(flags.kubectl ? { kubectl: true } : {}),
    ...(flags.context ? { context: flags.context } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    ...(flags.requestTimeout !== undefined ? { requestTimeout: flags.requestTimeout } : {}),
    ...(flags.maxInputSize !== undefined ? { maxInputSize: flags.maxInputSize } : {}),
  };
}

export async function loadCluster(input: ClusterInput): Promise<LoadedCluster> {
  const { maxInputBytesOf, prependWarnings, readBuffers, readInputs, readStandardInput } = await import('./read.ts');
  const maxInputBytes = maxInputBytesOf(input.maxInputSize, input.env);
  if (input.kubectl) {
    const { readFromKubectl } = await import('../io/kubectl.ts');
    const live = await readFromKubectl({
      env: input.env,
      ...(input.context ? { context: input.context } : {}),
      ...(input.namespace ? { namespace: input.namespace } : {}),
      ...(input.requestTimeout !== undefined ? { requestTimeout: input.requestTimeout } : {}),
    });
    const read = await readBuffers(live.inputs);
    prependWarnings(read, live.warnings);
    return { ...read, sources: ['kubectl'] };
  }
  const read = await readInputs(input.paths, input.cwd, readStandardInput, { maxInputBytes });
  return { ...read, sources: read.files };
}
