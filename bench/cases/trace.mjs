/**
 * `k8snet trace`: the walk data is compiled at build time (dist/traces.json), so a trace should
 * start about as fast as the catalogue commands. Baseline: `k8snet compare kube-proxy cni`.
 * Target: each trace ≤ 1.3× that baseline.
 */
export async function cases({ bin }) {
  const node = process.execPath;
  return [
    {
      title: 'trace: one walk vs a catalogue command',
      target: 'k8snet trace ≤ 1.3× k8snet compare',
      runs: 15,
      commands: [
        { label: 'k8snet compare kube-proxy cni (baseline)', argv: [node, bin, 'compare', 'kube-proxy', 'cni'] },
        { label: 'k8snet trace pod-to-service --cross-node', argv: [node, bin, 'trace', 'pod-to-service', '--cross-node'] },
        { label: 'k8snet trace nodeport --format json', argv: [node, bin, 'trace', 'nodeport', '--format', 'json'] },
        {
          label: 'k8snet trace mesh --mesh istio:ambient --format mermaid',
          argv: [node, bin, 'trace', 'mesh', '--mesh', 'istio:ambient', '--format', 'mermaid'],
        },
      ],
    },
  ];
}
