/**
 * `npm run check:sources` (and test/unit/check-sources.test.ts): two checks no schema can make.
 *
 * 1. A source must name the page or file that states the fact. Every URL under a key named
 *    `source`, ending in `Source` (prefixSource, proxySource) or inside a `…Sources` record
 *    (versionSources) fails when it is a bare site root (https://metallb.universe.tf/), the front
 *    page of a documentation site (https://kuma.io/docs/, https://docs.cilium.io/en/stable/: only
 *    docs, version, channel or language words after an optional product name) or a repository
 *    root (https://github.com/org/repo, or …/tree/<branch> with nothing after it).
 *    `homepage` and `repository` fields are links, not sources, and may be roots.
 *
 * 2. Two places must not state contradictory versions for the same thing. The same thing is a
 *    mode of a catalogue entry (kube-proxy's ipvs, Calico's nftables): its structured versions
 *    (`introduced`, `ga`, `deprecated`, `removed`) are the reference. Every English and Chinese
 *    text of the catalogue, of the packet walks and of the diagram facts is read for claims about
 *    a mode, such as "nftables (GA v1.33)" or "IPVS 模式自 v1.35 起弃用":
 *    - a text belongs to its entry (and mode) when it has one: an entry's own texts, a walk's
 *      proxy (through `catalogue`/`catalogueMode`), a walk's CNI (same id), a version rule of a
 *      proxy, the diagram facts of a proxy mode;
 *    - a mention of a mode's id or English name is about the entry named most recently before it in
 *      the same sentence, else about the text's own entry, so "Calico's nftables" and "kube-proxy's
 *      nftables" are told apart; a mention of another entry's mode id that has no such mode is
 *      ignored;
 *    - a milestone word (alpha, introduced, GA, stable, deprecated, removed; Alpha, GA, 稳定, 弃用,
 *      移除, 引入 in Chinese) with a version next to it is a claim about the current mode, which is
 *      the mode last mentioned in the sentence, else the text's own mode;
 *    - a claim that differs from the mode's structured version is reported. A claim about a
 *      milestone the mode does not record, or "beta", is not checked.
 */
import type { TraceData } from './trace-schema.ts';
import type { CatalogueData, Entry, ModeMilestone } from './schema.ts';

export interface SourcedData {
  catalogue: CatalogueData;
  traces: TraceData;
  diagramFacts: unknown;
}

// ---------------------------------------------------------------- 1. bare roots

const CODE_HOSTS = new Set(['github.com', 'www.github.com', 'gitlab.com']);

/** Why a URL cannot be a fact's source, or null when it names a page or file. */
export function bareRootProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // the schemas reject malformed URLs
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  if (CODE_HOSTS.has(parsed.hostname)) {
    const atBranch = segments.length === 4 && (segments[2] === 'tree' || segments[2] === 'blob');
    if (segments.length <= 2 || atBranch) return 'is a repository root; cite the file or page that states the fact';
    return null;
  }
  if (parsed.hash !== '') return null;
  if (segments.length === 0) return 'is a bare site root; cite the page that states the fact';
  if (isDocsIndex(parsed.hostname, segments)) return 'is a documentation index; cite the page that states the fact';
  return null;
}

const DOCS_WORDS = new Set(['docs', 'doc', 'documentation']);
const INDEX_WORDS = new Set([...DOCS_WORDS, 'latest', 'stable', 'current', 'main', 'master', 'home', 'html', 'en', 'zh', 'en-us', 'zh-cn']);
const isIndexWord = (segment: string): boolean => INDEX_WORDS.has(segment) || /^v?\d+(?:\.\d+)*$/.test(segment);

/**
 * The front page of a documentation site: https://kuma.io/docs/, https://kubeovn.github.io/docs/stable/en/,
 * https://docs.cilium.io/en/stable/, https://developer.hashicorp.com/consul/docs. Every path segment is a
 * docs, version, channel or language word (the first may name the product), and the path has a docs word
 * or the host is a docs. host.
 */
function isDocsIndex(hostname: string, segments: string[]): boolean {
  const words = segments.map((s) => s.toLowerCase()).filter((s) => s !== 'index.html' && s !== 'index.md');
  if (words.length === 0) return true;
  const rest = isIndexWord(words[0] ?? '') ? words : words.slice(1);
  if (rest.length === 0 || !rest.every(isIndexWord)) return false;
  return rest.some((w) => DOCS_WORDS.has(w)) || hostname.startsWith('docs.');
}

const isSourceKey = (key: string): boolean => key === 'source' || key.endsWith('Source');

function sourceProblems(value: unknown, path: string, out: string[], inSources = false): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      sourceProblems(v, `${path}[${i}]`, out, inSources);
    });
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof v === 'string' && (inSources || isSourceKey(key))) {
      const problem = bareRootProblem(v);
      if (problem) out.push(`${at}: ${v} ${problem}`);
    } else sourceProblems(v, at, out, key.endsWith('Sources'));
  }
}

// ---------------------------------------------------------------- 2. contradictory versions

/** "v1.33", "1.33.0" and "1.33" are the same version, and so are "istio-1.24" and "1.24". */
function sameVersion(a: string, b: string): boolean {
  const parts = (v: string): number[] => (/\d+(?:\.\d+)*/.exec(v)?.[0] ?? v).split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  if ([...x, ...y].some(Number.isNaN)) return a.toLowerCase() === b.toLowerCase();
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return false;
  return true;
}

const MILESTONE_WORDS: [RegExp, ModeMilestone][] = [
  [/^(alpha|introduced|引入)$/i, 'introduced'],
  [/^(ga|stable|稳定)$/i, 'ga'],
  [/^(deprecated|弃用)$/i, 'deprecated'],
  [/^(removed|移除)$/i, 'removed'],
];
const milestoneOf = (word: string): ModeMilestone | null => MILESTONE_WORDS.find(([re]) => re.test(word))?.[1] ?? null;

const VERSION = String.raw`v?\d+\.\d+(?:\.\d+)?(?![\d.]*\d)`;
const WORD = 'alpha|introduced|GA|stable|deprecated|removed';
/** English: "GA v1.33", "deprecated in v1.35", "GA in Calico v3.31" (at most two words between). */
const EN_CLAIM = new RegExp(String.raw`\b(${WORD})\b(?:[ \t]+(?![\dv]\d*\.)[A-Za-z]+){0,2}[ \t]+(${VERSION})`, 'gi');
/** Chinese: "v1.33 GA", "自 v1.35 起弃用", "1.29 Alpha". */
const ZH_CLAIM = new RegExp(String.raw`(${VERSION})\s*(?:起)?\s*(Alpha|GA|稳定|弃用|移除|引入)`, 'g');

interface Claim {
  at: number;
  milestone: ModeMilestone;
  version: string;
}

function claimsIn(text: string): Claim[] {
  const out: Claim[] = [];
  for (const m of text.matchAll(EN_CLAIM)) {
    const milestone = milestoneOf(m[1] ?? '');
    if (milestone) out.push({ at: m.index ?? 0, milestone, version: m[2] ?? '' });
  }
  for (const m of text.matchAll(ZH_CLAIM)) {
    const milestone = milestoneOf(m[2] ?? '');
    if (milestone) out.push({ at: m.index ?? 0, milestone, version: m[1] ?? '' });
  }
  return out;
}

/** Where sentences end: ". " (not the dot of a version), ";", "。", "；", a line break. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/\.(?=\s)|[;。；\n]/g)) ends.push(m.index ?? 0);
  return ends;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordPattern = (word: string): RegExp => new RegExp(`(?<![\\w-])${escapeRegExp(word)}(?![\\w-])`, 'gi');

interface Owner {
  entry: Entry | undefined;
  mode: string | undefined;
}

interface TextUnit {
  where: string;
  text: string;
  owner: Owner;
}

function entryNamePatterns(entries: readonly Entry[]): { entry: Entry; re: RegExp }[] {
  return entries.flatMap((entry) =>
    [...new Set([entry.id, ...entry.aliases, entry.name.en, entry.name.zh])].map((name) => ({ entry, re: wordPattern(name) })),
  );
}

function versionContradictions(units: readonly TextUnit[], entries: readonly Entry[]): string[] {
  const issues: string[] = [];
  const names = entryNamePatterns(entries);
  const modeNames = (entry: Entry): { mode: string; re: RegExp }[] =>
    entry.modes.flatMap((mode) =>
      [...new Set([mode.id, mode.name.en])].filter((n) => n.length > 2).map((n) => ({ mode: mode.id, re: wordPattern(n) })),
    );
  for (const unit of units) {
    const claims = claimsIn(unit.text);
    if (claims.length === 0) continue;
    const ends = sentenceEnds(unit.text);
    const sentenceOf = (at: number): number => ends.filter((e) => e < at).length;
    // Entry names in the text, by position.
    const named: { at: number; entry: Entry }[] = [];
    for (const { entry, re } of names) for (const m of unit.text.matchAll(re)) named.push({ at: m.index ?? 0, entry });
    // Mode mentions, attributed to the entry named last before them in the sentence, else the owner.
    const mentions: { at: number; entry: Entry; mode: string }[] = [];
    const candidates = new Set([...(unit.owner.entry ? [unit.owner.entry] : []), ...named.map((n) => n.entry)]);
    for (const entry of candidates) {
      for (const { mode, re } of modeNames(entry)) {
        for (const m of unit.text.matchAll(re)) {
          const at = m.index ?? 0;
          const before = named.filter((n) => n.at < at && sentenceOf(n.at) === sentenceOf(at)).sort((a, b) => b.at - a.at)[0];
          const subject = before?.entry ?? unit.owner.entry;
          if (subject === entry) mentions.push({ at, entry, mode });
        }
      }
    }
    for (const claim of claims) {
      const last = mentions.filter((m) => m.at < claim.at && sentenceOf(m.at) === sentenceOf(claim.at)).sort((a, b) => b.at - a.at)[0];
      const entry = last?.entry ?? unit.owner.entry;
      const modeId = last?.mode ?? unit.owner.mode;
      const mode = entry?.modes.find((m) => m.id === modeId);
      if (!entry || !mode) continue;
      const stated = mode[claim.milestone];
      if (stated !== undefined && !sameVersion(stated, claim.version)) {
        issues.push(
          `${unit.where}: says ${entry.id}'s ${mode.id} mode ${claim.milestone} ${claim.version}, but the catalogue entry ${entry.id} says ${claim.milestone} ${stated}`,
        );
      }
    }
  }
  return issues;
}

/** Every {en, zh} text under a value, with its path. */
function localized(value: unknown, path: string, visit: (path: string, text: { en: string; zh: string }) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      localized(v, `${path}[${i}]`, visit);
    });
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.en === 'string' && typeof record.zh === 'string') {
    visit(path, { en: record.en, zh: record.zh });
    return;
  }
  for (const [key, v] of Object.entries(record)) localized(v, `${path}.${key}`, visit);
}

function textUnits(data: SourcedData): TextUnit[] {
  const { catalogue, traces } = data;
  const byId = new Map(catalogue.entries.map((e) => [e.id, e]));
  const units: TextUnit[] = [];
  const add = (where: string, value: unknown, owner: Owner): void => {
    localized(value, where, (path, text) => {
      units.push({ where: `${path} (en)`, text: text.en, owner }, { where: `${path} (zh)`, text: text.zh, owner });
    });
  };
  for (const entry of catalogue.entries) {
    const { modes, ...rest } = entry;
    add(`catalogue ${entry.id}`, rest, { entry, mode: undefined });
    modes.forEach((mode, i) => {
      add(`catalogue ${entry.id}.modes[${i}]`, mode, { entry, mode: mode.id });
    });
  }
  const proxyOwner = (id: string | undefined): Owner => {
    const proxy = traces.proxies.find((p) => p.id === id);
    return { entry: proxy?.catalogue ? byId.get(proxy.catalogue) : undefined, mode: proxy?.catalogueMode };
  };
  for (const proxy of traces.proxies) add(`traces proxy ${proxy.id}`, proxy, proxyOwner(proxy.id));
  for (const cni of traces.cnis) {
    const entry = byId.get(cni.id);
    add(`traces cni ${cni.id}:${cni.mode}`, cni, { entry, mode: entry?.modes.some((m) => m.id === cni.mode) ? cni.mode : undefined });
  }
  for (const rule of traces.versions) add(`traces version ${rule.id}`, rule, proxyOwner(rule.proxy));
  add('traces scenarios', traces.scenarios, { entry: undefined, mode: undefined });
  add('traces common', traces.common, { entry: undefined, mode: undefined });
  add('traces addons', traces.addons, { entry: undefined, mode: undefined });
  const facts = data.diagramFacts as { proxyModes?: { id: string; programmer: string }[] } | undefined;
  for (const mode of facts?.proxyModes ?? []) {
    const entry = byId.get(mode.programmer);
    add(`diagram-facts ${mode.id}`, mode, { entry, mode: entry?.modes.some((m) => m.id === mode.id) ? mode.id : undefined });
  }
  return units;
}

/** Rule 1: every source that is a bare site or repository root. */
export function checkSourceRoots(data: SourcedData): string[] {
  const issues: string[] = [];
  for (const entry of data.catalogue.entries) sourceProblems(entry, `catalogue ${entry.id}`, issues);
  sourceProblems(data.catalogue.layers, 'catalogue layers', issues);
  sourceProblems(data.traces, 'traces', issues);
  sourceProblems(data.diagramFacts, 'diagram-facts', issues);
  return issues;
}

/** Rule 2: every text that states a version contradicting a catalogue mode's. */
export function checkVersions(data: SourcedData): string[] {
  return versionContradictions(textUnits(data), data.catalogue.entries);
}

/** Every problem, one line each; empty when the sources are fine. */
export function checkSources(data: SourcedData): string[] {
  return [...checkSourceRoots(data), ...checkVersions(data)];
}
