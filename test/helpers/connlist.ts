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
 * Lists made comparable: workload pairs as they are; for each workload and direction, the external
 * address space cut at every boundary of any of the lists, each piece with its connections.
 */
export function canonicalize(texts: readonly string[], options: { ignoreFamily?: Family } = {}): Map<string, Conns>[] {
  const lists = texts.map(parseConnlist);
  const cuts = new Map<Family, Set<bigint>>();
  for (const l of lists.flat()) {
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
  return lists.map((lines) => {
    const out = new Map<string, Conns>();
    for (const l of lines) {
      const sr = rangeOf(l.src);
      const dr = rangeOf(l.dst);
      const r = sr ?? dr;
      if (!r) {
        out.set(`${l.src} => ${l.dst}`, l.conns);
        continue;
      }
      if (options.ignoreFamily === r.family) continue;
      const sorted = [...(cuts.get(r.family) ?? [])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      for (const lo of sorted) {
        if (lo < r.lo || lo > r.hi) continue;
        const piece = `[v${r.family}:${lo}]`;
        out.set(sr ? `${piece} => ${l.dst}` : `${l.src} => ${piece}`, l.conns);
      }
    }
    return out;
  });
}

/** What differs between two lists, compared as sets with address ranges expanded; [] when equal. */
export function differences(actual: string, expected: string, options: { ignoreFamily?: Family } = {}): string[] {
  const [ca = new Map(), ce = new Map()] = canonicalize([actual, expected], options);
  const diffs: string[] = [];
  for (const [k, v] of ce) {
    const got = ca.get(k);
    if (got !== v) diffs.push(`${k}: expected ${v}, got ${got ?? 'nothing'}`);
  }
  for (const [k, v] of ca) if (!ce.has(k) && v !== NO_CONNS) diffs.push(`${k}: unexpected ${v}`);
  return diffs;
}
