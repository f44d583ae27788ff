/** The detectors on small fixtures, one situation each (test/fixtures/inspect/). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inspectObjects } from '../../src/inspect/inspect.ts';
import { isPlaceholder } from '../../src/cluster/placeholders.ts';
import { readBuffers } from '../../src/cluster/read.ts';
import { ROOT } from '../helpers/cli.ts';
import { detailsOf, findingKeys, inspectPaths } from './inspect-helpers.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'inspect');
const inspect = (...files: string[]) => inspectPaths(files, FIXTURES);

describe('service proxy', () => {
  it('finds kube-proxy by image and reads its mode from a KubeProxyConfiguration in any ConfigMap', async () => {
    const { result } = await inspect('kube-proxy-ipvs.yaml');
    expect(findingKeys(result)).toContain('service-proxy kube-proxy primary');
    expect(detailsOf(result, 'kube-proxy')).toEqual(['mode=ipvs', 'podCidr=10.244.0.0/16', 'version=v1.31.0']);
    const finding = result.findings.find((f) => f.id === 'kube-proxy');
    expect(finding?.evidence).toContainEqual({
      kind: 'ConfigMap',
      namespace: 'kube-system',
      name: 'proxy-settings',
      path: 'data["settings.yaml"] → mode',
      value: '"ipvs"',
    });
  });

  it('reports Cilium replacing kube-proxy from a renamed ConfigMap, with its routing mode', async () => {
    const { result } = await inspect('cilium-kpr.yaml');
    expect(findingKeys(result)).toEqual(['service-proxy cilium-kube-proxy-replacement replacement', 'cni cilium primary']);
    expect(detailsOf(result, 'cilium')).toEqual(['routing=native', 'ipam=cluster-pool', 'podCidr=10.0.0.0/8', 'version=v1.16.1']);
  });

  it('reports kube-router --run-service-proxy as a replacement and kube-router as the CNI', async () => {
    const { result } = await inspect('kube-router-proxy.yaml');
    expect(findingKeys(result)).toEqual(['service-proxy kube-router replacement', 'cni kube-router primary']);
    expect(detailsOf(result, 'kube-router')).toContain('replacesKubeProxy=--run-service-proxy=true');
  });

  it('does not guess a mode without evidence', async () => {
    const { result } = await inspect('kube-router-proxy.yaml', 'kube-proxy-ipvs.yaml');
    expect(result.findings.filter((f) => f.concern === 'service-proxy')).toHaveLength(2);
  });
});

describe('CNI', () => {
  it('keeps Multus as a helper next to the primary CNI', async () => {
    const { result } = await inspect('multus-calico.yaml');
    expect(findingKeys(result)).toEqual(['cni calico primary', 'cni multus helper']);
    expect(detailsOf(result, 'calico')).toEqual(['podCidr=172.16.0.0/16', 'encapsulation=CALICO_IPV4POOL_VXLAN=Always', 'version=v3.28.0']);
  });

  it('reports an unknown CNI with the DaemonSet that installs it', async () => {
    const { result } = await inspect('unknown-cni.yaml');
    expect(findingKeys(result)).toEqual(['cni cni unknown acme-system/acme-netd']);
    expect(result.findings[0]?.evidence[0]).toEqual({
      kind: 'DaemonSet',
      namespace: 'acme-system',
      name: 'acme-netd',
      path: 'spec.template.spec.volumes[0].hostPath.path',
      value: '/etc/cni/net.d',
    });
  });
});

describe('DNS', () => {
  it('finds the cluster DNS Service by selector, whatever its name', async () => {
    const { result } = await inspect('kube-proxy-ipvs.yaml');
    expect(detailsOf(result, 'coredns')).toEqual(['version=v1.11.3', 'serviceIp=10.96.0.10']);
  });

  it('does not take NodeLocal DNSCache’s upstream Service for the cluster DNS Service', async () => {
    const { result } = await inspect('nodelocal-dns.yaml');
    expect(findingKeys(result)).toEqual(['dns coredns primary', 'dns nodelocal-dnscache helper']);
    expect(detailsOf(result, 'coredns')).toContain('serviceIp=10.96.0.10');
    expect(detailsOf(result, 'nodelocal-dnscache')).toEqual([
      'version=1.23.1',
      'localIp=169.254.20.10,10.96.0.10',
      'upstreamService=a-dns-upstream',
    ]);
  });
});

describe('mesh and workloads', () => {
  it('finds Linkerd sidecars in a kubectl PodList whose items have no kind', async () => {
    const { result, read } = await inspect('pod-list.json');
    expect(read.objects.map((o) => o.kind)).toEqual(['Pod', 'Pod']);
    expect(findingKeys(result)).toEqual(['service-mesh linkerd data-plane']);
    expect(result.topology.workloads).toEqual([
      { key: 'shop/ReplicaSet/web-6c9f8', namespace: 'shop', kind: 'ReplicaSet', name: 'web-6c9f8', pods: 2 },
    ]);
  });

  it('reads helm template output and the injection annotation', async () => {
    const { result, read } = await inspect('helm-template.yaml');
    expect(read.warnings).toEqual([]);
    expect(findingKeys(result)).toEqual(['service-mesh linkerd data-plane']);
    expect(result.topology.services[0]).toMatchObject({
      name: 'demo',
      type: 'NodePort',
      ports: ['80/TCP→http (node 30080)'],
      workloads: ['default/Deployment/demo'],
    });
  });

  it('joins Ingress → Service → workloads and EndpointSlices, and lists NetworkPolicies', async () => {
    const { result } = await inspect('shop-app.yaml');
    expect(findingKeys(result)).toEqual(['ingress ingress-nginx config-only', 'network-policy network-policy primary']);
    const api = result.topology.services.find((s) => s.name === 'api');
    expect(api).toMatchObject({ endpoints: 2, workloads: ['shop/ReplicaSet/api-7d9f'] });
    expect(result.topology.entries[0]?.backends).toEqual([
      { host: 'shop.example.com', path: '/', service: 'web', port: '80' },
      { host: 'shop.example.com', path: '/api', service: 'api', port: '8080' },
    ]);
  });
});

/** Inspect objects given inline, as one JSON List. */
async function inspectInline(items: object[]) {
  const read = await readBuffers([{ file: 'inline.json', bytes: Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'List', items })) }]);
  return inspectObjects(read.objects, (text) => parse(text));
}

const daemonSet = (name: string, namespace: string, container: object, extra: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace },
  spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, ...container }], ...extra } } },
});

describe('inline situations', () => {
  it('reads the kube-proxy mode from --proxy-mode, and says unknown without evidence', async () => {
    const flagged = await inspectInline([
      daemonSet('kp', 'kube-system', { image: 'registry.k8s.io/kube-proxy:v1.33.1', command: ['kube-proxy', '--proxy-mode', 'nftables'] }),
    ]);
    expect(detailsOf(flagged, 'kube-proxy')).toEqual(['mode=nftables', 'version=v1.33.1']);
    const bare = await inspectInline([daemonSet('kp', 'kube-system', { image: 'registry.k8s.io/kube-proxy:v1.33.1' })]);
    expect(detailsOf(bare, 'kube-proxy')).toEqual(['mode= (unknown)', 'version=v1.33.1']);
  });

  it('finds Istio ambient from ztunnel and the namespace label, and Istio CNI is never the primary CNI', async () => {
    const result = await inspectInline([
      daemonSet('ztunnel', 'istio-system', { image: 'docker.io/istio/ztunnel:1.23.0' }),
      daemonSet(
        'istio-cni-node',
        'istio-system',
        { image: 'docker.io/istio/install-cni:1.23.0' },
        { volumes: [{ name: 'cni', hostPath: { path: '/etc/cni/net.d' } }] },
      ),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } } },
    ]);
    expect(findingKeys(result)).toEqual(['service-mesh istio data-plane', 'service-mesh istio-ambient control-plane']);
    expect(detailsOf(result, 'istio-ambient')).toEqual(['injection=1', 'version=1.23.0']);
  });

  it('reads Calico IPPools and the operator Installation with BGP', async () => {
    const result = await inspectInline([
      {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'IPPool',
        metadata: { name: 'default' },
        spec: { cidr: '10.42.0.0/16', ipipMode: 'CrossSubnet', vxlanMode: 'Never' },
      },
      {
        apiVersion: 'operator.tigera.io/v1',
        kind: 'Installation',
        metadata: { name: 'default' },
        spec: { calicoNetwork: { bgp: 'Enabled', linuxDataplane: 'BPF' } },
      },
    ]);
    expect(detailsOf(result, 'calico')).toEqual([
      'bgp=Enabled',
      'dataplane=BPF',
      'podCidr=10.42.0.0/16',
      'encapsulation=ipipMode=CrossSubnet',
      'encapsulation=vxlanMode=Never',
    ]);
  });

  it('names MetalLB L2 mode and its pools', async () => {
    const result = await inspectInline([
      {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'IPAddressPool',
        metadata: { name: 'lan', namespace: 'metallb-system' },
        spec: { addresses: ['192.168.1.240-192.168.1.250'] },
      },
      { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2', namespace: 'metallb-system' } },
    ]);
    expect(detailsOf(result, 'metallb')).toEqual(['mode=L2', 'addressPools=lan: 192.168.1.240-192.168.1.250']);
  });

  it('gives Contour the IngressClass it serves by name (--ingress-class-name, else "contour"), whatever its controller field', async () => {
    const contour = (args: string[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'contour', namespace: 'projectcontour' },
      spec: { template: { spec: { containers: [{ name: 'contour', image: 'ghcr.io/projectcontour/contour:v1.30.0', args }] } } },
    });
    const shutdownManager = daemonSet('envoy', 'projectcontour', {
      image: 'ghcr.io/projectcontour/contour:v1.30.0',
      args: ['envoy', 'shutdown-manager'],
    });
    const ingressClass = (name: string, controller: string) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name },
      spec: { controller },
    });
    const plain = await inspectInline([contour(['serve']), shutdownManager, ingressClass('contour', 'example.com/anything')]);
    expect(findingKeys(plain)).toEqual(['ingress contour primary']);
    expect(detailsOf(plain, 'contour')).toEqual(['ingressClass=contour', 'version=v1.30.0']);
    expect(plain.findings[0]?.evidence).toContainEqual(expect.objectContaining({ kind: 'IngressClass', path: 'metadata.name' }));

    const flagged = await inspectInline([
      contour(['serve', '--ingress-class-name=internal']),
      shutdownManager,
      ingressClass('internal', 'example.com/anything'),
      ingressClass('contour', 'k8s.io/ingress-nginx'),
    ]);
    expect(detailsOf(flagged, 'contour')).toEqual(['setting=--ingress-class-name=internal', 'ingressClass=internal', 'version=v1.30.0']);
    expect(findingKeys(flagged)).toContain('ingress ingress-nginx config-only');
  });

  it('names the Gateway API implementation from the GatewayClass controller', async () => {
    const result = await inspectInline([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'eg' },
        spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'edge', namespace: 'infra' },
        spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'shop', namespace: 'shop' },
        spec: {
          parentRefs: [{ name: 'edge', namespace: 'infra' }],
          hostnames: ['shop.example.com'],
          rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
        },
      },
    ]);
    expect(findingKeys(result)).toEqual(['gateway-api envoy-gateway primary']);
    expect(detailsOf(result, 'envoy-gateway')).toEqual([
      'gatewayClass=eg',
      'controllerName=gateway.envoyproxy.io/gatewayclass-controller',
      'gateways=infra/edge',
      'routes=1',
    ]);
    expect(result.topology.entries.map((e) => `${e.kind} ${e.namespace}/${e.name} via ${e.via.join(',')}`)).toEqual([
      'Gateway infra/edge via eg',
      'HTTPRoute shop/shop via infra/edge',
    ]);
  });
});

describe('placeholders', () => {
  it.each(['CLUSTER_DNS_IP', '$DNS_SERVER_IP', `$${'{'}POD_CIDR}`, '__PILLAR__DNS__SERVER__', '{{ .Values.ip }}', '%s.dkr.ecr'])(
    '%s is a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );
  it.each(['10.96.0.10', 'cluster.local', 'vxlan', 'kube-dns', 'v1.11.4-eksbuild.33'])('%s is a value', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});
