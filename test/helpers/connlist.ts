/**
 * Compare connectivity lists in the interchange form `SRC => DST : CONNS` as sets: every line's
 * connections parsed, external ranges expanded to address intervals, so two lists that split the
 * address space differently but allow the same traffic compare equal.
 */
import { type Family, parseIp } from '../../src/policy/addresses.ts';
import { type Conns, NO_CONNS, parseConns } from '../../src/policy/ports.ts';

interface Line {
  src: string;
  dst: string;
  conns: Conns;
}

const EXTERNAL = /^(.+)-(.+)\[External\]$/;

export function parseConnlist(text: string): Line[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const match = /^(\S+) => (\S+) : (.+)$/.exec(l);
      if (!match) throw new Error(`not a connlist line: ${l}`);
      return { src: match[1] as string, dst: match[2] as string, conns: parseConns(match[3] as string) };
    });
}

interface Range {
  family: Family;
  lo: bigint;
  hi: bigint;
}

function rangeOf(name: string): Range | undefined {
  const m = EXTERNAL.exec(name);
  if (!m) return undefined;
  const lo = parseIp(m[1] as string);
  const hi = parseIp(m[2] as string);
  if (!lo || !hi) throw new Error(`bad range ${name}`);
  return { family: lo.family, lo: lo.value, hi: hi.value };
}

/**
 * A canonical text of a list: workload pairs as they are; for each workload and direction, the
 * external address space cut at every boundary of either list and each piece's connections.
 */
export function differences(actual: string, expected: string, options: { ignoreFamily?: Family } = {}): string[] {
  const a = parseConnlist(actual);
  const e = parseConnlist(expected);
  const cuts = new Map<Family, Set<bigint>>();
  for (const l of [...a, ...e]) {
    for (const name of [l.src, l.dst]) {
      const r = rangeOf(name);
      if (!r) continue;
      let set = cuts.get(r.family);
      if (!set) {
        set = new Set<bigint>([0n]);
        cuts.set(r.family, set);
      }
      set.add(r.lo);
      set.add(r.hi + 1n);
    }
  }
  const canonical = (lines: Line[]): Map<string, string> => {
    const out = new Map<string, string>();
    for (const l of lines) {
      const sr = rangeOf(l.src);
      const dr = rangeOf(l.dst);
      const r = sr ?? dr;
      if (!r) {
        out.set(`${l.src} => ${l.dst}`, l.conns.toString());
        continue;
      }
      if (options.ignoreFamily === r.family) continue;
      const sorted = [...(cuts.get(r.family) ?? [])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      for (const lo of sorted) {
        if (lo < r.lo || lo > r.hi) continue;
        const piece = `[v${r.family}:${lo}]`;
        out.set(sr ? `${piece} => ${l.dst}` : `${l.src} => ${piece}`, l.conns.toString());
      }
    }
    return out;
  };
  const ca = canonical(a);
  const ce = canonical(e);
  const diffs: string[] = [];
  for (const [k, v] of ce) {
    const got = ca.get(k);
    if (got !== v) diffs.push(`${k}: expected ${v}, got ${got ?? 'nothing'}`);
  }
  for (const [k, v] of ca) if (!ce.has(k) && v !== NO_CONNS.toString()) diffs.push(`${k}: unexpected ${v}`);
  return diffs;
}
