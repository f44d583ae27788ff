/**
 * The policy engine: pure, objects in, verdicts with the rules that decided them out.
 *
 *   const input = buildPolicyInput(modelOf(cluster), objects);   // once per input
 *   explainConnection(input, { workload: 'shop/Deployment/web' }, { workload: 'shop/StatefulSet/db' },
 *     { port: 5432, protocol: 'TCP' });                            // one pair, with its reasons
 *   listConnections(input);                                        // every allowed pair (connlist)
 *
 * `trace --cluster` calls `explainConnection` at the hop where the CNI enforces policy.
 */
export { type Family, formatRange, type IpRange, parseCidr, parseIp } from './addresses.ts';
export { type Connection, exposedConns, listConnections } from './connectivity.ts';
export { explainConnection, findPeer } from './explain.ts';
export {
  buildPolicyInput,
  type ExternalPeer,
  type Exposure,
  INGRESS_CONTROLLER,
  type PolicyInput,
  peerName,
  type WorkloadPeer,
} from './input.ts';
export { type Conns, parseConns } from './ports.ts';
export * from './types.ts';
export { POLICY_WARNING_CODES, type PolicyWarning, type PolicyWarningCode } from './warnings.ts';
