/**
 * `k8snet reach`: the view model (every allowed connection, one pair's verdict with its reasons,
 * or what is exposed; with the data plane's enforcement and the lint findings), its Document for
 * table and markdown, its connlist text, and the allowed-connection graph.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Lang, PolicyApi } from '../catalogue/constants.ts';
import type { PolicySupport } from '../catalogue/schema.ts';
import type { ReachTranslator } from '../i18n/reach-messages.ts';
import { Cluster } from '../cluster/cluster.ts';
import { modelOf, type ServiceModel } from '../cluster/model.ts';
import type { KObject } from '../cluster/objects.ts';
import type { Finding } from '../inspect/findings.ts';
import { inspectObjects } from '../inspect/inspect.ts';
import { allowedBetween } from '../policy/connectivity.ts';
import type { Connection, ConnectionVerdict, Decision, PolicyInput, PolicyWarning } from '../policy/index.ts';
import { exposedConns, INGRESS_CONTROLLER } from '../policy/index.ts';
import { buildPolicyInput } from '../policy/input.ts';
import { type LintContext, type LintFinding, lintPolicies } from '../policy/lint.ts';
import { type ReachOptions, resolveQuery } from '../policy/query.ts';
import { ALL_CONNS, type Conns, NO_CONNS, union } from '../policy/ports.ts';
import type { Document, Rich } from '../renderers/document.ts';
import { buildReachDiagram, type ReachDiagram } from './reach-diagram.ts';

export interface ConnectionRow {
  src: string;
  dst: string;
  conn: string;
}

export interface DecisionView extends Decision {
  text: string;
}

export interface PairView {
  source: string;
  destination: string;
  /** `5432/TCP`, or null for every port. */
  port: string | null;
  /** When the destination was given as a Service: the Service port and where it leads. */
  service: { name: string; port: string; target: string | null } | null;
  allowed: boolean;
  connections: string;
  egress: { allowed: boolean; decisions: DecisionView[] };
  ingress: { allowed: boolean; decisions: DecisionView[] };
  /** For the ingress controller: what Ingress/Route objects expose of the destination. */
  exposure: { conns: string; via: string[] } | null;
}

export interface ExposureRow {
  workload: string;
  fromOutside: string;
  /** The external ranges that reach it, when not every address does. */
  outsideRanges: string[];
  fromAnyNamespace: string;
  fromIngressController: string;
  via: string[];
}

export interface EnforcementRow {
  api: PolicyApi;
  /** Catalogue id and name of the detected component; null when none was found. */
  component: { id: string; name: string } | null;
  support: PolicySupport['support'] | 'unknown';
  enforcer: string | null;
  since: string | null;
  note: string;
  source: string | null;
}

export interface EnforcementOverall {
  api: PolicyApi;
  verdict: PolicySupport['support'] | 'unknown';
  text: string;
}

export interface LintView extends LintFinding {
  text: string;
}

export interface ReachView {
  view: 'reach';
  lang: Lang;
  sources: string[];
  mode: 'list' | 'pair' | 'exposure';
  summary: {
    workloads: number;
    namespaces: number;
    classes: number;
    policies: { kind: string; count: number }[];
    externalRanges: number;
    families: string[];
  };
  focus: string | null;
  connections: ConnectionRow[];
  pairs: PairView[];
  exposure: ExposureRow[];
  enforcement: { rows: EnforcementRow[]; overall: EnforcementOverall[] };
  findings: LintView[];
  warnings: string[];
  diagram: ReachDiagram | null;
}

export interface PairQuery {
  verdict: ConnectionVerdict;
  port: string | null;
  service: PairView['service'];
}

export type ReachQuery =
  | { mode: 'list'; focus?: string; connections: readonly Connection[] }
  | { mode: 'pair'; pairs: readonly PairQuery[] }
  | { mode: 'exposure' };

export interface ReachViewInput {
  sources: readonly string[];
  input: PolicyInput;
  findings: readonly Finding[];
  lint: readonly LintFinding[];
  warnings: readonly PolicyWarning[];
  query: ReachQuery;
  maxNodes: number;
}

const API_KINDS: Readonly<Record<PolicyApi, readonly string[]>> = {
  networkPolicy: ['NetworkPolicy'],
  adminNetworkPolicy: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'],
  clusterNetworkPolicy: ['ClusterNetworkPolicy'],
};

function apiName(api: PolicyApi, t: ReachTranslator): string {
  return t.t(
    api === 'networkPolicy' ? 'apiNetworkPolicy' : api === 'adminNetworkPolicy' ? 'apiAdminNetworkPolicy' : 'apiClusterNetworkPolicy',
  );
}

export function supportName(support: EnforcementRow['support'], t: ReachTranslator): string {
  const keys = {
    enforced: 'supportEnforced',
    partial: 'supportPartial',
    optional: 'supportOptional',
    none: 'supportNone',
    unknown: 'supportUnknown',
  } as const;
  return t.t(keys[support]);
}

function policyText(d: Decision): string {
  const p = d.policy;
  if (!p) return '';
  return p.namespace ? `${p.kind} ${p.namespace}/${p.name}` : `${p.kind} ${p.name}`;
}

export function decisionText(d: Decision, direction: 'ingress' | 'egress', t: ReachTranslator): string {
  const all = d.connections === ALL_CONNS.toString();
  const conns = all ? t.t('allTraffic') : d.connections;
  const rule = d.rule ? (d.rule.name ? `"${d.rule.name}"` : `#${d.rule.index + 1}`) : '';
  const values = {
    policy: policyText(d),
    priority: d.policy?.priority !== undefined ? t.t('priority', { priority: d.policy.priority }) : '',
    direction: t.t(direction === 'ingress' ? 'directionIngress' : 'directionEgress'),
    rule,
    conns,
  };
  if (d.layer === 'default') return t.t(all ? 'decisionDefaultAll' : 'decisionDefault', values);
  if (d.action === 'allow') return t.t('decisionAllow', values);
  if (d.action === 'deny') return t.t('decisionDeny', values);
  if (d.action === 'pass') return t.t(d.layer === 'admin' ? 'decisionPassAdmin' : 'decisionPassBaseline', values);
  return t.t(d.rule ? 'decisionNoneRule' : 'decisionNone', values);
}

/** Which component of the input enforces each policy API the input uses, from the catalogue. */
export function buildEnforcement(
  catalogue: Catalogue,
  input: PolicyInput,
  findings: readonly Finding[],
  t: ReachTranslator,
): ReachView['enforcement'] {
  const kinds = new Set([...input.compiled.admin, ...input.compiled.networkPolicies, ...input.compiled.baseline].map((p) => p.ref.kind));
  const apis = (Object.keys(API_KINDS) as PolicyApi[]).filter((api) => API_KINDS[api].some((k) => kinds.has(k)));
  if (apis.length === 0) apis.push('networkPolicy');
  // The data plane: the CNI plugins found, and any policy enforcer inspect reports as a project.
  const components = findings.filter(
    (f) =>
      (f.concern === 'cni' && f.role !== 'config-only') || (f.concern === 'network-policy' && catalogue.find(f.id)?.type === 'project'),
  );
  const seen = new Set<string>();
  const unique = components.filter((f) => {
    const key = f.role === 'unknown' ? `?${f.label}` : f.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rows: EnforcementRow[] = [];
  const overall: EnforcementOverall[] = [];
  const lang = t.lang;
  for (const api of apis) {
    const name = apiName(api, t);
    if (unique.length === 0) {
      rows.push({ api, component: null, support: 'unknown', enforcer: null, since: null, note: t.t('noCni'), source: null });
      overall.push({ api, verdict: 'unknown', text: t.t('overallUnknown', { api: name }) });
      continue;
    }
    const mine: EnforcementRow[] = [];
    for (const f of unique) {
      const entry = f.role === 'unknown' ? undefined : catalogue.find(f.id);
      const componentName = entry ? entry.name[lang] : (f.label ?? f.id);
      const fact = entry?.policy?.[api];
      mine.push(
        fact
          ? {
              api,
              component: { id: entry?.id ?? f.id, name: componentName },
              support: fact.support,
              enforcer: fact.enforcer ? fact.enforcer[lang] : null,
              since: fact.since ?? null,
              note: fact.note ? fact.note[lang] : '',
              source: fact.source,
            }
          : {
              api,
              component: { id: entry?.id ?? f.id, name: componentName },
              support: 'unknown',
              enforcer: null,
              since: null,
              note: t.t('unknownInCatalogue', { component: componentName, api: name }),
              source: null,
            },
      );
    }
    rows.push(...mine);
    const best = (['enforced', 'partial', 'optional'] as const).find((s) => mine.some((r) => r.support === s));
    if (best) {
      const by = mine
        .filter((r) => r.support === best)
        .map((r) => `${r.component?.name}${r.enforcer ? `: ${r.enforcer}` : ''}${best === 'enforced' ? '' : ` (${supportName(best, t)})`}`)
        .join('; ');
      overall.push({ api, verdict: best, text: t.t('overallEnforced', { api: name, by }) });
    } else if (mine.every((r) => r.support === 'none'))
      overall.push({
        api,
        verdict: 'none',
        text: t.t('overallNone', { api: name, components: mine.map((r) => r.component?.name ?? '').join(', ') }),
      });
    else overall.push({ api, verdict: 'unknown', text: t.t('overallUnknown', { api: name }) });
  }
  return { rows, overall };
}

function pairView(q: PairQuery, input: PolicyInput, t: ReachTranslator): PairView {
  const v = q.verdict;
  const decisions = (direction: 'ingress' | 'egress') =>
    (direction === 'egress' ? v.egress : v.ingress).decisions.map((d) => ({ ...d, text: decisionText(d, direction, t) }));
  const exposure =
    v.source === INGRESS_CONTROLLER
      ? (() => {
          const e = input.exposures.find((x) => x.peer.name === v.destination);
          return { conns: e ? e.conns.toString() : '', via: e ? e.via.map((x) => `${x.kind} ${x.namespace}/${x.name}`) : [] };
        })()
      : null;
  return {
    source: v.source,
    destination: v.destination,
    port: q.port,
    service: q.service,
    allowed: v.allowed,
    connections: v.connections,
    egress: { allowed: v.egress.allowed, decisions: decisions('egress') },
    ingress: { allowed: v.ingress.allowed, decisions: decisions('ingress') },
    exposure,
  };
}

function exposureRows(input: PolicyInput): ExposureRow[] {
  return input.workloads.map((w) => {
    let outside = NO_CONNS;
    const reaching: { name: string; conns: Conns }[] = [];
    for (const s of input.externalSources) {
      const conns = allowedBetween(input, s.endpoint, w.endpoint);
      outside = union(outside, conns);
      if (!conns.isEmpty) reaching.push({ name: s.name, conns });
    }
    const all = reaching.length === input.externalSources.length && reaching.every((r) => r.conns === outside);
    const exposure = input.exposures.find((e) => e.peer === w);
    return {
      workload: w.name,
      fromOutside: outside.toString(),
      outsideRanges: all ? [] : reaching.map((r) => r.name.replace(/\[External\]$/, '')),
      fromAnyNamespace: allowedBetween(input, input.anyPod, w.endpoint).toString(),
      fromIngressController: exposure ? exposedConns(input, exposure).toString() : '',
      via: exposure ? exposure.via.map((x) => `${x.kind} ${x.namespace}/${x.name}`) : [],
    };
  });
}

export function buildReachView(catalogue: Catalogue, data: ReachViewInput, t: ReachTranslator): ReachView {
  const { input, query } = data;
  const counts = new Map<string, number>();
  for (const p of [...input.compiled.admin, ...input.compiled.networkPolicies, ...input.compiled.baseline])
    counts.set(p.ref.kind, (counts.get(p.ref.kind) ?? 0) + 1);
  const connections = query.mode === 'list' ? query.connections.map((c) => ({ src: c.src, dst: c.dst, conn: c.conns.toString() })) : [];
  const view: ReachView = {
    view: 'reach',
    lang: t.lang,
    sources: [...data.sources],
    mode: query.mode,
    summary: {
      workloads: input.workloads.length,
      namespaces: new Set(input.workloads.map((w) => w.workload.namespace)).size,
      classes: input.classes,
      policies: [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => (a.kind < b.kind ? -1 : 1)),
      externalRanges: new Set([...input.externalSources, ...input.externalDestinations].map((e) => e.name)).size,
      families: input.families.map((f) => `IPv${f}`),
    },
    focus: query.mode === 'list' ? (query.focus ?? null) : null,
    connections,
    pairs: query.mode === 'pair' ? query.pairs.map((q) => pairView(q, input, t)) : [],
    exposure: query.mode === 'exposure' ? exposureRows(input) : [],
    enforcement: buildEnforcement(catalogue, input, data.findings, t),
    findings: data.lint.map((f) => ({
      ...f,
      text:
        t.lint(f.code, {
          ...f.values,
          ...(f.values.direction ? { direction: t.t(f.values.direction === 'ingress' ? 'directionIngress' : 'directionEgress') } : {}),
        }) + (f.code === 'dnsBlocked' && f.values.assumed === 'yes' ? t.t('lint.dnsAssumed') : ''),
    })),
    warnings: data.warnings.map((w) => t.warning(w.code, w.values)),
    diagram: null,
  };
  if (query.mode === 'list') view.diagram = buildReachDiagram(input, query.connections, data.maxNodes);
  return view;
}

/** `--format connlist`: one line per ordered pair, `SRC => DST : CONNS`, as netpol-analyzer's list prints. */
export function reachConnlist(view: ReachView): string {
  const rows =
    view.mode === 'pair'
      ? view.pairs.filter((p) => p.connections !== '').map((p) => ({ src: p.source, dst: p.destination, conn: p.connections }))
      : view.connections;
  return rows.map((r) => `${r.src} => ${r.dst} : ${r.conn}\n`).join('');
}

function connText(conn: string, t: ReachTranslator): string {
  return conn === ALL_CONNS.toString() ? t.t('allConnections') : conn;
}

export function reachDocument(view: ReachView, t: ReachTranslator): Document {
  const doc: Document[number][] = [];
  const sources = view.sources.map((s) => (s === '-' ? t.t('stdin') : s));
  const s = view.summary;
  const policies = s.policies.length === 0 ? t.t('noPolicies') : s.policies.map((p) => `${p.count} ${p.kind}`).join(', ');
  if (view.mode === 'pair') {
    for (const p of view.pairs) pairBlocks(doc, p, t);
  } else {
    doc.push({
      type: 'heading',
      level: 1,
      text: t.t('title', {
        sources:
          sources.length > 3 ? t.t('manyFiles', { first: sources.slice(0, 2).join(', '), count: sources.length }) : sources.join(', '),
      }),
    });
    doc.push({
      type: 'paragraph',
      text: t.t('summary', {
        workloads: s.workloads,
        namespaces: s.namespaces,
        classes: s.classes,
        policies,
        ranges: s.externalRanges,
      }),
    });
    if (s.workloads === 0) doc.push({ type: 'paragraph', text: t.t('noWorkloads') });
    if (view.mode === 'list') listBlocks(doc, view, t);
    else exposureBlocks(doc, view, t);
  }
  enforcementBlocks(doc, view, t);
  doc.push({ type: 'heading', level: 2, text: t.t('findingsHeading') });
  if (view.findings.length === 0) doc.push({ type: 'paragraph', text: t.t('noFindings') });
  else doc.push({ type: 'list', items: view.findings.map((f) => f.text) });
  return doc;
}

function listBlocks(doc: Document[number][], view: ReachView, t: ReachTranslator): void {
  doc.push({ type: 'heading', level: 2, text: t.t('connectionsHeading', { count: view.connections.length }) });
  if (view.focus) doc.push({ type: 'paragraph', text: t.t('focusNote', { peer: view.focus }) });
  if (view.connections.length === 0) {
    doc.push({ type: 'paragraph', text: t.t('noConnections') });
    return;
  }
  const columns = [t.t('colFrom'), t.t('colTo'), t.t('colConnections')];
  if (view.connections.length <= LARGE_LIST) {
    // Grouped by source: the source is named on the first row of its group only.
    let previous = '';
    const rows: Rich[][] = view.connections.map((c) => {
      const first = c.src !== previous;
      previous = c.src;
      return [first ? { strong: c.src } : '', c.dst, connText(c.conn, t)];
    });
    doc.push({ type: 'table', columns, rows });
    return;
  }
  // A long list: one table per source, which terminals draw far faster than one huge table.
  let start = 0;
  while (start < view.connections.length) {
    const src = view.connections[start]?.src as string;
    let end = start;
    while (end < view.connections.length && view.connections[end]?.src === src) end++;
    doc.push({ type: 'heading', level: 3, text: src });
    doc.push({
      type: 'table',
      columns: columns.slice(1),
      rows: view.connections.slice(start, end).map((c): Rich[] => [c.dst, connText(c.conn, t)]),
    });
    start = end;
  }
}

/** Beyond this many connections, the table is split by source. */
const LARGE_LIST = 500;

function pairBlocks(doc: Document[number][], p: PairView, t: ReachTranslator): void {
  doc.push({
    type: 'heading',
    level: 1,
    text: t.t('pairTitle', {
      source: p.source,
      destination: p.destination,
      port: p.port ? t.t('onPort', { port: p.port }) : '',
      verdict: t.t(p.allowed ? 'verdictAllowed' : 'verdictDenied'),
    }),
  });
  if (p.service)
    doc.push({
      type: 'paragraph',
      text: p.service.target
        ? t.t('viaService', { service: p.service.name, servicePort: p.service.port, target: p.service.target, workload: p.destination })
        : t.t('serviceNoTarget', { service: p.service.name, servicePort: p.service.port, target: p.port ?? '', workload: p.destination }),
    });
  doc.push({
    type: 'paragraph',
    text: p.connections ? t.t('allowedPart', { conns: connText(p.connections, t) }) : t.t('nothingAllowed'),
  });
  if (p.exposure)
    doc.push({
      type: 'paragraph',
      text:
        p.exposure.via.length > 0
          ? t.t('exposedBy', { peer: p.destination, via: p.exposure.via.join(', '), conns: p.exposure.conns })
          : t.t('notExposed', { peer: p.destination }),
    });
  for (const direction of ['egress', 'ingress'] as const) {
    const d = p[direction];
    doc.push({
      type: 'heading',
      level: 2,
      text: t.t(direction === 'egress' ? 'egressHeading' : 'ingressHeading', {
        peer: direction === 'egress' ? p.source : p.destination,
        verdict: t.t(d.allowed ? 'verdictAllowed' : 'verdictDenied'),
      }),
    });
    doc.push({ type: 'list', ordered: true, items: d.decisions.map((x) => x.text) });
  }
}

function exposureBlocks(doc: Document[number][], view: ReachView, t: ReachTranslator): void {
  doc.push({ type: 'heading', level: 2, text: t.t('exposureHeading') });
  const cell = (conn: string) => (conn === '' ? t.t('notReachable') : connText(conn, t));
  doc.push({
    type: 'table',
    columns: [t.t('colWorkload'), t.t('colFromOutside'), t.t('colFromAnyNamespace'), t.t('colFromIngress')],
    rows: view.exposure.map((r) => [
      { strong: r.workload },
      r.outsideRanges.length > 0 && r.fromOutside !== ''
        ? t.t('someRanges', { conns: cell(r.fromOutside), ranges: r.outsideRanges.join(', ') })
        : cell(r.fromOutside),
      cell(r.fromAnyNamespace),
      r.fromIngressController === '' ? t.t('notReachable') : `${cell(r.fromIngressController)} (${r.via.join(', ')})`,
    ]),
  });
  doc.push({ type: 'note', text: t.t('exposureNote') });
}

function enforcementBlocks(doc: Document[number][], view: ReachView, t: ReachTranslator): void {
  const e = view.enforcement;
  doc.push({ type: 'heading', level: 2, text: t.t('enforcementHeading') });
  if (e.rows.every((r) => r.component === null)) {
    doc.push({ type: 'paragraph', text: `${t.t('noCni')}.` });
    return;
  }
  doc.push({
    type: 'table',
    columns: [t.t('colApi'), t.t('colComponent'), t.t('colEnforced'), t.t('colEnforcer'), t.t('colSource')],
    rows: e.rows.map((r): Rich[] => [
      apiName(r.api, t),
      r.component ? [r.component.name, ' ', { code: r.component.id }] : '—',
      supportName(r.support, t),
      [r.enforcer ?? '', r.since ? ` (${r.since})` : '', r.note ? `${r.enforcer ? '; ' : ''}${r.note}` : ''].join(''),
      r.source ? { link: r.source } : '—',
    ]),
  });
  doc.push({ type: 'list', items: e.overall.map((o) => (o.verdict === 'none' ? { strong: o.text } : o.text)) });
}

export interface ReachRun {
  view: ReachView;
  /** Why the command exits 1 (a denied pair, no workloads), or undefined. */
  negative?: string;
}

/**
 * The whole of `reach` after reading: index the objects, detect the stack (for enforcement and
 * the lint's CIDRs), build the policy input, answer the query, lint, and build the view.
 */
export function buildReach(
  catalogue: Catalogue,
  objects: readonly KObject[],
  parseYaml: (text: string) => unknown,
  t: ReachTranslator,
  options: ReachOptions & { sources: readonly string[]; maxNodes: number },
): ReachRun {
  const model = modelOf(new Cluster(objects, parseYaml));
  const input = buildPolicyInput(model, objects);
  const query = resolveQuery(input, options);
  const inspected = inspectObjects(objects, parseYaml);
  const lint = lintPolicies(input, lintContext(model, inspected.findings));
  const view = buildReachView(
    catalogue,
    { sources: options.sources, input, findings: inspected.findings, lint, warnings: input.warnings, query, maxNodes: options.maxNodes },
    t,
  );
  let negative: string | undefined;
  if (input.workloads.length === 0) negative = 'no workloads (Pods, Deployments, StatefulSets …) in the input';
  else if (query.mode === 'pair' && !query.pairs.every((p) => p.verdict.allowed)) {
    const denied = query.pairs.filter((p) => !p.verdict.allowed);
    negative = `denied: ${denied
      .slice(0, 3)
      .map((p) => `${p.verdict.source} → ${p.verdict.destination}${p.port ? ` on ${p.port}` : ''}`)
      .join('; ')}${denied.length > 3 ? ` (+${denied.length - 3})` : ''}`;
  }
  return { view, ...(negative ? { negative } : {}) };
}

/** Pod and Service CIDRs from inspect's findings and the Nodes, and the cluster DNS Service. */
function lintContext(model: ReturnType<typeof modelOf>, findings: readonly Finding[]): LintContext {
  const valuesOf = (key: string) =>
    findings.flatMap((f) => f.details.filter((d) => d.key === key && d.note === undefined).flatMap((d) => d.value.split(/[\s,]+/)));
  const podCidrs = [...new Set([...valuesOf('podCidr'), ...model.nodes.flatMap((n) => n.podCIDRs)])].filter((c) => c.includes('/'));
  const serviceCidrs = [...new Set(valuesOf('serviceCidr'))].filter((c) => c.includes('/'));
  const dnsIps = new Set(
    findings.filter((f) => f.concern === 'dns').flatMap((f) => f.details.filter((d) => d.key === 'serviceIp').map((d) => d.value)),
  );
  const dnsService: ServiceModel | undefined =
    model.services.find((s) => s.clusterIPs.some((ip) => dnsIps.has(ip))) ?? model.service('kube-system', 'kube-dns');
  return { podCidrs, serviceCidrs, ...(dnsService ? { dnsService } : {}) };
}
