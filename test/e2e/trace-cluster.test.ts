/**
 * `k8snet trace --cluster` end to end: the built CLI on fixture dumps (self-contained: they run
 * from a fresh clone), on a live cluster through a stand-in kubectl, and its refusals.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const DUMP = 'test/fixtures/trace-cluster/kubeadm-flannel.yaml';
const WALK = ['trace', 'pod-to-service', '--cluster', DUMP, '--from', 'shop/web', '--to', 'svc/shop/cart'];

describe('k8snet trace --cluster', () => {
  it('prints the README excerpt verbatim (the README shows real output)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const match = /<!-- excerpt: k8snet (.+?) -->\n([\s\S]*?)<!-- \/excerpt -->/.exec(readme);
    if (!match) throw new Error('README has no trace --cluster excerpt');
    const args = (match[1] ?? '').split(' ');
    expect(args).toEqual([...WALK, '--format', 'markdown']);
    const result = runCli(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = (match[2] ?? '').split('\n').filter((l) => l.startsWith('|'));
    expect(lines.length).toBeGreaterThan(20);
    const output = result.stdout.split('\n');
    for (const line of lines) expect(output, line).toContain(line);
  });

  it('prints a table by default and Chinese with --lang zh', () => {
    const result = runCli([...WALK, '--lang', 'zh']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Pod shop/web-6d9f7c8b5-k2x7q');
    expect(result.stdout).toContain('假定');
    expect(result.stdout).toContain('KUBE-SVC-I5LIAMPLWKMBJ54B');
  });

  it('prints the view model as JSON and a sequence diagram Mermaid parses', async () => {
    const json = runCli([...WALK, '--format', 'json']);
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as { cluster: { settings: { key: string; origin: string }[]; endpoints: { rows: unknown[] } } };
    expect(view.cluster.settings.find((s) => s.key === 'serviceCidr')?.origin).toBe('assumed');
    expect(view.cluster.endpoints.rows).toHaveLength(2);
    const mermaid = runCli([...WALK, '--format', 'mermaid']);
    expect(mermaid.stderr).toBe('');
    await expect(parseMermaid(mermaid.stdout)).resolves.toBe('sequence');
  });

  it('reads a live cluster with --kubectl (stand-in kubectl replaying the dump)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8snet-trace-kubectl-'));
    const list = parse(readFileSync(join(ROOT, DUMP), 'utf8')) as { items: unknown[] };
    writeFileSync(join(dir, 'all.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list.items }));
    const bin = join(ROOT, 'test/fixtures/inspect/kubectl/bin');
    const result = runCli(['trace', 'pod-to-service', '--kubectl', '--from', 'shop/web', '--to', 'svc/shop/cart', '--format', 'json'], {
      env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, KUBECTL_REPLAY: dir },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as { cluster: { sources: string[] }; addresses: { address: string }[] };
    expect(view.cluster.sources).toEqual(['kubectl']);
    expect(view.addresses.map((a) => a.address)).toContain('10.244.2.21:8080');
  });

  it.each([
    [
      ['trace', 'pod-to-service', '--cluster', DUMP, '--from', 'shop/wbe', '--to', 'svc/shop/cart'],
      'error: --from shop/wbe: no such workload in the input; did you mean "shop/web"?\n',
    ],
    [
      ['trace', 'nodeport', '--cluster', DUMP, '--to', 'svc/shop/cart'],
      'error: a nodeport walk needs a NodePort or LoadBalancer Service; shop/cart is ClusterIP, reachable only inside the cluster\n',
    ],
    [['trace', 'pod-to-service', '--from', 'shop/web'], 'error: --from needs --cluster or --kubectl: it names an object of your cluster\n'],
    [
      [...WALK, '--src', '10.244.1.5'],
      "error: --src does not apply with --cluster or --kubectl: the addresses come from your cluster's objects\n",
    ],
    [
      [...WALK, '--cross-node'],
      'error: --cross-node: with --cluster the nodes come from the objects; --to and --endpoint choose the Pod (and so its node)\n',
    ],
  ])('refuses %j with exit 2', (args, stderr) => {
    const result = runCli(args);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(2);
  });

  it('warns, on stderr and in the notes, when an option contradicts the cluster', () => {
    const result = runCli([...WALK, '--proxy', 'nftables', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: --proxy nftables overrides the cluster, where the input shows kube-proxy \(iptables\) \(DaemonSet kube-system\/kube-proxy/,
    );
    expect(result.stdout).toContain('**warning:** --proxy nftables overrides the cluster, where the input shows kube-proxy (iptables)');
  });
});
