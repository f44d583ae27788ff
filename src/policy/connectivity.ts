/**
 * Every allowed connection between the peers of the input, as netpol-analyzer's `list` computes
 * it: a workload's connections to itself and external-to-external pairs are left out; a pair is
 * listed when its source's egress and its destination's ingress both allow something. The
 * ingress controller reaches only what an Ingress or Route exposes, on those ports.
 */
import type { Direction } from './compile.ts';
import { type Exposure, INGRESS_CONTROLLER, type PolicyInput } from './input.ts';
import { ALL_CONNS, type Conns, connsById, intersect } from './ports.ts';

export interface Connection {
  readonly src: string;
  readonly dst: string;
  readonly conns: Conns;
}

interface PeerSlot {
  readonly name: string;
  readonly endpoint: number;
  readonly external: boolean;
}

/** Allowed traffic between two evaluator endpoints (either may be external). */
export function allowedBetween(input: PolicyInput, src: number, dst: number): Conns {
  const { evaluator } = input;
  const egress = evaluator.direction('egress', src, dst);
  if (egress.isEmpty) return egress;
  return intersect(egress, evaluator.direction('ingress', dst, src));
}

/** What the ingress controller may open to an exposed workload: the exposed ports the policies allow. */
export function exposedConns(input: PolicyInput, exposure: Exposure): Conns {
  return intersect(exposure.conns, allowedBetween(input, input.ingressController, exposure.peer.endpoint));
}

/**
 * The connectivity list, sorted by source then destination. With `focus`, only the pairs that
 * have that peer at one end (the same as filtering the full list).
 */
export function listConnections(input: PolicyInput, options: { focus?: string } = {}): Connection[] {
  const sources: PeerSlot[] = [
    ...input.externalSources.map((p) => ({ name: p.name, endpoint: p.endpoint, external: true })),
    ...input.workloads.map((p) => ({ name: p.name, endpoint: p.endpoint, external: false })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const destinations: PeerSlot[] = [
    ...input.externalDestinations.map((p) => ({ name: p.name, endpoint: p.endpoint, external: true })),
    ...input.workloads.map((p) => ({ name: p.name, endpoint: p.endpoint, external: false })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const focus = options.focus;
  const out: Connection[] = [];
  // Class pairs repeat (alike workloads share an endpoint): memoise per endpoint pair (conns id + 1).
  const width = input.evaluator.endpoints.length;
  // Dense up to 4,096 endpoints (64 MB); beyond, most pairs are distinct anyway and a map is smaller.
  const dense = width <= 4096 ? new Int32Array(width * width) : undefined;
  const sparse = new Map<number, number>();
  for (const s of sources) {
    for (const d of destinations) {
      if (s.external && d.external) continue;
      if (s.name === d.name) continue;
      if (focus !== undefined && s.name !== focus && d.name !== focus) continue;
      const key = s.endpoint * width + d.endpoint;
      const known = dense ? (dense[key] as number) : (sparse.get(key) ?? 0);
      let conns: Conns;
      if (known > 0) conns = connsById(known - 1);
      else {
        conns = allowedBetween(input, s.endpoint, d.endpoint);
        if (dense) dense[key] = conns.id + 1;
        else sparse.set(key, conns.id + 1);
      }
      if (!conns.isEmpty) out.push({ src: s.name, dst: d.name, conns });
    }
  }
  for (const exposure of input.exposures) {
    if (focus !== undefined && focus !== INGRESS_CONTROLLER && exposure.peer.name !== focus) continue;
    const conns = exposedConns(input, exposure);
    if (!conns.isEmpty) out.push({ src: INGRESS_CONTROLLER, dst: exposure.peer.name, conns });
  }
  return out;
}

/** One direction's verdict between two endpoints, for callers that need only one side. */
export function directionAllows(input: PolicyInput, direction: Direction, subject: number, other: number): Conns {
  return input.evaluator.direction(direction, subject, other);
}

export { ALL_CONNS };
