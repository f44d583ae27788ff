/**
 * Properties of the policy engine over random clusters and policies (fast-check):
 * with no policies everything connects; a connection is allowed only when both directions allow
 * it; adding an ingress rule to a policy never removes a connection; --focus W is the full list
 * filtered to W.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KObject, toKObject } from '../../src/cluster/objects.ts';
import { listConnections } from '../../src/policy/index.ts';
import { intersect, within } from '../../src/policy/ports.ts';
import { canonicalize } from '../helpers/connlist.ts';
import { policyInputOf } from './reach-helpers.ts';

type Obj = Record<string, unknown>;

const NAMESPACES = ['a', 'b', 'c'];
const label = fc.record({ app: fc.constantFrom('web', 'api', 'db'), tier: fc.constantFrom('front', 'back') }, { requiredKeys: [] });
const portName = fc.constantFrom('http', 'dns', 'sql');
const containerPort = fc.record({
  name: portName,
  containerPort: fc.constantFrom(53, 80, 5432, 8080),
  protocol: fc.constantFrom('TCP', 'UDP'),
});

const workload = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels: label,
  ports: fc.uniqueArray(containerPort, { maxLength: 2, selector: (p) => p.name }),
});

const selector = fc.oneof(
  fc.constant({}),
  label.map((l) => ({ matchLabels: l })),
  fc.record({
    matchExpressions: fc.array(
      fc.record({ key: fc.constantFrom('app', 'tier'), operator: fc.constantFrom('In', 'NotIn'), values: fc.constant(['web', 'front']) }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  fc.record({ matchExpressions: fc.constant([{ key: 'tier', operator: 'Exists' }]) }),
);

const nsSelector = fc.oneof(fc.constant({}), fc.record({ matchLabels: fc.record({ team: fc.constantFrom('red', 'blue') }) }));

const peer = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: nsSelector }),
  fc.record({ podSelector: selector, namespaceSelector: nsSelector }),
  fc.record({
    ipBlock: fc.record({
      cidr: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '192.168.0.0/16'),
      except: fc.constantFrom([], ['10.1.0.0/16']),
    }),
  }),
);

const npPort = fc.oneof(
  fc.record({ port: fc.constantFrom(53, 80, 5432), protocol: fc.constantFrom('TCP', 'UDP') }),
  fc.record({ port: fc.constant(8000), endPort: fc.constant(8100) }),
  fc.record({ port: portName }),
  fc.record({ protocol: fc.constantFrom('UDP', 'SCTP') }),
);

const rule = fc.record({ from: fc.array(peer, { maxLength: 2 }), ports: fc.array(npPort, { maxLength: 2 }) }, { requiredKeys: [] });
const egressRule = rule.map((r) => ({ ...(r.from ? { to: r.from } : {}), ...(r.ports ? { ports: r.ports } : {}) }));

const networkPolicy = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  podSelector: selector,
  policyTypes: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  ingress: fc.array(rule, { maxLength: 2 }),
  egress: fc.array(egressRule, { maxLength: 2 }),
});

const adminPolicy = fc.record({
  priority: fc.integer({ min: 0, max: 1000 }),
  subject: fc.oneof(
    fc.record({ namespaces: nsSelector }),
    fc.record({ pods: fc.record({ namespaceSelector: nsSelector, podSelector: selector }) }),
  ),
  action: fc.constantFrom('Allow', 'Deny', 'Pass'),
  peer: fc.oneof(
    fc.record({ namespaces: nsSelector }),
    fc.record({ pods: fc.record({ namespaceSelector: nsSelector, podSelector: selector }) }),
  ),
  port: fc.constantFrom(undefined, { portNumber: { protocol: 'TCP', port: 80 } }, { namedPort: 'http' }),
});

interface World {
  workloads: { namespace: string; labels: Obj; ports: Obj[] }[];
  policies: ReturnType<typeof networkPolicyObject>[];
  admin: Obj[];
}

function networkPolicyObject(p: Obj, i: number): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `np-${i}`, namespace: p.namespace },
    spec: {
      podSelector: p.podSelector,
      ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
      ingress: p.ingress,
      ...((p.egress as unknown[]).length > 0 ? { egress: p.egress } : {}),
    },
  };
}

function adminObject(a: Obj, i: number): Obj {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: `anp-${i}` },
    spec: {
      priority: (a.priority as number) * 1 + i,
      subject: a.subject,
      ingress: [{ name: `r${i}`, action: a.action, from: [a.peer], ...(a.port ? { ports: [a.port] } : {}) }],
    },
  };
}

const world: fc.Arbitrary<World> = fc.record({
  workloads: fc.array(workload, { minLength: 1, maxLength: 6 }),
  policies: fc.array(networkPolicy, { maxLength: 4 }).map((list) => list.map(networkPolicyObject)),
  admin: fc.array(adminPolicy, { maxLength: 2 }).map((list) => list.map(adminObject)),
});

function objects(w: World): KObject[] {
  const raw: Obj[] = NAMESPACES.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { team: i % 2 === 0 ? 'red' : 'blue' } },
  }));
  for (const [i, x] of w.workloads.entries())
    raw.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `w${i}`, namespace: x.namespace, labels: x.labels },
      spec: { containers: [{ name: 'c', ports: x.ports }] },
    });
  raw.push(...w.policies, ...w.admin);
  return raw.map((r, i) => toKObject(r, { file: 'generated', doc: i + 1 }) as KObject);
}

const key = (c: { src: string; dst: string }) => `${c.src} => ${c.dst}`;

describe('reach properties', () => {
  it('with no policies, every ordered pair of distinct workloads connects, and every address reaches each', () => {
    fc.assert(
      fc.property(fc.array(workload, { minLength: 1, maxLength: 8 }), (workloads) => {
        const input = policyInputOf(objects({ workloads, policies: [], admin: [] }));
        const list = listConnections(input);
        const n = input.workloads.length;
        expect(list).toHaveLength(n * (n - 1) + 2 * n);
        for (const c of list) expect(c.conns.isAll).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a connection is allowed only when the source egress and the destination ingress both allow it', () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = policyInputOf(objects(w));
        const listed = new Map(listConnections(input).map((c) => [key(c), c.conns]));
        for (const s of input.workloads) {
          for (const d of input.workloads) {
            if (s === d) continue;
            const egress = input.evaluator.explain('egress', s.endpoint, d.endpoint).allowed;
            const ingress = input.evaluator.explain('ingress', d.endpoint, s.endpoint).allowed;
            const both = intersect(egress, ingress);
            const got = listed.get(`${s.name} => ${d.name}`);
            if (both.isEmpty) expect(got).toBeUndefined();
            else expect(got).toBe(both);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adding an ingress rule to an existing NetworkPolicy never removes a connection', () => {
    fc.assert(
      fc.property(
        world.filter((w) => w.policies.length > 0),
        fc.nat(),
        rule,
        (w, pick, extra) => {
          const text = (list: ReturnType<typeof listConnections>) => list.map((c) => `${key(c)} : ${c.conns}`).join('\n');
          const beforeText = text(listConnections(policyInputOf(objects(w))));
          const index = pick % w.policies.length;
          const policies = w.policies.map((p, i) => {
            if (i !== index) return p;
            const spec = p.spec as Obj;
            return { ...p, spec: { ...spec, ingress: [...(spec.ingress as unknown[]), extra] } };
          });
          // The new rule may split the address space anew: compare with ranges expanded.
          const [before = new Map(), after = new Map()] = canonicalize([
            beforeText,
            text(listConnections(policyInputOf(objects({ ...w, policies })))),
          ]);
          for (const [pair, conns] of before) {
            const now = after.get(pair);
            expect(now, pair).toBeDefined();
            if (now) expect(within(conns, now), pair).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('--focus W is the full list filtered to the pairs with W at one end', () => {
    fc.assert(
      fc.property(world, fc.nat(), (w, pick) => {
        const input = policyInputOf(objects(w));
        const focus = input.workloads[pick % input.workloads.length]?.name as string;
        const full = listConnections(input)
          .filter((c) => c.src === focus || c.dst === focus)
          .map((c) => `${key(c)} : ${c.conns}`);
        expect(listConnections(input, { focus }).map((c) => `${key(c)} : ${c.conns}`)).toEqual(full);
      }),
      { numRuns: 100 },
    );
  });
});
