/**
 * The parts of a packet walk that only a walk through a real cluster has (trace --cluster): the
 * settings with where each came from and the evidence, the Service's endpoints and the one
 * followed, the verdicts at the enforcing hops and how the walk ended. Pure view-model code.
 */

import type { Lang } from '../catalogue/constants.ts';
import type { Localized } from '../catalogue/schema.ts';
import { reachTranslator } from '../i18n/reach-messages.ts';
import { fillTemplate } from '../i18n/template.ts';
import type { TraceMessageKey, TraceTranslator } from '../i18n/trace-messages.ts';
import type { Block, Rich } from '../renderers/document.ts';
import type { EndpointChoice } from '../trace/cluster/endpoints.ts';
import { evidenceText, type Origin, type Setting, type SettingKey } from '../trace/cluster/settings.ts';
import type { CompiledWalk } from '../trace/compile.ts';
import type { PolicyHopResult } from '../trace/policy-hops.ts';
import type { SourceList } from './localize.ts';
import { decisionText } from './reach.ts';

export interface ClusterViewInput {
  readonly sources: readonly string[];
  readonly objects: number;
  readonly settings: readonly Setting[];
  readonly endpoints: EndpointChoice | null;
  /** Policy objects in the input (for "not evaluated"). */
  readonly policyCount: number;
}

export interface SettingView {
  key: SettingKey;
  label: string;
  value: string;
  origin: Origin;
  originLabel: string;
  evidence: string[];
  /** For default, assumed and example values: why, with the source number. */
  why: string | null;
  source: number | null;
}

export interface EndpointRowView {
  address: string;
  node: string | null;
  zone: string | null;
  state: string;
  hints: string | null;
  pod: string | null;
  usable: boolean;
  followed: boolean;
}

export interface EndpointsView {
  service: string;
  port: string;
  from: EndpointChoice['from'];
  rows: EndpointRowView[];
  /** Why these endpoints and this one: the filters that applied, how the data plane picks (with its source), how the walk picked. */
  explanation: string[];
}

export interface PolicyView {
  kind: PolicyHopResult['kind'];
  direction: PolicyHopResult['direction'];
  state: PolicyHopResult['state'];
  /** One line for the verdict, then one per policy or rule that decided. */
  summary: string;
  reasons: string[];
  connection: string | null;
}

export interface OutcomeView {
  by: 'network-policy' | 'mesh-authorization';
  hop: number;
  text: string;
  source: number;
}

export interface ClusterView {
  sources: string[];
  objects: number;
  settings: SettingView[];
  endpoints: EndpointsView | null;
  outcome: OutcomeView | null;
}

const SETTING_LABELS: Record<SettingKey, TraceMessageKey> = {
  cni: 'cni',
  encapsulation: 'settingEncapsulation',
  proxy: 'serviceProxy',
  policy: 'settingPolicy',
  mesh: 'mesh',
  ingress: 'settingIngress',
  dns: 'settingDns',
  dnsCache: 'dnsCache',
  k8sVersion: 'k8sVersion',
  podCidr: 'settingPodCidr',
  serviceCidr: 'settingServiceCidr',
  clusterDomain: 'settingClusterDomain',
  externalTrafficPolicy: 'externalTrafficPolicy',
  internalTrafficPolicy: 'settingInternalTrafficPolicy',
  sessionAffinity: 'settingSessionAffinity',
  healthCheckNodePort: 'settingHealthCheckNodePort',
};

const ORIGIN_LABELS: Record<Origin, TraceMessageKey> = {
  cluster: 'originCluster',
  default: 'originDefault',
  assumed: 'originAssumed',
  option: 'originOption',
  example: 'originExample',
};

const text = (value: string | Localized, lang: Lang): string => (typeof value === 'string' ? value : value[lang]);

export function settingViews(settings: readonly Setting[], lang: Lang, t: TraceTranslator, sources: SourceList): SettingView[] {
  return settings.map((s) => ({
    key: s.key,
    label: t(SETTING_LABELS[s.key]),
    value: text(s.value, lang),
    origin: s.origin,
    originLabel: t(ORIGIN_LABELS[s.origin]),
    evidence: [...new Set(s.evidence.map(evidenceText))],
    why: s.why ? s.why[lang] : null,
    source: s.source ? sources.ref(s.source) : null,
  }));
}

function state(row: EndpointChoice['rows'][number], t: TraceTranslator): string {
  if (row.ready) return t('stateReady');
  if (row.terminating) return row.serving ? t('stateTerminatingServing') : t('stateTerminating');
  return t('stateNotReady');
}

export function endpointsView(
  walk: CompiledWalk,
  choice: EndpointChoice | null,
  lang: Lang,
  t: TraceTranslator,
  sources: SourceList,
): EndpointsView | null {
  if (!choice) return null;
  const f = (key: TraceMessageKey, values: Record<string, string | number> = {}): string => fillTemplate(t(key), values);
  const explanation: string[] = [];
  if (choice.from === 'pods') explanation.push(t('endpointsFromPods'));
  if (choice.local) explanation.push(f('filterLocal', { node: choice.local }));
  if (choice.topology) explanation.push(f('filterTopology', { mode: choice.topology }));
  if (choice.terminatingFallback) explanation.push(t('filterTerminating'));
  const how = walk.texts?.find((x) => x.key === 'endpointChoice');
  if (how) explanation.push(`${sentence(how.text[lang], lang)} [${sources.ref(how.source)}]`);
  const followed = `${choice.chosen.ip}:${choice.chosen.port}`;
  explanation.push(f(choice.picked === 'option' ? 'pickedOption' : 'pickedFirst', { endpoint: followed }));
  return {
    service: choice.service.key,
    port: choice.port.name ? `${choice.port.port} (${choice.port.name})` : String(choice.port.port),
    from: choice.from,
    rows: choice.rows.map((r) => ({
      address: `${r.ip}:${r.port}`,
      node: r.node ?? null,
      zone: r.zone ?? null,
      state: state(r, t),
      hints: r.nodeHints.length > 0 ? `node: ${r.nodeHints.join(', ')}` : r.zoneHints.length > 0 ? `zone: ${r.zoneHints.join(', ')}` : null,
      pod: r.pod ? `${r.pod.namespace}/${r.pod.name}` : null,
      usable: r.usable,
      followed: r === choice.chosen,
    })),
    explanation,
  };
}

/** End a data text as a sentence (the data's texts are clauses without a final stop). */
function sentence(text: string, lang: Lang): string {
  return /[.。!?！？]$/.test(text) ? text : `${text}${lang === 'zh' ? '。' : '.'}`;
}

/** A policy hop as shown. Each decision is worded as `reach` words it: one text for the same verdict. */
export function policyView(result: PolicyHopResult, lang: Lang, t: TraceTranslator, count: string): PolicyView {
  const r = reachTranslator(lang);
  const f = (key: TraceMessageKey, values: Record<string, string | number> = {}): string => fillTemplate(t(key), values);
  const title = result.kind === 'mesh-authorization' ? t('meshAuthz') : t(result.direction === 'egress' ? 'policyEgress' : 'policyIngress');
  const verdict: Record<PolicyHopResult['state'], string> = {
    allowed: t('verdictAllowed'),
    denied: t('verdictDenied'),
    'no-policies': result.kind === 'mesh-authorization' ? t('verdictNoAuthz') : t('verdictNoPolicies'),
    'not-evaluated': f('verdictNotEvaluated', { count }),
    undetermined: t('verdictUndetermined'),
  };
  const match = { yes: t('matchYes'), no: t('matchNo'), unknown: t('matchUnknown') };
  const reasons =
    result.kind === 'mesh-authorization'
      ? result.authz.map((p) => `AuthorizationPolicy ${p.namespace}/${p.name} (${p.action}): ${match[p.match]}`)
      : result.decisions.map((d) => decisionText(d, result.direction, r));
  const q = result.query;
  return {
    kind: result.kind,
    direction: result.direction,
    state: result.state,
    summary: f('policySummary', { title, verdict: verdict[result.state] }),
    reasons,
    connection: q ? `${q.src} → ${q.dst}:${q.port}/${q.protocol}` : null,
  };
}

export function clusterView(walk: CompiledWalk, input: ClusterViewInput, lang: Lang, t: TraceTranslator, sources: SourceList): ClusterView {
  return {
    sources: [...input.sources],
    objects: input.objects,
    settings: settingViews(input.settings, lang, t, sources),
    endpoints: endpointsView(walk, input.endpoints, lang, t, sources),
    outcome: walk.outcome
      ? { by: walk.outcome.by, hop: walk.outcome.hop, text: walk.outcome.text[lang], source: sources.ref(walk.outcome.source) }
      : null,
  };
}

/** The settings table of a cluster walk: value, where it came from, evidence (or why it was assumed). */
export function clusterSettingsBlock(view: ClusterView, t: TraceTranslator): Block {
  return {
    type: 'table',
    columns: [t('setting'), t('value'), t('colFrom'), t('colEvidence')],
    rows: view.settings.map((s): Rich[] => [
      s.label,
      s.value,
      s.origin === 'cluster' || s.origin === 'option' ? s.originLabel : { strong: s.originLabel },
      s.evidence.length > 0
        ? s.evidence.slice(0, 3).join(';\n') + (s.evidence.length > 3 ? `;\n+${s.evidence.length - 3}` : '')
        : s.why
          ? `${s.why}${s.source !== null ? ` [${s.source}]` : ''}`
          : t('none'),
    ]),
  };
}

export function endpointsBlocks(view: EndpointsView, t: TraceTranslator): Block[] {
  return [
    { type: 'heading', level: 2, text: fillTemplate(t('endpointsHeading'), { service: view.service, port: view.port }) },
    {
      type: 'table',
      columns: [t('colEndpoint'), t('colPod'), t('colNode'), t('colState'), t('colWalk')],
      rows: view.rows.map((r): Rich[] => [
        r.address,
        r.pod ?? t('none'),
        [r.node ?? t('none'), r.zone ? ` (${r.zone})` : '', r.hints ? `\n${r.hints}` : ''].join(''),
        r.state,
        r.followed ? { strong: t('followedMark') } : r.usable ? t('usableMark') : t('notUsableMark'),
      ]),
    },
    { type: 'paragraph', text: view.explanation.join(' ') },
  ];
}
