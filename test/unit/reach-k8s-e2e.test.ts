/**
 * Cases of the Kubernetes e2e network policy tests (kubernetes/kubernetes,
 * test/e2e/network/netpol/network_policy.go), written as fixtures under
 * test/fixtures/reach/k8s-e2e/: the Pods, the policies in effect at each step, and a pod-level
 * truth table per probed port (rows: from; columns: to; `.` allowed, `X` denied, `-` itself).
 *
 * The e2e framework's Pods: namespaces x, y, z; Pod `a` carries the label pod=a; every Pod has one
 * container port per probed port and protocol, named serve-<port>-<protocol> (serve-80-tcp).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Protocol } from '../../src/cluster/model.ts';
import { explainConnection } from '../../src/policy/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { objectsFromYaml, policyInputOf } from './reach-helpers.ts';

const DIR = join(ROOT, 'test', 'fixtures', 'reach', 'k8s-e2e');

interface Probe {
  port: number;
  protocol?: Protocol;
  reachability: string;
}

interface Step {
  policies: Record<string, unknown>[];
  namespaceLabels?: Record<string, Record<string, string>>;
  podLabels?: Record<string, Record<string, string>>;
  probes: Probe[];
}

interface Case {
  test: string;
  pods: string[];
  ports: number[];
  protocols: Protocol[];
  steps: Step[];
}

/** The manifests of one step: Namespaces, Pods with their container ports, and the policies. */
function manifests(c: Case, step: Step): string {
  const namespaces = [...new Set(c.pods.map((p) => p.split('/')[0] as string))];
  const docs: unknown[] = namespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns, labels: { ...(step.namespaceLabels?.[ns] ?? {}) } },
  }));
  for (const p of c.pods) {
    const [ns, name] = p.split('/') as [string, string];
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels: { pod: name, ...(step.podLabels?.[p] ?? {}) } },
      spec: {
        containers: c.protocols.flatMap((protocol) =>
          c.ports.map((port) => ({
            name: `cont-${port}-${protocol.toLowerCase()}`,
            image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
            ports: [{ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol }],
          })),
        ),
      },
    });
  }
  docs.push(...step.policies);
  return docs.map((d) => stringify(d)).join('---\n');
}

/** The truth table as `from => to` → allowed. */
function truth(table: string, pods: readonly string[]): Map<string, boolean> {
  const [head, ...rows] = table
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const columns = (head ?? []).slice(1);
  expect([...columns].sort()).toEqual([...pods].sort());
  const out = new Map<string, boolean>();
  for (const row of rows) {
    const [from, ...cells] = row as [string, ...string[]];
    expect(pods).toContain(from);
    cells.forEach((cell, i) => {
      const to = columns[i] as string;
      if (from === to) expect(cell).toBe('-');
      else {
        expect(['.', 'X']).toContain(cell);
        out.set(`${from} => ${to}`, cell === '.');
      }
    });
  }
  expect(out.size).toBe(pods.length * (pods.length - 1));
  return out;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('the Kubernetes e2e network policy cases', () => {
  it('has at least 20 of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s', async (file) => {
    const c = parse(readFileSync(join(DIR, file), 'utf8')) as Case;
    expect(c.test).toMatch(/^should /);
    for (const [n, step] of c.steps.entries()) {
      const input = policyInputOf(await objectsFromYaml(manifests(c, step)));
      for (const probe of step.probes) {
        const expected = truth(probe.reachability, c.pods);
        const actual = new Map<string, boolean>();
        for (const key of expected.keys()) {
          const [from, to] = key.split(' => ') as [string, string];
          const port = { port: probe.port, protocol: probe.protocol ?? 'TCP' };
          const verdict = explainConnection(
            input,
            { workload: `${from.replace('/', '/Pod/')}` },
            { workload: to.replace('/', '/Pod/') },
            port,
          );
          actual.set(key, verdict.allowed);
        }
        expect(Object.fromEntries(actual), `step ${n + 1}, ${probe.port}/${probe.protocol ?? 'TCP'}`).toEqual(Object.fromEntries(expected));
      }
    }
  });
});
