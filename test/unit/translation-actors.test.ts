// @vitest-environment node
/**
 * The English and Chinese texts of a fact must name the same actors. A translation that drifts says
 * the right things about the wrong component (issue 10: the English said istio-cni hands ztunnel
 * sockets, the Chinese that ztunnel opens them), and a reader of one language learns a different
 * topology. Names stay in Latin script in Chinese, so each text's set of known names must match:
 * the catalogue's project ids and single-word proper names, the hyphenated and CamelCase actors of
 * the packet walks' control steps, snake_case program, map and device names, and kube-proxy chains.
 */
import { describe, expect, it } from 'vitest';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import type { CatalogueData } from '../../src/catalogue/schema.ts';
import type { TraceData } from '../../src/catalogue/trace-schema.ts';
import { localizedStrings } from '../helpers/localized.ts';
import { traceData } from './trace-helpers.ts';

const catalogue = compileCatalogue('data');
const traces = traceData();

function controlActors(data: TraceData): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      // An actor or target is a name, or a name in each language ({ en, zh }): the English one is the name.
      const name = (v: unknown): string | undefined =>
        typeof v === 'string' ? v : v && typeof v === 'object' ? ((v as { en?: unknown }).en as string | undefined) : undefined;
      const actor = name(record.actor);
      const target = name(record.target);
      if (actor !== undefined && target !== undefined) out.push(actor, target);
      Object.values(record).forEach(visit);
    }
  };
  visit(data);
  return out;
}

/** The names a text may mention: lower-case, matched as whole words (a hyphen may follow: "Envoy-based"). */
function actorVocabulary(data: CatalogueData, walks: TraceData): Set<string> {
  const names = new Set<string>();
  for (const entry of data.entries) {
    if (entry.type !== 'project') continue;
    names.add(entry.id);
    // A name kept unchanged in Chinese is a proper name; its first word identifies it (Envoy Gateway → envoy).
    const first = entry.name.en.split(/\s+/)[0] ?? '';
    if (entry.name.en === entry.name.zh && /^[A-Z]/.test(first)) names.add(first.toLowerCase());
  }
  for (const field of controlActors(walks)) {
    const words = field.split(/[\s()/→,]+/).filter(Boolean);
    for (const word of words) {
      // A one-word actor (ztunnel, Felix, istiod), a hyphenated one (istio-cni) or a CamelCase one (AntreaProxy).
      if (words.length === 1 || /^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+$|^[A-Z][a-z]+[A-Z][A-Za-z]*$/.test(word))
        names.add(word.toLowerCase());
    }
  }
  return names;
}

/**
 * The known names in a text. A hyphenated word counts as its longest known prefix, so "istio-cni"
 * is istio-cni (not istio), "Envoy-based" is envoy and "ztunnels" ztunnel; snake_case names and KUBE-*
 * chains always count.
 */
function namesIn(text: string, vocabulary: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const [word] of text.matchAll(/[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*/g)) {
    if (/^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(word) || /^KUBE-[A-Z0-9-]+$/.test(word)) {
      found.add(word);
      continue;
    }
    const parts = word.toLowerCase().split('-');
    for (let n = parts.length; n > 0; n--) {
      const prefix = parts.slice(0, n).join('-');
      // A plural names the same actor: "between ztunnels".
      const name = [prefix, prefix.replace(/s$/, '')].find((p) => vocabulary.has(p));
      if (name) {
        found.add(name);
        break;
      }
    }
  }
  return [...found].sort();
}

const vocabulary = actorVocabulary(catalogue, traces);

describe('English and Chinese name the same actors', () => {
  it('knows the actors of the walks and the catalogue', () => {
    for (const name of ['istio-cni', 'ztunnel', 'cilium-agent', 'kube-proxy', 'antreaproxy', 'envoy', 'felix', 'coredns'])
      expect(vocabulary, name).toContain(name);
    // Ordinary words are not names, or every "proxy" in English prose would need a Latin "proxy" in Chinese.
    for (const word of ['proxy', 'ingress', 'gateway', 'service', 'open']) expect(vocabulary, word).not.toContain(word);
  });

  it('catches a step whose translations disagree on who acts', () => {
    const en = 'for each ambient Pod, istio-cni hands ztunnel the sockets; cil_from_container redirects it';
    const zh = '为每个 ambient Pod，由 ztunnel 打开 socket；Envoy 转发';
    expect(namesIn(en, vocabulary)).toEqual(['cil_from_container', 'istio-cni', 'ztunnel']);
    expect(namesIn(zh, vocabulary)).toEqual(['envoy', 'ztunnel']);
    expect(namesIn('Envoy-based waypoints', vocabulary)).toEqual(['envoy']);
  });

  it.each([
    ['every packet-walk text', traces as unknown],
    ['every catalogue text', catalogue as unknown],
  ])('in %s', (_, data) => {
    const disagreements = localizedStrings(data)
      .map(({ path, en, zh }) => ({ path, en: namesIn(en, vocabulary), zh: namesIn(zh, vocabulary) }))
      .filter((t) => t.en.join() !== t.zh.join());
    expect(disagreements).toEqual([]);
  });
});
