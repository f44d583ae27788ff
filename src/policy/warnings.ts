/**
 * What the engine could not evaluate, or evaluated with a caveat, as codes with values; the
 * command prints them in the user's language (src/i18n/reach-messages.ts).
 */
export const POLICY_WARNING_CODES = [
  'unknownApiVersion',
  'otherPolicyApi',
  'duplicatePolicy',
  'invalidSelector',
  'invalidCidr',
  'emptyPeer',
  'unknownPolicyType',
  'unknownProtocol',
  'badPortRange',
  'endPortWithName',
  'badPort',
  'unknownTier',
  'badPriority',
  'baselineName',
  'multipleBaselines',
  'samePriority',
  'mixedAdminApis',
  'noSubject',
  'unknownAction',
  'unknownPeer',
  'nodesPeer',
  'domainNamesPeer',
  'networksAlsoPods',
  'labelGap',
  'hostNetwork',
] as const;
export type PolicyWarningCode = (typeof POLICY_WARNING_CODES)[number];

export interface PolicyWarning {
  readonly code: PolicyWarningCode;
  readonly values: Readonly<Record<string, string | number>>;
}
