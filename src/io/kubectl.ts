/**
 * Read a live cluster through `kubectl get … -o json`, with read-only verbs only (`get`), never
 * Secrets. The kinds inspect needs are fetched in one call; the API kinds that exist only when a
 * project installed its CRDs (Gateway API, Calico, MetalLB) are fetched one by one and skipped
 * when the cluster does not know them. A missing kubectl or an unreachable cluster is a one-line error.
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
] as const;

const UNKNOWN_TYPE = /doesn't have a resource type|the server could not find the requested resource|no matches for kind/i;

export interface KubectlOptions {
  context?: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface KubectlOutput {
  inputs: { file: string; bytes: Buffer }[];
  warnings: string[];
}

function run(
  args: readonly string[],
  options: KubectlOptions,
): { status: number | null; stdout: Buffer; stderr: string; missing: boolean } {
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

export function readFromKubectl(options: KubectlOptions): KubectlOutput {
  const main = run(['get', KUBECTL_KINDS.join(','), '--all-namespaces', '--output', 'json'], options);
  if (main.missing) throw new IoError('kubectl not found on PATH; install it, or give inspect manifest files instead');
  if (main.status !== 0) throw new IoError(`kubectl could not read the cluster: ${firstLine(main.stderr)}`);
  const inputs = [{ file: 'kubectl', bytes: main.stdout }];
  const warnings: string[] = [];
  for (const kind of KUBECTL_OPTIONAL_KINDS) {
    const result = run(['get', kind, '--all-namespaces', '--output', 'json'], options);
    if (result.status === 0) inputs.push({ file: `kubectl:${kind.split('.')[0]}`, bytes: result.stdout });
    else if (!UNKNOWN_TYPE.test(result.stderr)) warnings.push(`kubectl get ${kind}: ${firstLine(result.stderr)}`);
  }
  return { inputs, warnings };
}
