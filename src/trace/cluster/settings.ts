/**
 * The settings table of a walk through a real cluster: each value with where it came from (read
 * from the objects, the documented default because the input leaves it empty, assumed because the
 * input does not say, given as an option, or an example) and the evidence.
 */
import type { AssumedDefault, TraceData } from '../../catalogue/trace-schema.ts';
import type { Localized } from '../../catalogue/schema.ts';
import type { Evidence } from '../../cluster/objects.ts';
import { ALL_TRACE_MESSAGES, type TraceMessageKey } from '../../i18n/trace-messages.ts';
import { fillTemplate } from '../../i18n/template.ts';

export const ORIGINS = ['cluster', 'default', 'assumed', 'option', 'example'] as const;
export type Origin = (typeof ORIGINS)[number];

export const SETTING_KEYS = [
  'cni',
  'encapsulation',
  'proxy',
  'policy',
  'mesh',
  'ingress',
  'dns',
  'dnsCache',
  'k8sVersion',
  'podCidr',
  'serviceCidr',
  'clusterDomain',
  'externalTrafficPolicy',
  'internalTrafficPolicy',
  'sessionAffinity',
  'healthCheckNodePort',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface Setting {
  readonly key: SettingKey;
  /** Read from the input (language-neutral), or a phrase in both languages. */
  readonly value: string | Localized;
  readonly origin: Origin;
  readonly evidence: readonly Evidence[];
  /** For default, assumed and example values: the documented default or the reason, with its source. */
  readonly why?: Localized;
  readonly source?: string;
}

/** The documented default the data gives for an unknown setting. */
export function assumedDefault(data: TraceData, id: string): AssumedDefault {
  const found = data.assumed.find((a) => a.id === id);
  if (!found) throw new Error(`internal: no assumed default "${id}" in data/traces/cluster-walks.yaml`);
  return found;
}

/** A setting the input does not give: the documented default, marked assumed. */
export function assumedSetting(data: TraceData, key: SettingKey, id: string, value?: string): Setting {
  const a = assumedDefault(data, id);
  return { key, value: value ?? a.value, origin: 'assumed', evidence: [], why: a.text, source: a.source };
}

/** An interface string in both languages, with its placeholders filled. */
export function bilingual(key: TraceMessageKey, values: Readonly<Record<string, string | number>> = {}): Localized {
  return { en: fillTemplate(ALL_TRACE_MESSAGES.en[key], values), zh: fillTemplate(ALL_TRACE_MESSAGES.zh[key], values) };
}

/** One line of evidence, as inspect prints it: `Kind ns/name path = value`. */
export function evidenceText(e: Evidence): string {
  return `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name} ${e.path}${e.value !== undefined ? ` = ${e.value}` : ''}`;
}
