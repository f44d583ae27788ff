import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_COPY_FUNCTION, CONFIG_COPY_SOURCE, mayDefineGetConfig, patchMermaidModule } from '../../src/io/mermaid-patch.ts';
import { loadMermaid } from '../helpers/mermaid.ts';

type Copy = (config: object) => object | undefined;
type Assign = (dst: object, src: object) => object;

const DIST = 'node_modules/mermaid/dist/chunks';
const chunks = (build: string): string[] =>
  readdirSync(join(DIST, build))
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => join(DIST, build, f));

/** Mermaid's own assignWithDepth, from the unminified build (the chunk that exports it). */
async function mermaidAssignWithDepth(): Promise<Assign> {
  const file = chunks('mermaid.esm').find((f) => /export \{\s*assignWithDepth_default,/.test(readFileSync(f, 'utf8')));
  if (!file) throw new Error('no chunk of mermaid.esm exports assignWithDepth_default');
  return (await import(pathToFileURL(file).href)).assignWithDepth_default as Assign;
}

const copy = new Function(`${CONFIG_COPY_SOURCE}\nreturn ${CONFIG_COPY_FUNCTION};`)() as Copy;

/**
 * Everything a caller could observe of a copy: own keys in order, value types, primitive values,
 * and for each object whether it is the source's own object (shared) or a new one.
 */
function observe(value: unknown, source: unknown): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? ['function', value === source] : value;
  const shared = value === source;
  const from = (source ?? {}) as Record<string, unknown>;
  const keys = Object.keys(value);
  return {
    array: Array.isArray(value),
    shared,
    proto: Object.getPrototypeOf(value) === (Array.isArray(value) ? Array.prototype : Object.prototype),
    entries: keys.map((k) => [k, observe((value as Record<string, unknown>)[k], Array.isArray(value) ? undefined : from[k])]),
  };
}

// Values as Mermaid's configuration holds them, and the awkward ones: null, undefined, functions,
// arrays with repeats, nesting below the copied depth, and keys named like Object.prototype's.
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', '0', '10'));
const leaf = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(() => 1),
);
const { value: configValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(fc.oneof(leaf, fc.constantFrom('a', 'b', 1)), { maxLength: 5 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((pairs) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  }),
}));

describe("Mermaid's getConfig speed-up", () => {
  it('applies to the Mermaid installed here, once (if this fails after an upgrade, re-check src/io/mermaid-patch.ts)', () => {
    const patched = chunks('mermaid.esm.min').filter((f) => patchMermaidModule(readFileSync(f, 'utf8')).patched);
    expect(patched).toHaveLength(1);
    const source = patchMermaidModule(readFileSync(patched[0] as string, 'utf8')).source;
    expect(source.startsWith(CONFIG_COPY_SOURCE)).toBe(true);
    expect(source).toMatch(new RegExp(`=>${CONFIG_COPY_FUNCTION}\\(\\w+\\)\\?\\?\\w+\\(\\{\\},\\w+\\),"getConfig"\\)`));
  });

  it('leaves every other module, and unexpected code, as it is', () => {
    for (const file of chunks('mermaid.esm.min')) {
      const text = readFileSync(file, 'utf8');
      if (!mayDefineGetConfig(text)) expect(patchMermaidModule(text)).toEqual({ source: text, patched: false });
    }
    const twice = 'var j=s((i,t,{depth:r=2}={})=>i,"assignWithDepth");a=s(()=>j({},V),"getConfig");b=s(()=>j({},V),"getConfig")';
    expect(patchMermaidModule(twice).patched).toBe(false);
    const depth3 = 'var j=s((i,t,{depth:r=3}={})=>i,"assignWithDepth");a=s(()=>j({},V),"getConfig")';
    expect(patchMermaidModule(depth3).patched).toBe(false);
    const once = 'var j=s((i,t,{depth:r=2}={})=>i,"assignWithDepth");a=s(()=>j({},V),"getConfig")';
    expect(patchMermaidModule(once).source).toContain(`a=s(()=>${CONFIG_COPY_FUNCTION}(V)??j({},V),"getConfig")`);
  });

  it("copies Mermaid's real configuration exactly as assignWithDepth does", async () => {
    const assign = await mermaidAssignWithDepth();
    const mermaid = await loadMermaid();
    const config = mermaid.mermaidAPI.getConfig() as Record<string, unknown>;
    expect(Object.keys(config).length).toBeGreaterThan(40);
    const fast = copy(config);
    expect(fast).toBeDefined();
    expect(observe(fast, config)).toEqual(observe(assign({}, config), config));
  });

  it('copies any configuration-like object exactly as assignWithDepth does', async () => {
    const assign = await mermaidAssignWithDepth();
    fc.assert(
      fc.property(
        configValue.filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
        (config) => {
          const fast = copy(config as object) ?? assign({}, config as object);
          expect(observe(fast, config)).toEqual(observe(assign({}, config as object), config));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
