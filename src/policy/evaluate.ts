/**
 * The evaluator: for one direction of a connection (the source's egress, or the destination's
 * ingress), which traffic the policy tiers allow, and (for explanations) which rule decided which
 * part of it.
 *
 * The tiers, in order (https://network-policy-api.sigs.k8s.io/api-overview/):
 * 1. Admin tier (AdminNetworkPolicy, ClusterNetworkPolicy tier Admin), by priority, rules in
 *    order: the first rule that matches a part of the traffic decides it (Allow/Accept, Deny, or
 *    Pass to the next tier). Traffic no admin rule matches also goes on.
 * 2. NetworkPolicy: when any policy selects the Pod for this direction, exactly what the union
 *    of their matching rules allows; the rest is denied (policies are additive, no deny rules).
 * 3. Baseline tier (BaselineAdminNetworkPolicy, ClusterNetworkPolicy tier Baseline), for Pods no
 *    NetworkPolicy selects, the same way as the admin tier.
 * 4. The default: allowed.
 *
 * Results are memoised by the set of rules that match (plus the destination's named ports where
 * a rule uses them), so Pods and peers that behave alike are evaluated once.
 */
import type { ContainerPort } from '../cluster/model.ts';
import {
  type CompiledPolicy,
  type CompiledRule,
  type Compiled,
  type Direction,
  type Endpoint,
  type PodEndpoint,
  peerMatches,
  ruleConns,
} from './compile.ts';
import { ALL_CONNS, type Conns, intersect, NO_CONNS, subtract, union } from './ports.ts';
import type { Decision, PolicyLayer } from './types.ts';

interface SubjectRules {
  /** The rules that can decide for this subject, in order: admin, then NetworkPolicy or baseline. */
  readonly relevant: readonly CompiledRule[];
  /** Results by the set of relevant rules that match the other end (a bit mask, or text beyond 30 rules). */
  readonly memo: Map<number | string, Conns>;
  readonly admin: readonly CompiledRule[];
  /** Undefined when no NetworkPolicy selects the Pod for this direction. */
  readonly networkPolicy?: readonly CompiledRule[];
  readonly selectingPolicies: readonly CompiledPolicy[];
  readonly baseline: readonly CompiledRule[];
}

export interface DirectionResult {
  readonly allowed: Conns;
  readonly decisions: readonly Decision[];
}

const MATCH_UNKNOWN = 0;
const MATCH_NO = 1;
const MATCH_YES = 2;

export class Evaluator {
  readonly compiled: Compiled;
  readonly #endpoints: Endpoint[] = [];
  readonly #portKeys = new Map<string, number>();
  readonly #endpointPorts: number[] = [];
  readonly #subjects: Map<number, SubjectRules>[] = [new Map(), new Map()];
  #match: Uint8Array[] = [];
  #capacity = 0;
  readonly #ruleConnsMemo = new Map<number, Conns>();

  constructor(compiled: Compiled) {
    this.compiled = compiled;
  }

  get endpoints(): readonly Endpoint[] {
    return this.#endpoints;
  }

  /** Register an endpoint (a class of alike Pods, an external range …); returns its id. */
  add(endpoint: Endpoint): number {
    const id = this.#endpoints.length;
    this.#endpoints.push(endpoint);
    const ports = endpoint.type === 'pod' ? endpoint.ports : [];
    const key = JSON.stringify(ports.map((p) => [p.name ?? '', p.port, p.protocol]));
    let portId = this.#portKeys.get(key);
    if (portId === undefined) {
      portId = this.#portKeys.size;
      this.#portKeys.set(key, portId);
    }
    this.#endpointPorts.push(portId);
    if (id >= this.#capacity) {
      this.#capacity = Math.max(64, this.#capacity * 2);
      this.#match = this.compiled.rules.map((_, r) => {
        const grown = new Uint8Array(this.#capacity);
        const old = this.#match[r];
        if (old) grown.set(old);
        return grown;
      });
    }
    return id;
  }

  endpoint(id: number): Endpoint {
    const e = this.#endpoints[id];
    if (!e) throw new Error(`internal: no endpoint ${id}`);
    return e;
  }

  #matches(rule: CompiledRule, other: number): boolean {
    const row = this.#match[rule.id] as Uint8Array;
    let m = row[other];
    if (m === MATCH_UNKNOWN) {
      m = peerMatches(rule, rule.policy.ref.namespace, this.endpoint(other)) ? MATCH_YES : MATCH_NO;
      row[other] = m;
    }
    return m === MATCH_YES;
  }

  #subjectRules(direction: Direction, subject: number): SubjectRules {
    const cache = this.#subjects[direction === 'ingress' ? 0 : 1] as Map<number, SubjectRules>;
    let rules = cache.get(subject);
    if (rules) return rules;
    const pod = this.endpoint(subject);
    if (pod.type !== 'pod') rules = { relevant: [], memo: new Map(), admin: [], selectingPolicies: [], baseline: [] };
    else {
      const of = (list: readonly CompiledPolicy[]) => list.filter((p) => p.selects(pod)).flatMap((p) => p[direction] ?? []);
      const selecting = this.compiled.networkPolicies.filter((p) => p[direction] !== undefined && p.selects(pod));
      const admin = of(this.compiled.admin);
      const baseline = of(this.compiled.baseline);
      const networkPolicy = selecting.length > 0 ? selecting.flatMap((p) => p[direction] ?? []) : undefined;
      rules = {
        relevant: [...admin, ...(networkPolicy ?? baseline)],
        memo: new Map(),
        admin,
        ...(networkPolicy ? { networkPolicy } : {}),
        selectingPolicies: selecting,
        baseline,
      };
    }
    cache.set(subject, rules);
    return rules;
  }

  #ruleConns(rule: CompiledRule, destination: number): Conns {
    if (rule.named.length === 0) return rule.fixed;
    const portId = this.#endpointPorts[destination] as number;
    const key = rule.id * 1_048_576 + portId;
    let conns = this.#ruleConnsMemo.get(key);
    if (!conns) {
      const e = this.endpoint(destination);
      conns = ruleConns(rule, e.type === 'pod' ? e.ports : ([] as ContainerPort[]));
      this.#ruleConnsMemo.set(key, conns);
    }
    return conns;
  }

  /** What the direction allows between `subject` (whose egress or ingress it is) and `other`. */
  direction(direction: Direction, subject: number, other: number): Conns {
    if (this.endpoint(subject).type !== 'pod') return ALL_CONNS;
    const rules = this.#subjectRules(direction, subject);
    const destination = direction === 'ingress' ? subject : other;
    const list = rules.relevant;
    let named = false;
    let key: number | string;
    if (list.length <= 30) {
      let bits = 0;
      for (let i = 0; i < list.length; i++) {
        const r = list[i] as CompiledRule;
        if (this.#matches(r, other)) {
          bits |= 1 << i;
          if (r.named.length > 0) named = true;
        }
      }
      key = named ? bits + ((this.#endpointPorts[destination] as number) + 1) * 2 ** 31 : bits;
    } else {
      key = '';
      for (const r of list) {
        if (this.#matches(r, other)) {
          key += `${r.id},`;
          if (r.named.length > 0) named = true;
        }
      }
      if (named) key += `@${this.#endpointPorts[destination]}`;
    }
    let conns = rules.memo.get(key);
    if (!conns) {
      conns = this.#evaluate(rules, other, destination, undefined);
      rules.memo.set(key, conns);
    }
    return conns;
  }

  /** The same, with every decision that contributed, in evaluation order. */
  explain(direction: Direction, subject: number, other: number): DirectionResult {
    const subjectEndpoint = this.endpoint(subject);
    if (subjectEndpoint.type !== 'pod')
      return { allowed: ALL_CONNS, decisions: [{ layer: 'default', action: 'allow', connections: ALL_CONNS.toString() }] };
    const decisions: Decision[] = [];
    const allowed = this.#evaluate(this.#subjectRules(direction, subject), other, direction === 'ingress' ? subject : other, decisions);
    return { allowed, decisions };
  }

  #evaluate(rules: SubjectRules, other: number, destination: number, decisions: Decision[] | undefined): Conns {
    let allowed = NO_CONNS;
    const tier = (list: readonly CompiledRule[], layer: PolicyLayer, remaining: Conns): Conns => {
      let passed = NO_CONNS;
      for (const r of list) {
        if (remaining.isEmpty) break;
        if (!this.#matches(r, other)) continue;
        const part = intersect(this.#ruleConns(r, destination), remaining);
        if (part.isEmpty) continue;
        if (r.action === 'allow') allowed = union(allowed, part);
        else if (r.action === 'pass') passed = union(passed, part);
        remaining = subtract(remaining, part);
        decisions?.push(decision(layer, r.action, r, part));
      }
      return union(remaining, passed);
    };
    const afterAdmin = tier(rules.admin, 'admin', ALL_CONNS);
    if (rules.networkPolicy) {
      let granted = NO_CONNS;
      for (const r of rules.networkPolicy) {
        if (!this.#matches(r, other)) continue;
        const part = intersect(this.#ruleConns(r, destination), afterAdmin);
        if (part.isEmpty) continue;
        granted = union(granted, part);
        decisions?.push(decision('network-policy', 'allow', r, part));
        if (!decisions && granted === afterAdmin) break;
      }
      allowed = union(allowed, granted);
      const denied = subtract(afterAdmin, granted);
      if (decisions && !denied.isEmpty) {
        // Selected, and no rule allows this part: each selecting policy, with the rules whose peers
        // matched but whose ports do not cover it.
        for (const p of rules.selectingPolicies) {
          const matched = rules.networkPolicy.filter((r) => r.policy === p && this.#matches(r, other));
          if (matched.length === 0)
            decisions.push({ layer: 'network-policy', action: 'none', policy: p.ref, connections: denied.toString() });
          for (const r of matched) decisions.push(decision('network-policy', 'none', r, denied));
        }
      }
      return allowed;
    }
    const afterBaseline = tier(rules.baseline, 'baseline', afterAdmin);
    if (!afterBaseline.isEmpty) {
      allowed = union(allowed, afterBaseline);
      decisions?.push({ layer: 'default', action: 'allow', connections: afterBaseline.toString() });
    }
    return allowed;
  }
}

function decision(layer: PolicyLayer, action: Decision['action'], rule: CompiledRule, part: Conns): Decision {
  return {
    layer,
    action,
    policy: rule.policy.ref,
    rule: { index: rule.index, ...(rule.name ? { name: rule.name } : {}) },
    connections: part.toString(),
  };
}

export type { PodEndpoint };
