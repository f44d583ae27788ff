/**
 * Durations as kubectl's --request-timeout takes them: Go's syntax ("30s", "1m30s", "500ms",
 * "2h") or a bare number of seconds, as client-go's clientcmd.ParseTimeout reads it
 * (https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/helpers.go).
 * Its own file, with no imports: the inspect command parses its flag at start-up.
 */
/** Milliseconds, or NaN for text that is not a duration. */
export function parseRequestTimeout(value: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return Number.NaN;
    total += Number(match[1]) * (units[match[2] as string] ?? Number.NaN);
    rest = rest.slice(match[0].length);
  }
  return text === '' ? Number.NaN : Math.round(total);
}
