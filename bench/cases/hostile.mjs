/**
 * `k8snet inspect` on the hostile inputs of issue 9 (item 11 and 12): what they cost in time and
 * peak memory now that reads are capped, embedded configuration over 1 MiB is not parsed and YAML
 * aliases are refused beyond tenfold expansion. Each label names the input's size, so the
 * input-to-peak-memory ratio can be read off the table. Refused inputs exit 2, by design.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MB = 1e6;

function inputs(tmp) {
  const files = [];
  const add = (name, text, what) => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    files.push({ path, what, bytes: Buffer.byteLength(text) });
  };
  const huge = 'x'.repeat(60 * MB);
  add(
    'configmap-60mb.yaml',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big, namespace: kube-system }\ndata:\n  config.conf: ${huge}\n`,
    'a 60 MB string in a ConfigMap (YAML)',
  );
  add(
    'configmap-60mb.json',
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      data: { 'config.conf': `kind: KubeProxyConfiguration\nmode: ipvs\n${huge}` },
    }),
    'a 60 MB KubeProxyConfiguration string in a ConfigMap (JSON)',
  );
  const lines = Array.from({ length: 3_000_000 }, (_, i) => `k${i}: v`).join('\n');
  add(
    'kube-proxy-config-3m-lines.json',
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      data: { 'config.conf': `kind: KubeProxyConfiguration\nmode: ipvs\n${lines}` },
    }),
    'a KubeProxyConfiguration of 3 million lines (was 3.8 GB, 113 s)',
  );
  const big = `{${Array.from({ length: 1200 }, (_, i) => `k${i}: "${'z'.repeat(100)}"`).join(', ')}}`;
  add(
    'alias-bomb.yaml',
    `apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: x }\nspec:\n  a: &big ${big}\n  refs: [${Array(990).fill('*big').join(', ')}]\n`,
    'YAML aliases: one 130 KB node referenced 990 times (refused)',
  );
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n';
  add('stream-130k.yaml', Array(130_000).fill(doc).join('---\n'), '130,000 YAML documents in one stream');
  let nested = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'x' } });
  for (let i = 0; i < 2000; i++) nested = `{"apiVersion":"v1","kind":"List","items":[${nested}]}`;
  add('nested-2000-lists.json', nested, '2,000 nested kind: List');
  return files;
}

export async function cases({ bin, tmp }) {
  const node = process.execPath;
  const commands = [{ label: '`node -e 0` (floor)', argv: [node, '-e', '0'] }];
  for (const file of inputs(tmp)) {
    const argv = [node, bin, 'inspect', file.path, '--format', 'json'];
    argv.okExit = [1, 2];
    commands.push({ label: `${file.what}: ${(file.bytes / MB).toFixed(2)} MB`, argv });
  }
  const zero = [node, bin, 'inspect', '/dev/zero', '--format', 'json'];
  zero.okExit = [2];
  commands.push({ label: '/dev/zero, stopped at the 128 MiB cap: 134.22 MB read', argv: zero });
  return [
    {
      title: 'Hostile inputs: peak memory against input size (issue 9)',
      target: 'peak memory in proportion to the input (and bounded by the 128 MiB per-input cap), no crash',
      runs: 3,
      commands,
    },
  ];
}
