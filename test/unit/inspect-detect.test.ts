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
    expect(findingKeys(result)).toEqual([
      'service-proxy cilium-kube-proxy-replacement replacement',
      'cni cilium primary',
      'policy-enforcer cilium primary',
    ]);
    expect(detailsOf(result, 'cilium', 'cni')).toEqual(['routing=native', 'ipam=cluster-pool', 'podCidr=10.0.0.0/8', 'version=v1.16.1']);
  });

  it('reports kube-router --run-service-proxy as a replacement and kube-router as the CNI', async () => {
    const { result } = await inspect('kube-router-proxy.yaml');
    expect(findingKeys(result)).toEqual([
      'service-proxy kube-router replacement',
      'cni kube-router primary',
      'policy-enforcer kube-router primary',
    ]);
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
    expect(findingKeys(result)).toEqual(['cni calico primary', 'cni multus helper', 'policy-enforcer calico primary']);
    expect(detailsOf(result, 'calico', 'cni')).toEqual([
      'podCidr=172.16.0.0/16',
      'encapsulation=CALICO_IPV4POOL_VXLAN=Always',
      'version=v3.28.0',
    ]);
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
    expect(findingKeys(result)).toEqual([
      'ingress ingress-nginx config-only',
      'network-policy network-policy primary',
      'policy-enforcer network-policy unknown',
    ]);
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

describe('policy enforcer', () => {
  const enforcers = (result: Awaited<ReturnType<typeof inspectInline>>) => result.findings.filter((f) => f.concern === 'policy-enforcer');
  const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: {} };

  it('finds kube-router with --run-firewall=true, which inspect used to miss', async () => {
    const { result } = await inspect('kube-router-proxy.yaml');
    const [finding] = result.findings.filter((f) => f.concern === 'policy-enforcer');
    expect(finding).toMatchObject({ id: 'kube-router', role: 'primary', confidence: 'high', policyApis: { networkPolicy: true } });
    expect(finding?.details).toContainEqual({ key: 'setting', value: '--run-firewall=true' });
    expect(finding?.evidence).toContainEqual({
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'kube-router',
      path: 'spec.template.spec.containers[0].args[1]',
      value: '--run-firewall=true',
    });
  });

  it('reads kube-router’s default (on) and a firewall switched off, whatever the objects are called', async () => {
    const image = 'docker.io/cloudnativelabs/kube-router:v2.2.0';
    const bare = await inspectInline([daemonSet('net', 'infra', { image, args: ['--run-router=true'] })]);
    expect(enforcers(bare)[0]).toMatchObject({ id: 'kube-router', role: 'primary', policyApis: { networkPolicy: true } });
    expect(detailsOf(bare, 'kube-router', 'policy-enforcer')).toEqual(['setting=--run-firewall=true (byDefault)', 'version=v2.2.0']);
    const off = await inspectInline([daemonSet('net', 'infra', { image, args: ['--run-firewall', 'false'] })]);
    expect(enforcers(off)[0]).toMatchObject({ id: 'kube-router', role: 'disabled', policyApis: { networkPolicy: false } });
  });

  it('reads Cilium’s policy enforcement mode from its ConfigMap key or agent flag', async () => {
    const agent = daemonSet('agent', 'net', { image: 'quay.io/cilium/cilium:v1.18.0' });
    const config = (mode: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'net' },
      data: { 'enable-policy': mode },
    });
    const never = await inspectInline([agent, config('never')]);
    expect(enforcers(never)[0]).toMatchObject({ id: 'cilium', role: 'disabled' });
    expect(enforcers(never)[0]?.evidence).toContainEqual({
      kind: 'ConfigMap',
      namespace: 'net',
      name: 'c',
      path: 'data.enable-policy',
      value: 'never',
    });
    const always = await inspectInline([
      daemonSet('agent', 'net', { image: 'quay.io/cilium/cilium:v1.18.0', args: ['--enable-policy=always'] }),
    ]);
    expect(enforcers(always)[0]).toMatchObject({ role: 'primary', policyApis: { networkPolicy: true } });
  });

  it('tells kube-network-policies’ image flavours apart, and reads the flags of the old single image', async () => {
    const knp = (tag: string, args: string[] = []) =>
      inspectInline([daemonSet('np', 'kube-system', { image: `registry.k8s.io/networking/kube-network-policies:${tag}`, args })]);
    expect(enforcers(await knp('v1.1.1'))[0]).toMatchObject({
      id: 'kube-network-policies',
      policyApis: { adminNetworkPolicy: false, clusterNetworkPolicy: false },
    });
    const cnp = await knp('v1.1.1-npa-v1alpha2');
    expect(enforcers(cnp)[0]?.policyApis).toEqual({ adminNetworkPolicy: false, clusterNetworkPolicy: true });
    expect(detailsOf(cnp, 'kube-network-policies')).toEqual(['mode=npa-v1alpha2', 'version=v1.1.1-npa-v1alpha2']);
    const legacy = await knp('v0.8.1', ['--admin-network-policy=true', '--baseline-admin-network-policy=true']);
    expect(enforcers(legacy)[0]?.policyApis).toEqual({ adminNetworkPolicy: true, clusterNetworkPolicy: false });
  });

  it('takes the VPC CNI’s version for its network policy agent, and sees enforcement switched on', async () => {
    const result = await inspectInline([
      daemonSet('node', 'kube-system', { image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0' }),
      daemonSet('agent', 'kube-system', {
        image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.2.0',
        args: ['--enable-network-policy=true'],
      }),
    ]);
    expect(enforcers(result)[0]).toMatchObject({ id: 'aws-vpc-cni', role: 'primary', policyApis: { networkPolicy: true } });
    expect(detailsOf(result, 'aws-vpc-cni', 'policy-enforcer')).toEqual(['setting=--enable-network-policy=true', 'version=v1.19.0']);
  });

  it('finds weave-npc, Kube-OVN’s controller (not its other components) and kindnetd, confident only when its flag says so', async () => {
    const weave = await inspectInline([daemonSet('w', 'kube-system', { image: 'weaveworks/weave-npc:2.8.1' })]);
    expect(findingKeys(weave)).toContain('policy-enforcer weave-net primary');
    const ovn = await inspectInline([
      daemonSet('cni', 'kube-system', { image: 'kubeovn/kube-ovn:v1.15.0', command: ['bash', '/kube-ovn/start-cniserver.sh'] }),
    ]);
    expect(enforcers(ovn)).toEqual([]);
    const controller = await inspectInline([
      daemonSet('ctl', 'kube-system', {
        image: 'kubeovn/kube-ovn:v1.15.0',
        command: ['/kube-ovn/start-controller.sh'],
        args: ['--enable-anp=true'],
      }),
    ]);
    expect(enforcers(controller)[0]).toMatchObject({ id: 'kube-ovn', policyApis: { networkPolicy: true, adminNetworkPolicy: true } });
    const image = 'docker.io/kindest/kindnetd:v20250512-df8de77b';
    expect(enforcers(await inspectInline([daemonSet('k', 'kube-system', { image })]))[0]?.confidence).toBe('low');
    const flagged = await inspectInline([daemonSet('k', 'kube-system', { image, args: ['--network-policy=true'] })]);
    expect(enforcers(flagged)[0]).toMatchObject({ id: 'kindnet', confidence: 'high' });
  });

  it('reads Antrea’s admin policy feature gates from antrea-controller.conf', async () => {
    const result = await inspectInline([
      daemonSet('a', 'kube-system', { image: 'antrea/antrea-agent-ubuntu:v2.7.0', command: ['antrea-agent'] }),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cfg', namespace: 'kube-system' },
        data: { 'antrea-controller.conf': 'featureGates:\n  ClusterNetworkPolicy: true\n' },
      },
    ]);
    expect(enforcers(result)[0]?.policyApis).toEqual({ adminNetworkPolicy: false, clusterNetworkPolicy: true });
    expect(enforcers(result)[0]?.evidence).toContainEqual({
      kind: 'ConfigMap',
      namespace: 'kube-system',
      name: 'cfg',
      path: 'data["antrea-controller.conf"] → featureGates.ClusterNetworkPolicy',
      value: 'true',
    });
  });

  it('says when the input has policies and nothing that enforces them, and stays quiet without policies', async () => {
    const flannel = daemonSet('f', 'kube-flannel', { image: 'ghcr.io/flannel-io/flannel:v0.28.9' });
    const result = await inspectInline([flannel, policy]);
    expect(enforcers(result)).toEqual([
      {
        concern: 'policy-enforcer',
        id: 'network-policy',
        role: 'unknown',
        confidence: 'low',
        details: [],
        evidence: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'deny', path: 'apiVersion', value: 'networking.k8s.io/v1' }],
      },
    ]);
    expect(enforcers(await inspectInline([flannel]))).toEqual([]);
    // An init container with the agent's image is not the agent.
    const init = await inspectInline([
      daemonSet('c', 'kube-system', { image: 'busybox' }, { initContainers: [{ name: 'i', image: 'quay.io/calico/node:v3.30.0' }] }),
    ]);
    expect(enforcers(init)).toEqual([]);
  });
});
