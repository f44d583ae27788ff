/**
 * Sets of connections: for each of TCP, UDP and SCTP, a set of destination ports kept as sorted,
 * disjoint, non-adjacent intervals within 1–65535. Values are immutable and interned, so equal
 * sets are the same object (compared and memoised by `id`), which keeps the all-pairs evaluation
 * of big clusters cheap.
 */
import { PROTOCOLS, type Protocol } from '../cluster/model.ts';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flat list of inclusive intervals: [lo0, hi0, lo1, hi1, …], sorted, disjoint and non-adjacent. */
export type Intervals = readonly number[];

const FULL: Intervals = Object.freeze([MIN_PORT, MAX_PORT]);
const NONE: Intervals = Object.freeze([]);

function normalize(pairs: number[]): number[] {
  const list: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const lo = Math.max(MIN_PORT, pairs[i] as number);
    const hi = Math.min(MAX_PORT, pairs[i + 1] as number);
    if (lo <= hi) list.push([lo, hi]);
  }
  list.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of list) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

function unionIntervals(a: Intervals, b: Intervals): number[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  return normalize([...a, ...b]);
}

function intersectIntervals(a: Intervals, b: Intervals): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] as number, b[j] as number);
    const hi = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (lo <= hi) out.push(lo, hi);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

function subtractIntervals(a: Intervals, b: Intervals): number[] {
  if (b.length === 0) return [...a];
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i] as number;
    const hi = a[i + 1] as number;
    while (j < b.length && (b[j + 1] as number) < lo) j += 2;
    let k = j;
    while (k < b.length && (b[k] as number) <= hi) {
      if ((b[k] as number) > lo) out.push(lo, (b[k] as number) - 1);
      lo = Math.max(lo, (b[k + 1] as number) + 1);
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

function intervalsText(list: Intervals): string {
  const parts: string[] = [];
  for (let i = 0; i < list.length; i += 2) {
    const lo = list[i] as number;
    const hi = list[i + 1] as number;
    parts.push(lo === hi ? String(lo) : `${lo}-${hi}`);
  }
  return parts.join(',');
}

/** An immutable set of (protocol, port) pairs. Build through the functions below, never `new`. */
export class Conns {
  readonly id: number;
  readonly tcp: Intervals;
  readonly udp: Intervals;
  readonly sctp: Intervals;
  #text?: string;

  constructor(id: number, tcp: Intervals, udp: Intervals, sctp: Intervals) {
    this.id = id;
    this.tcp = tcp;
    this.udp = udp;
    this.sctp = sctp;
  }

  of(protocol: Protocol): Intervals {
    return protocol === 'TCP' ? this.tcp : protocol === 'UDP' ? this.udp : this.sctp;
  }

  get isEmpty(): boolean {
    return this.tcp.length === 0 && this.udp.length === 0 && this.sctp.length === 0;
  }

  get isAll(): boolean {
    return this === ALL_CONNS;
  }

  has(protocol: Protocol, port: number): boolean {
    const list = this.of(protocol);
    for (let i = 0; i < list.length; i += 2) if (port >= (list[i] as number) && port <= (list[i + 1] as number)) return true;
    return false;
  }

  /**
   * As netpol-analyzer's connlist prints it: `All Connections`, or each protocol that has ports, in
   * alphabetical order, with its ports: `SCTP 1-65535,TCP 1-79,81-65535,UDP 53`; '' when empty.
   */
  toString(): string {
    if (this.#text !== undefined) return this.#text;
    let text: string;
    if (this.isAll) text = 'All Connections';
    else {
      const parts: string[] = [];
      for (const p of ['SCTP', 'TCP', 'UDP'] as const) {
        const list = this.of(p);
        if (list.length > 0) parts.push(`${p} ${intervalsText(list)}`);
      }
      text = parts.join(',');
    }
    this.#text = text;
    return text;
  }
}

const interned = new Map<string, Conns>();
const byId: Conns[] = [];

function intern(tcp: Intervals, udp: Intervals, sctp: Intervals): Conns {
  const key = `${tcp.join(',')}|${udp.join(',')}|${sctp.join(',')}`;
  let conns = interned.get(key);
  if (!conns) {
    conns = new Conns(interned.size, Object.freeze([...tcp]), Object.freeze([...udp]), Object.freeze([...sctp]));
    interned.set(key, conns);
    byId.push(conns);
  }
  return conns;
}

/** The set with this id (ids are dense, from 0). */
export function connsById(id: number): Conns {
  const conns = byId[id];
  if (!conns) throw new Error(`internal: no connection set ${id}`);
  return conns;
}

export const NO_CONNS = intern(NONE, NONE, NONE);
export const ALL_CONNS = intern(FULL, FULL, FULL);

/** Ports of one protocol: a single port, or an inclusive range. */
export function portsOf(protocol: Protocol, lo: number, hi: number = lo): Conns {
  const list = normalize([lo, hi]);
  return intern(protocol === 'TCP' ? list : NONE, protocol === 'UDP' ? list : NONE, protocol === 'SCTP' ? list : NONE);
}

export function allOf(protocol: Protocol): Conns {
  return portsOf(protocol, MIN_PORT, MAX_PORT);
}

const unionMemo = new Map<number, Conns>();
const intersectMemo = new Map<number, Conns>();
const subtractMemo = new Map<number, Conns>();
/** Pair key for the memo tables; ids stay far below 2^26 in practice. */
const pairKey = (a: Conns, b: Conns): number => a.id * 67_108_864 + b.id;

function memoised(memo: Map<number, Conns>, key: number, compute: () => Conns): Conns {
  let out = memo.get(key);
  if (!out) {
    out = compute();
    memo.set(key, out);
  }
  return out;
}

export function union(a: Conns, b: Conns): Conns {
  if (a === b || b.isEmpty || a.isAll) return a;
  if (a.isEmpty || b.isAll) return b;
  return memoised(unionMemo, a.id < b.id ? pairKey(a, b) : pairKey(b, a), () =>
    intern(unionIntervals(a.tcp, b.tcp), unionIntervals(a.udp, b.udp), unionIntervals(a.sctp, b.sctp)),
  );
}

export function intersect(a: Conns, b: Conns): Conns {
  if (a === b || b.isAll) return a;
  if (a.isAll) return b;
  if (a.isEmpty || b.isEmpty) return NO_CONNS;
  return memoised(intersectMemo, a.id < b.id ? pairKey(a, b) : pairKey(b, a), () =>
    intern(intersectIntervals(a.tcp, b.tcp), intersectIntervals(a.udp, b.udp), intersectIntervals(a.sctp, b.sctp)),
  );
}

/** What is in `a` and not in `b`. */
export function subtract(a: Conns, b: Conns): Conns {
  if (b.isEmpty || a.isEmpty) return a;
  if (a === b || b.isAll) return NO_CONNS;
  return memoised(subtractMemo, pairKey(a, b), () =>
    intern(subtractIntervals(a.tcp, b.tcp), subtractIntervals(a.udp, b.udp), subtractIntervals(a.sctp, b.sctp)),
  );
}

export function unionAll(list: Iterable<Conns>): Conns {
  let out = NO_CONNS;
  for (const c of list) out = union(out, c);
  return out;
}

/** Whether `a` is contained in `b`. */
export function within(a: Conns, b: Conns): boolean {
  return subtract(a, b).isEmpty;
}

/** Parse the connlist form back (`All Connections`, `TCP 80,UDP 53-55`) — for tests and --port. */
export function parseConns(text: string): Conns {
  const trimmed = text.trim();
  if (trimmed === 'All Connections') return ALL_CONNS;
  if (trimmed === '' || trimmed === 'No Connections') return NO_CONNS;
  let out = NO_CONNS;
  let protocol: Protocol | undefined;
  for (const token of trimmed.split(',')) {
    const match = /^(?:(TCP|UDP|SCTP)\s+)?(\d+)(?:-(\d+))?$/.exec(token.trim());
    if (!match) throw new Error(`not a connection set: ${text}`);
    if (match[1]) protocol = match[1] as Protocol;
    if (!protocol) throw new Error(`not a connection set: ${text}`);
    const lo = Number(match[2]);
    out = union(out, portsOf(protocol, lo, match[3] ? Number(match[3]) : lo));
  }
  return out;
}

export { PROTOCOLS };
