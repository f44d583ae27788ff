/** The main job against the floor: how much a k8snet call costs over starting Node at all. */
export async function cases({ bin }) {
  const node = process.execPath;
  return [
    {
      title: 'Startup: the main job against the floor',
      target: '`k8snet compare kube-proxy cni` at most 1.5× `node -e 0`',
      runs: 25,
      commands: [
        { label: '`node -e 0` (floor)', argv: [node, '-e', '0'] },
        { label: '`k8snet compare kube-proxy cni`', argv: [node, bin, 'compare', 'kube-proxy', 'cni'] },
        { label: '`k8snet compare kube-proxy cni --format json`', argv: [node, bin, 'compare', 'kube-proxy', 'cni', '--format', 'json'] },
        { label: '`k8snet layers --format mermaid`', argv: [node, bin, 'layers', '--format', 'mermaid'] },
        { label: '`k8snet --version`', argv: [node, bin, '--version'] },
      ],
    },
  ];
}
