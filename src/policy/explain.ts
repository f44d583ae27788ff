/**
 * One connection, explained: for the source's egress and the destination's ingress, which tier,
 * policy and rule decided which part of the traffic. This is what `reach --from --to` prints and
 * what `trace --cluster` shows at the hop where the CNI enforces policy.
 */
import { UsageError } from '../errors.ts';
import { parseIp } from './addresses.ts';
import type { Direction } from './compile.ts';
import { INGRESS_CONTROLLER, type PolicyInput, peerName, type WorkloadPeer } from './input.ts';
import { type Conns, intersect, NO_CONNS, parseConns, portsOf } from './ports.ts';
import type { ConnectionVerdict, DirectionVerdict, PeerRef, PortQuery } from './types.ts';

/** The evaluator endpoint of a peer, and its display name. */
function endpointOf(input: PolicyInput, ref: PeerRef, role: 'source' | 'destination'): { endpoint: number; name: string } {
  if ('workload' in ref) {
    const peer = input.workloads.find((p) => p.workload.key === ref.workload);
    if (!peer) throw new UsageError(`no workload ${ref.workload} in the input`);
    return { endpoint: peer.endpoint, name: peer.name };
  }
  if ('ingressController' in ref) {
    if (role === 'destination') throw new UsageError(`${INGRESS_CONTROLLER} can only be a source`);
    return { endpoint: input.ingressController, name: INGRESS_CONTROLLER };
  }
  const ip = parseIp(ref.ip);
  if (!ip) throw new UsageError(`"${ref.ip}" is not an IPv4 or IPv6 address`);
  // A Pod IP of the input is that Pod's workload; any other address is outside the cluster.
  const pod = input.model.podByIp(ref.ip);
  const owner = pod && input.workloads.find((p) => p.workload.pods.includes(pod));
  if (owner) return { endpoint: owner.endpoint, name: owner.name };
  const ranges = role === 'source' ? input.externalSources : input.externalDestinations;
  const atom = ranges.find((r) => r.range.family === ip.family && r.range.lo <= ip.value && ip.value <= r.range.hi);
  if (atom) return { endpoint: atom.endpoint, name: atom.name };
  // A family no policy names: its whole space behaves alike, any address stands for it.
  const endpoint = input.evaluator.add({ type: 'external', range: { family: ip.family, lo: ip.value, hi: ip.value } });
  return { endpoint, name: `${ref.ip}-${ref.ip}[External]` };
}

function directionVerdict(
  input: PolicyInput,
  direction: Direction,
  subject: number,
  other: number,
  port?: PortQuery,
): DirectionVerdict & { conns: Conns } {
  const { allowed, decisions } = input.evaluator.explain(direction, subject, other);
  const relevant = port ? decisions.filter((d) => parseConns(d.connections).has(port.protocol, port.port)) : decisions;
  return {
    direction,
    allowed: port ? allowed.has(port.protocol, port.port) : !allowed.isEmpty,
    decisions: relevant,
    conns: allowed,
  };
}

/**
 * The verdict for one pair, with its reasons. Without `port`, `allowed` says whether any traffic
 * is allowed and `connections` what; with it, whether that port and protocol are.
 */
export function explainConnection(input: PolicyInput, src: PeerRef, dst: PeerRef, port?: PortQuery): ConnectionVerdict {
  const from = endpointOf(input, src, 'source');
  const to = endpointOf(input, dst, 'destination');
  if (input.evaluator.endpoint(from.endpoint).type === 'external' && input.evaluator.endpoint(to.endpoint).type === 'external')
    throw new UsageError('both ends are outside the cluster: policies decide nothing there');
  const { conns: egressConns, ...egress } = directionVerdict(input, 'egress', from.endpoint, to.endpoint, port);
  const { conns: ingressConns, ...ingress } = directionVerdict(input, 'ingress', to.endpoint, from.endpoint, port);
  let conns = intersect(egressConns, ingressConns);
  if ('ingressController' in src) {
    // The ingress controller reaches a workload only on what an Ingress or Route exposes.
    const exposure = input.exposures.find((e) => 'workload' in dst && e.peer.workload.key === dst.workload);
    conns = intersect(conns, exposure?.conns ?? NO_CONNS);
  }
  const shown = port ? intersect(conns, portsOf(port.protocol, port.port)) : conns;
  return {
    source: from.name,
    destination: to.name,
    allowed: port ? conns.has(port.protocol, port.port) : !conns.isEmpty,
    connections: shown.toString(),
    egress,
    ingress,
  };
}

/**
 * A workload as the user typed it: `ns/name[Kind]` (as connlist prints it), `ns/Kind/name`,
 * `ns/name` or `name` when that is unique, `{ingress-controller}`, or an IP address. An unknown
 * name is a usage error with the closest suggestion.
 */
export function findPeer(input: PolicyInput, text: string, option: string): PeerRef {
  const trimmed = text.trim();
  if (trimmed === INGRESS_CONTROLLER || trimmed === 'ingress-controller') return { ingressController: true };
  if (parseIp(trimmed)) return { ip: trimmed };
  const lower = trimmed.toLowerCase();
  const exact = input.workloads.filter(
    (p) =>
      p.name.toLowerCase() === lower ||
      p.workload.key.toLowerCase() === lower ||
      `${p.workload.namespace}/${p.workload.name}`.toLowerCase() === lower ||
      (!trimmed.includes('/') && p.workload.name.toLowerCase() === lower),
  );
  const unique = (list: WorkloadPeer[]) => [...new Set(list)];
  const found = unique(exact);
  if (found.length === 1) return { workload: (found[0] as WorkloadPeer).workload.key };
  if (found.length > 1)
    throw new UsageError(
      `${option} "${text}" names ${found.length} workloads: ${found
        .slice(0, 5)
        .map((p) => p.name)
        .join(', ')}; give one as namespace/name[Kind]`,
    );
  const names = input.workloads.flatMap((p) => [p.name, `${p.workload.namespace}/${p.workload.name}`]);
  const suggestion = nearest(trimmed, names);
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
  throw new UsageError(`${option}: no workload "${text}" in the input${hint}`);
}

export { peerName };

/** Edit distance counting an adjacent swap as one edit (optimal string alignment): "wbe" is one from "web". */
function swapDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The closest name within a distance that still reads as a typo, or one the text starts (or ends) a part of. */
function nearest(text: string, names: readonly string[]): string | undefined {
  const query = text.toLowerCase();
  let best: string | undefined;
  let score = Number.POSITIVE_INFINITY;
  for (const name of [...new Set(names)].sort()) {
    const s = swapDistance(query, name.toLowerCase());
    if (s < score) {
      best = name;
      score = s;
    }
  }
  if (best !== undefined && score <= Math.max(2, Math.floor(query.length / 4))) return best;
  return query.length >= 3 ? names.find((n) => n.toLowerCase().includes(query)) : undefined;
}
