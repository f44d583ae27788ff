/**
 * IP addresses and ranges for the policy engine: IPv4 and IPv6 as bigints, CIDR blocks with their
 * exceptions as sets of inclusive ranges, and the coarsest split of the address space into
 * contiguous ranges that every block respects (each range lies wholly inside or outside every
 * block), which is how external peers are enumerated.
 */

export type Family = 4 | 6;

export interface IpRange {
  readonly family: Family;
  readonly lo: bigint;
  readonly hi: bigint;
}

const MAX: Record<Family, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };
const BITS: Record<Family, bigint> = { 4: 32n, 6: 128n };

export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256n + BigInt(n);
  }
  return value;
}

export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return undefined;
  let head = text;
  let tail4: bigint | undefined;
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tail4 = parseIpv4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0] ?? '');
  const right = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) + BigInt(Number.parseInt(g, 16));
  }
  if (tail4 !== undefined) value = (value & ~0xffffffffn) | tail4;
  return value;
}

/** An address of either family. */
export function parseIp(text: string): { family: Family; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** A CIDR block as a range; the host bits of the address are ignored, as the API server does. */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = BigInt(Number(prefixText));
  if (prefix > BITS[ip.family]) return undefined;
  const hostBits = BITS[ip.family] - prefix;
  const size = 1n << hostBits;
  const lo = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, lo, hi: lo + size - 1n };
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7n; i >= 0n; i--) groups.push(((value >> (i * 16n)) & 0xffffn).toString(16));
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** `A-B` as connlist prints an external range. */
export function formatRange(range: IpRange): string {
  return `${formatIp(range.family, range.lo)}-${formatIp(range.family, range.hi)}`;
}

export function wholeSpace(family: Family): IpRange {
  return { family, lo: 0n, hi: MAX[family] };
}

/** A set of addresses: sorted, disjoint ranges (an ipBlock is its cidr minus its excepts). */
export type IpSet = readonly IpRange[];

export function subtractRanges(from: IpSet, remove: IpSet): IpRange[] {
  let out = [...from];
  for (const r of remove) {
    const next: IpRange[] = [];
    for (const x of out) {
      if (x.family !== r.family || r.hi < x.lo || r.lo > x.hi) {
        next.push(x);
        continue;
      }
      if (r.lo > x.lo) next.push({ family: x.family, lo: x.lo, hi: r.lo - 1n });
      if (r.hi < x.hi) next.push({ family: x.family, lo: r.hi + 1n, hi: x.hi });
    }
    out = next;
  }
  return out;
}

export function contains(set: IpSet, family: Family, value: bigint): boolean {
  return set.some((r) => r.family === family && r.lo <= value && value <= r.hi);
}

export function overlaps(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.lo <= b.hi && b.lo <= a.hi;
}

/**
 * The coarsest split of one family's address space into contiguous ranges such that every given
 * range is a union of them: cut at every range's start and just after its end.
 */
export function splitSpace(family: Family, ranges: readonly IpRange[]): IpRange[] {
  const cuts = new Set<bigint>([0n]);
  for (const r of ranges) {
    if (r.family !== family) continue;
    cuts.add(r.lo);
    if (r.hi < MAX[family]) cuts.add(r.hi + 1n);
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((lo, i) => ({ family, lo, hi: i + 1 < sorted.length ? (sorted[i + 1] as bigint) - 1n : MAX[family] }));
}

/** A range as CIDR when it is exactly one block (`10.0.0.0/8`), else `A-B`. */
export function describeRange(range: IpRange): string {
  const size = range.hi - range.lo + 1n;
  const bits = size.toString(2).length - 1;
  if (size === 1n << BigInt(bits) && range.lo % size === 0n)
    return `${formatIp(range.family, range.lo)}/${Number(BITS[range.family]) - bits}`;
  return formatRange(range);
}
