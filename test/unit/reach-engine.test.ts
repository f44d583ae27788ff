/** The policy engine, case by case: NetworkPolicy v1, the admin tiers, the address split, named ports, warnings. */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/cluster/objects.ts';
import { readBuffers } from '../../src/cluster/read.ts';
import { explainConnection, findPeer, listConnections, type PolicyInput } from '../../src/policy/index.ts';
import { policyInputOf } from './reach-helpers.ts';

type Obj = Record<string, unknown>;

const ns = (name: string, labels: Record<string, string> = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

/** A bare Pod (peer `namespace/name[Pod]`) with labels and container ports. */
function pod(namespace: string, name: string, labels: Record<string, string> = {}, ports: Obj[] = []): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { pod: name, ...labels } },
    spec: { containers: [{ name: 'c', image: 'x', ports }] },
  };
}

const np = (namespace: string, name: string, spec: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

const anp = (name: string, priority: number, spec: Obj): Obj => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name },
  spec: { priority, ...spec },
});

const banp = (spec: Obj): Obj => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec,
});

const cnp = (name: string, tier: string, priority: number, spec: Obj): Obj => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name },
  spec: { tier, priority, ...spec },
});

async function objectsOf(list: Obj[]): Promise<KObject[]> {
  return (await readBuffers([{ file: 'test.json', bytes: Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list })) }]))
    .objects;
}

async function inputOf(list: Obj[]): Promise<PolicyInput> {
  return policyInputOf(await objectsOf(list));
}

/** The connlist lines, `src => dst : conns`, of the whole input. */
async function lines(list: Obj[]): Promise<string[]> {
  return listConnections(await inputOf(list)).map((c) => `${c.src} => ${c.dst} : ${c.conns}`);
}

/** What is allowed from one workload to another (both `ns/name` of bare Pods). */
async function between(list: Obj[], from: string, to: string): Promise<string> {
  const input = await inputOf(list);
  return explainConnection(input, findPeer(input, from, '--from'), findPeer(input, to, '--to')).connections;
}

const THREE = [ns('x'), ns('y', { team: 'blue' }), pod('x', 'a'), pod('x', 'b'), pod('y', 'c')];

describe('NetworkPolicy v1', () => {
  it('allows everything without policies, and lists no workload to itself', async () => {
    const out = await lines(THREE);
    expect(out).toContain('x/a[Pod] => x/b[Pod] : All Connections');
    expect(out).toContain('0.0.0.0-255.255.255.255[External] => y/c[Pod] : All Connections');
    expect(out).toContain('y/c[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
    expect(out.some((l) => l.startsWith('x/a[Pod] => x/a[Pod]'))).toBe(false);
    expect(out).toHaveLength(3 * 2 + 3 + 3);
  });

  it('no ingress rules deny all ingress; ingress: [{}] allows all', async () => {
    const deny = [...THREE, np('x', 'deny', { podSelector: { matchLabels: { pod: 'a' } } })];
    expect(await between(deny, 'x/b', 'x/a')).toBe('');
    expect(await between(deny, 'x/a', 'x/b')).toBe('All Connections');
    const allow = [...deny, np('x', 'allow', { podSelector: {}, ingress: [{}] })];
    expect(await between(allow, 'x/b', 'x/a')).toBe('All Connections');
  });

  it('policyTypes defaults to Ingress, plus Egress when the policy has egress rules', async () => {
    // Only ingress rules: egress of a stays open.
    const ingressOnly = [...THREE, np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [] })];
    expect(await between(ingressOnly, 'x/a', 'y/c')).toBe('All Connections');
    // Egress rules present, no policyTypes: egress is restricted to them.
    const withEgress = [
      ...THREE,
      np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }),
    ];
    expect(await between(withEgress, 'x/a', 'y/c')).toBe('UDP 53');
    expect(await between(withEgress, 'x/b', 'x/a')).toBe('');
    // policyTypes [Egress] alone: ingress untouched.
    const egressOnly = [...THREE, np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'] })];
    expect(await between(egressOnly, 'x/b', 'x/a')).toBe('All Connections');
    expect(await between(egressOnly, 'x/a', 'x/b')).toBe('');
  });

  it('namespaceSelector and podSelector in one peer need both; in two peers either', async () => {
    const pods = [
      ns('x'),
      ns('y', { team: 'blue' }),
      pod('x', 'a'),
      pod('x', 'b', { role: 'client' }),
      pod('y', 'c', { role: 'client' }),
      pod('y', 'd'),
    ];
    const both = np('x', 'p', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: { role: 'client' } } }] }],
    });
    expect(await between([...pods, both], 'y/c', 'x/a')).toBe('All Connections');
    expect(await between([...pods, both], 'y/d', 'x/a')).toBe('');
    expect(await between([...pods, both], 'x/b', 'x/a')).toBe('');
    const either = np('x', 'p', {
      podSelector: { matchLabels: { pod: 'a' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }],
    });
    expect(await between([...pods, either], 'y/d', 'x/a')).toBe('All Connections');
    expect(await between([...pods, either], 'x/b', 'x/a')).toBe('All Connections');
    expect(await between([...pods, either, pod('x', 'e')], 'x/e', 'x/a')).toBe('');
  });

  it('matchExpressions: In, NotIn (also without the key), Exists, DoesNotExist', async () => {
    const pods = [ns('x'), pod('x', 'a'), pod('x', 'b', { tier: 'web' }), pod('x', 'c', { tier: 'db' }), pod('x', 'd')];
    const rule = (expr: Obj) =>
      np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [expr] } }] }] });
    const who = async (expr: Obj) => {
      const input = await inputOf([...pods, rule(expr)]);
      return listConnections(input)
        .filter((c) => c.dst === 'x/a[Pod]' && !c.src.includes('External'))
        .map((c) => c.src)
        .sort();
    };
    expect(await who({ key: 'tier', operator: 'In', values: ['web'] })).toEqual(['x/b[Pod]']);
    expect(await who({ key: 'tier', operator: 'NotIn', values: ['web'] })).toEqual(['x/c[Pod]', 'x/d[Pod]']);
    expect(await who({ key: 'tier', operator: 'Exists' })).toEqual(['x/b[Pod]', 'x/c[Pod]']);
    expect(await who({ key: 'tier', operator: 'DoesNotExist' })).toEqual(['x/d[Pod]']);
  });

  it('ipBlock with except is external addresses only, split at every boundary', async () => {
    const list = [
      ns('x'),
      pod('x', 'a'),
      pod('x', 'b'),
      np('x', 'p', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      }),
    ];
    const out = (await lines(list)).filter((l) => l.endsWith('x/a[Pod] : All Connections'));
    expect(out).toEqual([
      '10.0.0.0-10.0.255.255[External] => x/a[Pod] : All Connections',
      '10.2.0.0-10.255.255.255[External] => x/a[Pod] : All Connections',
    ]);
    // The Pod x/b is not an address of the block: ipBlock never selects Pods.
    expect(await between(list, 'x/b', 'x/a')).toBe('');
  });

  it('ports: numbers, endPort ranges, protocol-only entries, SCTP', async () => {
    const p = (ports: Obj[]) => [...THREE, np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports }] })];
    expect(await between(p([{ port: 80 }, { port: 8000, endPort: 8100 }]), 'x/b', 'x/a')).toBe('TCP 80,8000-8100');
    expect(await between(p([{ protocol: 'UDP' }]), 'x/b', 'x/a')).toBe('UDP 1-65535');
    expect(
      await between(
        p([
          { protocol: 'SCTP', port: 9000 },
          { protocol: 'TCP', port: 9000 },
        ]),
        'x/b',
        'x/a',
      ),
    ).toBe('SCTP 9000,TCP 9000');
  });

  it('named ports resolve on the destination Pod, protocol included', async () => {
    const list = [
      ns('x'),
      pod('x', 'a', {}, [
        { name: 'web', containerPort: 8080 },
        { name: 'dns', containerPort: 5353, protocol: 'UDP' },
      ]),
      pod('x', 'b', {}, [{ name: 'web', containerPort: 9090 }]),
      pod('x', 'c'),
      np('x', 'in', { podSelector: {}, ingress: [{ ports: [{ port: 'web' }, { port: 'dns' }] }] }),
    ];
    // On a: web is TCP 8080; dns is UDP, so the TCP named port "dns" matches nothing there.
    expect(await between(list, 'x/c', 'x/a')).toBe('TCP 8080');
    expect(await between(list, 'x/c', 'x/b')).toBe('TCP 9090');
    const udp = [...list.slice(0, 4), np('x', 'in', { podSelector: {}, ingress: [{ ports: [{ port: 'dns', protocol: 'UDP' }] }] })];
    expect(await between(udp, 'x/c', 'x/a')).toBe('UDP 5353');
    // Egress named ports resolve on each destination too.
    const egress = [
      ...list.slice(0, 4),
      np('x', 'out', { podSelector: { matchLabels: { pod: 'c' } }, egress: [{ ports: [{ port: 'web' }] }] }),
    ];
    expect(await between(egress, 'x/c', 'x/a')).toBe('TCP 8080');
    expect(await between(egress, 'x/c', 'x/b')).toBe('TCP 9090');
  });

  it('policies are additive: the union of every selecting policy', async () => {
    const list = [
      ...THREE,
      np('x', 'one', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 80 }] }] }),
      np('x', 'two', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 443 }] }] }),
    ];
    expect(await between(list, 'x/b', 'x/a')).toBe('TCP 80,443');
    expect(await between(list, 'y/c', 'x/a')).toBe('TCP 80');
  });
});

describe('admin tiers', () => {
  const base = [ns('x', { env: 'prod' }), ns('y', { env: 'dev' }), pod('x', 'a'), pod('y', 'c')];

  it('an AdminNetworkPolicy Deny wins over a NetworkPolicy allow; Allow wins over a NetworkPolicy deny', async () => {
    const deny = anp('deny', 10, {
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [{ name: 'no-dev', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }],
    });
    expect(await between([...base, deny, np('x', 'all', { podSelector: {}, ingress: [{}] })], 'y/c', 'x/a')).toBe('');
    const allow = anp('allow', 10, {
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [{ name: 'dev-80', action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }],
    });
    expect(await between([...base, allow, np('x', 'deny', { podSelector: {} })], 'y/c', 'x/a')).toBe('TCP 80');
  });

  it('lower priority numbers first, rules in order; Pass hands over to NetworkPolicy, then the baseline', async () => {
    const first = anp('first', 1, {
      subject: { namespaces: {} },
      ingress: [{ name: 'pass-80', action: 'Pass', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }],
    });
    const second = anp('second', 2, {
      subject: { namespaces: {} },
      ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }],
    });
    // Port 80 passed (skips "second"); nothing selects x/a, so the baseline decides it: allowed.
    expect(await between([...base, second, first], 'y/c', 'x/a')).toBe('TCP 80');
    // A NetworkPolicy selecting x/a decides what was passed: here it denies everything.
    expect(await between([...base, second, first, np('x', 'deny', { podSelector: {} })], 'y/c', 'x/a')).toBe('');
    // A baseline deny applies to what was passed where no NetworkPolicy selects the Pod.
    const baseline = banp({ subject: { namespaces: {} }, ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: {} }] }] });
    expect(await between([...base, second, first, baseline], 'y/c', 'x/a')).toBe('');
  });

  it('explains which tier, policy and rule decided which part', async () => {
    const input = await inputOf([
      ...base,
      anp('gate', 5, {
        subject: { namespaces: { matchLabels: { env: 'prod' } } },
        ingress: [
          { name: 'allow-web', action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] },
          { name: 'pass-rest', action: 'Pass', from: [{ namespaces: {} }] },
        ],
      }),
      np('x', 'only-80', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
    ]);
    const v = explainConnection(input, { workload: 'y/Pod/c' }, { workload: 'x/Pod/a' });
    expect(v.connections).toBe('TCP 80,443');
    expect(
      v.ingress.decisions.map(
        (d) => `${d.layer} ${d.action} ${d.policy?.name ?? ''} ${d.rule?.name ?? d.rule?.index ?? ''} ${d.connections}`,
      ),
    ).toEqual([
      'admin allow gate allow-web TCP 443',
      'admin pass gate pass-rest SCTP 1-65535,TCP 1-442,444-65535,UDP 1-65535',
      'network-policy allow only-80 0 TCP 80',
      'network-policy none only-80 0 SCTP 1-65535,TCP 1-79,81-442,444-65535,UDP 1-65535',
    ]);
    const port = explainConnection(input, { workload: 'y/Pod/c' }, { workload: 'x/Pod/a' }, { port: 22, protocol: 'TCP' });
    expect(port.allowed).toBe(false);
    expect(port.ingress.decisions.map((d) => d.layer)).toEqual(['admin', 'network-policy']);
    expect(port.egress.decisions).toEqual([{ layer: 'default', action: 'allow', connections: 'All Connections' }]);
  });

  it('ClusterNetworkPolicy v1alpha2: Accept, Deny and Pass per tier; protocols with ports and ranges', async () => {
    const admin = cnp('admin', 'Admin', 10, {
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [
        { name: 'accept-https', action: 'Accept', from: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] },
        {
          name: 'pass-range',
          action: 'Pass',
          from: [{ namespaces: {} }],
          protocols: [{ udp: { destinationPort: { range: { start: 5000, end: 6000 } } } }],
        },
        { name: 'deny-rest', action: 'Deny', from: [{ namespaces: {} }] },
      ],
    });
    expect(await between([...base, admin], 'y/c', 'x/a')).toBe('TCP 443,UDP 5000-6000');
    // The baseline tier denies what was passed; a Baseline Pass goes on to the default (allow).
    const baselineDeny = cnp('base', 'Baseline', 1, {
      subject: { namespaces: {} },
      ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: {} }] }],
    });
    expect(await between([...base, admin, baselineDeny], 'y/c', 'x/a')).toBe('TCP 443');
    const baselinePass = cnp('pass', 'Baseline', 0, {
      subject: { namespaces: {} },
      ingress: [{ name: 'pass', action: 'Pass', from: [{ namespaces: {} }] }],
    });
    expect(await between([...base, admin, baselineDeny, baselinePass], 'y/c', 'x/a')).toBe('TCP 443,UDP 5000-6000');
  });

  it('admin networks peers match external ranges of egress', async () => {
    const list = [
      ...base,
      anp('egress', 1, {
        subject: { namespaces: {} },
        egress: [
          { name: 'deny-meta', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] },
          { name: 'allow-v6', action: 'Allow', to: [{ networks: ['fd00::/8'] }] },
        ],
      }),
      np('x', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
    ];
    const out = (await lines(list)).filter((l) => l.startsWith('x/a[Pod] =>'));
    expect(out).toContain('x/a[Pod] => 169.254.169.255-255.255.255.255[External] : All Connections');
    expect(out.some((l) => l.includes('169.254.169.254-169.254.169.254'))).toBe(false);
    // IPv6 is listed once a policy names an IPv6 range: the ANP allows fd00::/8, the NetworkPolicy allows no IPv6.
    expect(out).toContain('x/a[Pod] => fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections');
    expect(out.some((l) => l.includes('fe00::'))).toBe(false);
  });
});

describe('what is not evaluated is said, never guessed', () => {
  it('warns on nodes and domainNames peers, unknown API versions and CNI-specific policy kinds', async () => {
    const input = await inputOf([
      ...THREE,
      anp('n', 1, {
        subject: { namespaces: {} },
        egress: [
          { name: 'to-nodes', action: 'Allow', to: [{ nodes: {} }] },
          { name: 'to-dns-names', action: 'Allow', to: [{ domainNames: ['example.com'] }] },
        ],
      }),
      { ...anp('later', 2, { subject: { namespaces: {} } }), apiVersion: 'policy.networking.k8s.io/v1beta1' },
      { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'c', namespace: 'x' }, spec: {} },
    ]);
    expect(input.warnings.map((w) => w.code).sort()).toEqual(['domainNamesPeer', 'nodesPeer', 'otherPolicyApi', 'unknownApiVersion']);
    expect(input.warnings.find((w) => w.code === 'unknownApiVersion')?.values).toMatchObject({
      apiVersion: 'policy.networking.k8s.io/v1beta1',
    });
    expect(input.compiled.admin.map((p) => p.ref.name)).toEqual(['n']);
  });

  it('an invalid selector selects nothing, with a warning', async () => {
    const input = await inputOf([
      ...THREE,
      np('x', 'bad', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Near', values: ['b'] }] }, ingress: [] }),
    ]);
    expect(input.warnings.map((w) => w.code)).toEqual(['invalidSelector']);
    expect(explainConnection(input, { workload: 'x/Pod/b' }, { workload: 'x/Pod/a' }).connections).toBe('All Connections');
  });
});

describe('peers and names', () => {
  it('groups Pods by owner as netpol-analyzer names them, and alike workloads share one class', async () => {
    const owned = (name: string, owner: string) => ({
      ...pod('x', name, { app: 'web' }),
      metadata: { name, namespace: 'x', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: owner, controller: true }] },
    });
    const input = await inputOf([ns('x'), owned('web-1', 'web-7d9'), owned('web-2', 'web-7d9'), pod('x', 'lone')]);
    expect(input.workloads.map((w) => w.name)).toEqual(['x/lone[Pod]', 'x/web-7d9[ReplicaSet]']);
    const twins = await inputOf([
      ns('x'),
      { ...pod('x', 'a'), metadata: { name: 'a', namespace: 'x', labels: { app: 'same' } } },
      { ...pod('x', 'b'), metadata: { name: 'b', namespace: 'x', labels: { app: 'same' } } },
    ]);
    expect(twins.classes).toBe(1);
    expect(
      listConnections(twins)
        .filter((c) => !c.src.includes('External') && !c.dst.includes('External'))
        .map((c) => `${c.src} => ${c.dst}`),
    ).toEqual(['x/a[Pod] => x/b[Pod]', 'x/b[Pod] => x/a[Pod]']);
  });

  it('finds workloads by connlist name, key, namespace/name or unique name, with a suggestion on a typo', async () => {
    const input = await inputOf(THREE);
    expect(findPeer(input, 'x/a[Pod]', '--from')).toEqual({ workload: 'x/Pod/a' });
    expect(findPeer(input, 'x/Pod/a', '--from')).toEqual({ workload: 'x/Pod/a' });
    expect(findPeer(input, 'y/c', '--from')).toEqual({ workload: 'y/Pod/c' });
    expect(findPeer(input, 'c', '--from')).toEqual({ workload: 'y/Pod/c' });
    expect(findPeer(input, '10.0.0.1', '--from')).toEqual({ ip: '10.0.0.1' });
    expect(findPeer(input, '{ingress-controller}', '--from')).toEqual({ ingressController: true });
    expect(() => findPeer(input, 'x/aa', '--to')).toThrow('--to: no workload "x/aa" in the input; did you mean "x/a"?');
  });

  it('an Ingress exposes its Service target ports (named ones resolved) to {ingress-controller}', async () => {
    const list = [
      ns('x'),
      pod('x', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'x' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'x' },
        spec: {
          rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
        },
      },
    ];
    expect(await lines(list)).toContain('{ingress-controller} => x/web[Pod] : TCP 8080');
    // A policy that admits only one namespace does not admit the ingress controller.
    const closed = [
      ...list,
      np('x', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] }),
    ];
    expect((await lines(closed)).some((l) => l.startsWith('{ingress-controller}'))).toBe(false);
  });
});
