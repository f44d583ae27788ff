/**
 * One speed-up for Mermaid in the shared render page, applied to Mermaid's own module text as the
 * page loads it. Nothing else about Mermaid changes, and its output stays the same byte for byte
 * (test/unit/mermaid-patch.test.ts checks the copy against Mermaid's own function, and the
 * rendering tests compare patched and unpatched SVGs).
 *
 * Why: Mermaid 11's `getConfig()` returns a fresh deep copy of the whole configuration (52
 * sections, ~900 keys) made by its generic `assignWithDepth`, which goes through
 * `Object.entries`, closures and `Object.defineProperty` for every key. Layout calls it several
 * times per node and edge: profiled in Chromium 156, it was a third of the time spent rendering
 * k8snet's relations diagram (about 100 edges) and ~0.3 s of the five standard diagrams.
 *
 * The replacement builds the same copy with plain loops: `assignWithDepth({}, config)` with its
 * default depth of 2 copies the top level and its sections key by key, copies the objects inside
 * those shallowly, skips null values, and copies arrays without duplicates. For a key named
 * `__proto__`, which plain assignment would treat differently, it returns undefined and the
 * original function runs instead.
 *
 * If a Mermaid upgrade changes the code the pattern expects, the module is served unpatched
 * (slower, still correct), and the unit test that pins the pattern fails to say so.
 */

/** The copy function put in front of the patched module; written as source because it runs in the page. */
export const CONFIG_COPY_FUNCTION = 'k8snetCopyConfig';

export const CONFIG_COPY_SOURCE = `function ${CONFIG_COPY_FUNCTION}(config) {
  const unique = (array) => { const out = []; array.forEach((item) => { if (!out.includes(item)) out.push(item); }); return out; };
  const top = {};
  for (const key of Object.keys(config)) {
    if (key === '__proto__') return undefined;
    const value = config[key];
    if (typeof value !== 'object') { top[key] = value; continue; }
    if (value === null) continue;
    if (Array.isArray(value)) { top[key] = unique(value); continue; }
    const section = {};
    for (const inner of Object.keys(value)) {
      if (inner === '__proto__') return undefined;
      const item = value[inner];
      if (typeof item !== 'object') { section[inner] = item; continue; }
      if (item === null) continue;
      section[inner] = Array.isArray(item) ? unique(item) : Object.assign({}, item);
    }
    top[key] = section;
  }
  return top;
}
`;

/** `getConfig` as Mermaid's minified ESM build defines it: `NAME=wrap(()=>assign({},CONFIG),"getConfig")`. */
const GET_CONFIG = /(?<head>\b[\w$]+=[\w$]+\(\(\)=>)(?<assign>[\w$]+)\(\{\},(?<config>[\w$]+)\)(?<tail>,"getConfig"\))/g;

const escapeName = (name: string): string => name.replace(/\$/g, '\\$');

/**
 * Whether NAME is Mermaid's assignWithDepth with a default depth of 2, which the copy reproduces:
 * `NAME=INNER` and `INNER=wrap((dst,src,{depth:d=2}={})=>…`.
 */
function isAssignWithDepth(source: string, name: string): boolean {
  const alias = new RegExp(`\\b${escapeName(name)}=([\\w$]+)[;,]`).exec(source)?.[1];
  const target = alias && alias !== name ? alias : name;
  return new RegExp(`\\b${escapeName(target)}=[\\w$]+\\(\\([\\w$]+,[\\w$]+,\\{depth:[\\w$]+=2\\}=\\{\\}\\)=>`).test(source);
}

/** A cheap test for the one module worth patching, before any regular expression runs. */
export function mayDefineGetConfig(source: string): boolean {
  return source.includes('"getConfig")') && source.includes('"assignWithDepth")');
}

/**
 * The module text with Mermaid's `getConfig` replaced by the fast copy, or the text unchanged
 * (`patched: false`) unless the pattern matches exactly once.
 */
export function patchMermaidModule(source: string): { source: string; patched: boolean } {
  if (!mayDefineGetConfig(source)) return { source, patched: false };
  const matches = [...source.matchAll(GET_CONFIG)];
  const assign = matches.length === 1 ? matches[0]?.groups?.assign : undefined;
  if (!assign || !isAssignWithDepth(source, assign)) return { source, patched: false };
  const patched = source.replace(
    GET_CONFIG,
    (_match, head: string, assign: string, config: string, tail: string) =>
      `${head}${CONFIG_COPY_FUNCTION}(${config})??${assign}({},${config})${tail}`,
  );
  return { source: `${CONFIG_COPY_SOURCE}${patched}`, patched: true };
}
