/**
 * `k8snet inspect` on a generated cluster of 20,000 objects (Pods, Services, EndpointSlices, Nodes)
 * written at bench time as one `kubectl get -o json` List, plus the same cluster as multi-document
 * YAML. Target: under 2 s and 400 MB peak for inspect with the Mermaid diagram.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 200 Nodes, 40 namespaces × 100 Services, 4,000 EndpointSlices, 11,800 Pods: 20,000 objects. */
export function generateCluster({ nodes = 200, namespaces = 40, servicesPerNamespace = 100, pods = 11_800 } = {}) {
  const items = [];
  for (let n = 0; n < nodes; n++) {
    items.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${n}`, labels: { 'kubernetes.io/hostname': `node-${n}` } },
      spec: { podCIDR: `10.${100 + Math.floor(n / 250)}.${n % 250}.0/24`, podCIDRs: [`10.${100 + Math.floor(n / 250)}.${n % 250}.0/24`] },
      status: { addresses: [{ type: 'InternalIP', address: `192.168.${Math.floor(n / 250)}.${n % 250}` }] },
    });
  }
  const services = namespaces * servicesPerNamespace;
  for (let s = 0; s < services; s++) {
    const ns = `team-${Math.floor(s / servicesPerNamespace)}`;
    const app = `app-${s % servicesPerNamespace}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, namespace: ns, uid: `svc-${s}` },
      spec: {
        type: s % 50 === 0 ? 'LoadBalancer' : 'ClusterIP',
        clusterIP: `10.96.${Math.floor(s / 250)}.${s % 250}`,
        selector: { app },
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    });
    items.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${app}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': app } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [`10.100.${Math.floor(s / 250)}.${s % 250}`], conditions: { ready: true }, nodeName: `node-${s % nodes}` }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
  }
  for (let p = 0; p < pods; p++) {
    const s = p % services;
    const ns = `team-${Math.floor(s / servicesPerNamespace)}`;
    const app = `app-${s % servicesPerNamespace}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-7d9f8-${p}`,
        namespace: ns,
        labels: { app, 'pod-template-hash': '7d9f8' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-7d9f8`, uid: `rs-${s}`, controller: true }],
      },
      spec: {
        nodeName: `node-${p % nodes}`,
        containers: [{ name: app, image: `registry.example.com/${app}:1.0`, ports: [{ containerPort: 8080 }] }],
      },
      status: { phase: 'Running', podIP: `10.100.${Math.floor(p / 250)}.${p % 250}` },
    });
  }
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

export async function cases({ bin, tmp }) {
  const node = process.execPath;
  const cluster = generateCluster();
  const json = join(tmp, 'cluster-20k.json');
  writeFileSync(json, JSON.stringify(cluster, null, 2));
  const { stringify } = await import('yaml');
  const yamlFile = join(tmp, 'cluster-20k.yaml');
  writeFileSync(yamlFile, cluster.items.map((item) => stringify(item)).join('---\n'));
  return [
    {
      title: `Inspect: a generated cluster of ${cluster.items.length} objects`,
      target: '`inspect --format mermaid` under 2 s and 400 MB peak',
      runs: 7,
      commands: [
        { label: '`node -e 0` (floor)', argv: [node, '-e', '0'] },
        { label: '`k8snet inspect cluster-20k.json --format mermaid`', argv: [node, bin, 'inspect', json, '--format', 'mermaid'] },
        { label: '`k8snet inspect cluster-20k.json` (table)', argv: [node, bin, 'inspect', json] },
        { label: '`k8snet inspect cluster-20k.json --format json`', argv: [node, bin, 'inspect', json, '--format', 'json'] },
        {
          label: '`k8snet inspect cluster-20k.yaml --format mermaid` (multi-document YAML)',
          argv: [node, bin, 'inspect', yamlFile, '--format', 'mermaid'],
        },
      ],
    },
  ];
}
