import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { LANGS } from '../../src/catalogue/constants.ts';
import type { CatalogueData, Entry } from '../../src/catalogue/schema.ts';
import {
  buildDiagram,
  type DiagramQuery,
  diagramDocument,
  diagramToMermaid,
  PROXY_MODES,
  STANDARD_DIAGRAM_NAMES,
  STANDARD_DIAGRAMS,
} from '../../src/diagrams/index.ts';
import { MERMAID_LIMITS, type SequenceStep, type SequenceView } from '../../src/diagrams/model.ts';
import { backendIps, SERVICE_FLOW_DEFAULTS } from '../../src/diagrams/service-flow.ts';
import { UsageError } from '../../src/errors.ts';
import { ALL_DIAGRAM_MESSAGES } from '../../src/i18n/diagram-messages.ts';
import { visibleText } from '../../src/mermaid/index.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { compileWalk } from '../../src/trace/compile.ts';
import { diagramQueries } from '../helpers/emitted-mermaid.ts';
import { diagramTexts, parseMermaid } from '../helpers/mermaid.ts';
import { traceData } from './trace-helpers.ts';

const data = compileCatalogue('data');
const catalogue = new Catalogue(data);

function flatSteps(steps: readonly SequenceStep[]): SequenceStep[] {
  return steps.flatMap((s) => (s.type === 'rect' ? [s, ...flatSteps(s.steps)] : [s]));
}

describe('diagrams', () => {
  it('every kind × option × language parses with Mermaid and stays within its limits', async () => {
    const queries = diagramQueries(catalogue.entries.map((e) => e.id));
    expect(queries.length).toBeGreaterThan(300);
    for (const { kind, query } of queries) {
      const view = buildDiagram(catalogue, kind, query);
      const source = diagramToMermaid(view);
      const type = await parseMermaid(source).catch((error: Error) => {
        throw new Error(`${kind} ${JSON.stringify(query)}: ${error.message}`);
      });
      expect(type).toBe(view.type === 'sequence' ? 'sequence' : view.type === 'matrix' ? 'block' : 'flowchart-v2');
      expect(source.length).toBeLessThan(MERMAID_LIMITS.maxTextSize);
      if (view.type === 'flowchart') expect(view.edges.length).toBeLessThan(MERMAID_LIMITS.maxEdges);
    }
  }, 120_000);

  it('draws the service flow correctly: kube-proxy watches and programs, and is not on the packet path', () => {
    for (const proxyMode of PROXY_MODES) {
      const view = buildDiagram(catalogue, 'service-flow', { lang: 'en', proxyMode }) as SequenceView;
      const [control, dataPlane] = view.steps;
      if (control?.type !== 'rect' || dataPlane?.type !== 'rect') throw new Error('expected a control and a data block');
      expect(control.tone).toBe('control');
      expect(dataPlane.tone).toBe('data');
      const messages = flatSteps(view.steps).filter((s) => s.type === 'message');
      // The API server pushes (watch) to the proxy; the proxy never asks the API server per request.
      expect(messages.filter((m) => m.from === 'proxy' && m.to === 'api-server')).toEqual([]);
      expect(messages.some((m) => m.from === 'api-server' && m.to === 'proxy' && m.arrow === 'async')).toBe(true);
      // No data-plane message goes to or from the proxy.
      for (const m of flatSteps(dataPlane.steps)) if (m.type === 'message') expect([m.from, m.to]).not.toContain('proxy');
      expect(flatSteps(dataPlane.steps).some((m) => m.type === 'message' && m.from === 'client' && m.to === 'datapath')).toBe(true);
    }
  });

  it('uses the example cluster of the trace walks as defaults and the catalogue for names', () => {
    const view = buildDiagram(catalogue, 'service-flow', { lang: 'en', cni: 'flannel' }) as SequenceView;
    // Read as shown: the builder breaks long lines.
    const source = diagramToMermaid(view).replace(/<br\/>/g, ' ');
    expect(source).toContain('10.96.0.100');
    expect(source).not.toMatch(/10\.96\.0\.1\b/);
    expect(source).toContain('10.244.2.7, 10.244.2.8, 10.244.2.9');
    expect(source).toContain('KUBE-SERVICES');
    expect(view.participants.map((p) => p.label)).toContain('Pod network (Flannel VXLAN)');
    const ebpf = diagramToMermaid(buildDiagram(catalogue, 'service-flow', { lang: 'zh', proxyMode: 'ebpf' }));
    expect(ebpf).toContain('Cilium KPR');
    expect(ebpf).not.toContain('KUBE-SERVICES');
    const many = diagramToMermaid(buildDiagram(catalogue, 'service-flow', { lang: 'en', backends: 20 }));
    expect(many).toContain('10.244.2.7 … 10.244.2.26');
    expect(backendIps(254).at(-1)).toBe('10.244.3.4');
  });

  it('draws the Service and server Pod that `trace pod-to-service --cross-node` walks', () => {
    const w = compileWalk(traceData(), { scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'flannel' }, crossNode: true });
    const ipOf = (role: string): string | undefined => w.roles.find((r) => r.role === role)?.endpoint.ip;
    expect(ipOf('vip')).toBe(SERVICE_FLOW_DEFAULTS.clusterIp);
    expect(ipOf('server')).toBe(SERVICE_FLOW_DEFAULTS.firstBackend);
    const view = buildDiagram(catalogue, 'service-flow', { lang: 'en' }) as SequenceView;
    const texts = flatSteps(view.steps).flatMap((s) => ('text' in s ? [s.text] : []));
    expect(texts.filter((t) => t.includes(SERVICE_FLOW_DEFAULTS.firstBackend)).length).toBeGreaterThan(2);
  });

  it("puts the deployment's Pods in the node Pod subnets that `trace` uses", () => {
    const local = compileWalk(traceData(), { scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'flannel' } });
    const ipOf = (role: string): string => local.roles.find((r) => r.role === role)?.endpoint.ip ?? '';
    const view = buildDiagram(catalogue, 'deployment', { lang: 'en' });
    if (view.type !== 'flowchart') throw new Error('expected a flowchart');
    const label = (id: string): string => view.nodes.find((n) => n.id === id)?.label ?? '';
    expect(label('worker-1/pods').split('\n').slice(1)).toEqual([`Pod 1 · ${ipOf('client')}`, `Pod 2 · ${ipOf('server')}`]);
    expect(label('worker-2/pods')).toContain('10.244.2.');
  });

  it('rejects impossible options with a usage error', () => {
    const bad: DiagramQuery[] = [
      { lang: 'en', clusterIp: '10.96.0' },
      { lang: 'en', clusterIp: '10.96.0.100; DROP' },
      { lang: 'en', backends: 0 },
      { lang: 'en', backends: 255 },
      { lang: 'en', cni: 'kube-proxy' },
      { lang: 'en', cni: 'no-such-plugin' },
      { lang: 'en', proxyMode: 'ebpf', cni: 'flannel' },
    ];
    for (const query of bad) expect(() => buildDiagram(catalogue, 'service-flow', query), JSON.stringify(query)).toThrow(UsageError);
    expect(() => buildDiagram(catalogue, 'deployment', { lang: 'en', workers: 9 })).toThrow(UsageError);
    expect(() => buildDiagram(catalogue, 'deployment', { lang: 'en', podsPerNode: 0 })).toThrow(UsageError);
  });

  it('draws the deployment with every worker component and the cross-node edges', () => {
    const view = buildDiagram(catalogue, 'deployment', { lang: 'en', workers: 3, podsPerNode: 2 });
    if (view.type !== 'flowchart') throw new Error('expected a flowchart');
    for (const w of [1, 2, 3]) {
      for (const part of ['kubelet', 'runtime', 'proxy', 'cni', 'rules', 'pods'])
        expect(view.nodes.map((n) => n.id)).toContain(`worker-${w}/${part}`);
      // Every worker is on the one Pod network; its Pods are listed with their IPs.
      expect(view.groups.find((g) => g.id === `worker-${w}`)?.parent).toBe('pod-network');
      const pods = view.nodes.find((n) => n.id === `worker-${w}/pods`)?.label.split('\n');
      expect(pods?.slice(1)).toEqual([`Pod ${2 * w - 1} · 10.244.${w}.5`, `Pod ${2 * w} · 10.244.${w}.6`]);
      expect(view.edges).toContainEqual(expect.objectContaining({ from: 'api-server', to: `worker-${w}/proxy`, style: 'dotted' }));
      expect(view.edges).toContainEqual(expect.objectContaining({ from: `worker-${w}/cni`, to: `worker-${w}/pods` }));
      expect(view.edges).toContainEqual(expect.objectContaining({ from: `worker-${w}/rules`, to: `worker-${w}/pods` }));
    }
    expect(view.groups.find((g) => g.id === 'pod-network')?.label).toBe('Pod-to-Pod across nodes (CNI)');
    // Two workers a row: worker 3 is placed below worker 1 by edges that draw nothing.
    expect(view.edges.filter((e) => e.style === 'invisible').map((e) => `${e.from} ${e.to}`)).toContain('worker-1/pods worker-3/kubelet');
    expect(view.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['api-server', 'etcd', 'controller-manager', 'scheduler']));
  });

  it('draws layers full as a matrix that reads like the table, and compact with one edge per kind and layer', () => {
    const full = buildDiagram(catalogue, 'layers', { lang: 'en', layout: 'full' });
    const compact = buildDiagram(catalogue, 'layers', { lang: 'en', layout: 'compact' });
    if (full.type !== 'matrix' || compact.type !== 'flowchart') throw new Error('expected a matrix and a flowchart');
    expect(full.columns.map((c) => c.label)).toEqual(catalogue.layers.map((l) => `L${l.number} ${l.name.en}`));
    const rows = full.sections.flatMap((s) => s.rows);
    expect(rows.map((r) => r.id).sort()).toEqual(catalogue.entries.map((e) => e.id).sort());
    for (const entry of catalogue.entries) {
      const row = rows.find((r) => r.id === entry.id);
      const marks = catalogue.layers.map((l) => {
        const role = entry.layers.find((u) => u.layer === l.number)?.role;
        return role === 'primary' ? '● primary' : role === 'partial' ? '○ partial' : null;
      });
      expect(
        row?.cells.map((c) => c?.text ?? null),
        entry.id,
      ).toEqual(marks);
      expect(row?.label).toBe(entry.shortName?.en ?? entry.name.en);
    }
    expect(full.sections.map((s) => s.id)).toEqual(catalogue.kinds.map((k) => `kind/${k.id}`));
    const source = diagramToMermaid(full);
    expect(source).toMatch(/^block-beta\n {2}columns 8\n/m);
    expect(compact.direction).toBe('LR');
    const drawn = compact.edges.filter((e) => e.style !== 'invisible');
    expect(drawn.every((e) => e.from.startsWith('kind/') && /^L\d$/.test(e.to))).toBe(true);
    expect(drawn.length).toBeLessThan(rows.length);
    // Rows of at most six entries in a kind's box: the CNI plugins' eleven take two.
    expect(compact.edges).toContainEqual({ from: 'cni', to: 'kindnet', style: 'invisible' });
    expect(compact.classes.length).toBeGreaterThan(5);
  });

  it('draws relations from the catalogue', () => {
    const view = buildDiagram(catalogue, 'relations', { lang: 'en', kind: 'service-proxy' });
    if (view.type !== 'flowchart') throw new Error('expected a flowchart');
    expect(view.edges).toContainEqual({ from: 'kube-proxy', to: 'cni', label: 'depends on', style: 'solid' });
    expect(view.edges).toContainEqual(
      expect.objectContaining({ from: 'cilium-kube-proxy-replacement', to: 'kube-proxy', style: 'dotted' }),
    );
  });

  it('draws one line for "works with" when both entries name each other', () => {
    // CoreDNS and NodeLocal DNSCache each list the other as "works-with".
    const names = (id: string) => catalogue.find(id)?.relations.map((r) => `${r.type} ${r.target}`) ?? [];
    expect(names('coredns')).toContain('works-with nodelocal-dnscache');
    expect(names('nodelocal-dnscache')).toContain('works-with coredns');
    const view = buildDiagram(catalogue, 'relations', { lang: 'en', kind: 'cluster-dns' });
    if (view.type !== 'flowchart') throw new Error('expected a flowchart');
    const lines = view.edges.filter((e) => e.style === 'line').map((e) => [e.from, e.to].sort().join(' '));
    expect(lines).toContain('coredns nodelocal-dnscache');
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('draws the overview per kind, naming the projects when only some of a kind have a relation', () => {
    const view = buildDiagram(catalogue, 'relations', { lang: 'en' });
    if (view.type !== 'flowchart') throw new Error('expected a flowchart');
    expect(view.nodes.map((n) => n.id).sort()).toEqual(catalogue.kinds.map((k) => `kind/${k.id}`).sort());
    expect(view.nodes.find((n) => n.id === 'kind/cni-plugin')?.label).toBe('CNI plugin\n10 projects');
    expect(view.nodes.find((n) => n.id === 'kind/virtual-switch')?.label).toBe('Virtual switch\nOpen vSwitch');
    // The role depends on CNI: said of the kind. Only two CNI plugins replace kube-proxy: named.
    expect(view.edges).toContainEqual({ from: 'kind/service-proxy', to: 'kind/cni-plugin', label: 'depends on', style: 'solid' });
    expect(view.edges).toContainEqual({
      from: 'kind/cni-plugin',
      to: 'kind/service-proxy',
      label: 'replaces: Antrea, kube-router',
      style: 'dotted',
    });
    expect(view.edges.find((e) => e.from === 'kind/cni-plugin' && e.to === 'kind/network-policy')?.label).toBe('implements: 7 projects');
    expect(view.edges.some((e) => e.from === e.to || e.style === 'line')).toBe(false);
    expect(view.nodes.length).toBeLessThanOrEqual(12);
  });

  it('focuses on one entry (id or alias) and its neighbours, both ways, and turns a hub left to right', () => {
    const cilium = buildDiagram(catalogue, 'relations', { lang: 'en', focus: 'cilium' });
    if (cilium.type !== 'flowchart') throw new Error('expected a flowchart');
    const related = new Set([
      ...(catalogue.find('cilium')?.relations.map((r) => r.target) ?? []),
      ...catalogue.entries.filter((e) => e.relations.some((r) => r.target === 'cilium')).map((e) => e.id),
    ]);
    expect(cilium.nodes.map((n) => n.id).sort()).toEqual(['cilium', ...related].sort());
    expect(cilium.nodes.find((n) => n.id === 'cilium')?.className).toBe('focus');
    expect(cilium.edges.every((e) => e.from === 'cilium' || e.to === 'cilium')).toBe(true);
    expect(cilium.direction).toBe('TD');
    const cni = buildDiagram(catalogue, 'relations', { lang: 'zh', focus: 'cni-plugin' });
    if (cni.type !== 'flowchart') throw new Error('expected a flowchart');
    expect(cni.nodes.find((n) => n.className === 'focus')?.id).toBe('cni');
    expect(cni.direction).toBe('LR');
    expect(() => buildDiagram(catalogue, 'relations', { lang: 'en', focus: 'cillium' })).toThrow(/did you mean "cilium"/);
    expect(() => buildDiagram(catalogue, 'relations', { lang: 'en', focus: 'cilium', kind: 'cni-plugin' })).toThrow(UsageError);
  });

  it('draws a kind with the implementers of its role in one box instead of an edge each', () => {
    const view = buildDiagram(catalogue, 'relations', { lang: 'en', kind: 'cni-plugin' });
    if (view.type !== 'flowchart') throw new Error('expected a flowchart');
    expect(view.groups).toContainEqual({ id: 'implements/cni', label: 'implement CNI', parent: 'kind/cni-plugin' });
    expect(view.nodes.find((n) => n.id === 'calico')?.group).toBe('implements/cni');
    expect(view.edges.some((e) => e.to === 'cni' && e.label === 'implements')).toBe(false);
    expect(view.edges).toContainEqual({ from: 'calico', to: 'network-policy', label: 'implements', style: 'thick' });
  });

  it('labels entries with their (short) names, never with a raw id', () => {
    expect(STANDARD_DIAGRAMS.map((d) => d.name)).toEqual([...STANDARD_DIAGRAM_NAMES]);
    const ids = new Set(catalogue.entries.flatMap((e) => [e.id, ...e.aliases]));
    for (const e of catalogue.entries) for (const lang of LANGS) ids.delete((e.shortName ?? e.name)[lang]);
    for (const lang of LANGS) {
      for (const d of STANDARD_DIAGRAMS) {
        const view = buildDiagram(catalogue, d.kind, { ...d.query, lang });
        const labels =
          view.type === 'flowchart'
            ? view.nodes.map((n) => n.label)
            : view.type === 'matrix'
              ? view.sections.flatMap((s) => s.rows.map((r) => r.label))
              : view.participants.map((p) => p.label);
        for (const label of labels) for (const line of label.split('\n')) expect(ids.has(line), `${d.name} (${lang}): ${line}`).toBe(false);
      }
    }
  });

  it('is deterministic and gives JSON whose edges name existing nodes', () => {
    for (const d of STANDARD_DIAGRAMS) {
      const a = buildDiagram(catalogue, d.kind, { ...d.query, lang: 'en' });
      expect(JSON.stringify(a)).toBe(JSON.stringify(buildDiagram(catalogue, d.kind, { ...d.query, lang: 'en' })));
      if (a.type !== 'flowchart') continue;
      const ids = new Set([...a.nodes.map((n) => n.id), ...a.groups.map((g) => g.id)]);
      for (const e of a.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`).toBe(true);
    }
  });

  it('gives a Markdown block with a caption and a mermaid fence', () => {
    const markdown = renderDocumentAsMarkdown(diagramDocument(buildDiagram(catalogue, 'layers', { lang: 'zh', layout: 'compact' })));
    expect(markdown).toMatch(/^\*\*Kubernetes 网络在 OSI 各层的位置（紧凑版）\*\* \*实线箭头/);
    expect(markdown).toContain('```mermaid\n---\nconfig:\n');
    expect(markdown).toContain('\nflowchart LR\n');
    expect(markdown).not.toContain('title:');
  });
});

function clone(entry: Entry, i: number, name: string): Entry {
  return { ...entry, id: `${entry.id}-x${i}`, aliases: [], name: { en: name, zh: name }, relations: entry.relations };
}

describe('diagram limits', () => {
  it('cuts a huge catalogue with a visible note instead of exceeding Mermaid limits', async () => {
    const flannel = data.entries.find((e) => e.id === 'flannel') as Entry;
    const big: CatalogueData = {
      ...data,
      entries: [...data.entries, ...Array.from({ length: 1500 }, (_, i) => clone(flannel, i, `Plugin number ${i} with a long name`))],
    };
    const huge = new Catalogue(big);
    const cases: { name: string; kind: 'layers' | 'relations'; query: Omit<DiagramQuery, 'lang'> }[] = [
      ...STANDARD_DIAGRAMS.flatMap((d) => (d.kind === 'layers' || d.kind === 'relations' ? [{ ...d, kind: d.kind }] : [])),
      { name: 'relations --kind cni-plugin', kind: 'relations', query: { kind: 'cni-plugin' } },
      { name: 'relations --focus calico', kind: 'relations', query: { focus: 'calico' } },
    ];
    for (const d of cases) {
      const view = buildDiagram(huge, d.kind, { ...d.query, lang: 'en' });
      if (view.type === 'sequence') throw new Error('expected a graph or a matrix');
      const source = diagramToMermaid(view);
      expect(source.length, d.name).toBeLessThan(MERMAID_LIMITS.maxTextSize);
      if (view.type === 'flowchart') expect(view.edges.length, d.name).toBeLessThan(MERMAID_LIMITS.maxEdges);
      await parseMermaid(source);
      if (d.name === 'relations') {
        // The overview draws kinds, not entries: 1,500 more plugins change a number in a label.
        expect(view.omitted, d.name).toBeUndefined();
        expect(source).toContain('1510 projects');
        continue;
      }
      if (d.name === 'relations-cilium') {
        // Cilium's neighbours are not among the 1,500 clones of Flannel.
        expect(view.omitted, d.name).toBeUndefined();
        continue;
      }
      expect(view.omitted, d.name).toBeGreaterThan(0);
      expect(source).toContain('more not drawn, to stay within Mermaid limits');
    }
  }, 60_000);
});

const hostile = fc.oneof(
  fc.constantFrom(
    'a"b',
    'x]y[z',
    'a --> b',
    '%%{init: {"theme":"dark"}}%%',
    'end',
    '<script>alert(1)</script>',
    'a;b#c',
    '中文 名称',
    '🚀 emoji',
    'style n1 fill:#f00;',
  ),
  fc.string({
    unit: fc.constantFrom('"', '#', '%', ';', ':', '<', '>', '&', '`', '[', ']', '(', ')', '{', '}', '|', '-', '\n', ' ', 'a', '中', '🚀'),
    minLength: 1,
    maxLength: 24,
  }),
);

describe('diagrams with hostile catalogue text (property)', () => {
  it('parse with the text intact whatever the user catalogue names are', async () => {
    const base = data.entries.filter((e) =>
      ['kube-proxy', 'cni', 'flannel', 'calico', 'cilium-kube-proxy-replacement', 'linux-kernel', 'cilium'].includes(e.id),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: base.length, maxLength: base.length }), hostile, async (names, title) => {
        const renamed = base.map((e, i) => {
          const name = { en: names[i] ?? 'x', zh: names[i] ?? 'x' };
          return { ...e, name, ...(e.shortName ? { shortName: name } : {}) };
        });
        const small = new Catalogue({ ...data, entries: renamed });
        for (const d of STANDARD_DIAGRAMS) {
          const source = diagramToMermaid(buildDiagram(small, d.kind, { ...d.query, lang: 'en', title }));
          await parseMermaid(source);
          if (d.kind === 'layers' && d.query.layout === 'full') {
            const texts = await diagramTexts(source);
            for (const name of names) expect(texts).toContain(visibleText(name) === '' ? ' ' : visibleText(name));
          }
        }
      }),
      { numRuns: 200 },
    );
  }, 240_000);
});

describe('diagram messages', () => {
  it('has every string in both languages, none empty', () => {
    for (const lang of LANGS) {
      for (const [key, value] of Object.entries(ALL_DIAGRAM_MESSAGES[lang])) expect(value.trim(), `${lang}.${key}`).not.toBe('');
    }
    expect(Object.keys(ALL_DIAGRAM_MESSAGES.zh).sort()).toEqual(Object.keys(ALL_DIAGRAM_MESSAGES.en).sort());
  });
});
