/**
 * Issue 9, "done when": generated manifests with hostile strings in every string field (names,
 * namespaces, kinds, images, label and annotation keys and values, selectors, ConfigMap keys and
 * data, hosts, paths, ports by name, CIDRs …) go through `inspect` in every format, in-process.
 * Each run must exit 0, 1 or 2 with no control character in its output or messages; Mermaid must
 * parse, Markdown must pass markdownlint, JSON must parse, and the output must stay in proportion
 * to the input. 60 runs by default (about 20 s); FUZZ_RUNS=600 for a longer search.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { HOSTILE_STRINGS, markdownlintErrors, UNSAFE_CHAR } from '../helpers/hostile.ts';
import { runInProcess } from '../helpers/in-process.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Hostile text: the fixed list, and strings built from control characters, syntax and ordinary text. */
const hostile = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        '\u001b',
        '\u0007',
        '\u009b',
        '\u202e',
        '\u2066',
        '\r',
        '\n',
        '\t',
        '\u0000',
        '$$',
        '$',
        '|',
        '#',
        '*',
        '_',
        '`',
        '<',
        '>',
        '&',
        '[',
        ']',
        '"',
        '%%',
        ';',
        ':',
        '/',
        '-',
        '.',
        ' ',
        'https://x.example',
        'www.',
        '@',
        'a',
        'Z',
        '9',
        '中',
        '🚀',
        'constructor',
        '__proto__',
        'kube-proxy',
        'nginx',
        '10.244.1.0/24',
      ),
      maxLength: 12,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const labels = fc.dictionary(hostile, hostile, { maxKeys: 3 });
const meta = fc.record(
  { name: hostile, namespace: maybe(hostile), labels: maybe(labels), annotations: maybe(labels) },
  { requiredKeys: ['name'] },
);
const container = fc.record({
  name: hostile,
  image: fc.oneof(
    hostile,
    fc.constantFrom('registry.k8s.io/kube-proxy:v1.31.0', 'docker.io/flannel/flannel:v0.26.1', 'quay.io/cilium/cilium:v1.16.0'),
  ),
  args: maybe(fc.array(hostile, { maxLength: 3 })),
  ports: maybe(fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), name: maybe(hostile) }), { maxLength: 2 })),
});
const podSpec = fc.record({ containers: fc.array(container, { minLength: 1, maxLength: 2 }), nodeName: maybe(hostile) });

/** One object of a kind inspect reads, every string in it hostile; sometimes a hostile kind. */
const object = fc.oneof(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Service'),
    metadata: meta,
    spec: fc.record({
      type: fc.oneof(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'), hostile),
      clusterIP: maybe(hostile),
      selector: maybe(labels),
      ports: fc.array(
        fc.record({ port: fc.integer({ min: 1, max: 65535 }), name: maybe(hostile), targetPort: maybe(fc.oneof(hostile, fc.nat(65535))) }),
        { maxLength: 3 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constantFrom('Deployment', 'DaemonSet', 'StatefulSet'),
    metadata: meta,
    spec: fc.record({
      replicas: maybe(fc.nat(10)),
      template: fc.record({ metadata: fc.record({ labels: maybe(labels), annotations: maybe(labels) }), spec: podSpec }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Pod'),
    metadata: meta,
    spec: podSpec,
    status: fc.record({ podIP: maybe(hostile), phase: maybe(hostile) }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.k8s.io/v1'),
    kind: fc.constant('Ingress'),
    metadata: meta,
    spec: fc.record({
      ingressClassName: maybe(hostile),
      rules: fc.array(
        fc.record({
          host: maybe(hostile),
          http: fc.record({
            paths: fc.array(
              fc.record({
                path: hostile,
                backend: fc.record({
                  service: fc.record({ name: hostile, port: fc.record({ number: fc.integer({ min: 1, max: 65535 }) }) }),
                }),
              }),
              { maxLength: 2 },
            ),
          }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('gateway.networking.k8s.io/v1'),
    kind: fc.constant('Gateway'),
    metadata: meta,
    spec: fc.record({
      gatewayClassName: hostile,
      listeners: fc.array(
        fc.record({ name: hostile, protocol: hostile, port: fc.integer({ min: 1, max: 65535 }), hostname: maybe(hostile) }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('gateway.networking.k8s.io/v1'),
    kind: fc.constant('HTTPRoute'),
    metadata: meta,
    spec: fc.record({
      parentRefs: fc.array(fc.record({ name: hostile, namespace: maybe(hostile) }), { maxLength: 2 }),
      hostnames: fc.array(hostile, { maxLength: 2 }),
      rules: fc.array(
        fc.record({
          matches: fc.array(fc.record({ path: fc.record({ value: hostile }) }), { maxLength: 2 }),
          backendRefs: fc.array(fc.record({ name: hostile, port: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.k8s.io/v1'),
    kind: fc.constant('NetworkPolicy'),
    metadata: meta,
    spec: fc.record({ podSelector: fc.record({ matchLabels: labels }), policyTypes: fc.array(hostile, { maxLength: 2 }) }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('ConfigMap'),
    metadata: meta,
    data: fc.dictionary(fc.oneof(hostile, fc.constantFrom('config.conf', 'net-conf.json', 'Corefile')), hostile, { maxKeys: 3 }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Node'),
    metadata: meta,
    spec: fc.record({ podCIDR: maybe(hostile), podCIDRs: maybe(fc.array(hostile, { maxLength: 2 })) }),
  }),
  fc.record({
    apiVersion: fc.constant('discovery.k8s.io/v1'),
    kind: fc.constant('EndpointSlice'),
    metadata: fc.record({ name: hostile, namespace: maybe(hostile), labels: fc.record({ 'kubernetes.io/service-name': hostile }) }),
    addressType: fc.constant('IPv4'),
    endpoints: fc.array(fc.record({ addresses: fc.array(hostile, { maxLength: 2 }), nodeName: maybe(hostile) }), { maxLength: 2 }),
  }),
  fc.record({ apiVersion: hostile, kind: hostile, metadata: meta }),
);

/** Drop the keys fast-check left undefined (JSON would drop them; YAML would write null). */
const defined = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const FORMATS = ['table', 'markdown', 'mermaid', 'json'] as const;

describe('inspect on generated hostile manifests (property)', () => {
  it('exits 0, 1 or 2, prints no control character, and every format stays valid and in proportion', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(object, { minLength: 1, maxLength: 8 }), fc.boolean(), async (objects, asYaml) => {
        const file = join(tmp, `m${run++}.${asYaml ? 'yaml' : 'json'}`);
        const clean = defined(objects) as unknown[];
        const text = asYaml ? clean.map((o) => stringify(o)).join('---\n') : JSON.stringify(clean);
        writeFileSync(file, text);
        for (const format of FORMATS) {
          const result = await runInProcess(['inspect', file, '--format', format], { cwd: tmp });
          const where = `--format ${format} on ${text.slice(0, 300)}`;
          expect([0, 1, 2], `${where}\n${result.stderr}`).toContain(result.code);
          expect(result.stdout, where).not.toMatch(UNSAFE_CHAR);
          expect(result.stderr, where).not.toMatch(UNSAFE_CHAR);
          // In proportion: the output is never more than a small multiple of the input.
          expect(result.stdout.length, where).toBeLessThan(40 * text.length + 20_000);
          if (result.code === 2) continue;
          if (format === 'mermaid') await parseMermaid(result.stdout);
          if (format === 'markdown') expect(markdownlintErrors(result.stdout), where).toEqual([]);
          if (format === 'json') expect(JSON.parse(result.stdout).view).toBe('inspect');
        }
        expect(process.memoryUsage().rss).toBeLessThan(1.5 * 1024 ** 3);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  }, 180_000);
});
