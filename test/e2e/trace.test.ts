import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const GOLDEN: [string, string[]][] = [
  ['pod-to-service-iptables-flannel-vxlan', ['pod-to-service', '--proxy', 'iptables', '--cni', 'flannel:vxlan', '--cross-node']],
  ['pod-to-service-ipvs-calico-bgp', ['pod-to-service', '--proxy', 'ipvs', '--cni', 'calico:bgp', '--cross-node']],
  ['pod-to-service-cilium-ebpf', ['pod-to-service', '--proxy', 'ebpf', '--cni', 'cilium:vxlan', '--cross-node']],
  ['pod-to-service-iptables-antrea-geneve', ['pod-to-service', '--proxy', 'iptables', '--cni', 'antrea:geneve', '--cross-node']],
  ['nodeport-local-iptables-flannel-vxlan', ['nodeport', '--external-traffic-policy', 'local']],
];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/traces.json'))) throw new Error('run "npm run build" first (npm test does)');
});

describe('k8snet trace', () => {
  it.each(GOLDEN)('prints the golden walk %s', (file, args) => {
    const result = runCli(['trace', ...args, '--format', 'markdown', '--lang', 'en']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'test/fixtures/trace', `${file}.md`), 'utf8'));
    const diagram = runCli(['trace', ...args, '--format', 'mermaid', '--lang', 'en']);
    expect(diagram.stdout).toBe(readFileSync(join(ROOT, 'test/fixtures/trace', `${file}.mmd`), 'utf8'));
  });

  it('prints a table by default, in Chinese with --lang zh', () => {
    const result = runCli(['trace', 'dns', '--nodelocal', '--lang', 'zh']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('数据包路径: 通过 NodeLocal DNSCache 的 DNS 查询');
    expect(result.stdout).toContain('169.254.20.10');
  });

  it('prints the view model as JSON', () => {
    const result = runCli(['trace', 'mesh', '--mesh', 'istio-ambient:waypoint', '--cross-node', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as {
      view: string;
      walk: string;
      stack: { mesh: { name: string } };
      hops: { component: string }[];
    };
    expect(view.view).toBe('trace');
    expect(view.walk).toBe('mesh-waypoint');
    expect(view.stack.mesh.name).toBe('Istio ambient (ztunnel + waypoint)');
    expect(view.hops.map((h) => h.component)).toContain('waypoint (Envoy, L7)');
  });

  it.each([
    ['antrea', 'Antrea (Geneve encapsulation)', 'antrea-tun0'],
    ['antrea:noencap', 'Antrea (noEncap, routed)', 'antrea-gw0'],
    ['kube-ovn', 'Kube-OVN (Geneve overlay)', 'br-int (Geneve tunnel port)'],
    ['kube-router', 'kube-router (BGP routing, no encapsulation)', 'kube-bridge'],
  ])('traces pod-to-pod across nodes with --cni %s', (cni, name, device) => {
    const result = runCli(['trace', 'pod-to-pod', '--cni', cni, '--cross-node', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as { stack: { cni: { name: string } }; hops: { device: string }[] };
    expect(view.stack.cni.name).toBe(name);
    expect(view.hops.map((h) => h.device)).toContain(device);
  });

  it('draws a sequence diagram Mermaid parses', async () => {
    const result = runCli(['trace', 'ingress', '--ingress', 'envoy-gateway', '--cross-node', '--format', 'mermaid']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await expect(parseMermaid(result.stdout)).resolves.toBe('sequence');
  });

  it.each([
    [
      ['pod-to-service', '--proxy', 'ipvs', '--cni', 'cilium:kube-proxy-replacement'],
      "error: --proxy ipvs cannot be combined with cilium:kube-proxy-replacement: with the replacement, Cilium's eBPF programs handle Services and kube-proxy (and its ipvs rules) is not installed (https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/)\n",
    ],
    [
      ['pod-to-pod', '--cni', 'flannel:host-gw', '--cross-subnet'],
      "error: Flannel (host-gw) across L3 subnets: Flannel host-gw routes each node's subnet via that node's IP as the next hop, so every node must be directly reachable on the same L2 network; nodes in different L3 subnets need the vxlan backend (https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md#host-gw)\n",
    ],
    [
      ['pod-to-service', '--cni', 'kube-ovn'],
      "error: Kube-OVN (Geneve overlay), pod-to-service: Kube-OVN implements Services in OVN's embedded distributed load balancer (when that is turned off, Pod traffic to a Service goes through ovn0 to kube-proxy) and hands node-bound traffic between the host and the overlay through ovn0; these paths are not traced here yet. Traced for Kube-OVN: pod-to-pod, pod-to-external and mesh (https://github.com/kubeovn/kube-ovn/blob/master/README.md)\n",
    ],
    [
      ['pod-to-service', '--cni', 'antrea', '--proxy', 'nftables'],
      'error: Antrea (Geneve encapsulation) works with --proxy antrea-proxy, iptables, ipvs, none (https://github.com/antrea-io/antrea/blob/main/docs/design/architecture.md#clusterip-service)\n',
    ],
    [
      ['pod-to-service', '--proxy', 'antrea-proxy', '--cni', 'flannel'],
      "error: --proxy antrea-proxy is Antrea's own Service proxy, built into antrea-agent and load-balancing inside Antrea's OVS pipeline (--cni antrea); Flannel (VXLAN) has none (https://github.com/antrea-io/antrea/blob/main/docs/design/architecture.md#clusterip-service)\n",
    ],
    [
      ['pod-to-service', '--proxy', 'kube-router-proxy', '--cni', 'flannel'],
      "error: --proxy kube-router-proxy is kube-router's own IPVS Service proxy (kube-router --run-service-proxy), traced here only together with kube-router's Pod networking (--cni kube-router); Flannel (VXLAN) has none (https://github.com/cloudnativelabs/kube-router/blob/master/docs/user-guide.md#trying-kube-router-as-alternative-to-kube-proxy)\n",
    ],
    [['pod-to-pod', '--cni', 'flanel'], 'error: unknown component "flanel"; did you mean "flannel"? (run "k8snet list" to see them all)\n'],
    [['pod-to-pod', '--cni', 'kube-proxy'], 'error: --cni kube-proxy: "kube-proxy" is a service-proxy, not a cni-plugin\n'],
  ])('explains an impossible or unknown stack and exits 2: %j', (args, stderr) => {
    const result = runCli(['trace', ...args]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(2);
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('renders the walk to SVG with -o walk.svg', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'k8snet-trace-')), 'walk.svg');
    const result = runCli(['trace', 'nodeport', '--external-traffic-policy', 'local', '-o', file]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('rejects an unknown scenario in one line, with the scenarios (and a suggestion for a typo)', () => {
    const result = runCli(['trace', 'pod-to-moon']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: command-argument value 'pod-to-moon' is invalid for argument 'scenario'\. (Did you mean "pod-to-pod"\? )?Choose one of: pod-to-pod, pod-to-service, .*mesh\.\n$/,
    );
    expect(result.code).toBe(2);
    expect(runCli(['trace', 'pod-to-servce']).stderr).toMatch(/ Did you mean "pod-to-service"\? Choose one of: /);
  });
});
