/** Reading inputs: formats, lists, directories, and every kind of bad input (*.expect-error.yaml). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError } from '../../src/errors.ts';
import { readBuffers, readInputs } from '../../src/cluster/read.ts';
import { ROOT } from '../helpers/cli.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'inspect');
const noStdin = () => Buffer.from('');
const read = (...paths: string[]) => readInputs(paths, FIXTURES, noStdin);

describe('negative fixtures', () => {
  it('names file, line and column of invalid YAML', async () => {
    await expect(read('invalid.expect-error.yaml')).rejects.toThrow(IoError);
    const result = await read('invalid.expect-error.yaml', 'shop-app.yaml');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^invalid\.expect-error\.yaml:6:1: invalid YAML, document 1 skipped: /);
    expect(result.objects.length).toBeGreaterThan(0);
  });

  it('rejects empty input clearly', async () => {
    await expect(read('empty.expect-error.yaml')).rejects.toThrow('empty.expect-error.yaml: empty input, expected Kubernetes YAML or JSON');
  });

  it('rejects binary input clearly', async () => {
    await expect(read('binary.expect-error.yaml')).rejects.toThrow('binary.expect-error.yaml: binary data, not YAML or JSON');
  });

  it('rejects input with no Kubernetes object', async () => {
    await expect(read('not-kubernetes.expect-error.yaml')).rejects.toThrow(
      'no Kubernetes objects in the input (not-kubernetes.expect-error.yaml: skipped document 1',
    );
  });

  it('names a missing file', async () => {
    await expect(read('no-such-file.yaml')).rejects.toThrow('no-such-file.yaml: no such file or directory');
  });
});

describe('formats', () => {
  it('skips documents that are not Kubernetes objects, with a warning', async () => {
    const result = await read('mixed-not-k8s.yaml');
    expect(result.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Service/lonely']);
    expect(result.warnings).toEqual([
      'mixed-not-k8s.yaml: skipped document 1: not a Kubernetes object (needs apiVersion, kind and metadata.name)',
    ]);
  });

  it('reads kind: List, typed lists, JSON arrays and concatenated JSON objects', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }] };
    const typed = { apiVersion: 'v1', kind: 'NodeList', items: [{ metadata: { name: 'n1' }, spec: { podCIDR: '10.0.1.0/24' } }] };
    const result = await readBuffers([
      { file: 'list.json', bytes: Buffer.from(JSON.stringify(list)) },
      { file: 'typed.json', bytes: Buffer.from(JSON.stringify(typed)) },
      {
        file: 'stream.json',
        bytes: Buffer.from(`${JSON.stringify(list.items[0])}\n${JSON.stringify({ ...list.items[0], metadata: { name: 'b' } })}\n`),
      },
      { file: 'array.json', bytes: Buffer.from(JSON.stringify([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }])) },
    ]);
    expect(result.objects.map((o) => `${o.source.file}:${o.kind}/${o.name}`)).toEqual([
      'list.json:Service/a',
      'typed.json:Node/n1',
      'stream.json:Service/a',
      'stream.json:Service/b',
      'array.json:Namespace/x',
    ]);
    expect(result.warnings).toEqual([]);
  });

  describe('directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8snet-inspect-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('are read recursively, YAML and JSON only, in name order', async () => {
      mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
      mkdirSync(join(dir, 'node_modules'));
      const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: ${name} }\n`;
      writeFileSync(join(dir, 'a.yaml'), svc('a'));
      writeFileSync(join(dir, 'b', 'deep', 'c.yml'), svc('c'));
      writeFileSync(join(dir, 'b', 'template.yaml.sed'), svc('d'));
      writeFileSync(join(dir, 'README.md'), '# not a manifest');
      writeFileSync(join(dir, 'node_modules', 'x.yaml'), svc('x'));
      const result = await readInputs(['.'], dir, noStdin);
      expect(result.objects.map((o) => o.name)).toEqual(['a', 'c', 'd']);
      expect(result.files).toEqual(['a.yaml', join('b', 'deep', 'c.yml'), join('b', 'template.yaml.sed')]);
    });
  });
});
