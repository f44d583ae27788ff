/**
 * `k8snet inspect` end to end: the built CLI on fixture files, stdin and a stand-in kubectl that
 * records its arguments and replays recorded `kubectl get -o json` output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KUBECTL_VERBS } from '../../src/io/kubectl.ts';
import { ROOT, runCli } from '../helpers/cli.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'inspect');
const KUBECTL_BIN = join(FIXTURES, 'kubectl', 'bin');
const REPLAY = join(FIXTURES, 'kubectl', 'replay');
const inFixtures = { cwd: FIXTURES };
const tmp = mkdtempSync(join(tmpdir(), 'k8snet-inspect-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('k8snet inspect (files)', () => {
  it('prints findings by OSI layer with evidence, as Markdown', () => {
    const result = runCli(['inspect', 'kube-router-proxy.yaml', '--format', 'markdown'], inFixtures);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `# Cluster network from kube-router-proxy.yaml · objects read: 1

## Findings by OSI layer

| Concern · OSI | Finding | Details | Evidence |
| --- | --- | --- | --- |
| Service proxy *L3 L4* | **kube-router** \`kube-router\` *· replaces kube-proxy · high confidence* | replaces kube-proxy: --run-service-proxy=true | DaemonSet kube-system/kube-router · containers\\[0\\].args\\[2\\] = --run-service-proxy=true |
| CNI *L3 L4* | **kube-router** \`kube-router\` *· in use · high confidence* | data plane: unknown (no evidence in the input); setting: --run-router=true; version: v2.2.0 | DaemonSet kube-system/kube-router · containers\\[0\\].image = docker.io/cloudnativelabs/kube-router:v2.2.0; DaemonSet kube-system/kube-router · containers\\[0\\].args\\[0\\] = --run-router=true |
| Policy enforcement *L3 L4* | **kube-router** \`kube-router\` *· in use · high confidence* | setting: --run-firewall=true; version: v2.2.0; NetworkPolicy: enforced: kube-router's network policy controller, as iptables and ipset rules (--run-firewall, on by default) (by its setting); AdminNetworkPolicy / BaselineAdminNetworkPolicy: unknown (no primary source states it); ClusterNetworkPolicy: unknown (no primary source states it) | DaemonSet kube-system/kube-router · containers\\[0\\].image = docker.io/cloudnativelabs/kube-router:v2.2.0; DaemonSet kube-system/kube-router · containers\\[0\\].args\\[1\\] = --run-firewall=true |

## Topology

| Namespace | Services | Workloads | Ingress / routes | NetworkPolicies |
| --- | --- | --- | --- | --- |
| kube-system | | DaemonSet kube-router | | |

> Run "k8snet explain \\<id\\>" for any id in the Finding column.
`,
    });
  });

  it('prints the view model as JSON and never a Secret value', () => {
    const result = runCli(['inspect', 'kube-proxy-ipvs.yaml', '--format', 'json'], inFixtures);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const view = JSON.parse(result.stdout);
    expect(view.view).toBe('inspect');
    expect(view.findings.map((f: { id: string }) => f.id)).toEqual(['kube-proxy', 'coredns']);
    expect(result.stdout).not.toMatch(/c3VwZXItc2VjcmV0LXRva2Vu|super-secret|do-not-echo/);
  });

  it('reads stdin with -, and speaks Chinese', () => {
    const input = readFileSync(join(FIXTURES, 'nodelocal-dns.yaml'), 'utf8');
    const result = runCli(['inspect', '-', '--lang', 'zh'], { input });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('集群网络：标准输入 · 已读取对象 4 个');
    expect(result.stdout).toContain('按 OSI 层列出的发现');
  });

  it('draws a topology that Mermaid parses', async () => {
    const result = runCli(['inspect', 'shop-app.yaml', 'kube-proxy-ipvs.yaml', '--format', 'mermaid'], inFixtures);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    await expect(parseMermaid(result.stdout)).resolves.toBe('flowchart-v2');
  });

  it('writes the diagram to a .mmd file', () => {
    const out = join(tmp, 'topology.mmd');
    const result = runCli(['inspect', 'shop-app.yaml', 'kube-proxy-ipvs.yaml', '-o', out, '--max-nodes', '5'], inFixtures);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    // Read as shown: the summary breaks long labels into lines.
    expect(readFileSync(out, 'utf8').replace(/<br\/>/g, ' ')).toContain(
      'Folded to stay readable (--max-nodes 5): one box per namespace and kind',
    );
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('renders the topology to SVG with -o topology.svg', () => {
    const out = join(tmp, 'topology.svg');
    const result = runCli(['inspect', 'shop-app.yaml', '-o', out], inFixtures);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).toContain('Service api');
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('renders the topology of the generated 20,000-object cluster', async () => {
    const bench = '../../bench/cases/inspect.mjs'; // plain JS: imported by a path in a variable, untyped
    const { generateCluster } = (await import(bench)) as { generateCluster: () => unknown };
    const input = join(tmp, 'cluster-20k.json');
    writeFileSync(input, JSON.stringify(generateCluster()));
    const out = join(tmp, 'cluster-20k.svg');
    expect(runCli(['inspect', input, '-o', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(svg.replace(/<br\s*\/?>/g, ' ')).toContain('Folded to stay readable');
  });

  it('parses a large YAML stream in worker threads with the same findings and line numbers', () => {
    const doc = (i: number): string =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: shop\nspec:\n  selector: {app: web-${i % 50}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
    const docs = Array.from({ length: 14_000 }, (_, i) => doc(i));
    docs[13_000] = 'apiVersion: v1\nkind: Service\nmetadata: {name: broken\n';
    const yaml = docs.join('---\n');
    expect(yaml.length).toBeGreaterThan(2 * 1024 * 1024); // above the size that uses workers
    const yamlFile = join(tmp, 'many-services.yaml');
    writeFileSync(yamlFile, yaml);
    const brokenLine = yaml.slice(0, yaml.indexOf('metadata: {name: broken')).split('\n').length;
    const fromYaml = runCli(['inspect', yamlFile, '--format', 'json']);
    const message = `warning: ${yamlFile}:${brokenLine + 1}:1: invalid YAML, document 13001 skipped: `;
    expect(fromYaml.stderr.startsWith(message), fromYaml.stderr).toBe(true);
    const jsonFile = join(tmp, 'many-services.json');
    const items = docs.flatMap((_text, i) =>
      i === 13_000
        ? []
        : [
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { name: `svc-${i}`, namespace: 'shop' },
              spec: { selector: { app: `web-${i % 50}` }, ports: [{ port: 80, targetPort: 8080 }] },
            },
          ],
    );
    writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const fromJson = runCli(['inspect', jsonFile, '--format', 'json']);
    const { sources: _a, ...viewFromYaml } = JSON.parse(fromYaml.stdout) as Record<string, unknown>;
    const { sources: _b, ...viewFromJson } = JSON.parse(fromJson.stdout) as Record<string, unknown>;
    expect(viewFromYaml).toEqual(viewFromJson);
  });

  it('warns about invalid YAML with file:line:col and reads the other files', () => {
    const result = runCli(['inspect', 'invalid.expect-error.yaml', 'kube-router-proxy.yaml', '--format', 'json'], inFixtures);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: invalid\.expect-error\.yaml:6:1: invalid YAML, document 1 skipped: .+\n$/);
    expect(JSON.parse(result.stdout).sources).toEqual(['kube-router-proxy.yaml']);
  });

  it('exits 1 when nothing networking-related is found', () => {
    const result = runCli(['inspect', 'configmap-only.yaml', '--format', 'json'], inFixtures);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('note: nothing networking-related found in the input\n');
    expect(JSON.parse(result.stdout).findings).toEqual([]);
  });

  it.each([
    ['empty.expect-error.yaml', 'error: empty.expect-error.yaml: empty input, expected Kubernetes YAML or JSON\n'],
    ['binary.expect-error.yaml', 'error: binary.expect-error.yaml: binary data, not YAML or JSON\n'],
    [
      'not-kubernetes.expect-error.yaml',
      'error: no Kubernetes objects in the input (not-kubernetes.expect-error.yaml: skipped document 1: not a Kubernetes object (needs apiVersion, kind and metadata.name))\n',
    ],
    ['missing.yaml', 'error: missing.yaml: no such file or directory\n'],
  ])('exits 2 on unusable input: %s', (file, stderr) => {
    const result = runCli(['inspect', file], inFixtures);
    expect(result).toEqual({ code: 2, stdout: '', stderr });
  });

  it('needs something to inspect', () => {
    const result = runCli(['inspect']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: nothing to inspect: give files, folders or - (stdin), or --kubectl\n');
  });
});

describe('k8snet inspect --kubectl (stand-in kubectl on PATH)', () => {
  const record = join(tmp, 'kubectl-args.txt');
  const env = (extra: Record<string, string> = {}) => ({
    env: { PATH: `${KUBECTL_BIN}${delimiter}${process.env.PATH ?? ''}`, KUBECTL_RECORD: record, KUBECTL_REPLAY: REPLAY, ...extra },
  });

  it('reads the live cluster with read-only verbs only, and never asks for Secrets', () => {
    rmSync(record, { force: true });
    const result = runCli(['inspect', '--kubectl', '--context', 'kind-test', '--format', 'json'], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view.sources).toEqual(['kubectl']);
    // The second network-policy finding says no policy enforcer is in the input.
    expect(view.findings.map((f: { id: string }) => f.id)).toEqual([
      'kube-proxy',
      'network-policy',
      'network-policy',
      'coredns',
      'ingress-nginx',
    ]);
    const calls = readFileSync(record, 'utf8').trim().split('\n');
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const [verb] = call.split(' ');
      expect(KUBECTL_VERBS as readonly string[]).toContain(verb);
      expect(call).toMatch(/ --all-namespaces --output json --context kind-test --request-timeout=\d+s$/);
      expect(call).not.toMatch(/secret/i);
    }
    expect(calls[0]).toMatch(/^get nodes,namespaces,pods,services,/);
  });

  it('with --namespace, reads from that namespace what RBAC will not let it list cluster-wide, and says so', () => {
    rmSync(record, { force: true });
    const result = runCli(['inspect', '--kubectl', '--namespace', 'shop', '--format', 'json'], env({ KUBECTL_FORBID: '*' }));
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: not allowed to list nodes, namespaces, ingressclasses, mutatingwebhookconfigurations, customresourcedefinitions: skipped, so detections that rely on them may be missing',
      'warning: not allowed to list pods, services, endpointslices, deployments, daemonsets, statefulsets, configmaps, ingresses, networkpolicies in every namespace: read namespace shop only, so detections that rely on other namespaces may be missing',
    ]);
    const view = JSON.parse(result.stdout);
    expect(view.findings.map((f: { id: string }) => f.id)).toEqual(['network-policy', 'network-policy']);
    expect(view.topology.services.map((s: { name: string }) => s.name).sort()).toEqual(['api', 'web']);
    const calls = readFileSync(record, 'utf8').trim().split('\n');
    expect(calls.map((c) => c.replace(/ --request-timeout=\d+s$/, ''))).toContain('get pods --namespace shop --output json');
    expect(calls.filter((c) => c.includes('--namespace'))).toHaveLength(9);
    for (const call of calls) expect(call.split(' ')[0]).toBe('get');
  });

  it('skips, with one warning, a kind it may not list, and reads the rest cluster-wide', () => {
    const result = runCli(['inspect', '--kubectl', '--format', 'json'], env({ KUBECTL_FORBID: 'nodes' }));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: not allowed to list nodes: skipped, so detections that rely on them may be missing\n');
    expect(JSON.parse(result.stdout).findings.map((f: { id: string }) => f.id)).toEqual([
      'kube-proxy',
      'network-policy',
      'network-policy',
      'coredns',
      'ingress-nginx',
    ]);
  });

  it('fails in one line when RBAC lets it read nothing, and names --namespace', () => {
    const result = runCli(['inspect', '--kubectl'], env({ KUBECTL_FORBID: '*' }));
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: kubectl could not read the cluster: Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope (with --namespace, inspect reads what you may list in that namespace)\n',
    });
  });

  it('reports an unreachable cluster in one line', () => {
    const result = runCli(['inspect', '--kubectl'], env({ KUBECTL_FAIL: 'unreachable' }));
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: kubectl could not read the cluster: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n',
    });
  });

  it('reports a missing kubectl in one line', () => {
    const empty = join(tmp, 'empty-path');
    const result = runCli(['inspect', '--kubectl'], { env: { PATH: existsSync(empty) ? empty : tmp } });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: kubectl not found on PATH; install it, or give inspect manifest files instead\n',
    });
  });
});
