import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { translator } from '../../src/i18n/messages.ts';
import { plain } from '../../src/renderers/document.ts';
import { buildCompareView, compareDocument } from '../../src/views/compare.ts';
import { buildExplainView, explainDocument } from '../../src/views/explain.ts';
import { buildLayerMapView } from '../../src/views/layer-map.ts';
import { buildListView } from '../../src/views/list.ts';

const catalogue = new Catalogue(compileCatalogue('data'));

describe('list view', () => {
  it('filters by kind, layer and status, sorted by kind then id', () => {
    const cni = buildListView(catalogue, { kind: 'cni-plugin', lang: 'en' });
    expect(cni.entries.length).toBeGreaterThanOrEqual(8);
    expect(cni.entries.every((e) => e.kind === 'cni-plugin')).toBe(true);
    expect(cni.entries[0]?.id).toBe('cni');
    const projects = cni.entries.filter((e) => e.type === 'project').map((e) => e.id);
    expect(projects).toEqual([...projects].sort());
    const l7 = buildListView(catalogue, { layer: 7, lang: 'en' });
    expect(l7.entries.map((e) => e.id)).toContain('coredns');
    expect(l7.entries.map((e) => e.id)).not.toContain('kube-proxy');
    const archived = buildListView(catalogue, { status: 'archived', lang: 'en' });
    expect(archived.entries.map((e) => e.id)).toContain('weave-net');
  });
});

describe('compare view', () => {
  const view = buildCompareView(catalogue, [catalogue.resolve('kube-proxy'), catalogue.resolve('cni')], translator('en'));

  it('covers the seed table and the added dimensions, in a fixed order', () => {
    expect(view.rows.map((r) => r.dimension)).toEqual([
      'main-function',
      'works-on',
      'runs-where',
      'implementation',
      'depends-on',
      'network-model',
      'data-plane',
      'control-plane',
      'network-policy',
      'encryption',
      'osi-layers',
      'status',
    ]);
  });

  it('cites a source for every cell', () => {
    for (const row of view.rows) for (const cell of row.cells) expect(cell.source, row.dimension).not.toBeNull();
    const numbers = view.sources.map((s) => s.n);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('derives OSI layers from the layer data and lists the corrections', () => {
    const layers = view.rows.find((r) => r.dimension === 'osi-layers');
    expect(layers?.cells[0]?.value).toBe('L3 L4');
    expect(view.corrections.some((c) => c.entry === 'kube-proxy' && c.inSeed)).toBe(true);
  });

  it('is localised for zh', () => {
    const zh = buildCompareView(catalogue, [catalogue.resolve('kube-proxy'), catalogue.resolve('cni')], translator('zh'));
    expect(zh.rows[0]?.label).toBe('主要功能');
    expect(zh.rows[0]?.cells[0]?.value).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('explain view', () => {
  it('numbers every source once and resolves relations to names', () => {
    const view = buildExplainView(catalogue, catalogue.resolve('kube-proxy'), 'en');
    expect(new Set(view.sources.map((s) => s.url)).size).toBe(view.sources.length);
    expect(view.modes.map((m) => m.id)).toEqual(['iptables', 'ipvs', 'nftables', 'kernelspace', 'userspace']);
    expect(view.relations.length).toBeGreaterThan(0);
    for (const r of view.relations) expect(r.targetName).not.toBe('');
  });
});

describe('policy enforcement in explain and compare', () => {
  it('lists every policy API for a CNI plugin, unknown where the catalogue is silent', () => {
    const calico = buildExplainView(catalogue, catalogue.resolve('calico'), 'en');
    expect(calico.policy.map((p) => [p.api, p.support])).toEqual([
      ['networkPolicy', 'enforced'],
      ['adminNetworkPolicy', 'enforced'],
      ['clusterNetworkPolicy', 'enforced'],
    ]);
    expect(calico.policy[1]).toMatchObject({ since: 'v3.29', removed: 'v3.32' });
    expect(calico.policy[0]?.enforcer).toMatch(/^Felix in calico-node/);
    const cilium = buildExplainView(catalogue, catalogue.resolve('cilium'), 'zh');
    expect(cilium.policy.map((p) => p.support)).toEqual(['enforced', 'unknown', 'unknown']);
    expect(cilium.policy[0]?.enforcer).toMatch(/[\u4e00-\u9fff]/);
    const text = explainDocument(cilium, translator('zh'))
      .map((b) => (b.type === 'table' ? b.rows.flat().map(plain).join(' ') : b.type === 'heading' ? b.text : ''))
      .join('\n');
    expect(text).toContain('策略实施');
    expect(text).toContain('未知');
  });

  it('has no policy section for entries that enforce nothing by nature', () => {
    const coredns = buildExplainView(catalogue, catalogue.resolve('coredns'), 'en');
    expect(coredns.policy).toEqual([]);
    expect(coredns.enforcers).toBeNull();
  });

  it('answers "explain networkpolicy" with who enforces it: enforced first, Flannel none, unknown last', () => {
    const view = buildExplainView(catalogue, catalogue.resolve('networkpolicy'), 'en');
    expect(view.enforcers?.api).toBe('networkPolicy');
    const support = Object.fromEntries(view.enforcers?.entries.map((e) => [e.id, e.support]) ?? []);
    expect(support).toMatchObject({ calico: 'enforced', 'kube-router': 'enforced', 'aws-vpc-cni': 'optional', flannel: 'none' });
    const order = view.enforcers?.entries.map((e) => e.support) ?? [];
    expect(order).toEqual([...order].sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b)));
    const admin = buildExplainView(catalogue, catalogue.resolve('clusternetworkpolicy'), 'en');
    expect(admin.enforcers?.entries.find((e) => e.id === 'cilium')?.support).toBe('unknown');
    expect(admin.enforcers?.entries.find((e) => e.id === 'kube-network-policies')).toMatchObject({ support: 'optional', since: 'v0.9.0' });
  });

  it('adds a row per policy API to compare, after the network-policy row, numbering sources in reading order', () => {
    const view = buildCompareView(
      catalogue,
      [catalogue.resolve('flannel'), catalogue.resolve('calico'), catalogue.resolve('kube-proxy')],
      translator('en'),
    );
    expect(view.policy.map((r) => r.api)).toEqual(['networkPolicy', 'adminNetworkPolicy', 'clusterNetworkPolicy']);
    expect(view.policy[0]?.cells.map((c) => c.value)).toEqual([
      'not enforced',
      'enforced: Felix in calico-node, as iptables, nftables or eBPF rules on each node',
      null,
    ]);
    const table = compareDocument(view, translator('en')).find((b) => b.type === 'table');
    const labels = table?.type === 'table' ? table.rows.map((r) => plain(r[0] ?? '')) : [];
    const at = labels.indexOf('Network policy');
    expect(labels.slice(at + 1, at + 4)).toEqual([
      'Enforces NetworkPolicy',
      'Enforces AdminNetworkPolicy',
      'Enforces ClusterNetworkPolicy',
    ]);
    const cited = (table?.type === 'table' ? table.rows.flat().map(plain).join(' ') : '').match(/\[(\d+)\]/g) ?? [];
    const firsts = [...new Set(cited)].map((c) => Number(c.slice(1, -1)));
    expect(firsts).toEqual(firsts.map((_, i) => i + 1));
  });

  it('leaves compare of entries without policy statements as it was', () => {
    expect(buildCompareView(catalogue, [catalogue.resolve('kube-proxy'), catalogue.resolve('cni')], translator('en')).policy).toEqual([]);
  });
});

const RANK = ['enforced', 'partial', 'optional', 'none', 'unknown'];

describe('layer map', () => {
  it('marks kube-proxy at L3 and L4 and CoreDNS at L7', () => {
    const view = buildLayerMapView(catalogue, { by: 'component', lang: 'en' });
    expect(view.entries.find((e) => e.id === 'kube-proxy')?.layers).toEqual({ L3: 'primary', L4: 'primary' });
    expect(view.entries.find((e) => e.id === 'coredns')?.layers.L7).toBe('primary');
    const l7 = buildLayerMapView(catalogue, { by: 'layer', lang: 'en' }).byLayer.find((l) => l.number === 7);
    expect(l7?.primary).toContain('coredns');
  });
});
