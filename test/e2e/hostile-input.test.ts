/**
 * Issue 9, items 11, 12 and 14 end to end: what only the built CLI shows (Node's own warnings on
 * stderr, standard input, the option and variable that raise the input cap).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-hostile-input-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  ports: [{ port: 80 }]\n';

describe('k8snet inspect on hostile input', () => {
  it('lets no Node warning leak for a complex YAML key', () => {
    const file = join(tmp, 'complex-key.yaml');
    writeFileSync(file, `${service}  ? [a, b]\n  : 1\n`);
    const result = runCli(['inspect', file, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('caps standard input, and says how to raise the cap', () => {
    const input = `${service}# ${'x'.repeat(3000)}\n`;
    const refused = runCli(['inspect', '-', '--max-input-size', '2K'], { input });
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: -: more than the 2 KiB k8snet reads from one input; raise the cap with --max-input-size (e.g. --max-input-size 8K) or K8SNET_MAX_INPUT_SIZE\n',
    });
    expect(runCli(['inspect', '-', '--format', 'json'], { input, env: { K8SNET_MAX_INPUT_SIZE: '2K' } }).code).toBe(2);
    expect(runCli(['inspect', '-', '--format', 'json'], { input, env: { K8SNET_MAX_INPUT_SIZE: '4K' } }).code).toBe(0);
    expect(runCli(['inspect', '-', '--max-input-size', 'big'], { input })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --max-input-size "big" is not a size such as 512M or 2G\n',
    });
  });

  it('refuses a YAML alias bomb with a one-line error, not a 148 MB output', () => {
    const big = `{${Array.from({ length: 1000 }, (_, i) => `k${i}: "${'z'.repeat(100)}"`).join(', ')}}`;
    const file = join(tmp, 'bomb.yaml');
    writeFileSync(file, `${service}  a: &big ${big}\n  refs: [${Array(990).fill('*big').join(', ')}]\n`);
    const result = runCli(['inspect', file, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: no Kubernetes objects in the input \(.*bomb\.yaml: document 1 skipped: its aliases would expand [\d,]+ YAML nodes to [\d,]+ \(more than 10×\); not read\)\n$/,
    );
  });
});
