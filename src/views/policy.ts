/**
 * Which policy APIs a catalogue entry enforces, as `explain`, `compare` and `inspect` show it: one
 * row per API with its support, the component that enforces it, the versions and a numbered source.
 * An API the entry says nothing about is `unknown`, never guessed.
 */
import type { Catalogue } from '../catalogue/catalogue.ts';
import {
  type Lang,
  POLICY_API_ENTRIES,
  POLICY_APIS,
  POLICY_SUPPORT,
  type PolicyApi,
  type PolicySupportLevel,
} from '../catalogue/constants.ts';
import type { Entry } from '../catalogue/schema.ts';
import type { Translator } from '../i18n/messages.ts';
import { pick, type SourceList } from './localize.ts';

export interface PolicySupportView {
  api: PolicyApi;
  support: PolicySupportLevel | 'unknown';
  enforcer: string | null;
  since: string | null;
  removed: string | null;
  note: string | null;
  source: number | null;
}

export function policySupportView(entry: Entry, api: PolicyApi, lang: Lang, sources: SourceList): PolicySupportView {
  const s = entry.policy?.[api];
  if (!s) return { api, support: 'unknown', enforcer: null, since: null, removed: null, note: null, source: null };
  return {
    api,
    support: s.support,
    enforcer: s.enforcer ? pick(s.enforcer, lang) : null,
    since: s.since ?? null,
    removed: s.removed ?? null,
    note: s.note ? pick(s.note, lang) : null,
    source: sources.ref(s.source),
  };
}

/** Every API, for an entry that states its policy support at all; none for the others. */
export function policySupportViews(entry: Entry, lang: Lang, sources: SourceList): PolicySupportView[] {
  return entry.policy ? POLICY_APIS.map((api) => policySupportView(entry, api, lang, sources)) : [];
}

/** The policy API an entry explains (`network-policy` → networkPolicy), if it is one. */
export function policyApiOf(entry: Entry): PolicyApi | undefined {
  return POLICY_APIS.find((api) => POLICY_API_ENTRIES[api] === entry.id);
}

/** Every catalogue entry that states policy support, with its support for one API: enforced first, unknown last. */
export function enforcersOf(
  catalogue: Catalogue,
  api: PolicyApi,
  lang: Lang,
  sources: SourceList,
): (PolicySupportView & { id: string; name: string })[] {
  const rank = (s: PolicySupportView['support']) => (s === 'unknown' ? POLICY_SUPPORT.length : POLICY_SUPPORT.indexOf(s));
  return catalogue.entries
    .filter((e) => e.policy)
    .map((e) => ({ id: e.id, name: pick(e.name, lang), ...policySupportView(e, api, lang, sources) }))
    .sort((a, b) => rank(a.support) - rank(b.support) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function policyVersionsText(v: Pick<PolicySupportView, 'since' | 'removed'>, t: Translator): string {
  const parts: string[] = [];
  if (v.since) parts.push(`${t.t('since')} ${v.since}`);
  if (v.removed) parts.push(`${t.t('removed')} ${v.removed}`);
  return parts.join(', ');
}

/** One line: "enforced: Felix in calico-node (since v3.29, removed v3.32)". */
export function policySupportText(v: PolicySupportView, t: Translator): string {
  const versions = policyVersionsText(v, t);
  return `${t.policySupport(v.support)}${v.enforcer ? `${t.t('colon')}${v.enforcer}` : ''}${versions ? ` (${versions})` : ''}`;
}
