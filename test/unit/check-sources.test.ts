// @vitest-environment node
/** `npm run check:sources` as a test: the shipped data, and the rules on small made-up cases. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareRootProblem, checkSourceRoots, checkSources, checkVersions, type SourcedData } from '../../src/catalogue/check-sources.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import type { CatalogueData, Entry } from '../../src/catalogue/schema.ts';
import { traceData } from './trace-helpers.ts';

const shipped: SourcedData = {
  catalogue: compileCatalogue('data'),
  traces: traceData(),
  diagramFacts: JSON.parse(readFileSync('data/diagrams/diagram-facts.json', 'utf8')) as unknown,
};

describe('check:sources on the shipped data', () => {
  it('finds no bare root and no contradictory version', () => {
    expect(checkSources(shipped)).toEqual([]);
  });
});

describe('a source names a page or a file', () => {
  it.each([
    ['https://metallb.universe.tf/', 'bare site root'],
    ['https://kubeovn.github.io', 'bare site root'],
    ['https://github.com/cilium/cilium', 'repository root'],
    ['https://github.com/cilium/cilium/', 'repository root'],
    ['https://github.com/cilium', 'repository root'],
    ['https://github.com/cilium/cilium/tree/main', 'repository root'],
    ['https://gitlab.com/group/project', 'repository root'],
    ['https://kuma.io/docs/', 'documentation index'],
    ['https://kubeovn.github.io/docs/stable/en/', 'documentation index'],
    ['https://docs.cilium.io/en/stable/', 'documentation index'],
    ['https://developer.hashicorp.com/consul/docs', 'documentation index'],
    ['https://projectcontour.io/docs/main/index.html', 'documentation index'],
  ])('%s is a %s', (url, kind) => {
    expect(bareRootProblem(url)).toContain(kind);
  });

  it.each([
    'https://metallb.universe.tf/concepts/layer2/',
    'https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-iptables',
    'https://github.com/cilium/cilium/blob/main/bpf/bpf_overlay.c',
    'https://github.com/cilium/cilium/pull/43557',
    'https://github.com/kubernetes-sigs/gateway-api/tree/v1.6.0/config/crd/standard',
    'https://example.com/#section',
    'https://kuma.io/docs/latest/policies/mutual-tls/',
    'https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/',
    'https://developer.hashicorp.com/consul/docs/secure-mesh/intention',
    'https://example.com/main',
    'https://kubernetes.io/docs/concepts/',
  ])('%s is a page', (url) => {
    expect(bareRootProblem(url)).toBeNull();
  });

  it('reports where a bare source is and ignores homepage and repository links', () => {
    const entry = structuredClone(shipped.catalogue.entries.find((e) => e.id === 'kube-proxy')) as Entry;
    entry.layers[0] = { ...(entry.layers[0] as Entry['layers'][number]), source: 'https://github.com/kubernetes/kubernetes' };
    entry.homepage = 'https://kubernetes.io/';
    const issues = checkSourceRoots({
      ...shipped,
      catalogue: { ...shipped.catalogue, entries: [entry] },
      traces: { ...shipped.traces, proxies: [], cnis: [], addons: [], versions: [] },
      diagramFacts: {},
    });
    expect(issues).toEqual([
      'catalogue kube-proxy.layers[0].source: https://github.com/kubernetes/kubernetes is a repository root; cite the file or page that states the fact',
    ]);
  });
});

describe('no two places state contradictory versions', () => {
  const catalogueWith = (mutate: (entries: Entry[]) => void): CatalogueData => {
    const entries = structuredClone(shipped.catalogue.entries);
    mutate(entries);
    return { ...shipped.catalogue, entries };
  };
  const kubeProxy = (entries: Entry[]): Entry => entries.find((e) => e.id === 'kube-proxy') as Entry;
  const cni = (entries: Entry[]): Entry => entries.find((e) => e.id === 'cni') as Entry;

  it("catches another entry's text that gives a different GA version for kube-proxy's nftables mode", () => {
    const catalogue = catalogueWith((entries) => {
      cni(entries).summary = {
        en: 'The CNI plugin sits beside kube-proxy, whose nftables mode is GA since v1.31.',
        zh: 'CNI 插件与 kube-proxy 并存，后者的 nftables 模式自 v1.31 起 GA。',
      };
    });
    const issues = checkVersions({ ...shipped, catalogue });
    expect(issues).toEqual([
      "catalogue cni.summary (en): says kube-proxy's nftables mode ga v1.31, but the catalogue entry kube-proxy says ga v1.33",
      "catalogue cni.summary (zh): says kube-proxy's nftables mode ga v1.31, but the catalogue entry kube-proxy says ga v1.33",
    ]);
  });

  it('catches the Chinese text of a mode disagreeing with its own versions', () => {
    const catalogue = catalogueWith((entries) => {
      const ipvs = kubeProxy(entries).modes.find((m) => m.id === 'ipvs') as Entry['modes'][number];
      ipvs.description = { en: ipvs.description.en, zh: 'IPVS 模式，v1.11 GA，自 v1.34 起弃用。' };
    });
    expect(checkVersions({ ...shipped, catalogue })).toEqual([
      "catalogue kube-proxy.modes[1].description (zh): says kube-proxy's ipvs mode deprecated v1.34, but the catalogue entry kube-proxy says deprecated v1.35",
    ]);
  });

  it('catches a walk whose version rule contradicts the catalogue', () => {
    const traces = structuredClone(shipped.traces);
    const rule = traces.versions.find((r) => r.id === 'ipvs-deprecated');
    if (!rule) throw new Error('no ipvs-deprecated rule');
    rule.text = { en: 'IPVS mode is deprecated since v1.36', zh: 'IPVS 模式自 v1.35 起弃用' };
    expect(checkVersions({ ...shipped, traces })).toEqual([
      "traces version ipvs-deprecated.text (en): says kube-proxy's ipvs mode deprecated v1.36, but the catalogue entry kube-proxy says deprecated v1.35",
    ]);
  });

  it("tells one entry's mode from another's of the same name", () => {
    // Calico's nftables dataplane went GA in Calico v3.31; kube-proxy's nftables mode in v1.33.
    const catalogue = catalogueWith((entries) => {
      cni(entries).summary = {
        en: "Calico's nftables dataplane is GA in Calico v3.31; kube-proxy's nftables mode is GA in v1.33.",
        zh: 'Calico 的 nftables 数据面于 v3.31 GA；kube-proxy 的 nftables 模式于 v1.33 GA。',
      };
    });
    expect(checkVersions({ ...shipped, catalogue })).toEqual([]);
  });
});
