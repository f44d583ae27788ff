// @vitest-environment node
/** The inspect view model, its Document and the topology diagram (parsed by Mermaid itself). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { ALL_INSPECT_MESSAGES, inspectTranslator } from '../../src/i18n/inspect-messages.ts';
import { CNI_RULES } from '../../src/inspect/detectors/cni.ts';
import { ENFORCER_RULES } from '../../src/inspect/detectors/enforcer.ts';
import { EDGE_RULES } from '../../src/inspect/detectors/ingress.ts';
import { MESH_RULES } from '../../src/inspect/detectors/mesh.ts';
import { CONCERNS, DETAIL_KEYS, ROLES } from '../../src/inspect/findings.ts';
import { inspectObjects } from '../../src/inspect/inspect.ts';
import type { KObject } from '../../src/cluster/objects.ts';
import { plain } from '../../src/renderers/document.ts';
import { buildInspectView, evidenceLines, inspectDocument, inspectFlowchart } from '../../src/views/inspect.ts';
import { ROOT } from '../helpers/cli.ts';
import { diagramTexts, parseMermaid } from '../helpers/mermaid.ts';
import { inspectPaths } from './inspect-helpers.ts';

const catalogue = new Catalogue(compileCatalogue('data'));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'inspect');
const en = inspectTranslator('en');
const zh = inspectTranslator('zh');

async function viewOf(files: string[], options: { namespace?: string; maxNodes?: number } = {}, t = en) {
  const { result, read } = await inspectPaths(files, FIXTURES);
  return buildInspectView(catalogue, result, t, { sources: read.files, ...options });
}

describe('catalogue links', () => {
  it('every id a detector can report is a catalogue entry (k8snet explain <id> works)', () => {
    const ids = new Set([
      ...CNI_RULES.map((r) => r.id),
      ...EDGE_RULES.map((r) => r.id),
      ...MESH_RULES.map((r) => r.id),
      ...ENFORCER_RULES.map((r) => r.id),
      'kube-proxy',
      'cilium-kube-proxy-replacement',
      'kube-router',
      'antrea',
      'coredns',
      'kube-dns',
      'nodelocal-dnscache',
      'metallb',
      'service-load-balancer',
      'network-policy',
      'gateway-api',
      'ingress',
      'cni',
    ]);
    for (const id of ids) expect(catalogue.find(id)?.id, id).toBe(id);
    // An enforcer's catalogue entry states what it enforces, or the finding could not say.
    for (const { id } of ENFORCER_RULES) expect(catalogue.get(id).policy?.networkPolicy, id).toBeDefined();
  });
});

describe('view', () => {
  it('orders findings by OSI layer and links each to k8snet explain', async () => {
    const view = await viewOf(['kube-proxy-ipvs.yaml', 'shop-app.yaml']);
    expect(view.findings.map((f) => [f.layers, f.id, f.explain])).toEqual([
      ['L3 L4', 'kube-proxy', 'k8snet explain kube-proxy'],
      ['L3 L4', 'network-policy', 'k8snet explain network-policy'],
      ['L3 L4', 'network-policy', 'k8snet explain network-policy'],
      ['(L4) L7', 'coredns', 'k8snet explain coredns'],
      ['(L4) (L6) L7', 'ingress-nginx', 'k8snet explain ingress-nginx'],
    ]);
  });

  it('never prints Secret data nor ConfigMap values that no finding cites', async () => {
    const view = await viewOf(['kube-proxy-ipvs.yaml']);
    for (const t of [en, zh]) {
      const text = [
        JSON.stringify(view),
        inspectDocument(view, t)
          .map((b) => JSON.stringify(b))
          .join('\n'),
        inspectFlowchart(view, t).toString(),
      ].join('\n');
      for (const secret of ['c3VwZXItc2VjcmV0LXRva2Vu', 'super-secret', 'do-not-echo-this-config-value'])
        expect(text).not.toContain(secret);
    }
  });

  it('limits the topology to one namespace', async () => {
    const view = await viewOf(['kube-proxy-ipvs.yaml', 'shop-app.yaml'], { namespace: 'shop' });
    expect(view.topology.namespaces).toEqual(['shop']);
    expect(view.topology.services.map((s) => s.name)).toEqual(['api', 'web']);
  });

  it('has a document with a findings table and a topology table in both languages', async () => {
    for (const t of [en, zh]) {
      const doc = inspectDocument(await viewOf(['shop-app.yaml'], {}, t), t);
      expect(doc.filter((b) => b.type === 'table')).toHaveLength(2);
      expect(plain(doc.find((b) => b.type === 'note')?.text ?? '')).toBe(t.t('explainHint'));
    }
  });
});

describe('evidence lines', () => {
  const image = 'k8s.gcr.io/kube-proxy:v1.20.0';
  const path = 'spec.containers[0].image';
  const pods = ['kube-proxy-7xk2p', 'kube-proxy-9dq4z', 'kube-proxy-lm3wv'].map((name) => ({
    kind: 'Pod',
    namespace: 'kube-system',
    name,
    path,
    value: image,
  }));
  const evidence = [
    ...pods,
    { kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy', path: 'spec.template.spec.containers[0].image', value: image },
    { kind: 'NetworkPolicy', namespace: 'shop', name: 'a', path: 'spec.podSelector' },
    { kind: 'NetworkPolicy', namespace: 'shop', name: 'b', path: 'spec.podSelector' },
  ];

  it('writes what differs only by object name as one line, with short paths', () => {
    expect(evidenceLines(evidence, en)).toEqual([
      `3 Pods kube-system/kube-proxy-* · containers[0].image = ${image}`,
      `DaemonSet kube-system/kube-proxy · containers[0].image = ${image}`,
      '2 NetworkPolicies shop/* · podSelector',
    ]);
    expect(evidenceLines(evidence, zh)[0]).toBe(`3 个 Pod kube-system/kube-proxy-* · containers[0].image = ${image}`);
  });

  it('writes every piece of evidence with its full path when wide', () => {
    const wide = evidenceLines(evidence, en, true);
    expect(wide).toHaveLength(evidence.length);
    expect(wide[0]).toBe(`Pod kube-system/kube-proxy-7xk2p ${path} = ${image}`);
    expect(wide[3]).toBe(`DaemonSet kube-system/kube-proxy spec.template.spec.containers[0].image = ${image}`);
  });
});

describe('topology diagram', () => {
  const all = [
    'kube-proxy-ipvs.yaml',
    'cilium-kpr.yaml',
    'kube-router-proxy.yaml',
    'nodelocal-dns.yaml',
    'multus-calico.yaml',
    'unknown-cni.yaml',
    'shop-app.yaml',
    'helm-template.yaml',
    'pod-list.json',
    'mixed-not-k8s.yaml',
  ];

  it.each(all)('%s parses with Mermaid, in English and Chinese', async (file) => {
    for (const t of [en, zh]) {
      const text = inspectFlowchart(await viewOf([file], {}, t), t).toString();
      await expect(parseMermaid(text)).resolves.toBe('flowchart-v2');
    }
  });

  it('draws external → Ingress → Services → workloads, grouped by namespace, with policies and Nodes', async () => {
    const text = inspectFlowchart(await viewOf(['shop-app.yaml', 'kube-proxy-ipvs.yaml']), en).toString();
    const texts = await diagramTexts(text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'External clients',
        'Ingress shop\npublic',
        'Service web\nClusterIP\n80/TCP→8080',
        'Service api\nClusterIP\n8080/TCP\n2 endpoints',
        'Deployment web\n3 replicas',
        'ReplicaSet api-7d9f\n2 Pods',
        'NetworkPolicies (1)\napi-from-web',
        '2 Nodes\nPod CIDRs: 10.244.1.0/24, 10.244.2.0/24',
        'namespace shop',
        'namespace kube-system',
        'shop.example.com/api',
      ]),
    );
  });

  it('folds a large cluster within --max-nodes and says what it folded', async () => {
    const objects: KObject[] = [];
    const source = { file: 'generated', doc: 1 };
    const mk = (kind: string, name: string, namespace: string, raw: Record<string, unknown>): KObject => ({
      apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
      kind,
      name,
      namespace,
      labels: {},
      annotations: {},
      raw: { metadata: { name, namespace }, ...raw },
      source,
    });
    for (let n = 0; n < 12; n++) {
      for (let i = 0; i < 10; i++) {
        const ns = `team-${String(n).padStart(2, '0')}`;
        objects.push(mk('Service', `svc-${i}`, ns, { spec: { selector: { app: `app-${i}` }, ports: [{ port: 80 }] } }));
        objects.push(
          mk('Deployment', `app-${i}`, ns, {
            spec: {
              replicas: 2,
              template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
            },
          }),
        );
      }
    }
    const result = inspectObjects(objects, () => undefined);
    // 240 objects, more than --max-nodes: one box per namespace and kind, all twelve namespaces.
    const view = buildInspectView(catalogue, result, en, { sources: ['generated'], maxNodes: 30 });
    expect(view.diagram.mode).toBe('summary');
    expect(view.diagram.drawn).toEqual(Array.from({ length: 12 }, (_, n) => `ns:team-${String(n).padStart(2, '0')}`));
    expect(view.diagram.folded).toEqual({ namespaces: 0, services: 0, workloads: 0, entries: 0, edges: 0 });
    const text = inspectFlowchart(view, en).toString();
    await expect(parseMermaid(text)).resolves.toBe('flowchart-v2');
    const texts = (await diagramTexts(text)).map((x) => x.replace(/\s+/g, ' '));
    expect(texts.filter((x) => x === '10 Services: 10 × ClusterIP')).toHaveLength(12);
    expect(texts.filter((x) => x === '10 × Deployment 20 Pods')).toHaveLength(12);
    expect(texts).toContain('Folded to stay readable (--max-nodes 30): one box per namespace and kind');
    // With fewer boxes allowed, the namespaces that do not fit are named in a note.
    const tight = buildInspectView(catalogue, result, en, { sources: ['generated'], maxNodes: 10 });
    expect(tight.diagram.drawn).toHaveLength(5);
    expect(tight.diagram.folded).toEqual({ namespaces: 7, services: 70, workloads: 70, entries: 0, edges: 0 });
    const tightTexts = (await diagramTexts(inspectFlowchart(tight, en).toString())).map((x) => x.replace(/\s+/g, ' '));
    expect(tightTexts).toContain('7 more namespaces: team-05, team-06, team-07, team-08, team-09 …');
    expect(tightTexts).toContain('Folded to stay readable (--max-nodes 10): one box per namespace and kind; 7 more namespaces');
  });

  it('draws every object of a small cluster in detail', async () => {
    const view = await viewOf(['shop-app.yaml', 'kube-proxy-ipvs.yaml']);
    expect(view.diagram.mode).toBe('detail');
  });
});

describe('a generated cluster of 20,000 objects (the bench case)', () => {
  it('is summarised into a diagram within Mermaid limits that parses', async () => {
    const bench = '../../bench/cases/inspect.mjs';
    const { generateCluster } = (await import(bench)) as { generateCluster: () => { items: unknown[] } };
    const { readBuffers } = await import('../../src/cluster/read.ts');
    const cluster = generateCluster();
    const read = await readBuffers([{ file: 'cluster.json', bytes: Buffer.from(JSON.stringify(cluster)) }]);
    expect(read.objects).toHaveLength(20_000);
    const result = inspectObjects(read.objects, () => undefined);
    expect(result.topology.services).toHaveLength(4000);
    expect(result.topology.workloads).toHaveLength(4000);
    expect(result.topology.services[0]?.endpoints).toBe(1);
    const view = buildInspectView(catalogue, result, en, { sources: ['cluster.json'] });
    const text = inspectFlowchart(view, en).toString();
    expect(text.length).toBeLessThan(50_000); // Mermaid's default maxTextSize
    await expect(parseMermaid(text)).resolves.toBe('flowchart-v2');
    const texts = (await diagramTexts(text)).map((x) => x.replace(/\s+/g, ' '));
    expect(texts).toContain('Folded to stay readable (--max-nodes 80): one box per namespace and kind');
    expect(texts.filter((x) => x === '100 Services: 98 × ClusterIP, 2 × LoadBalancer')).toHaveLength(40);
    expect(texts).toContain('200 Nodes');
  });
});

describe('strings', () => {
  it('exist, non-empty, in both languages', () => {
    const { messages, ...tables } = ALL_INSPECT_MESSAGES;
    expect(Object.keys(messages.zh).sort()).toEqual(Object.keys(messages.en).sort());
    for (const lang of ['en', 'zh'] as const) {
      for (const [key, value] of Object.entries(messages[lang])) expect(value.trim(), `${lang}.${key}`).not.toBe('');
      for (const [name, table] of Object.entries(tables))
        for (const [key, value] of Object.entries(table[lang])) expect(value.trim(), `${name}.${lang}.${key}`).not.toBe('');
    }
    for (const c of CONCERNS) expect(zh.concern(c)).not.toBe('');
    for (const r of ROLES) expect(zh.role(r)).not.toBe(en.role(r));
    for (const k of DETAIL_KEYS) expect(en.detail(k)).not.toBe('');
  });
});
