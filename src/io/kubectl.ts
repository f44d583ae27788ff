/**
 * Read a live cluster through `kubectl get … -o json`, with read-only verbs only (`get`), never
 * Secrets. The kinds inspect needs are fetched in one call; the API kinds that exist only when a
 * project installed its CRDs (Gateway API, Calico, MetalLB) are fetched one by one and skipped
 * when the cluster does not know them. Kinds RBAC will not list cluster-wide are read from the
 * chosen namespace, or skipped, with a warning. A missing kubectl, an unreachable cluster or a
 * cluster that lets nothing be read is a one-line error.
 */
import { spawnSync } from 'node:child_process';
import { IoError } from '../errors.ts';

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
  env: Readonly<Record<string, string | undefined>>;
}

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

function run(args: readonly string[], options: KubectlOptions): RunResult {
  const full = [...args, ...(options.context ? ['--context', options.context] : [])];
  if (!KUBECTL_VERBS.includes(full[0] as (typeof KUBECTL_VERBS)[number]))
    throw new Error(`internal: kubectl verb "${full[0]}" is not read-only`);
  const result = spawnSync('kubectl', full, {
    env: options.env as NodeJS.ProcessEnv,
    maxBuffer: 2 ** 30,
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: result.status, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString('utf8') ?? '', missing };
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
export function readFromKubectl(options: KubectlOptions): KubectlOutput {
  const main = run(everywhere(KUBECTL_KINDS.join(',')), options);
  if (main.missing) throw new IoError('kubectl not found on PATH; install it, or give inspect manifest files instead');
  if (main.status !== 0 && !FORBIDDEN.test(main.stderr)) throw new IoError(`kubectl could not read the cluster: ${firstLine(main.stderr)}`);
  const inputs: KubectlOutput['inputs'] = [];
  const warnings: string[] = [];
  const local: string[] = [];
  const skipped: string[] = [];
  const readKind = (kind: string, optional: boolean): void => {
    const result = run(everywhere(kind), options);
    if (result.status === 0) {
      inputs.push({ file: `kubectl:${shortName(kind)}`, bytes: result.stdout });
    } else if (optional && UNKNOWN_TYPE.test(result.stderr)) {
      // The cluster does not have this CRD: nothing to read.
    } else if (!FORBIDDEN.test(result.stderr)) {
      warnings.push(`kubectl get ${kind}: ${firstLine(result.stderr)}`);
    } else if (options.namespace && !CLUSTER_SCOPED.has(kind)) {
      const inNamespace = run(['get', kind, '--namespace', options.namespace, '--output', 'json'], options);
      if (inNamespace.status === 0) {
        inputs.push({ file: `kubectl:${shortName(kind)}`, bytes: inNamespace.stdout });
        local.push(shortName(kind));
      } else if (FORBIDDEN.test(inNamespace.stderr)) skipped.push(shortName(kind));
      else warnings.push(`kubectl get ${kind} --namespace ${options.namespace}: ${firstLine(inNamespace.stderr)}`);
    } else skipped.push(shortName(kind));
  };
  if (main.status === 0) inputs.push({ file: 'kubectl', bytes: main.stdout });
  else for (const kind of KUBECTL_KINDS) readKind(kind, false);
  if (inputs.length === 0) {
    const hint = options.namespace ? '' : ' (with --namespace, inspect reads what you may list in that namespace)';
    throw new IoError(`kubectl could not read the cluster: ${firstLine(main.stderr)}${hint}`);
  }
  for (const kind of KUBECTL_OPTIONAL_KINDS) readKind(kind, true);
  if (local.length > 0)
    warnings.unshift(
      `not allowed to list ${local.join(', ')} in every namespace: read namespace ${options.namespace} only, so detections that rely on other namespaces may be missing`,
    );
  if (skipped.length > 0)
    warnings.unshift(`not allowed to list ${skipped.join(', ')}: skipped, so detections that rely on them may be missing`);
  return { inputs, warnings };
}
