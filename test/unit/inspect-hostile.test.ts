/**
 * Issue 9, item 12: the words an object inherits from Object.prototype (`constructor`, `toString`,
 * `hasOwnProperty`, `valueOf`, `__proto__`) are ordinary text in every field of every manifest:
 * as a kind, in every string value, and as a key of every map. Each fixture is mutated object by
 * object and run through `inspect` (in-process) in every format.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/cli.ts';
import { UNSAFE_CHAR } from '../helpers/hostile.ts';
import { runInProcess } from '../helpers/in-process.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'inspect');
const WORDS = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'] as const;
const FORMATS = ['json', 'table', 'markdown', 'mermaid'] as const;
const tmp = mkdtempSync(join(tmpdir(), 'k8snet-proto-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fixtureObjects(): { name: string; objects: Json[] }[] {
  const out: { name: string; objects: Json[] }[] = [];
  for (const name of readdirSync(FIXTURES).sort()) {
    if (name.includes('expect-error') || !/\.(ya?ml|json)$/.test(name)) continue;
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const docs = name.endsWith('.json')
      ? [JSON.parse(text) as Json]
      : parseAllDocuments(text).map((d) => ('toJS' in d ? (d.toJS() as Json) : null));
    out.push({ name, objects: docs.filter((d): d is Json => d !== null) });
  }
  out.push({
    name: 'kubectl/replay/all.json',
    objects: [JSON.parse(readFileSync(join(FIXTURES, 'kubectl', 'replay', 'all.json'), 'utf8')) as Json],
  });
  return out;
}

/** A deep copy with every string value replaced, except the fields that make an object what it is. */
function replaceValues(value: Json, word: string, key = ''): Json {
  if (typeof value === 'string') return key === 'kind' || key === 'apiVersion' ? value : word;
  if (Array.isArray(value)) return value.map((v) => replaceValues(v, word));
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: replaceValues(v, word, k), enumerable: true });
    return out;
  }
  return value;
}

/** A deep copy with the word added as a key (and value) to every map. */
function addKeys(value: Json, word: string): Json {
  if (Array.isArray(value)) return value.map((v) => addKeys(v, word));
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: addKeys(v, word), enumerable: true });
    Object.defineProperty(out, word, { value: word, enumerable: true });
    return out;
  }
  return value;
}

/** Mutate the objects of a document (or the items of a List) one at a time. */
function variants(objects: Json[], word: string): Json[][] {
  const flat = objects.flatMap((o) => (o && typeof o === 'object' && !Array.isArray(o) && Array.isArray(o.items) ? o.items : [o]));
  const out: Json[][] = [];
  flat.forEach((object, i) => {
    const swap = (replacement: Json): Json[] => flat.map((o, j) => (j === i ? replacement : o));
    if (object && typeof object === 'object' && !Array.isArray(object)) out.push(swap({ ...object, kind: word }));
    out.push(swap(replaceValues(object, word)));
  });
  out.push(flat.map((o) => addKeys(o, word)));
  return out;
}

describe('prototype words in every field of every fixture', () => {
  for (const word of WORDS) {
    it(`"${word}" is just text (kind, values, keys), in every format`, async () => {
      let runs = 0;
      for (const fixture of fixtureObjects()) {
        for (const [i, objects] of variants(fixture.objects, word).entries()) {
          const file = join(tmp, `${word}-${i}.json`);
          writeFileSync(file, JSON.stringify(objects));
          // Each format in turn: the pipeline up to the view is the same for all of them.
          const format = FORMATS[runs++ % FORMATS.length] ?? 'json';
          const result = await runInProcess(['inspect', file, '--format', format], { cwd: tmp });
          expect(result.stderr, `${fixture.name} variant ${i} --format ${format}`).not.toMatch(/internal error/);
          expect([0, 1, 2], `${fixture.name} variant ${i}: ${result.stderr}`).toContain(result.code);
          expect(result.stdout).not.toMatch(UNSAFE_CHAR);
        }
      }
      expect(runs).toBeGreaterThan(50);
    }, 120_000);
  }

  it('keeps such keys as data: a label named __proto__ selects, and shows in JSON', async () => {
    const file = join(tmp, 'proto-labels.json');
    const labels = JSON.parse('{"__proto__":"x","constructor":"y"}');
    writeFileSync(
      file,
      JSON.stringify([
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'toString' },
          spec: { selector: labels, ports: [{ port: 80 }] },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'toString' },
          spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
        },
      ]),
    );
    const result = await runInProcess(['inspect', file, '--format', 'json'], { cwd: tmp });
    expect(result.code).toBe(0);
    const service = JSON.parse(result.stdout).topology.services[0];
    expect(service.selector).toEqual(labels);
    expect(Object.keys(service.selector)).toEqual(['__proto__', 'constructor']);
    expect(service.workloads).toEqual(['toString/Deployment/web']);
  });
});
