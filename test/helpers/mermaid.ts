/**
 * Mermaid's own parser, in Node. Mermaid needs a DOM (DOMPurify binds `window` when it loads),
 * so a jsdom window is installed before mermaid is imported. (happy-dom's sanitising drops text
 * before a `<br/>`, which would hide real label contents from the tests.)
 */
import { JSDOM } from 'jsdom';

type MermaidApi = typeof import('mermaid').default;
let loaded: Promise<MermaidApi> | undefined;

export function loadMermaid(): Promise<MermaidApi> {
  loaded ??= (async () => {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window, document: window.document });
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    return mermaid;
  })();
  return loaded;
}

/** Parse with Mermaid; resolves to the diagram type or rejects with Mermaid's own error. */
export async function parseMermaid(text: string): Promise<string> {
  const mermaid = await loadMermaid();
  const result = await mermaid.parse(text);
  if (!result) throw new Error('mermaid.parse returned false');
  return result.diagramType;
}

/** The texts Mermaid will show, read back from the parsed diagram's database, entities decoded. */
export async function diagramTexts(text: string): Promise<string[]> {
  const mermaid = await loadMermaid();
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  // biome-ignore lint/suspicious/noExplicitAny: the per-diagram databases are untyped
  const db = diagram.db as any;
  const texts: string[] = [];
  if (typeof db.getVertices === 'function') {
    const vertices = db.getVertices();
    for (const v of vertices instanceof Map ? vertices.values() : Object.values(vertices)) texts.push(v.text);
    for (const e of db.getEdges()) if (e.text) texts.push(e.text);
    for (const s of db.getSubGraphs()) texts.push(s.title);
  }
  if (typeof db.getBlocksFlat === 'function') {
    for (const b of db.getBlocksFlat()) if (b.type !== 'space' && b.type !== 'composite' && b.label) texts.push(b.label);
  }
  if (typeof db.getMessages === 'function') {
    for (const m of db.getMessages()) if (typeof m.message === 'string') texts.push(m.message);
    for (const a of db.getActors().values()) texts.push(a.description);
  }
  return texts.map(decodeMermaidPlaceholders);
}

/** Mermaid swaps `#35;` for `ﬂ°°35¶ß` while parsing and back to `&#35;` when drawing: do that here. */
export function decodeMermaidPlaceholders(text: string): string {
  return text
    .replace(/ﬂ°°(\d+)¶ß/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/ﬂ°(\w+)¶ß/g, (_, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>' })[name] ?? `&${name};`)
    .replace(/<br\s*\/?>/g, '\n');
}
