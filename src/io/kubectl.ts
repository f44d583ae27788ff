/**
 * Read a live cluster through `kubectl get … -o json`, with read-only verbs only (`get`), never
 * Secrets. The kinds inspect needs are fetched in one call; the API kinds that exist only when a
 * project installed its CRDs (Gateway API, Calico, MetalLB) are fetched one by one and skipped
 * when the cluster does not know them. Kinds RBAC will not list cluster-wide are read from the
 * chosen namespace, or skipped, with a warning. A missing kubectl, an unreachable cluster or a
 * cluster that lets nothing be read is a one-line error.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { describeSystemError, IoError } from '../errors.ts';
import { type ReadLimit, sizeLimit, tooLarge } from './read-file.ts';

/** The only kubectl verbs inspect may run. */
export const KUBECTL_VERBS = ['get'] as const;

/** Built-in kinds, fetched together. Secrets are deliberately absent. */
export const KUBECTL_KINDS = [
  'nodes',
  'namespaces',
  'pods',
  'services',
  'endpointslices.discovery.k8s.io',
  'deployments.apps',
  'daemonsets.apps',
  'statefulsets.apps',
  'configmaps',
  'ingresses.networking.k8s.io',
  'ingressclasses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
] as const;

/** Kinds of optional CRDs, each fetched on its own. */
export const KUBECTL_OPTIONAL_KINDS = [
  'gatewayclasses.gateway.networking.k8s.io',
  'gateways.gateway.networking.k8s.io',
  'httproutes.gateway.networking.k8s.io',
  'grpcroutes.gateway.networking.k8s.io',
  'installations.operator.tigera.io',
  'ippools.crd.projectcalico.org',
  'ipaddresspools.metallb.io',
  'l2advertisements.metallb.io',
  'bgpadvertisements.metallb.io',
  'bgppeers.metallb.io',
  // reach: the admin policies of sigs.k8s.io/network-policy-api, and OpenShift routes.
  'adminnetworkpolicies.policy.networking.k8s.io',
  'baselineadminnetworkpolicies.policy.networking.k8s.io',
  'clusternetworkpolicies.policy.networking.k8s.io',
  'routes.route.openshift.io',
] as const;

/** Kinds that have no namespace: a namespace-scoped fallback cannot read them. */
const CLUSTER_SCOPED = new Set<string>([
  'nodes',
  'namespaces',
  'ingressclasses.networking.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
  'gatewayclasses.gateway.networking.k8s.io',
  'installations.operator.tigera.io',
  'ippools.crd.projectcalico.org',
  'adminnetworkpolicies.policy.networking.k8s.io',
  'baselineadminnetworkpolicies.policy.networking.k8s.io',
  'clusternetworkpolicies.policy.networking.k8s.io',
]);

const UNKNOWN_TYPE = /doesn't have a resource type|the server could not find the requested resource|no matches for kind/i;
/** RBAC refusing a list: `Error from server (Forbidden): pods is forbidden: User "jane" cannot list …`. */
const FORBIDDEN = /\(Forbidden\)|\bis forbidden\b/i;

export interface KubectlOptions {
  context?: string;
  /** Read kinds the user may not list cluster-wide from this namespace instead. */
  namespace?: string;
  /** One deadline for all the calls, in milliseconds (0: none); also passed to kubectl. */
  requestTimeout?: number;
  env: Readonly<Record<string, string | undefined>>;
}

/** kubectl's flag, and its value here when not given: long enough for a big cluster's 11 calls. */
export const DEFAULT_REQUEST_TIMEOUT = 60_000;

/** What one call may print: a cluster of ~50,000 Pods; more would need gigabytes to parse. */
export const KUBECTL_OUTPUT_LIMIT: ReadLimit = {
  maxBytes: 256 * 2 ** 20,
  variable: 'K8SNET_MAX_KUBECTL_BYTES',
  what: 'the output of one kubectl call',
};

/** How long a kubectl that ignores SIGTERM gets before SIGKILL. */
const KILL_GRACE_MS = 2000;
/** How long to wait, once kubectl has exited, for a child of it still holding the pipes. */
const LINGER_MS = 500;
/** kubectl's error messages are a few lines; more is noise. */
const STDERR_LIMIT = 64 * 1024;

export interface KubectlOutput {
  inputs: { file: string; bytes: Buffer }[];
  warnings: string[];
}

interface RunResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
  missing: boolean;
}

const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))}s`;

/** The calls of one inspect share one deadline and one per-call output limit. */
interface Budget {
  readonly deadline: number | undefined;
  readonly timeout: number;
  readonly maxBytes: number;
}

/** "kubectl get nodes,namespaces,pods,…" for a message. */
function callName(args: readonly string[]): string {
  const kinds = (args[1] ?? '').split(',').map(shortName);
  return `kubectl ${args[0]} ${kinds.slice(0, 3).join(',')}${kinds.length > 3 ? ',…' : ''}`;
}

function timedOut(budget: Budget, args: readonly string[]): IoError {
  return new IoError(
    `kubectl timed out after ${budget.timeout / 1000} s (${callName(args)}); raise --request-timeout (now ${seconds(budget.timeout)}) for a slow cluster, or give 0 for no limit`,
  );
}

/**
 * Run one read-only kubectl call in its own process group, so that the whole group can be
 * stopped: at the deadline SIGTERM, then SIGKILL for a kubectl that ignores it; and once kubectl
 * has exited, whatever it left behind holding the pipes (the result is what kubectl printed).
 */
function run(args: readonly string[], options: KubectlOptions, budget: Budget): Promise<RunResult> {
  const left = budget.deadline === undefined ? undefined : budget.deadline - Date.now();
  if (left !== undefined && left <= 0) return Promise.reject(timedOut(budget, args));
  const full = [
    ...args,
    ...(options.context ? ['--context', options.context] : []),
    ...(left !== undefined ? [`--request-timeout=${seconds(left)}`] : []),
  ];
  if (!KUBECTL_VERBS.includes(full[0] as (typeof KUBECTL_VERBS)[number]))
    throw new Error(`internal: kubectl verb "${full[0]}" is not read-only`);
  return new Promise((resolve, reject) => {
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn('kubectl', full, { env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      reject(new IoError(`cannot run kubectl: ${describeSystemError(error)}`));
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let failure: Error | undefined;
    let status: number | null = null;
    const timers: NodeJS.Timeout[] = [];
    const signal = (name: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, name);
      } catch {
        // The group is already gone.
      }
    };
    const stop = (error: Error): void => {
      failure ??= error;
      signal('SIGTERM');
      timers.push(setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS));
      // Should even SIGKILL not end it (a process stuck in the kernel), give up on it.
      timers.push(setTimeout(finish, KILL_GRACE_MS + LINGER_MS * 2));
    };
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      for (const timer of timers) clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      if (failure) reject(failure);
      else resolve({ status, stdout: Buffer.concat(out, outBytes), stderr, missing: false });
    };
    if (left !== undefined) timers.push(setTimeout(() => stop(timedOut(budget, args)), left));
    // Once kubectl has exited, the pipes get LINGER_MS of silence to deliver what is left in them.
    let linger: NodeJS.Timeout | undefined;
    const armLinger = (): void => {
      clearTimeout(linger);
      linger = setTimeout(finish, LINGER_MS);
      timers.push(linger);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (linger) armLinger();
      if (failure) return;
      outBytes += chunk.length;
      if (outBytes > budget.maxBytes)
        stop(tooLarge(`the output of ${callName(args)}`, { ...KUBECTL_OUTPUT_LIMIT, maxBytes: budget.maxBytes }));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        done = true;
        for (const timer of timers) clearTimeout(timer);
        resolve({ status: null, stdout: Buffer.alloc(0), stderr: '', missing: true });
      } else {
        failure ??= new IoError(`cannot run kubectl: ${describeSystemError(error)}`);
        finish();
      }
    });
    child.on('exit', (code) => {
      status = code;
      // kubectl is done; a child of it may still hold the pipes open: end the group, and wait
      // for the pipes only briefly (a process that left the group is not waited for).
      signal('SIGKILL');
      armLinger();
    });
    child.on('close', finish);
  });
}

/** kubectl's own message: the first line that is not a klog line ("E1124 15:00:00.000000 …"). */
function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const message = lines.find((l) => !/^[IWEF]\d{4} \d\d:\d\d:\d\d/.test(l)) ?? lines[0];
  return message?.replace(/^error:\s*/i, '') ?? 'no message';
}

const everywhere = (kinds: string): string[] => ['get', kinds, '--all-namespaces', '--output', 'json'];
const shortName = (kind: string): string => kind.split('.')[0] as string;

/**
 * The cluster's objects as `kubectl get -o json` lists. Everything is asked for cluster-wide in
 * one call. When RBAC refuses that, each kind is asked for on its own: a kind the user may not
 * list cluster-wide is read from `namespace` when one is given, or skipped; either way with a
 * warning, since detections that rely on other namespaces (kube-system, the CNI's own) may be
 * missing. Only when nothing at all can be read is it an error.
 */
export async function readFromKubectl(options: KubectlOptions): Promise<KubectlOutput> {
  const timeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
  const budget: Budget = {
    timeout,
    deadline: timeout > 0 ? Date.now() + timeout : undefined,
    maxBytes: sizeLimit(options.env, KUBECTL_OUTPUT_LIMIT.variable, KUBECTL_OUTPUT_LIMIT.maxBytes),
  };
  const main = await run(everywhere(KUBECTL_KINDS.join(',')), options, budget);
  if (main.missing) throw new IoError('kubectl not found on PATH; install it, or give inspect manifest files instead');
  if (main.status !== 0 && !FORBIDDEN.test(main.stderr)) throw new IoError(`kubectl could not read the cluster: ${firstLine(main.stderr)}`);
  const inputs: KubectlOutput['inputs'] = [];
  const warnings: string[] = [];
  const local: string[] = [];
  const skipped: string[] = [];
  const readKind = async (kind: string, optional: boolean): Promise<void> => {
    const result = await run(everywhere(kind), options, budget);
    if (result.status === 0) {
      inputs.push({ file: `kubectl:${shortName(kind)}`, bytes: result.stdout });
    } else if (optional && UNKNOWN_TYPE.test(result.stderr)) {
      // The cluster does not have this CRD: nothing to read.
    } else if (!FORBIDDEN.test(result.stderr)) {
      warnings.push(`kubectl get ${kind}: ${firstLine(result.stderr)}`);
    } else if (options.namespace && !CLUSTER_SCOPED.has(kind)) {
      const inNamespace = await run(['get', kind, '--namespace', options.namespace, '--output', 'json'], options, budget);
      if (inNamespace.status === 0) {
        inputs.push({ file: `kubectl:${shortName(kind)}`, bytes: inNamespace.stdout });
        local.push(shortName(kind));
      } else if (FORBIDDEN.test(inNamespace.stderr)) skipped.push(shortName(kind));
      else warnings.push(`kubectl get ${kind} --namespace ${options.namespace}: ${firstLine(inNamespace.stderr)}`);
    } else skipped.push(shortName(kind));
  };
  if (main.status === 0) inputs.push({ file: 'kubectl', bytes: main.stdout });
  else for (const kind of KUBECTL_KINDS) await readKind(kind, false);
  if (inputs.length === 0) {
    const hint = options.namespace ? '' : ' (with --namespace, inspect reads what you may list in that namespace)';
    throw new IoError(`kubectl could not read the cluster: ${firstLine(main.stderr)}${hint}`);
  }
  for (const kind of KUBECTL_OPTIONAL_KINDS) await readKind(kind, true);
  if (local.length > 0)
    warnings.unshift(
      `not allowed to list ${local.join(', ')} in every namespace: read namespace ${options.namespace} only, so detections that rely on other namespaces may be missing`,
    );
  if (skipped.length > 0)
    warnings.unshift(`not allowed to list ${skipped.join(', ')}: skipped, so detections that rely on them may be missing`);
  return { inputs, warnings };
}
