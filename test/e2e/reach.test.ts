/**
 * `k8snet reach` end to end: the built CLI on the example, exit codes (0 allowed, 1 denied, 2 bad
 * input), connlist on stdout, "did you mean", bad input, --lang, -o images and --kubectl with a
 * stand-in kubectl.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'reach');
const EXAMPLE = join(FIXTURES, 'example', 'shop.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'k8snet-reach-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('k8snet reach: one pair', () => {
  it('exits 0 when allowed, with the rules that decided, for each direction', () => {
    const result = runCli(['reach', EXAMPLE, '--from', 'shop/api', '--to', 'shop/db', '--port', '5432', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('# shop/api\\[Deployment\\] → shop/db\\[StatefulSet\\] on 5432/TCP: allowed\n');
    expect(result.stdout).toContain(
      '## Ingress to shop/db\\[StatefulSet\\]: allowed\n\n1. AdminNetworkPolicy protect-prod-data (priority 10), ingress rule "pass-from-prod": passes all traffic on to NetworkPolicy\n2. NetworkPolicy shop/db-from-api, ingress rule \\#1: allows TCP 5432\n',
    );
  });

  it('exits 1 when denied, like kubectl auth can-i, with a note on stderr', () => {
    const result = runCli(['reach', EXAMPLE, '--from', 'sandbox/toolbox', '--to', 'svc/shop/db', '--format', 'markdown']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('note: denied: sandbox/toolbox[Deployment] → shop/db[StatefulSet] on 5432/TCP\n');
    expect(result.stdout).toContain('AdminNetworkPolicy protect-prod-data (priority 10), ingress rule "deny-from-dev": denies all traffic');
  });

  it('prints the verdict in Chinese with --lang zh', () => {
    const result = runCli(['reach', EXAMPLE, '--from', 'shop/web', '--to', 'shop/api', '--port', '9000', '--lang', 'zh']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('shop/web[Deployment] → shop/api[Deployment]，端口 9000/TCP：允许');
    expect(result.stdout).toContain('NetworkPolicy shop/api-from-web，入站 规则 #1：允许 TCP 9000');
  });

  it('suggests the closest workload for a typo, exit 2', () => {
    const result = runCli(['reach', EXAMPLE, '--from', 'shop/wbe', '--to', 'shop/db']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --from: no workload "shop/wbe" in the input; did you mean "shop/web"?\n',
    });
  });

  it('refuses a bad port and options that do not go together, exit 2', () => {
    expect(runCli(['reach', EXAMPLE, '--from', 'shop/web', '--to', 'shop/db', '--port', '70000']).code).toBe(2);
    expect(runCli(['reach', EXAMPLE, '--from', 'shop/web']).stderr).toBe('error: --from and --to go together\n');
    expect(runCli(['reach', EXAMPLE, '--from', 'shop/web', '--to', 'shop/db', '--format', 'mermaid']).code).toBe(2);
    expect(runCli(['reach', EXAMPLE, '--exposure', '--format', 'connlist']).stderr).toBe(
      'error: --format connlist lists connections; leave out --exposure\n',
    );
  });
});

describe('k8snet reach: the connection list', () => {
  it('prints connlist lines on stdout, sorted by source then destination', () => {
    const result = runCli(['reach', EXAMPLE, '--format', 'connlist']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toContain('{ingress-controller} => shop/web[Deployment] : TCP 8080');
    expect(lines).toContain('shop/api[Deployment] => shop/db[StatefulSet] : TCP 5432');
    expect(lines).toContain('monitoring/prometheus[Deployment] => shop/api[Deployment] : TCP 9090');
    expect(lines.some((l) => l.startsWith('sandbox/toolbox[Deployment] => shop/db'))).toBe(false);
    expect([...lines].sort()).toEqual(lines);
  });

  it('--focus keeps one workload’s connections', () => {
    const result = runCli(['reach', EXAMPLE, '--format', 'connlist', '--focus', 'shop/db']);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'shop/api[Deployment] => shop/db[StatefulSet] : TCP 5432',
      'shop/db[StatefulSet] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/db[StatefulSet] => monitoring/prometheus[Deployment] : All Connections',
      'shop/db[StatefulSet] => sandbox/toolbox[Deployment] : All Connections',
      'shop/db[StatefulSet] => shop/web[Deployment] : TCP 8080',
    ]);
  });

  it('--exposure tells what outside, any namespace and the ingress controller reach', () => {
    const result = runCli(['reach', EXAMPLE, '--exposure', '--format', 'json']);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout);
    const web = view.exposure.find((r: { workload: string }) => r.workload === 'shop/web[Deployment]');
    expect(web).toEqual({
      workload: 'shop/web[Deployment]',
      fromOutside: '',
      outsideRanges: [],
      fromAnyNamespace: 'TCP 8080',
      fromIngressController: 'TCP 8080',
      via: ['Ingress shop/shop'],
    });
  });

  it('draws the graph as Mermaid that Mermaid parses', async () => {
    const result = runCli(['reach', EXAMPLE, '--format', 'mermaid']);
    expect(result.code).toBe(0);
    expect(await parseMermaid(result.stdout)).toBe('flowchart-v2');
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'docs', 'diagrams', 'reach-shop.en.mmd'), 'utf8'));
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('renders the graph with -o graph.svg', () => {
    const out = join(tmp, 'graph.svg');
    const result = runCli(['reach', EXAMPLE, '-o', out]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg[\s\S]*namespace shop[\s\S]*<\/svg>$/);
  });
});

describe('k8snet reach: bad input', () => {
  it('reports invalid YAML as file:line:col and the rest as no workloads, exit 2', () => {
    const result = runCli(['reach', 'broken.expect-error.yaml'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no Kubernetes objects in the input \(broken\.expect-error\.yaml:6:1: invalid YAML/);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('skips non-Kubernetes documents and reports an admin policy API version it does not evaluate', () => {
    const result = runCli(['reach', 'later-api.yaml', '--format', 'connlist'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        'warning: later-api.yaml: skipped document 3: not a Kubernetes object (needs apiVersion, kind and metadata.name)',
        'warning: AdminNetworkPolicy future: apiVersion policy.networking.k8s.io/v1beta1 is not evaluated (reach evaluates policy.networking.k8s.io/v1alpha1).',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe(
      '0.0.0.0-255.255.255.255[External] => x/a[Pod] : All Connections\nx/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n',
    );
  });

  it('exits 1 with a note when the input has no workloads', () => {
    const result = runCli(['reach', join(FIXTURES, 'kubectl', 'adminnetworkpolicies.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('note: no workloads (Pods, Deployments, StatefulSets …) in the input\n');
  });

  it('needs files or --kubectl', () => {
    expect(runCli(['reach']).stderr).toBe('error: nothing to read: give files, folders or - (stdin), or --kubectl\n');
  });
});

describe('k8snet reach --kubectl (stand-in kubectl on PATH)', () => {
  it('reads Pods and the admin policies with read-only calls and evaluates them', () => {
    const record = join(tmp, 'kubectl-args.txt');
    const bin = join(ROOT, 'test', 'fixtures', 'inspect', 'kubectl', 'bin');
    const result = runCli(['reach', '--kubectl', '--format', 'connlist', '--focus', 'shop/db'], {
      env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, KUBECTL_RECORD: record, KUBECTL_REPLAY: join(FIXTURES, 'kubectl') },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The Pods' owners name the workloads, as `kubectl get pods` shows them; the ANP keeps sandbox out.
    expect(result.stdout).toBe(
      [
        '0.0.0.0-255.255.255.255[External] => shop/db[StatefulSet] : All Connections',
        'shop/db[StatefulSet] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'shop/db[StatefulSet] => sandbox/toolbox-5c9f7d[ReplicaSet] : All Connections',
        '',
      ].join('\n'),
    );
    // Every call also carries what is left of the deadline: --request-timeout=Ns.
    const calls = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((c) => c.replace(/ --request-timeout=\d+s$/, ''));
    expect(calls).toContain('get adminnetworkpolicies.policy.networking.k8s.io --all-namespaces --output json');
    for (const call of calls) expect(call.startsWith('get ')).toBe(true);
  });
});
