/**
 * Every Mermaid text k8snet can emit, by family: the diagrams of `k8snet diagram` (every kind ×
 * option × language), the packet walks of `k8snet trace` (every supported stack), the topologies of
 * `k8snet inspect` (every file of the shared corpus, and the corpus as one cluster) and the
 * diagrams inside `k8snet docs`. The parse tests and the rendering test share these lists.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Catalogue } from '../../src/catalogue/catalogue.ts';
import { KIND_IDS, LANGS } from '../../src/catalogue/constants.ts';
import {
  buildDiagram,
  DIAGRAM_THEMES,
  type DiagramQuery,
  diagramToMermaid,
  PROXY_MODES,
  STANDARD_DIAGRAMS,
} from '../../src/diagrams/index.ts';
import { docsDocument } from '../../src/docs/generate.ts';
import { inspectTranslator } from '../../src/i18n/inspect-messages.ts';
import { traceTranslator } from '../../src/i18n/trace-messages.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { compileWalk } from '../../src/trace/compile.ts';
import { buildInspectView, inspectFlowchart } from '../../src/views/inspect.ts';
import { buildTraceView, traceSequence } from '../../src/views/trace.ts';
import { inspectPaths } from '../unit/inspect-helpers.ts';
import { describeOptions, supportedCombinations, traceData } from '../unit/trace-helpers.ts';
import { ROOT } from './cli.ts';

export interface EmittedMermaid {
  /** What produced it, for failure messages. */
  label: string;
  source: string;
}

type DiagramKind = (typeof STANDARD_DIAGRAMS)[number]['kind'];

/** Every combination of options each diagram kind takes, in both languages (`--focus` on every entry). */
export function diagramQueries(catalogueIds: readonly string[] = []): { kind: DiagramKind; query: DiagramQuery }[] {
  const out: { kind: DiagramKind; query: DiagramQuery }[] = [];
  for (const lang of LANGS) {
    for (const proxyMode of PROXY_MODES) {
      const cnis = proxyMode === 'ebpf' ? [undefined, 'cilium'] : [undefined, 'flannel', 'calico', 'cilium', 'aws-vpc-cni'];
      for (const cni of cnis) {
        for (const backends of [1, 3, 12]) out.push({ kind: 'service-flow', query: { lang, proxyMode, cni, backends } });
        for (const workers of [1, 3, 8])
          out.push({ kind: 'deployment', query: { lang, proxyMode, cni, workers, podsPerNode: workers === 8 ? 8 : 2 } });
      }
    }
    for (const kind of [undefined, ...KIND_IDS]) {
      for (const layout of ['full', 'compact'] as const) {
        for (const direction of ['TD', 'LR'] as const) out.push({ kind: 'layers', query: { lang, layout, kind, direction } });
      }
      out.push({ kind: 'relations', query: { lang, kind } });
    }
    for (const id of catalogueIds) out.push({ kind: 'relations', query: { lang, focus: id } });
    for (const theme of DIAGRAM_THEMES) {
      for (const d of STANDARD_DIAGRAMS)
        out.push({ kind: d.kind, query: { ...d.query, lang, theme, title: 'A "title" with # and ; and 中文' } });
    }
  }
  return out;
}

export function diagramSources(catalogue: Catalogue): EmittedMermaid[] {
  return diagramQueries(catalogue.entries.map((e) => e.id)).map(({ kind, query }) => ({
    label: `diagram ${kind} ${JSON.stringify(query)}`,
    source: diagramToMermaid(buildDiagram(catalogue, kind, query)),
  }));
}

/** The packet walks, one per distinct text (many stacks draw the same walk). */
export function traceSources(): EmittedMermaid[] {
  const data = traceData();
  const seen = new Map<string, string>();
  for (const o of supportedCombinations(data)) {
    for (const lang of LANGS) {
      const t = traceTranslator(lang);
      const source = traceSequence(buildTraceView(compileWalk(data, o), lang, t), t).toString();
      if (!seen.has(source)) seen.set(source, `trace ${describeOptions(o)} (${lang})`);
    }
  }
  return [...seen].map(([source, label]) => ({ label, source }));
}

/**
 * The packet walks of `k8snet trace --cluster`: every golden walk through a real input (those on
 * the shared corpus only when it is there), in both languages, and a walk that a policy denies
 * (the drop drawn as a note).
 */
export async function traceClusterSources(): Promise<EmittedMermaid[]> {
  const { CLUSTER_WALKS, clusterWalk, usesCorpus } = await import('../unit/trace-cluster-helpers.ts');
  const denied = {
    name: 'pod-to-service denied at ingress',
    inputs: ['shop-calico.yaml', 'kube-proxy-ipvs.yaml'],
    request: { scenario: 'pod-to-service' as const, from: 'shop/frontend', to: 'svc/shop/checkout', cni: { id: 'calico', mode: 'ipip' } },
    deny: true,
  };
  const out: EmittedMermaid[] = [];
  for (const c of [...CLUSTER_WALKS.filter((x) => corpusPresent || !usesCorpus(x)), denied]) {
    const { walk, view } = await clusterWalk(c.inputs, c.request, {
      ...('deny' in c
        ? {
            adjust: (b) => {
              if (!b.options.policy) return b;
              const side = { direction: 'ingress' as const, allowed: false, decisions: [] };
              const verdict = {
                source: 'shop/frontend[Deployment]',
                destination: 'shop/checkout[Deployment]',
                allowed: false,
                connections: '',
                egress: { ...side, direction: 'egress' as const, allowed: true },
                ingress: side,
              };
              return { ...b, options: { ...b.options, policy: { ...b.options.policy, count: 1, decide: () => verdict } } };
            },
          }
        : {}),
    });
    for (const lang of LANGS) {
      const t = traceTranslator(lang);
      out.push({ label: `trace --cluster ${c.name} (${lang})`, source: traceSequence(buildTraceView(walk, lang, t, view), t).toString() });
    }
  }
  return out;
}

export const CORPUS = join(ROOT, '..', 'shared', 'corpus');
export const corpusPresent = existsSync(join(CORPUS, 'EXPECTED.md'));

/** The policy cases of netpol-analyzer: inputs of `reach`, with expectations of their own (not in EXPECTED.md). */
export const NETPOL_CORPUS = join(CORPUS, 'netpol');

/** The corpus files that EXPECTED.md describes (relative paths): EXPECTED.md itself and the netpol cases aside. */
export function corpusFiles(dir = CORPUS): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (path === NETPOL_CORPUS) return [];
      return statSync(path).isDirectory() ? corpusFiles(path) : name === 'EXPECTED.md' ? [] : [relative(CORPUS, path)];
    });
}

/** The corpus folders EXPECTED.md describes: the whole corpus read as one cluster. */
export function corpusDirs(): string[] {
  return readdirSync(CORPUS)
    .sort()
    .filter((name) => join(CORPUS, name) !== NETPOL_CORPUS && statSync(join(CORPUS, name)).isDirectory());
}

/** The topology of every corpus file and of the whole corpus, in both languages (none without the corpus). */
export async function inspectSources(catalogue: Catalogue): Promise<EmittedMermaid[]> {
  if (!corpusPresent) return [];
  const out: EmittedMermaid[] = [];
  for (const paths of [...corpusFiles().map((f) => [f]), corpusDirs()]) {
    const { result, read } = await inspectPaths(paths, CORPUS);
    for (const lang of LANGS) {
      const t = inspectTranslator(lang);
      const source = inspectFlowchart(buildInspectView(catalogue, result, t, { sources: read.files }), t).toString();
      out.push({ label: `inspect ${paths.join(' ')} (${lang})`, source });
    }
  }
  return out;
}

/** The reach graph of the example and of every netpol-analyzer case, in both languages, folded too. */
export async function reachSources(): Promise<EmittedMermaid[]> {
  const { objectsFromFiles, reachOf } = await import('../unit/reach-helpers.ts');
  const { reachFlowchart } = await import('../../src/views/reach-diagram.ts');
  const { reachTranslator } = await import('../../src/i18n/reach-messages.ts');
  const inputs: { label: string; paths: string[]; maxNodes: number }[] = [
    { label: 'example shop', paths: [join(ROOT, 'test', 'fixtures', 'reach', 'example')], maxNodes: 60 },
    { label: 'example shop folded', paths: [join(ROOT, 'test', 'fixtures', 'reach', 'example')], maxNodes: 5 },
  ];
  if (existsSync(join(NETPOL_CORPUS, 'cases')))
    for (const name of readdirSync(join(NETPOL_CORPUS, 'cases')).sort())
      inputs.push({ label: `netpol ${name}`, paths: [join(NETPOL_CORPUS, 'cases', name)], maxNodes: 60 });
  const out: EmittedMermaid[] = [];
  for (const input of inputs) {
    const objects = await objectsFromFiles(input.paths);
    for (const lang of LANGS) {
      const { view } = reachOf(objects, {}, { lang, maxNodes: input.maxNodes });
      if (view.diagram)
        out.push({ label: `reach ${input.label} (${lang})`, source: reachFlowchart(view.diagram, reachTranslator(lang)).toString() });
    }
  }
  return out;
}

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

export function docsSources(catalogue: Catalogue): EmittedMermaid[] {
  return LANGS.flatMap((lang) =>
    mermaidBlocks(renderDocumentAsMarkdown(docsDocument(catalogue, lang))).map((source, i) => ({
      label: `docs (${lang}) diagram ${i + 1}`,
      source,
    })),
  );
}
