/**
 * Policy objects → one compiled form the evaluator walks: policies by layer (admin, network-policy,
 * baseline), each with a subject test and ordered rules (peers, ports, action). What cannot be
 * evaluated (nodes and domainNames peers, unknown API versions, invalid selectors or CIDRs) is
 * reported as a warning and never guessed: such a peer matches nothing.
 *
 * - NetworkPolicy v1: https://kubernetes.io/docs/concepts/services-networking/network-policies/
 *   and https://kubernetes.io/docs/reference/kubernetes-api/networking-resources/network-policy-v1/
 * - AdminNetworkPolicy, BaselineAdminNetworkPolicy v1alpha1 and ClusterNetworkPolicy v1alpha2:
 *   https://github.com/kubernetes-sigs/network-policy-api/tree/main/apis
 */
import type { ContainerPort, LabelMap, Protocol } from '../cluster/model.ts';
import { namespaceOf } from '../cluster/model.ts';
import { arr, get, isRecord, type KObject, str } from '../cluster/objects.ts';
import { contains, type IpRange, type IpSet, parseCidr, subtractRanges } from './addresses.ts';
import { ALL_CONNS, allOf, type Conns, NO_CONNS, portsOf, union } from './ports.ts';
import { compileSelector, type Selector } from './selectors.ts';
import type { PolicyLayer, PolicyRef } from './types.ts';
import type { PolicyWarning } from './warnings.ts';

/** What a rule or a subject is tested against: a Pod (by its workload) or an external range. */
export type Endpoint = PodEndpoint | ExternalEndpoint;

export interface PodEndpoint {
  readonly type: 'pod';
  readonly namespace: string;
  readonly namespaceLabels: LabelMap;
  readonly labels: LabelMap;
  readonly ports: readonly ContainerPort[];
  /** Host-network Pods are outside the admin policies' subjects and peers. */
  readonly hostNetwork: boolean;
}

export interface ExternalEndpoint {
  readonly type: 'external';
  /** One range of the split address space: wholly inside or outside every ipBlock/networks. */
  readonly range: IpRange;
}

export type PeerTest =
  | { readonly type: 'pods'; readonly namespaces: Selector | 'own'; readonly pods: Selector; readonly hostNetwork: boolean }
  | { readonly type: 'ips'; readonly set: IpSet; readonly text: string; readonly cidrs: readonly string[] }
  | { readonly type: 'none'; readonly why: string };

export interface NamedPort {
  readonly name: string;
  /** The rule's protocol; undefined for admin `namedPort`, which takes the container port's own. */
  readonly protocol?: Protocol;
}

export type RuleAction = 'allow' | 'deny' | 'pass';
export type Direction = 'ingress' | 'egress';

export interface CompiledRule {
  /** Unique across all compiled rules (an index into Compiled.rules). */
  readonly id: number;
  readonly policy: CompiledPolicy;
  readonly direction: Direction;
  /** 0-based position in the policy's ingress or egress list. */
  readonly index: number;
  readonly name?: string;
  readonly action: RuleAction;
  /** A NetworkPolicy rule without from/to: every source or destination, inside or outside the cluster. */
  readonly anyPeer: boolean;
  readonly peers: readonly PeerTest[];
  /** Ports given by number or range (everything when the rule names no ports). */
  readonly fixed: Conns;
  /** Ports given by name, resolved per destination Pod. */
  readonly named: readonly NamedPort[];
}

export interface CompiledPolicy {
  readonly ref: PolicyRef;
  readonly layer: Exclude<PolicyLayer, 'default'>;
  readonly object: KObject;
  /** Whether the policy applies to (selects) this Pod. */
  readonly selects: (pod: PodEndpoint) => boolean;
  /** The subject as text, for explanations and lint. */
  readonly subjectText: string;
  /** NetworkPolicy: undefined when policyTypes leaves the direction out. Admin policies: [] for none. */
  readonly ingress?: readonly CompiledRule[];
  readonly egress?: readonly CompiledRule[];
}

export interface Compiled {
  /** Admin tier, in evaluation order (priority, then kind and name). */
  readonly admin: readonly CompiledPolicy[];
  readonly networkPolicies: readonly CompiledPolicy[];
  /** Baseline tier, in evaluation order. */
  readonly baseline: readonly CompiledPolicy[];
  readonly rules: readonly CompiledRule[];
  /** Every ipBlock / networks range, by the direction of the rule that names it (for the external split). */
  readonly ingressRanges: readonly IpRange[];
  readonly egressRanges: readonly IpRange[];
  readonly warnings: readonly PolicyWarning[];
}

export const POLICY_API_VERSIONS: Readonly<Record<string, string>> = {
  NetworkPolicy: 'networking.k8s.io/v1',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
};

/** Policy APIs of CNI plugins: read, reported, not evaluated. */
const OTHER_POLICY_KINDS: readonly { kind: string; group: string; owner: string }[] = [
  { kind: 'NetworkPolicy', group: 'crd.projectcalico.org/', owner: 'Calico' },
  { kind: 'NetworkPolicy', group: 'projectcalico.org/', owner: 'Calico' },
  { kind: 'GlobalNetworkPolicy', group: 'crd.projectcalico.org/', owner: 'Calico' },
  { kind: 'GlobalNetworkPolicy', group: 'projectcalico.org/', owner: 'Calico' },
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io/', owner: 'Cilium' },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io/', owner: 'Cilium' },
  { kind: 'NetworkPolicy', group: 'crd.antrea.io/', owner: 'Antrea' },
  { kind: 'ClusterNetworkPolicy', group: 'crd.antrea.io/', owner: 'Antrea' },
  { kind: 'MultiNetworkPolicy', group: 'k8s.cni.cncf.io/', owner: 'Multus' },
];

/** The kinds the engine reads (the others are ignored). */
export const POLICY_KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'] as const;

export function policyLabel(ref: PolicyRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : undefined;

function protocolOf(value: unknown): Protocol | undefined {
  const p = (str(value) ?? 'TCP').toUpperCase();
  return p === 'TCP' || p === 'UDP' || p === 'SCTP' ? p : undefined;
}

class Compiler {
  readonly warnings: PolicyWarning[] = [];
  readonly rules: CompiledRule[] = [];
  readonly ingressRanges: IpRange[] = [];
  readonly egressRanges: IpRange[] = [];

  warn(code: PolicyWarning['code'], values: PolicyWarning['values']): void {
    this.warnings.push({ code, values });
  }

  selector(value: unknown, where: string): Selector {
    return compileSelector(value, (why) => this.warn('invalidSelector', { where, why }));
  }

  ipSet(cidr: unknown, except: unknown, where: string, direction: Direction): { set: IpSet; text: string; cidrs: string[] } | undefined {
    const text = str(cidr) ?? '';
    const block = parseCidr(text);
    if (!block) {
      this.warn('invalidCidr', { where, cidr: text });
      return undefined;
    }
    const excepts: IpRange[] = [];
    for (const e of arr(except)) {
      const range = parseCidr(str(e) ?? '');
      if (!range) this.warn('invalidCidr', { where, cidr: str(e) ?? '' });
      else excepts.push(range);
    }
    const ranges = direction === 'ingress' ? this.ingressRanges : this.egressRanges;
    ranges.push(block, ...excepts);
    const exceptText = arr(except)
      .map(str)
      .filter((e): e is string => e !== undefined);
    return {
      set: subtractRanges([block], excepts),
      text: exceptText.length > 0 ? `${text} except ${exceptText.join(', ')}` : text,
      cidrs: [text],
    };
  }

  rule(
    policy: CompiledPolicy,
    direction: Direction,
    index: number,
    fields: { name?: string; action: RuleAction; anyPeer: boolean; peers: PeerTest[]; fixed: Conns; named: NamedPort[] },
  ): CompiledRule {
    const rule: CompiledRule = { id: this.rules.length, policy, direction, index, ...fields };
    this.rules.push(rule);
    return rule;
  }

  // --- NetworkPolicy ---------------------------------------------------------------------------

  networkPolicy(object: KObject): CompiledPolicy {
    const namespace = namespaceOf(object);
    const ref: PolicyRef = { kind: 'NetworkPolicy', namespace, name: object.name };
    const where = policyLabel(ref);
    const spec = get(object.raw, 'spec');
    const podSelector = this.selector(get(spec, 'podSelector') ?? {}, `${where} spec.podSelector`);
    // policyTypes defaults to Ingress, plus Egress when the policy has egress rules.
    const declared = arr(get(spec, 'policyTypes'))
      .map(str)
      .filter((t): t is string => t !== undefined);
    const egressRules = arr(get(spec, 'egress'));
    const types = declared.length > 0 ? declared : egressRules.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    for (const t of declared) if (t !== 'Ingress' && t !== 'Egress') this.warn('unknownPolicyType', { where, type: t });
    const rules: { ingress?: CompiledRule[]; egress?: CompiledRule[] } = {};
    const policy: CompiledPolicy = {
      ref,
      layer: 'network-policy',
      object,
      selects: (pod) => pod.namespace === namespace && podSelector.matches(pod.labels),
      subjectText: `podSelector ${podSelector.text}`,
      get ingress() {
        return rules.ingress;
      },
      get egress() {
        return rules.egress;
      },
    };
    if (types.includes('Ingress')) rules.ingress = arr(get(spec, 'ingress')).map((r, i) => this.npRule(policy, 'ingress', i, r, where));
    if (types.includes('Egress')) rules.egress = egressRules.map((r, i) => this.npRule(policy, 'egress', i, r, where));
    return policy;
  }

  npRule(policy: CompiledPolicy, direction: Direction, index: number, raw: unknown, where: string): CompiledRule {
    const field = direction === 'ingress' ? 'from' : 'to';
    // Field paths, as the manifest spells them (language-neutral in messages).
    const at = `${where} spec.${direction}[${index}]`;
    const peersRaw = get(raw, field);
    const anyPeer = !Array.isArray(peersRaw) || peersRaw.length === 0;
    const peers: PeerTest[] = [];
    for (const p of arr(peersRaw)) {
      const ipBlock = get(p, 'ipBlock');
      const podSel = get(p, 'podSelector');
      const nsSel = get(p, 'namespaceSelector');
      if (isRecord(ipBlock)) {
        const ips = this.ipSet(ipBlock.cidr, ipBlock.except, at, direction);
        peers.push(ips ? { type: 'ips', ...ips } : { type: 'none', why: 'invalid ipBlock' });
      } else if (podSel !== undefined || nsSel !== undefined) {
        peers.push({
          type: 'pods',
          namespaces: nsSel === undefined || nsSel === null ? 'own' : this.selector(nsSel, `${at} namespaceSelector`),
          pods: this.selector(podSel ?? {}, `${at} podSelector`),
          hostNetwork: true,
        });
      } else {
        this.warn('emptyPeer', { where: at });
        peers.push({ type: 'none', why: 'empty peer' });
      }
    }
    const { fixed, named } = this.npPorts(get(raw, 'ports'), at);
    return this.rule(policy, direction, index, { action: 'allow', anyPeer, peers, fixed, named });
  }

  npPorts(value: unknown, where: string): { fixed: Conns; named: NamedPort[] } {
    const list = arr(value);
    if (list.length === 0) return { fixed: ALL_CONNS, named: [] };
    let fixed = NO_CONNS;
    const named: NamedPort[] = [];
    for (const p of list) {
      const protocol = protocolOf(get(p, 'protocol'));
      if (!protocol) {
        this.warn('unknownProtocol', { where, protocol: str(get(p, 'protocol')) ?? '' });
        continue;
      }
      const port = get(p, 'port');
      const endPort = numberOf(get(p, 'endPort'));
      const number = numberOf(port);
      if (port === undefined || port === null) fixed = union(fixed, allOf(protocol));
      else if (number !== undefined) {
        if (endPort !== undefined && endPort < number) this.warn('badPortRange', { where, port: number, endPort });
        fixed = union(fixed, portsOf(protocol, number, endPort ?? number));
      } else if (typeof port === 'string') {
        if (endPort !== undefined) this.warn('endPortWithName', { where, port });
        named.push({ name: port, protocol });
      }
    }
    return { fixed, named };
  }

  // --- Admin policies (ANP, BANP v1alpha1; CNP v1alpha2) ------------------------------------

  adminPolicy(object: KObject): CompiledPolicy | undefined {
    const kind = object.kind;
    const spec = get(object.raw, 'spec');
    const v2 = kind === 'ClusterNetworkPolicy';
    const tier = v2 ? str(get(spec, 'tier')) : kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
    const ref0 = { kind, name: object.name };
    const where = policyLabel(ref0);
    if (tier !== 'Admin' && tier !== 'Baseline') {
      this.warn('unknownTier', { where, tier: tier ?? '' });
      return undefined;
    }
    const priority = kind === 'BaselineAdminNetworkPolicy' ? undefined : numberOf(get(spec, 'priority'));
    if (kind !== 'BaselineAdminNetworkPolicy' && (priority === undefined || priority > 1000))
      this.warn('badPriority', { where, priority: str(get(spec, 'priority')) ?? '' });
    if (kind === 'BaselineAdminNetworkPolicy' && object.name !== 'default') this.warn('baselineName', { where });
    const ref: PolicyRef = { kind, name: object.name, ...(priority !== undefined ? { priority } : {}) };
    const subject = this.subject(get(spec, 'subject'), where);
    const rules: { ingress: CompiledRule[]; egress: CompiledRule[] } = { ingress: [], egress: [] };
    const policy: CompiledPolicy = {
      ref,
      layer: tier === 'Admin' ? 'admin' : 'baseline',
      object,
      selects: (pod) => !pod.hostNetwork && subject.matches(pod),
      subjectText: subject.text,
      get ingress() {
        return rules.ingress;
      },
      get egress() {
        return rules.egress;
      },
    };
    const actions: Readonly<Record<string, RuleAction>> =
      kind === 'BaselineAdminNetworkPolicy'
        ? { Allow: 'allow', Deny: 'deny' }
        : v2
          ? { Accept: 'allow', Deny: 'deny', Pass: 'pass' }
          : { Allow: 'allow', Deny: 'deny', Pass: 'pass' };
    const withNetworks: string[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      arr(get(spec, direction)).forEach((r, index) => {
        const name = str(get(r, 'name'));
        const at = `${where} spec.${direction}[${index}]${name ? ` (${name})` : ''}`;
        if (arr(get(r, 'to')).some((p) => get(p, 'networks') !== undefined)) withNetworks.push(`spec.${direction}[${index}]`);
        const actionText = str(get(r, 'action')) ?? '';
        const action = actions[actionText];
        const peers = arr(get(r, direction === 'ingress' ? 'from' : 'to')).map((p) => this.adminPeer(p, at, direction, actionText));
        const { fixed, named } = v2 ? this.cnpPorts(get(r, 'protocols'), at) : this.anpPorts(get(r, 'ports'), at);
        if (!action) {
          this.warn('unknownAction', { where: at, action: actionText, allowed: Object.keys(actions).join(', ') });
          return;
        }
        rules[direction].push(
          this.rule(policy, direction, index, { ...(name ? { name } : {}), action, anyPeer: false, peers, fixed, named }),
        );
      });
    }
    // Once per policy: networks peers also match Pod addresses in a real cluster.
    if (withNetworks.length > 0) this.warn('networksAlsoPods', { where: `${where} ${withNetworks.join(', ')}` });
    return policy;
  }

  subject(value: unknown, where: string): { matches: (pod: PodEndpoint) => boolean; text: string } {
    const namespaces = get(value, 'namespaces');
    const pods = get(value, 'pods');
    if (namespaces !== undefined) {
      const ns = this.selector(namespaces, `${where} subject.namespaces`);
      return { matches: (pod) => ns.matches(pod.namespaceLabels), text: `subject.namespaces ${ns.text}` };
    }
    if (pods !== undefined) {
      const ns = this.selector(get(pods, 'namespaceSelector') ?? {}, `${where} subject.pods.namespaceSelector`);
      const ps = this.selector(get(pods, 'podSelector') ?? {}, `${where} subject.pods.podSelector`);
      return {
        matches: (pod) => ns.matches(pod.namespaceLabels) && ps.matches(pod.labels),
        text: `subject.pods namespaceSelector ${ns.text}, podSelector ${ps.text}`,
      };
    }
    this.warn('noSubject', { where });
    return { matches: () => false, text: '(none)' };
  }

  adminPeer(value: unknown, where: string, direction: Direction, action: string): PeerTest {
    if (!isRecord(value)) return { type: 'none', why: 'not an object' };
    if (value.namespaces !== undefined) {
      const ns = this.selector(value.namespaces, `${where} namespaces`);
      return { type: 'pods', namespaces: ns, pods: { ...ns, matches: () => true, empty: true, text: '{}', keys: [] }, hostNetwork: false };
    }
    if (value.pods !== undefined) {
      return {
        type: 'pods',
        namespaces: this.selector(get(value.pods, 'namespaceSelector') ?? {}, `${where} pods.namespaceSelector`),
        pods: this.selector(get(value.pods, 'podSelector') ?? {}, `${where} pods.podSelector`),
        hostNetwork: false,
      };
    }
    if (direction === 'egress' && Array.isArray(value.networks)) {
      const sets: IpRange[] = [];
      const texts: string[] = [];
      for (const cidr of value.networks) {
        const ips = this.ipSet(cidr, [], where, direction);
        if (ips) {
          sets.push(...ips.set);
          texts.push(ips.text);
        }
      }
      return { type: 'ips', set: sets, text: texts.join(', '), cidrs: texts };
    }
    if (direction === 'egress' && value.nodes !== undefined) {
      this.warn('nodesPeer', { where, action });
      return { type: 'none', why: 'nodes' };
    }
    if (direction === 'egress' && value.domainNames !== undefined) {
      this.warn('domainNamesPeer', { where, action });
      return { type: 'none', why: 'domainNames' };
    }
    this.warn('unknownPeer', { where, fields: Object.keys(value).join(', ') || '{}' });
    return { type: 'none', why: 'unknown' };
  }

  anpPorts(value: unknown, where: string): { fixed: Conns; named: NamedPort[] } {
    if (!Array.isArray(value)) return { fixed: ALL_CONNS, named: [] };
    let fixed = NO_CONNS;
    const named: NamedPort[] = [];
    for (const p of value) {
      const number = get(p, 'portNumber');
      const range = get(p, 'portRange');
      const name = str(get(p, 'namedPort'));
      if (isRecord(number)) {
        const protocol = protocolOf(number.protocol);
        const port = numberOf(number.port);
        if (!protocol || port === undefined) this.warn('badPort', { where });
        else fixed = union(fixed, portsOf(protocol, port));
      } else if (isRecord(range)) {
        const protocol = protocolOf(range.protocol);
        const start = numberOf(range.start);
        const end = numberOf(range.end);
        if (!protocol || start === undefined || end === undefined) this.warn('badPort', { where });
        else fixed = union(fixed, portsOf(protocol, start, end));
      } else if (name) named.push({ name });
      else this.warn('badPort', { where });
    }
    return { fixed, named };
  }

  cnpPorts(value: unknown, where: string): { fixed: Conns; named: NamedPort[] } {
    if (!Array.isArray(value)) return { fixed: ALL_CONNS, named: [] };
    let fixed = NO_CONNS;
    const named: NamedPort[] = [];
    for (const p of value) {
      const name = str(get(p, 'destinationNamedPort'));
      if (name) {
        named.push({ name });
        continue;
      }
      let found = false;
      for (const [field, protocol] of [
        ['tcp', 'TCP'],
        ['udp', 'UDP'],
        ['sctp', 'SCTP'],
      ] as const) {
        const spec = get(p, field);
        if (spec === undefined) continue;
        found = true;
        const port = get(spec, 'destinationPort');
        const number = numberOf(get(port, 'number'));
        const start = numberOf(get(port, 'range', 'start'));
        const end = numberOf(get(port, 'range', 'end'));
        if (port === undefined) fixed = union(fixed, allOf(protocol));
        else if (number !== undefined) fixed = union(fixed, portsOf(protocol, number));
        else if (start !== undefined && end !== undefined) fixed = union(fixed, portsOf(protocol, start, end));
        else this.warn('badPort', { where });
      }
      if (!found) this.warn('badPort', { where });
    }
    return { fixed, named };
  }
}

/** Whether a rule's peer list admits the other end of the connection. */
export function peerMatches(rule: CompiledRule, policyNamespace: string | undefined, other: Endpoint): boolean {
  if (rule.anyPeer) return true;
  for (const peer of rule.peers) {
    if (peer.type === 'ips') {
      if (other.type === 'external' && contains(peer.set, other.range.family, other.range.lo)) return true;
    } else if (peer.type === 'pods' && other.type === 'pod') {
      if (!peer.hostNetwork && other.hostNetwork) continue;
      const nsOk = peer.namespaces === 'own' ? other.namespace === policyNamespace : peer.namespaces.matches(other.namespaceLabels);
      if (nsOk && peer.pods.matches(other.labels)) return true;
    }
  }
  return false;
}

/** A rule's ports for a destination Pod: its numbered ports plus its named ports resolved there. */
export function ruleConns(rule: CompiledRule, destination: readonly ContainerPort[]): Conns {
  let out = rule.fixed;
  for (const n of rule.named) {
    const port = destination.find((p) => p.name === n.name);
    if (!port) continue;
    const protocol = port.protocol as Protocol;
    if (n.protocol && n.protocol !== protocol) continue;
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') continue;
    out = union(out, portsOf(protocol, port.port));
  }
  return out;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compile every policy object of the input; other objects are ignored. */
export function compilePolicies(objects: readonly KObject[]): Compiled {
  const c = new Compiler();
  const admin: CompiledPolicy[] = [];
  const baseline: CompiledPolicy[] = [];
  const networkPolicies: CompiledPolicy[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    const other = OTHER_POLICY_KINDS.find((k) => k.kind === object.kind && object.apiVersion.startsWith(k.group));
    if (other) {
      c.warn('otherPolicyApi', { kind: object.kind, name: object.name, apiVersion: object.apiVersion, owner: other.owner });
      continue;
    }
    const expected = POLICY_API_VERSIONS[object.kind];
    if (!expected) continue;
    if (object.apiVersion !== expected) {
      // Another version (policy.networking.k8s.io/v1beta1, extensions/v1beta1 …) is reported, not guessed.
      c.warn('unknownApiVersion', { kind: object.kind, name: object.name, apiVersion: object.apiVersion, known: expected });
      continue;
    }
    const key = `${object.kind}/${namespaceOf(object)}/${object.name}`;
    if (seen.has(key)) {
      c.warn('duplicatePolicy', { where: policyLabel({ kind: object.kind, namespace: namespaceOf(object), name: object.name }) });
      continue;
    }
    seen.add(key);
    if (object.kind === 'NetworkPolicy') networkPolicies.push(c.networkPolicy(object));
    else {
      const p = c.adminPolicy(object);
      if (p?.layer === 'admin') admin.push(p);
      else if (p) baseline.push(p);
    }
  }
  const byPriority = (a: CompiledPolicy, b: CompiledPolicy) =>
    // BaselineAdminNetworkPolicy has no priority: it comes after the Baseline-tier ClusterNetworkPolicies.
    (a.ref.priority ?? 1001) - (b.ref.priority ?? 1001) || compareText(a.ref.kind, b.ref.kind) || compareText(a.ref.name, b.ref.name);
  admin.sort(byPriority);
  baseline.sort(byPriority);
  for (const tier of [admin, baseline]) {
    for (let i = 1; i < tier.length; i++) {
      const a = tier[i - 1] as CompiledPolicy;
      const b = tier[i] as CompiledPolicy;
      if (a.ref.priority !== undefined && a.ref.priority === b.ref.priority)
        c.warn('samePriority', { first: policyLabel(a.ref), second: policyLabel(b.ref), priority: a.ref.priority });
    }
    const kinds = new Set(tier.map((p) => p.ref.kind));
    if (kinds.size > 1) c.warn('mixedAdminApis', { kinds: [...kinds].sort().join(', ') });
  }
  if (baseline.filter((p) => p.ref.kind === 'BaselineAdminNetworkPolicy').length > 1) c.warn('multipleBaselines', {});
  return {
    admin,
    networkPolicies,
    baseline,
    rules: c.rules,
    ingressRanges: c.ingressRanges,
    egressRanges: c.egressRanges,
    warnings: c.warnings,
  };
}
