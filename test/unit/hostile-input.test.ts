/**
 * Issue 9, items 11–14 (the input side): caps on what is read, YAML aliases in proportion, folder
 * walks through links and loops, deep and huge streams, and small wrong answers.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster, MAX_EMBEDDED_CONFIG } from '../../src/cluster/cluster.ts';
import { lineColOf, parseJsonStream } from '../../src/cluster/json-stream.ts';
import { toKObject } from '../../src/cluster/objects.ts';
import { DEFAULT_MAX_INPUT_BYTES, MAX_LIST_DEPTH, maxInputBytesOf, parseSize, readBuffers, readInputs } from '../../src/cluster/read.ts';
import { parseYamlDocuments, parseYamlValue } from '../../src/cluster/yaml-documents.ts';
import { IoError, UsageError } from '../../src/errors.ts';
import { inspectTranslator } from '../../src/i18n/inspect-messages.ts';
import { inspectObjects } from '../../src/inspect/inspect.ts';
import { outputWidth } from '../../src/io/io.ts';
import { buildInspectView, inspectFlowchart } from '../../src/views/inspect.ts';
import { diagramTexts } from '../helpers/mermaid.ts';
import { runInProcess } from '../helpers/in-process.ts';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { ROOT } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-hostile-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const noStdin = () => Buffer.from('');
const service = (name: string, namespace = 'shop') =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: ${JSON.stringify(name)}, namespace: ${JSON.stringify(namespace)} }\nspec: { ports: [{ port: 80 }] }\n`;

describe('what is read per input is capped (item 11)', () => {
  it('refuses a file over the cap with a message naming the cap and how to raise it, and reads the rest', async () => {
    const dir = join(tmp, 'cap');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'big.yaml'), `${service('big')}# ${'x'.repeat(5000)}\n`);
    writeFileSync(join(dir, 'small.yaml'), service('small'));
    const result = await readInputs(['big.yaml', 'small.yaml'], dir, noStdin, { maxInputBytes: 4096 });
    expect(result.objects.map((o) => o.name)).toEqual(['small']);
    expect(result.warnings).toEqual([
      'big.yaml: more than the 4 KiB k8snet reads from one input; raise the cap with --max-input-size (e.g. --max-input-size 16K) or K8SNET_MAX_INPUT_SIZE',
    ]);
    await expect(readInputs(['big.yaml'], dir, noStdin, { maxInputBytes: 4096 })).rejects.toThrow(IoError);
  });

  it('stops reading a device or pipe at the cap instead of reading for ever', async () => {
    await expect(readInputs(['/dev/zero'], tmp, noStdin, { maxInputBytes: 1024 * 1024 })).rejects.toThrow(
      '/dev/zero: more than the 1 MiB k8snet reads from one input',
    );
  });

  it('takes the cap from --max-input-size, else K8SNET_MAX_INPUT_SIZE, else 128 MiB', () => {
    expect(parseSize('512M', 'x')).toBe(512 * 1024 ** 2);
    expect(parseSize('2g', 'x')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5KiB', 'x')).toBe(1536);
    expect(parseSize('65536', 'x')).toBe(65536);
    expect(() => parseSize('10X', '--max-input-size')).toThrow(new UsageError('--max-input-size "10X" is not a size such as 512M or 2G'));
    expect(() => parseSize('0', 'x')).toThrow(UsageError);
    expect(maxInputBytesOf('1M', { K8SNET_MAX_INPUT_SIZE: '2M' })).toBe(1024 ** 2);
    expect(maxInputBytesOf(undefined, { K8SNET_MAX_INPUT_SIZE: '2M' })).toBe(2 * 1024 ** 2);
    expect(maxInputBytesOf(undefined, {})).toBe(DEFAULT_MAX_INPUT_BYTES);
    expect(() => maxInputBytesOf(undefined, { K8SNET_MAX_INPUT_SIZE: 'lots' })).toThrow('K8SNET_MAX_INPUT_SIZE "lots" is not a size');
  });

  it('does not parse a huge ConfigMap value as embedded configuration', () => {
    const big = `kind: KubeProxyConfiguration\nmode: ipvs\n${'k: v\n'.repeat(MAX_EMBEDDED_CONFIG / 4)}`;
    const object = toKObject(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': big } },
      { file: 'x', doc: 1 },
    );
    let parsed = 0;
    const cluster = new Cluster(object ? [object] : [], (text) => {
      parsed++;
      return parseYamlValue(text);
    });
    const [entry] = cluster.config('config.conf');
    expect(entry && cluster.parseEntry(entry)).toBeUndefined();
    expect(parsed).toBe(0);
  });
});

describe('YAML aliases stay in proportion (item 11)', () => {
  const bomb = (refs: number) =>
    `apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: x }\nspec:\n  a: &big {${Array.from({ length: 200 }, (_, i) => `k${i}: "${'z'.repeat(50)}"`).join(', ')}}\n  refs: [${Array(refs).fill('*big').join(', ')}]\n`;

  it('refuses a document whose aliases would expand it more than tenfold, before expanding it', () => {
    const { documents, problems } = parseYamlDocuments(bomb(900));
    expect(documents).toEqual([null]);
    expect(problems).toEqual([
      {
        kind: 'convert',
        doc: 1,
        message: expect.stringMatching(/^its aliases would expand [\d,]+ YAML nodes to [\d,]+ \(more than 10×\); not read$/),
      },
    ]);
  });

  it('refuses an exponential chain and a cycle, and keeps honest anchors (merge keys)', () => {
    const chain = ['apiVersion: v1', 'kind: Service', 'metadata: { name: s }', 'spec:', '  l0: &l0 [a, b, c, d, e, f, g, h, i, j]'];
    for (let i = 1; i < 12; i++)
      chain.push(
        `  l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    expect(parseYamlDocuments(chain.join('\n')).problems[0]?.message).toMatch(/to more than 10¹² \(more than 10×\)/);
    expect(parseYamlDocuments('a: &a [1, *a]\n').problems[0]?.message).toBe('the alias *a is inside the node it names (a cycle)');
    const honest =
      'base: &base { app: web, tier: front }\nitems:\n' +
      Array.from({ length: 300 }, (_, i) => `  - { <<: *base, name: n${i} }`).join('\n');
    const parsed = parseYamlDocuments(honest);
    expect(parsed.problems).toEqual([]);
    expect((parsed.documents[0] as { items: { app: string }[] }).items[299]?.app).toBe('web');
    expect(parseYamlDocuments(bomb(5)).problems).toEqual([]);
  });

  it('guards embedded configuration the same way', () => {
    expect(() => parseYamlValue(bomb(900))).toThrow(/its aliases would expand/);
    expect(parseYamlValue('mode: ipvs')).toEqual({ mode: 'ipvs' });
  });
});

describe('folders: links, loops and unreadable parts are warnings (item 12)', () => {
  const dir = join(tmp, 'walk');
  mkdirSync(join(dir, 'apps', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'more'), { recursive: true });
  writeFileSync(join(dir, 'apps', 'a.yaml'), service('a'));
  writeFileSync(join(dir, 'apps', 'deep', 'b.yaml'), service('b'));
  writeFileSync(join(dir, 'more', 'c.yaml'), service('c'));
  symlinkSync('apps/a.yaml', join(dir, 'a-link.yaml')); // a second path to a.yaml: read once
  symlinkSync('../more', join(dir, 'apps', 'more-link')); // a linked folder: followed
  symlinkSync('..', join(dir, 'apps', 'deep', 'up')); // back into its own parent: a loop
  symlinkSync('nowhere.yaml', join(dir, 'dangling.yaml'));
  symlinkSync('self', join(dir, 'self'));

  it('follows linked files once and linked folders unless they loop back, and warns about the rest', async () => {
    const result = await readInputs(['walk'], tmp, noStdin);
    expect(result.files).toEqual(['walk/a-link.yaml', 'walk/apps/deep/b.yaml', 'walk/apps/more-link/c.yaml']);
    expect(result.objects.map((o) => o.name)).toEqual(['a', 'b', 'c']);
    expect(result.warnings).toEqual([
      'walk/apps/deep/up: a symbolic link back into a folder it is in (a loop); not followed',
      'walk/dangling.yaml: a symbolic link to nothing (dangling); skipped',
      'walk/self: a symbolic link loop; skipped',
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('warns about an unreadable subfolder and reads the rest (not as root)', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { recursive: true });
    writeFileSync(join(locked, 'x.yaml'), service('x'));
    chmodSync(locked, 0o000);
    try {
      const result = await readInputs(['walk'], tmp, noStdin);
      expect(result.warnings).toContain('walk/locked: cannot read this folder (permission denied); skipped');
      expect(result.objects.map((o) => o.name)).toEqual(['a', 'b', 'c']);
    } finally {
      chmodSync(locked, 0o755);
      rmSync(locked, { recursive: true });
    }
  });

  it('refuses an empty path instead of reading the current folder', async () => {
    await expect(readInputs([''], dir, noStdin)).rejects.toThrow(
      new UsageError('an empty path names no file; give files, folders or - (stdin)'),
    );
    const result = await runInProcess(['inspect', ''], { cwd: dir });
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'error: an empty path names no file; give files, folders or - (stdin)\n' });
  });
});

describe('deep and huge streams are clean (item 12)', () => {
  it('reads 2,000 nested Lists without recursion, up to the depth limit, with a warning', async () => {
    let json = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'deep' } });
    for (let i = 0; i < 2000; i++)
      json = `{"apiVersion":"v1","kind":"List","items":[${json},{"apiVersion":"v1","kind":"Service","metadata":{"name":"s${i}"}}]}`;
    const result = await readBuffers([{ file: 'nested.json', bytes: Buffer.from(json) }]);
    expect(result.objects).toHaveLength(MAX_LIST_DEPTH);
    expect(result.warnings).toEqual([
      `nested.json: document 1: Lists nested more than ${MAX_LIST_DEPTH} deep; the items below that were not read`,
    ]);
  });

  it('names YAML nested deeper than the parser can go, without its stack overflow', () => {
    let yaml = '{apiVersion: v1, kind: Service, metadata: {name: s}}';
    for (let i = 0; i < 2000; i++) yaml = `{apiVersion: v1, kind: List, items: [${yaml}]}`;
    const { problems } = parseYamlDocuments(yaml);
    expect(problems.map((p) => p.message)).toEqual(['nested too deeply to read']);
  });

  it('reads more than 125,000 YAML documents in one stream (no spread of them into a call)', async () => {
    const text = Array.from({ length: 130_000 }, (_, i) => (i === 129_999 ? service('last') : '{}')).join('\n---\n');
    const result = await readBuffers([{ file: 'many.yaml', bytes: Buffer.from(text) }]);
    expect(result.objects.map((o) => o.name)).toEqual(['last']);
    expect(result.warnings).toEqual([
      'many.yaml: skipped documents 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 …: not a Kubernetes object (needs apiVersion, kind and metadata.name)',
    ]);
  }, 60_000);
});

describe('small wrong answers (item 14)', () => {
  it('calls a broken .json file invalid JSON, with line and column', async () => {
    const cases: [string, string][] = [
      ['{"apiVersion": "v1"} garbage', 'g.json:1:22: invalid JSON: unexpected text after the JSON value'],
      ['{\n  "kind": x\n}', 'g.json:2:11: invalid JSON: unexpected "x"'],
      ['[{"a": 1},\n {"b": 2]', "g.json:2:9: invalid JSON: expected ',' or '}'"],
      ['{"a": "unterminated', 'g.json:1:7: invalid JSON: a string that is never closed'],
    ];
    for (const [text, message] of cases) {
      await expect(readBuffers([{ file: 'g.json', bytes: Buffer.from(text) }])).rejects.toThrow(new IoError(message));
    }
  });

  it('reads concatenated JSON objects and finds the first syntax error of a stream', () => {
    expect(parseJsonStream('{"a":1}\n{"b":[2, {"c": null}]}\n')).toEqual({ values: [{ a: 1 }, { b: [2, { c: null }] }] });
    expect(parseJsonStream('{"a":1} {"b":}')).toEqual({ error: { offset: 13, message: 'unexpected "}"' } });
    expect(parseJsonStream(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toHaveProperty('values');
    expect(lineColOf('ab\ncd\nef', 7)).toEqual({ line: 3, col: 2 });
  });

  it('draws the objects of a namespace holding a "/" inside its subgraph', async () => {
    const objects = [
      toKObject(
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'a/b' },
          spec: { selector: { app: 'w' }, ports: [{ port: 80 }] },
        },
        { file: 'x', doc: 1 },
      ),
      toKObject(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'a/b' },
          spec: { template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
        },
        { file: 'x', doc: 2 },
      ),
    ].filter((o) => o !== undefined);
    const t = inspectTranslator('en');
    const view = buildInspectView(new Catalogue(compileCatalogue(join(ROOT, 'data'))), inspectObjects(objects, parseYamlValue), t, {
      sources: ['x'],
    });
    const source = inspectFlowchart(view, t).toString();
    expect(source).toMatch(/subgraph g1\["namespace a\/b"\]\n {4}n1\("Service web/);
    expect(await diagramTexts(source)).toEqual(expect.arrayContaining(['Deployment web', 'namespace a/b']));
  });

  it('says an empty id names nothing instead of suggesting one', async () => {
    for (const args of [
      ['explain', ''],
      ['compare', '', 'cni'],
      ['trace', 'pod-to-pod', '--cni', ''],
    ]) {
      const result = await runInProcess(args, { cwd: tmp });
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: 'error: an empty id names no component (run "k8snet list" to see them all)\n',
      });
    }
  });

  it('raises a COLUMNS below 40 to 40 instead of ignoring it', () => {
    const io = (COLUMNS: string) => ({ stdout: { write: () => true }, stderr: { write: () => true }, env: { COLUMNS }, cwd: '/' });
    expect(outputWidth(io('30'))).toBe(40);
    expect(outputWidth(io('60'))).toBe(60);
    expect(outputWidth(io('nonsense'))).toBe(100);
  });
});
