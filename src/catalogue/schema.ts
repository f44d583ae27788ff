/**
 * The single source of truth for the catalogue's shape. Types are inferred from these
 * schemas, the JSON Schema for editors is generated from them (scripts/gen-schema), and
 * every enumeration is one `as const` list reused by commander, zod and the docs.
 */
import { z } from 'zod';

import {
  ENTRY_TYPES,
  KIND_IDS,
  LAYER_NUMBERS,
  LAYER_ROLES,
  MODE_MILESTONES,
  MODE_STATUSES,
  POLICY_SUPPORT,
  RELATION_TYPES,
  STATUS_STATES,
  STORED_DIMENSION_IDS,
} from './constants.ts';

export * from './constants.ts';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Id = z.string().regex(ID_PATTERN, 'must be kebab-case: lowercase letters, digits and single dashes');
export const SourceUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL of a primary source' })
  .describe('A primary source (URL) a reader can check');
const Text = z.string().trim().min(1, 'must not be empty');

const CJK_CHAR = '\u2e80-\u9fff\uac00-\ud7a3\uff00-\uffef\u3000-\u303f';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK_CHAR}])\\s+(?=[${CJK_CHAR}])`, 'gu');

/**
 * YAML folds a line break in `>-` text into a space, which Chinese does not use between
 * characters: drop whitespace that stands between two CJK characters or punctuation marks.
 */
export function joinCjkLines(text: string): string {
  return text.replace(SPACE_BETWEEN_CJK, '');
}

/** Every user-facing string exists in both languages. */
export const Localized = z
  .strictObject({ en: Text, zh: Text.transform(joinCjkLines) })
  .describe('The same text in English (en) and Chinese (zh)');
export type Localized = z.infer<typeof Localized>;

export const Version = z
  .string()
  .regex(/^(v\d+\.\d+(\.\d+)?|\d{4}-\d{2}(-\d{2})?|[a-z0-9.-]+)$/i, 'must be a version such as v1.26 or a date such as 2026-03')
  .describe('A version (v1.26) or a date (2026-03 or 2026-03-01)');

/** The day someone last checked an entry's facts against their sources, so a reader can judge how fresh they are. */
export const ReviewedDate = z.iso
  .date({ error: 'must be the ISO date (YYYY-MM-DD) the entry was last checked against its sources' })
  .describe('The date (YYYY-MM-DD) the facts of this entry were last checked against their sources');

export const LayerInfo = z.strictObject({
  number: z.literal(LAYER_NUMBERS),
  name: Localized,
  protocols: z.array(Text).min(1),
  summary: Localized,
  source: SourceUrl,
});
export type LayerInfo = z.infer<typeof LayerInfo>;

export const LayersFile = z.strictObject({
  $schema: z.string().optional(),
  layers: z.array(LayerInfo).length(7),
});

export const KindInfo = z.strictObject({
  id: z.enum(KIND_IDS),
  name: Localized,
  summary: Localized,
});
export type KindInfo = z.infer<typeof KindInfo>;

export const KindsFile = z.strictObject({
  $schema: z.string().optional(),
  kinds: z.array(KindInfo),
});

export const LayerUse = z.strictObject({
  layer: z.literal(LAYER_NUMBERS),
  role: z.enum(LAYER_ROLES),
  what: Localized.describe('What the entry does at this layer'),
  source: SourceUrl,
});
export type LayerUse = z.infer<typeof LayerUse>;

export const Mode = z.strictObject({
  id: Id,
  name: Localized,
  description: Localized,
  status: z.enum(MODE_STATUSES),
  platform: z.enum(['linux', 'windows', 'any']).default('any'),
  introduced: Version.optional(),
  ga: Version.optional(),
  deprecated: Version.optional(),
  removed: Version.optional(),
  source: SourceUrl,
  versionSources: z
    .partialRecord(z.enum(MODE_MILESTONES), SourceUrl)
    .optional()
    .describe('Where a version is stated when the mode source does not (IPVS: GA in KEP-265, deprecated in KEP-5495)'),
});
export type Mode = z.infer<typeof Mode>;

export const Status = z.strictObject({
  state: z.enum(STATUS_STATES),
  since: Version.optional(),
  note: Localized.optional(),
  source: SourceUrl,
});
export type Status = z.infer<typeof Status>;

export const Relation = z.strictObject({
  type: z.enum(RELATION_TYPES),
  target: Id,
  note: Localized.optional(),
  source: SourceUrl.optional(),
});
export type Relation = z.infer<typeof Relation>;

export const SourcedText = z.strictObject({ text: Localized, source: SourceUrl });
export type SourcedText = z.infer<typeof SourcedText>;

export const DimensionValue = z.strictObject({ value: Localized, source: SourceUrl });
export type DimensionValue = z.infer<typeof DimensionValue>;

export const Misconception = z.strictObject({
  claim: Localized.describe('The common but wrong statement'),
  correction: Localized.describe('What is actually true'),
  inSeed: z.boolean().default(false).describe('true when the seed document itself makes this claim'),
  source: SourceUrl,
});
export type Misconception = z.infer<typeof Misconception>;

export const PolicySupport = z.strictObject({
  support: z.enum(POLICY_SUPPORT).describe('enforced, partial, optional (only when a setting or add-on is enabled) or none'),
  enforcer: Localized.optional().describe('The component that enforces it on each node, e.g. Felix in calico-node'),
  since: Version.optional().describe('The first version with this support'),
  removed: Version.optional().describe('The first version without it again (support applies from `since` up to this version)'),
  note: Localized.optional().describe('What is missing for partial, or what to enable for optional'),
  source: SourceUrl,
});
export type PolicySupport = z.infer<typeof PolicySupport>;

/** Which policy APIs the entry enforces; an API left out is unknown. */
export const PolicyEnforcement = z.strictObject({
  networkPolicy: PolicySupport.optional().describe('networking.k8s.io/v1 NetworkPolicy'),
  adminNetworkPolicy: PolicySupport.optional().describe(
    'policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy',
  ),
  clusterNetworkPolicy: PolicySupport.optional().describe('policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy'),
});
export type PolicyEnforcement = z.infer<typeof PolicyEnforcement>;

export const Entry = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  type: z.enum(ENTRY_TYPES),
  kind: z.enum(KIND_IDS),
  aliases: z.array(Id).default([]),
  name: Localized,
  shortName: Localized.optional().describe('A shorter name for diagram labels, where the name is long (e.g. "Ingress NGINX")'),
  summary: Localized,
  source: SourceUrl.describe('Primary source for the name and summary'),
  reviewed: ReviewedDate,
  responsibilities: z.array(SourcedText).min(1),
  layers: z.array(LayerUse).min(1),
  modes: z.array(Mode).default([]),
  status: Status,
  relations: z.array(Relation).default([]),
  homepage: z.url().optional(),
  repository: z.url().optional(),
  useCases: z.array(Localized).default([]),
  dimensions: z.partialRecord(z.enum(STORED_DIMENSION_IDS), DimensionValue).default({}),
  misconceptions: z.array(Misconception).default([]),
  policy: PolicyEnforcement.optional().describe('For CNI plugins and policy add-ons: which policy APIs it enforces, and with what'),
});
export type Entry = z.infer<typeof Entry>;
export type EntryInput = z.input<typeof Entry>;

/** The compiled catalogue: what the build writes and the CLI reads at run time. */
export interface CatalogueData {
  layers: LayerInfo[];
  kinds: KindInfo[];
  entries: Entry[];
}
