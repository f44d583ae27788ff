// @vitest-environment node
/**
 * The golden walks named by issue 4, as Markdown files reviewed line by line against the sources
 * cited in them. A change to the data or the compiler that alters a walk shows up as a diff here.
 */
import { describe, expect, it } from 'vitest';
import { traceTranslator } from '../../src/i18n/trace-messages.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { compileWalk, type TraceOptions } from '../../src/trace/compile.ts';
import { buildTraceView, traceDocument, traceSequence } from '../../src/views/trace.ts';
import { traceData } from './trace-helpers.ts';

const GOLDEN_WALKS: { file: string; args: string[]; options: TraceOptions }[] = [
  {
    file: 'pod-to-service-iptables-flannel-vxlan',
    args: ['pod-to-service', '--proxy', 'iptables', '--cni', 'flannel:vxlan', '--cross-node'],
    options: { scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'flannel', mode: 'vxlan' }, crossNode: true },
  },
  {
    file: 'pod-to-service-ipvs-calico-bgp',
    args: ['pod-to-service', '--proxy', 'ipvs', '--cni', 'calico:bgp', '--cross-node'],
    options: { scenario: 'pod-to-service', proxy: 'ipvs', cni: { id: 'calico', mode: 'bgp' }, crossNode: true },
  },
  {
    file: 'pod-to-service-cilium-ebpf',
    args: ['pod-to-service', '--proxy', 'ebpf', '--cni', 'cilium:vxlan', '--cross-node'],
    options: { scenario: 'pod-to-service', proxy: 'ebpf', cni: { id: 'cilium', mode: 'vxlan' }, crossNode: true },
  },
  {
    // Cilium beside kube-proxy (kubeProxyReplacement=false): bpf_lxc still load-balances the ClusterIP per packet.
    file: 'pod-to-service-iptables-cilium-vxlan',
    args: ['pod-to-service', '--proxy', 'iptables', '--cni', 'cilium:vxlan', '--cross-node'],
    options: { scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'cilium', mode: 'vxlan' }, crossNode: true },
  },
  {
    // Cilium's NodePort in VXLAN tunnel mode: SNAT to the cilium_host address, the reply back through the tunnel.
    file: 'nodeport-cluster-ebpf-cilium-vxlan',
    args: ['nodeport', '--proxy', 'ebpf', '--cni', 'cilium:vxlan', '--cross-node'],
    options: { scenario: 'nodeport', proxy: 'ebpf', cni: { id: 'cilium', mode: 'vxlan' }, crossNode: true },
  },
  {
    file: 'pod-to-service-iptables-antrea-geneve',
    args: ['pod-to-service', '--proxy', 'iptables', '--cni', 'antrea:geneve', '--cross-node'],
    options: { scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'antrea', mode: 'geneve' }, crossNode: true },
  },
  {
    // Antrea's default proxy: AntreaProxy load-balances in OVS; kube-proxy is not on the path.
    file: 'pod-to-service-antrea-proxy-antrea-geneve',
    args: ['pod-to-service', '--cni', 'antrea', '--cross-node'],
    options: { scenario: 'pod-to-service', cni: { id: 'antrea' }, crossNode: true },
  },
  {
    // kube-router's default proxy: kube-router programs IPVS itself; kube-proxy is not on the path.
    file: 'pod-to-service-kube-router-proxy-kube-router-bgp',
    args: ['pod-to-service', '--cni', 'kube-router', '--proxy', 'kube-router-proxy', '--cross-node'],
    options: { scenario: 'pod-to-service', proxy: 'kube-router-proxy', cni: { id: 'kube-router' }, crossNode: true },
  },
  {
    file: 'nodeport-local-iptables-flannel-vxlan',
    args: ['nodeport', '--external-traffic-policy', 'local'],
    options: { scenario: 'nodeport', externalTrafficPolicy: 'local' },
  },
];

describe('golden walks', () => {
  const data = traceData();
  it.each(GOLDEN_WALKS)('$file', async ({ file, options }) => {
    const t = traceTranslator('en');
    const view = buildTraceView(compileWalk(data, options), 'en', t);
    await expect(renderDocumentAsMarkdown(traceDocument(view, t))).toMatchFileSnapshot(`../fixtures/trace/${file}.md`);
    await expect(traceSequence(view, t).toString()).toMatchFileSnapshot(`../fixtures/trace/${file}.mmd`);
  });
});
