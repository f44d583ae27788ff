/**
 * Release versions as projects tag them (v3.29, v3.30.1, 1.14.0, v1.1.1-npa-v1alpha1): the leading
 * major.minor[.patch], compared numerically. Anything else (main, latest, a date) is no version.
 */
const RELEASE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?![\d.])/;

export type Release = readonly [major: number, minor: number, patch: number];

export function parseRelease(text: string): Release | undefined {
  const m = RELEASE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareReleases(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
