/**
 * `k8snet reach` on a generated cluster: 500 workloads (Deployments) in 50 namespaces, 1,000
 * NetworkPolicies (20 per namespace: default denies, allows by Pod and namespace selectors, ports,
 * named ports, port ranges, ipBlocks with exceptions, egress) and a few admin policies (three
 * AdminNetworkPolicies with Allow, Deny and Pass, one BaselineAdminNetworkPolicy). The whole
 * connectivity list is 250,000 ordered workload pairs plus the external ranges.
 * Target: the full list (--format connlist) in at most 2 s and 500 MB, 1 s being the aim.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TIERS = ['web', 'api', 'worker', 'cache', 'db'];

export function generateReachCluster({ namespaces = 50, perNamespace = 10, policiesPerNamespace = 20 } = {}) {
  const items = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { team: `t${n % 10}`, env: n % 3 === 0 ? 'prod' : 'dev' } },
    });
    for (let w = 0; w < perNamespace; w++) {
      const tier = TIERS[w % TIERS.length];
      const app = `app-${w}`;
      items.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: app, namespace: ns },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app } },
          template: {
            metadata: { labels: { app, tier, ...(w % 4 === 0 ? { exposed: 'true' } : {}) } },
            spec: {
              containers: [
                {
                  name: 'main',
                  image: `registry.example.com/${app}:1.0`,
                  ports: [
                    { name: 'http', containerPort: 8080 + (w % 3) },
                    { name: 'metrics', containerPort: 9090 },
                    ...(tier === 'db' ? [{ name: 'sql', containerPort: 5432 }] : []),
                  ],
                },
              ],
            },
          },
        },
      });
    }
    const policies = [];
    const np = (name, spec) =>
      policies.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
    np('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    np('default-deny-egress-db', { podSelector: { matchLabels: { tier: 'db' } }, policyTypes: ['Egress'] });
    np('allow-same-namespace', { podSelector: { matchLabels: { tier: 'api' } }, ingress: [{ from: [{ podSelector: {} }] }] });
    np('allow-web-from-anywhere', {
      podSelector: { matchLabels: { tier: 'web' } },
      ingress: [
        { from: [{ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0', except: [`10.${n}.0.0/16`] } }], ports: [{ port: 'http' }] },
      ],
    });
    np('allow-db-from-api', {
      podSelector: { matchLabels: { tier: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ port: 5432 }] }],
    });
    np('allow-metrics', {
      podSelector: {},
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-0' } } }], ports: [{ port: 'metrics' }] },
      ],
    });
    np('allow-prod-cache', {
      podSelector: { matchLabels: { tier: 'cache' } },
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
              podSelector: { matchLabels: { tier: 'api' } },
            },
          ],
          ports: [{ port: 6379 }, { protocol: 'UDP', port: 7000, endPort: 7100 }],
        },
      ],
    });
    np('egress-db-dns', {
      podSelector: { matchLabels: { tier: 'db' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [{ protocol: 'UDP', port: 53 }],
        },
      ],
    });
    for (let p = policies.length; p < policiesPerNamespace; p++) {
      const target = `app-${p % perNamespace}`;
      np(`allow-${target}-${p}`, {
        podSelector: { matchLabels: { app: target } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { team: `t${(n + p) % 10}` } },
                podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
              },
              { ipBlock: { cidr: `192.168.${p}.0/24` } },
            ],
            ports: [{ port: 8080, endPort: 8082 }],
          },
        ],
      });
    }
    items.push(...policies);
  }
  const anp = (name, priority, spec) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name },
    spec: { priority, ...spec },
  });
  items.push(
    anp('deny-dev-to-prod', 10, {
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [
        {
          name: 'deny-from-dev',
          action: 'Deny',
          from: [{ namespaces: { matchLabels: { env: 'dev' } } }],
          ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }],
        },
      ],
    }),
    anp('allow-monitoring', 20, {
      subject: { namespaces: {} },
      ingress: [
        {
          name: 'allow-team-0-metrics',
          action: 'Allow',
          from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'team-0' } } }],
          ports: [{ namedPort: 'metrics' }],
        },
      ],
    }),
    anp('pass-same-team', 30, {
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { tier: 'worker' } } } },
      egress: [
        { name: 'pass-internal', action: 'Pass', to: [{ namespaces: {} }] },
        { name: 'deny-egress-outside', action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] },
      ],
    }),
    {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: {
        subject: { namespaces: {} },
        ingress: [{ name: 'baseline-deny-from-dev', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }],
      },
    },
  );
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

export async function cases({ bin, tmp }) {
  const node = process.execPath;
  const cluster = generateReachCluster();
  const file = join(tmp, 'reach-500.json');
  writeFileSync(file, JSON.stringify(cluster, null, 2));
  const workloads = cluster.items.filter((i) => i.kind === 'Deployment').length;
  const policies = cluster.items.filter((i) => i.kind === 'NetworkPolicy').length;
  return [
    {
      title: `Reach: ${workloads} workloads in 50 namespaces, ${policies} NetworkPolicies, 3 AdminNetworkPolicies and a baseline`,
      target: 'the full connectivity list (`--format connlist`, 250,000 workload pairs) in at most 2 s and 500 MB (aim: 1 s)',
      runs: 7,
      commands: [
        { label: '`node -e 0` (floor)', argv: [node, '-e', '0'] },
        { label: '`k8snet reach reach-500.json --format connlist`', argv: [node, bin, 'reach', file, '--format', 'connlist'] },
        { label: '`k8snet reach reach-500.json --format json`', argv: [node, bin, 'reach', file, '--format', 'json'] },
        {
          label: '`k8snet reach reach-500.json --from team-1/app-0 --to team-2/app-4 --port 5432`',
          argv: Object.assign([node, bin, 'reach', file, '--from', 'team-1/app-0', '--to', 'team-2/app-4', '--port', '5432'], {
            okExit: [1],
          }),
        },
        { label: '`k8snet reach reach-500.json --format mermaid`', argv: [node, bin, 'reach', file, '--format', 'mermaid'] },
      ],
    },
  ];
}
