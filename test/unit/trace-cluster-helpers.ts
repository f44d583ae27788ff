/**
 * Shared by the trace --cluster tests: the walks through real inputs (our fixtures, combined with
 * the shared corpus where the CNI's own manifest is there), compiled in-process as the command does.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { Cluster } from '../../src/cluster/cluster.ts';
import { readBuffers, readInputs } from '../../src/cluster/read.ts';
import { inspectCluster } from '../../src/inspect/inspect.ts';
import { bindClusterWalk, type ClusterBinding, type ClusterTraceRequest } from '../../src/trace/cluster/bind.ts';
import { type CompiledWalk, compileWalk } from '../../src/trace/compile.ts';
import type { ClusterViewInput } from '../../src/views/trace-cluster.ts';
import { ROOT } from '../helpers/cli.ts';
import { CORPUS } from '../helpers/emitted-mermaid.ts';
import { traceData } from './trace-helpers.ts';

export const FIXTURES = join(ROOT, 'test/fixtures/trace-cluster');

export interface ClusterWalkCase {
  /** Golden file name, and the test's name. */
  name: string;
  /** Input files: `corpus:` paths are in ../shared/corpus, the others in test/fixtures/trace-cluster. */
  inputs: string[];
  request: ClusterTraceRequest;
}

/** The stacks issue 12 asks for, each a golden walk. */
export const CLUSTER_WALKS: ClusterWalkCase[] = [
  {
    name: 'pod-to-service-iptables-flannel',
    inputs: ['kubeadm-flannel.yaml'],
    request: { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart' },
  },
  {
    name: 'pod-to-service-ipvs-calico-ipip',
    inputs: ['corpus:cni/calico.yaml', 'shop-calico.yaml', 'kube-proxy-ipvs.yaml'],
    request: { scenario: 'pod-to-service', from: 'shop/frontend', to: 'svc/shop/checkout' },
  },
  {
    name: 'pod-to-service-nftables-calico-vxlan',
    inputs: [
      'corpus:cni/calico-tigera-operator.yaml',
      'corpus:cni/calico-custom-resources.yaml',
      'shop-calico.yaml',
      'kube-proxy-nftables.yaml',
    ],
    request: { scenario: 'pod-to-service', from: 'shop/frontend', to: 'svc/shop/checkout' },
  },
  {
    name: 'pod-to-service-cilium-kube-proxy-replacement',
    inputs: ['shop-cilium.yaml', 'cilium-kpr.yaml'],
    request: { scenario: 'pod-to-service', from: 'demo/client', to: 'svc/demo/echo' },
  },
  {
    name: 'pod-to-service-iptables-cilium',
    inputs: ['shop-cilium.yaml', 'cilium-kube-proxy.yaml', 'kube-proxy-iptables.yaml'],
    request: { scenario: 'pod-to-service', from: 'demo/client', to: 'svc/demo/echo' },
  },
  {
    name: 'pod-to-service-iptables-aws-vpc-cni',
    inputs: ['corpus:cni/aws-vpc-cni.yaml', 'shop-aws.yaml', 'kube-proxy-iptables.yaml'],
    request: { scenario: 'pod-to-service', from: 'store/orders', to: 'svc/store/payments' },
  },
  {
    name: 'pod-to-service-iptables-kindnet',
    inputs: ['kind.yaml'],
    request: { scenario: 'pod-to-service', from: 'api', to: 'svc/db' },
  },
  {
    name: 'mesh-istio-sidecar-flannel',
    inputs: ['kubeadm-flannel.yaml', 'istio-sidecar.yaml'],
    request: { scenario: 'mesh', from: 'bookinfo/productpage-v1', to: 'svc/bookinfo/reviews' },
  },
  {
    name: 'mesh-istio-ambient-flannel',
    inputs: ['kubeadm-flannel.yaml', 'istio-ambient.yaml'],
    request: { scenario: 'mesh', from: 'ambient-demo/sleep', to: 'svc/ambient-demo/httpbin' },
  },
  {
    name: 'nodeport-local-ipvs-calico-ipip',
    inputs: ['corpus:cni/calico.yaml', 'shop-calico.yaml', 'kube-proxy-ipvs.yaml'],
    request: { scenario: 'nodeport', to: 'svc/shop/frontend-external' },
  },
  {
    name: 'ingress-ingress-nginx-flannel',
    inputs: ['kubeadm-flannel.yaml', 'corpus:ingress/ingress-nginx-cloud-deploy.yaml', 'shop-ingress.yaml'],
    request: { scenario: 'ingress', to: 'svc/shop/cart' },
  },
  {
    name: 'dns-iptables-flannel',
    inputs: ['kubeadm-flannel.yaml'],
    request: { scenario: 'dns', from: 'shop/web', to: 'svc/shop/cart' },
  },
];

export const usesCorpus = (c: ClusterWalkCase): boolean => c.inputs.some((i) => i.startsWith('corpus:'));

export function inputPaths(inputs: readonly string[]): string[] {
  return inputs.map((i) => (i.startsWith('corpus:') ? join(CORPUS, i.slice('corpus:'.length)) : join(FIXTURES, i)));
}

export interface ClusterWalk {
  binding: ClusterBinding;
  walk: CompiledWalk;
  view: ClusterViewInput;
}

/** Read, index, inspect, bind and compile, as `k8snet trace --cluster` does; `adjust` may change the options (a hand-built verdict). */
export async function clusterWalk(
  inputs: readonly string[],
  request: ClusterTraceRequest,
  options: { adjust?: (binding: ClusterBinding) => ClusterBinding; extra?: string } = {},
): Promise<ClusterWalk> {
  const { adjust, extra } = options;
  const paths = inputPaths(inputs);
  const read = await readInputs(paths, ROOT, () => Buffer.from(''));
  const more = extra ? (await readBuffers([{ file: 'extra.yaml', bytes: Buffer.from(extra) }])).objects : [];
  const cluster = new Cluster([...read.objects, ...more], (text) => parse(text, { uniqueKeys: false }));
  const bound = bindClusterWalk(traceData(), cluster, inspectCluster(cluster), request);
  const binding = adjust ? adjust(bound) : bound;
  return {
    binding,
    walk: compileWalk(traceData(), binding.options),
    view: {
      sources: inputs.map((i) => i.replace(/^corpus:/, '../shared/corpus/')),
      objects: read.objects.length + more.length,
      settings: binding.settings,
      endpoints: binding.endpoints,
      policyCount: binding.options.policy?.count ?? 0,
    },
  };
}
