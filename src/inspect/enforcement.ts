/**
 * What a policy-enforcer finding means for each policy API: the catalogue's support for the project
 * (its `policy` facts), narrowed by what the input shows: a switch turned off, an image flavour, a
 * version outside the supported range. Pure: catalogue facts and a finding in, one verdict per API
 * out, with the reason. inspect's view shows it; reach's enforcement finding can use the same.
 */
import { POLICY_APIS, type PolicyApi, type PolicySupportLevel } from '../catalogue/constants.ts';
import type { PolicyEnforcement } from '../catalogue/schema.ts';
import { compareReleases, parseRelease } from '../catalogue/version.ts';
import type { Finding } from './findings.ts';

export const ENFORCEMENT_STATES = ['enforced', 'partial', 'off', 'not-enforced', 'unknown'] as const;
export type EnforcementState = (typeof ENFORCEMENT_STATES)[number];

/**
 * input: a switch in the input decided (or the project is installed with enforcement off);
 * catalogue: the project's stated support decided; version: the version read is outside the
 * supported range; version-unknown: support depends on the version and the input shows no release;
 * setting-unknown: optional support whose switch is not in the input; not-stated: the catalogue has
 * no primary source for this API.
 */
export const ENFORCEMENT_REASONS = ['input', 'catalogue', 'version', 'version-unknown', 'setting-unknown', 'not-stated'] as const;
export type EnforcementReason = (typeof ENFORCEMENT_REASONS)[number];

export interface ApiEnforcement {
  readonly api: PolicyApi;
  readonly state: EnforcementState;
  readonly reason: EnforcementReason;
  /** The catalogue's support level, null when it states none. */
  readonly support: PolicySupportLevel | null;
  /** The project version the verdict was checked against, when the input shows one. */
  readonly version: string | null;
}

export function assessEnforcement(
  policy: PolicyEnforcement | undefined,
  finding: Pick<Finding, 'role' | 'details' | 'policyApis'>,
): ApiEnforcement[] {
  const version = finding.details.find((d) => d.key === 'version' && d.note === undefined)?.value ?? null;
  const release = version === null ? undefined : parseRelease(version);
  return POLICY_APIS.map((api): ApiEnforcement => {
    const stated = policy?.[api];
    const verdict = (state: EnforcementState, reason: EnforcementReason): ApiEnforcement => ({
      api,
      state,
      reason,
      support: stated?.support ?? null,
      version,
    });
    if (finding.role === 'disabled') return verdict('off', 'input');
    if (!stated) return verdict('unknown', 'not-stated');
    if (stated.support === 'none') return verdict('not-enforced', 'catalogue');
    const since = stated.since === undefined ? undefined : parseRelease(stated.since);
    const removed = stated.removed === undefined ? undefined : parseRelease(stated.removed);
    if (release) {
      const tooOld = since !== undefined && compareReleases(release, since) < 0;
      const tooNew = removed !== undefined && compareReleases(release, removed) >= 0;
      if (tooOld || tooNew) return verdict('not-enforced', 'version');
    } else if (removed) return verdict('unknown', 'version-unknown');
    const switched = finding.policyApis?.[api];
    if (switched === false) return verdict('off', 'input');
    if (switched === true) return verdict(stated.support === 'partial' ? 'partial' : 'enforced', 'input');
    if (stated.support === 'optional') return verdict('unknown', 'setting-unknown');
    return verdict(stated.support === 'partial' ? 'partial' : 'enforced', 'catalogue');
  });
}
