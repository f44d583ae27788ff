/** The reach view: both languages, enforcement from catalogue facts, lint findings, documents, connlist and the graph. */
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import type { Entry } from '../../src/catalogue/schema.ts';
import { ALL_REACH_MESSAGES, reachTranslator } from '../../src/i18n/reach-messages.ts';
import { POLICY_WARNING_CODES } from '../../src/policy/warnings.ts';
import { LINT_CODES } from '../../src/policy/lint.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { reachConnlist, reachDocument } from '../../src/views/reach.ts';
import { reachFlowchart } from '../../src/views/reach-diagram.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.ts';
import { reachSources } from '../helpers/emitted-mermaid.ts';
import { diagramTexts, parseMermaid } from '../helpers/mermaid.ts';
import { objectsFromFiles } from './reach-helpers.ts';
import { builtinData, objectsFromYaml, reachOf } from './reach-helpers.ts';

const FLANNEL = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: kube-flannel-ds, namespace: kube-flannel }
spec:
  template:
    metadata: { labels: { app: flannel } }
    spec:
      hostNetwork: true
      containers: [{ name: kube-flannel, image: "ghcr.io/flannel-io/flannel:v0.26.1" }]
`;

const CALICO = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: calico-node, namespace: kube-system }
spec:
  template:
    metadata: { labels: { k8s-app: calico-node } }
    spec:
      hostNetwork: true
      containers: [{ name: calico-node, image: "docker.io/calico/node:v3.29.1" }]
`;

const SHOP = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres, ports: [{ name: sql, containerPort: 5432 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { selector: { app: db }, ports: [{ port: 5432, targetPort: sql }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: sql }, { port: postgres }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-egress, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress:
    - to: [{ podSelector: { matchLabels: { app: db } } }]
    - to: [{ podSelector: { matchLabels: { app: cache } } }]
    - to: [{ ipBlock: { cidr: 10.96.0.0/16 } }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: nothing, namespace: shop }
spec: { podSelector: { matchLabels: { app: gone } } }
---
apiVersion: v1
kind: Service
metadata: { name: kube-dns, namespace: kube-system }
spec: { clusterIP: 10.96.0.10, selector: { k8s-app: kube-dns }, ports: [{ name: dns, port: 53, protocol: UDP }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-proxy, namespace: kube-system }
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    clusterCIDR: 10.244.0.0/16
`;

/** The shipped catalogue with `policy` facts on Flannel and Calico (as the catalogue will carry them). */
function catalogueWithFacts(): Catalogue {
  const data = builtinData();
  const withPolicy = (id: string, policy: Entry['policy']): Entry => ({ ...(data.entries.find((e) => e.id === id) as Entry), policy });
  return new Catalogue({
    ...data,
    entries: [
      ...data.entries.filter((e) => e.id !== 'flannel' && e.id !== 'calico'),
      withPolicy('flannel', { networkPolicy: { support: 'none', source: 'https://github.com/flannel-io/flannel/blob/master/README.md' } }),
      withPolicy('calico', {
        networkPolicy: {
          support: 'enforced',
          enforcer: { en: 'Felix in calico-node', zh: 'calico-node 中的 Felix' },
          source: 'https://docs.tigera.io/calico/latest/network-policy/',
        },
      }),
    ],
  });
}

describe('reach strings', () => {
  it('exist, non-empty, in both languages, and the Chinese is Chinese', () => {
    const { en, zh } = ALL_REACH_MESSAGES;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const sameInBoth = new Set([
      'pairTitle',
      'apiNetworkPolicy',
      'apiAdminNetworkPolicy',
      'apiClusterNetworkPolicy',
      'layerNetworkPolicy',
      'notReachable',
    ]);
    for (const [k, v] of Object.entries(zh)) {
      expect(v.trim(), k).not.toBe('');
      if (!sameInBoth.has(k)) expect(v, k).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const code of LINT_CODES) expect(en[`lint.${code}`]).toBeDefined();
    for (const code of POLICY_WARNING_CODES) expect(en[`warn.${code}`]).toBeDefined();
  });
});

describe('enforcement by the data plane', () => {
  it('Flannel alone enforces nothing; the finding says so, with its source', async () => {
    const { view } = reachOf(await objectsFromYaml(`${SHOP}---${FLANNEL}`), {}, { catalogue: catalogueWithFacts() });
    expect(view.enforcement.rows).toEqual([
      expect.objectContaining({
        api: 'networkPolicy',
        component: { id: 'flannel', name: 'Flannel' },
        support: 'none',
        source: expect.stringContaining('flannel'),
      }),
    ]);
    expect(view.enforcement.overall[0]?.verdict).toBe('none');
    expect(view.enforcement.overall[0]?.text).toContain('NOT enforced');
  });

  it('Calico enforces NetworkPolicy with Felix; its admin-policy support is unknown to the catalogue here', async () => {
    const anp = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: a }
spec: { priority: 1, subject: { namespaces: {} } }
`;
    const { view } = reachOf(await objectsFromYaml(`${SHOP}---${CALICO}${anp}`), {}, { catalogue: catalogueWithFacts(), lang: 'zh' });
    expect(view.enforcement.overall.map((o) => [o.api, o.verdict])).toEqual([
      ['networkPolicy', 'enforced'],
      ['adminNetworkPolicy', 'unknown'],
    ]);
    expect(view.enforcement.rows.find((r) => r.api === 'networkPolicy')?.enforcer).toBe('calico-node 中的 Felix');
    expect(view.enforcement.rows.find((r) => r.api === 'adminNetworkPolicy')?.note).toContain('目录中没有记载');
  });

  it('says the enforcement is unknown when the input shows no CNI', async () => {
    const { view } = reachOf(await objectsFromYaml(SHOP));
    expect(view.enforcement.rows).toEqual([expect.objectContaining({ component: null, support: 'unknown' })]);
  });
});

describe('lint findings', () => {
  it('names policies selecting nothing, dead peers, missing named ports, blocked DNS and ipBlocks over cluster CIDRs', async () => {
    const { view } = reachOf(await objectsFromYaml(SHOP));
    const byCode = (code: string) => view.findings.filter((f) => f.code === code).map((f) => f.text);
    expect(byCode('policySelectsNothing')).toEqual([
      'NetworkPolicy shop/nothing selects no Pod of the input (subject: podSelector app=gone).',
    ]);
    expect(byCode('peerMatchesNothing')).toEqual([
      'NetworkPolicy shop/web-egress, egress rule #2: the peer (podSelector app=cache) matches no Pod of the input.',
    ]);
    expect(byCode('namedPortMissing')).toEqual([
      'NetworkPolicy shop/db-from-web, ingress rule #1: named port "postgres" is not a container port of shop/db[StatefulSet], so the rule admits nothing there.',
    ]);
    expect(byCode('dnsBlocked')[0]).toContain('shop/web[Deployment] cannot reach the cluster DNS (kube-system/kube-dns) on UDP 53');
    expect(byCode('ipBlockOverlapsCluster')).toEqual([]);
    const withServiceCidr = reachOf(
      await objectsFromYaml(`${SHOP}---
apiVersion: v1
kind: Pod
metadata: { name: kube-apiserver, namespace: kube-system }
spec: { containers: [{ name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.31.0, command: [kube-apiserver, --service-cluster-ip-range=10.96.0.0/12] }] }
`),
    ).view;
    const overlap = withServiceCidr.findings.filter((f) => f.code === 'ipBlockOverlapsCluster');
    // Only when inspect finds the Service CIDR in the input can the overlap be named.
    if (overlap.length > 0) expect(overlap[0]?.text).toContain('10.96.0.0/16');
  });

  it('a named port with the wrong protocol is named as such', async () => {
    const { view } = reachOf(
      await objectsFromYaml(`
apiVersion: v1
kind: Pod
metadata: { name: dns, namespace: x, labels: { app: dns } }
spec: { containers: [{ name: c, ports: [{ name: dns, containerPort: 53, protocol: UDP }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: x }
spec: { podSelector: {}, ingress: [{ ports: [{ port: dns }] }] }
`),
    );
    expect(view.findings.map((f) => f.text)).toContain(
      'NetworkPolicy x/p, ingress rule #1: named port "dns" is TCP in the rule but UDP on x/dns[Pod], so it does not match there.',
    );
  });
});

describe('reach output', () => {
  it('lists connections grouped by source, as a document and as connlist', async () => {
    const { view } = reachOf(await objectsFromYaml(SHOP));
    const connlist = reachConnlist(view);
    expect(connlist).toContain('shop/web[Deployment] => shop/db[StatefulSet] : TCP 5432\n');
    // web's egress goes to db, the missing cache and 10.96.0.0/16 only; db's is open.
    expect(connlist).toContain('shop/web[Deployment] => 10.96.0.0-10.96.255.255[External] : All Connections\n');
    expect(connlist).not.toContain('shop/web[Deployment] => 0.0.0.0-');
    expect(connlist).toContain('shop/db[StatefulSet] => shop/web[Deployment] : All Connections\n');
    const md = renderDocumentAsMarkdown(reachDocument(view, reachTranslator('en')));
    // Grouped by source: the source is named once, on its first row.
    expect(md).toContain(
      '| **shop/web\\[Deployment\\]** | 10.96.0.0-10.96.255.255\\[External\\] | all |\n| | shop/db\\[StatefulSet\\] | TCP 5432 |',
    );
    const zh = renderDocumentAsMarkdown(reachDocument(view, reachTranslator('zh')));
    expect(zh).toContain('## 允许的连接');
  });

  it('explains a Service destination per backend and port, named target ports resolved', async () => {
    const run = reachOf(await objectsFromYaml(SHOP), { from: 'shop/web', to: 'svc/shop/db' });
    expect(run.negative).toBeUndefined();
    expect(run.view.pairs.map((p) => [p.destination, p.port, p.service?.port, p.allowed])).toEqual([
      ['shop/db[StatefulSet]', '5432/TCP', '5432/TCP', true],
    ]);
    const denied = reachOf(await objectsFromYaml(SHOP), { from: 'shop/web', to: 'shop/db', port: '8080' });
    expect(denied.negative).toBe('denied: shop/web[Deployment] → shop/db[StatefulSet] on 8080/TCP');
    expect(denied.view.pairs[0]?.ingress.decisions.map((d) => d.text)).toEqual([
      'NetworkPolicy shop/db-from-web selects the Pod; ingress rule #1 admits the peer but not these ports: SCTP 1-65535,TCP 1-5431,5433-65535,UDP 1-65535 denied',
    ]);
    expect(() => reachOf([], { from: 'a', to: 'b', port: '99999' })).toThrow('--port "99999" is not a port');
  });

  it('draws the graph through the Mermaid builder, and Mermaid parses it in both languages', async () => {
    const { view } = reachOf(await objectsFromYaml(SHOP));
    for (const lang of ['en', 'zh'] as const) {
      const source = reachFlowchart(view.diagram as NonNullable<typeof view.diagram>, reachTranslator(lang)).toString();
      expect(await parseMermaid(source)).toBe('flowchart-v2');
      const texts = await diagramTexts(source);
      expect(texts.some((t) => t.includes('db'))).toBe(true);
      expect(texts).toContain('TCP 5432');
    }
  });

  it('folds beyond --max-nodes with a visible note', async () => {
    const many = Array.from(
      { length: 30 },
      (_, i) => `---
apiVersion: v1
kind: Pod
metadata: { name: p${i}, namespace: ns${i % 3}, labels: { app: a${i} } }
spec: { containers: [{ name: c }] }`,
    ).join('\n');
    const { view } = reachOf(await objectsFromYaml(many), {}, { maxNodes: 10 });
    const diagram = view.diagram as NonNullable<typeof view.diagram>;
    expect(diagram.folded.workloads).toBe(30 - 9);
    const source = reachFlowchart(diagram, reachTranslator('en')).toString();
    expect(await parseMermaid(source)).toBe('flowchart-v2');
    expect(await diagramTexts(source)).toContain('Folded to stay readable (--max-nodes 10): 21 more workloads');
  });
});

describe('every reach graph', () => {
  it('parses with Mermaid: the example, folded, and every netpol-analyzer case, in both languages', async () => {
    const sources = await reachSources();
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const s of sources) await expect(parseMermaid(s.source), s.label).resolves.toBe('flowchart-v2');
  }, 120_000);

  it('the committed README graph is what `reach` draws today', async () => {
    const objects = await objectsFromFiles([join(ROOT, 'test', 'fixtures', 'reach', 'example', 'shop.yaml')]);
    for (const lang of ['en', 'zh'] as const) {
      const { view } = reachOf(objects, {}, { lang });
      const source = reachFlowchart(view.diagram as NonNullable<typeof view.diagram>, reachTranslator(lang)).toString();
      // Regenerate with: k8snet reach test/fixtures/reach/example/shop.yaml --lang LANG -o docs/diagrams/reach-shop.LANG.{mmd,svg}
      expect(readFileSync(join(ROOT, 'docs', 'diagrams', `reach-shop.${lang}.mmd`), 'utf8')).toBe(source);
    }
  });
});
