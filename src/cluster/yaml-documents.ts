/**
 * Multi-document YAML to plain values, one document at a time, so a 20,000-document file never
 * holds 20,000 syntax trees at once. Problems are returned as data (line, column, document
 * number) so that a stream parsed in parts can report them with the numbers of the whole file.
 *
 * Aliases are where YAML input stops being proportional to its size: 139 KB of anchors can expand
 * to 148 MB. The yaml parser's own guard counts aliases, not what they copy, so each document's
 * expanded size is measured on its syntax tree (without expanding it) and a document that aliases
 * would grow more than ALIAS_EXPANSION_FACTOR-fold is refused before it is converted.
 * https://en.wikipedia.org/wiki/Billion_laughs_attack
 */
import { Composer, type Document, isAlias, isMap, isNode, isPair, isSeq, LineCounter, type Node, Parser } from 'yaml';

/** How much bigger than its syntax tree aliases may make a document (node counts), and a floor for small ones. */
export const ALIAS_EXPANSION_FACTOR = 10;
const ALIAS_EXPANSION_FLOOR = 10_000;

// No Node warnings on stderr: a complex key, say, is stringified silently (issue 9, item 14).
const OPTIONS = { merge: true, uniqueKeys: false, logLevel: 'error' } as const;

/**
 * Why a document's aliases make it unusable, or undefined: an alias inside the node it names (a
 * cycle), or an expansion out of proportion. Counts nodes with each alias standing for the size of
 * the node it names; iterative, so neither nesting nor alias chains cost stack.
 */
export function aliasProblem(doc: Document.Parsed): string | undefined {
  const root = doc.contents;
  if (!root) return undefined;
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  interface Frame {
    node: Node;
    children: unknown[];
    next: number;
    size: number;
  }
  const stack: Frame[] = [];
  let literal = 0;
  const enter = (node: Node): void => {
    literal++;
    if (node.anchor) anchors.set(node.anchor, node);
    open.add(node);
    const children = isMap(node)
      ? node.items.flatMap((pair) => (isPair(pair) ? [pair.key, pair.value] : []))
      : isSeq(node)
        ? node.items
        : [];
    stack.push({ node, children, next: 0, size: 1 });
  };
  enter(root as Node);
  let total = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (isAlias(child)) {
        literal++;
        const target = anchors.get(child.source);
        if (target && open.has(target)) return `the alias *${child.source} is inside the node it names (a cycle)`;
        top.size += target ? (sizes.get(target) ?? 1) : 1;
      } else if (isNode(child)) enter(child);
      else top.size += 1;
      continue;
    }
    stack.pop();
    open.delete(top.node);
    if (top.node.anchor) sizes.set(top.node, top.size);
    const parent = stack[stack.length - 1];
    if (parent) parent.size += top.size;
    else total = top.size;
  }
  const allowed = Math.max(ALIAS_EXPANSION_FACTOR * literal, ALIAS_EXPANSION_FLOOR);
  return total > allowed
    ? `its aliases would expand ${literal.toLocaleString('en-US')} YAML nodes to ${total > 1e12 ? 'more than 10¹²' : total.toLocaleString('en-US')} (more than ${ALIAS_EXPANSION_FACTOR}×); not read`
    : undefined;
}

/** The parser's message, one line; its own stack overflow on deep nesting is named as such. */
function problemMessage(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return 'nested too deeply to read';
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') || 'invalid YAML';
}

export type YamlProblem =
  | { kind: 'syntax'; line: number; col: number; doc: number; message: string }
  | { kind: 'convert'; doc: number; message: string };

export interface YamlDocuments {
  documents: unknown[];
  problems: YamlProblem[];
}

export function parseYamlDocuments(text: string): YamlDocuments {
  const documents: unknown[] = [];
  const problems: YamlProblem[] = [];
  const lines = new LineCounter();
  const composer = new Composer(OPTIONS);
  try {
    for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
      const number = documents.length + 1;
      const error = doc.errors[0];
      if (error) {
        const pos = lines.linePos(error.pos[0]);
        problems.push({ kind: 'syntax', line: pos.line, col: pos.col, doc: number, message: problemMessage(error.message) });
        documents.push(null);
        continue;
      }
      try {
        const aliases = aliasProblem(doc);
        if (aliases) throw new Error(aliases);
        // The expansion is checked above; the parser's alias count would refuse large honest files.
        documents.push(doc.toJS({ maxAliasCount: -1 }));
      } catch (e) {
        problems.push({ kind: 'convert', doc: number, message: problemMessage(e instanceof Error ? e.message : String(e)) });
        documents.push(null);
      }
    }
  } catch (e) {
    // The parser itself gave up (its recursion on deep nesting): what was read so far stays.
    problems.push({ kind: 'convert', doc: documents.length + 1, message: problemMessage(e instanceof Error ? e.message : String(e)) });
  }
  return { documents, problems };
}

/**
 * One YAML (or JSON) value embedded in a ConfigMap, with the same guards as a manifest (no
 * warnings, aliases in proportion); throws when it is not one usable document.
 */
export function parseYamlValue(text: string): unknown {
  const docs = [...new Composer(OPTIONS).compose(new Parser().parse(text))];
  const doc = docs[0];
  if (!doc || docs.length > 1) throw new Error(docs.length > 1 ? 'more than one YAML document' : 'empty');
  if (doc.errors[0]) throw doc.errors[0];
  const aliases = aliasProblem(doc);
  if (aliases) throw new Error(aliases);
  return doc.toJS({ maxAliasCount: -1 });
}

/**
 * Cut a YAML stream into about `parts` pieces at document markers (`---` at the start of a line,
 * which YAML never allows as content there), each with the number of lines before it.
 */
export function splitYamlStream(text: string, parts: number): { text: string; lineOffset: number }[] {
  const pieces: { text: string; lineOffset: number }[] = [];
  let start = 0;
  let lineOffset = 0;
  for (let k = 1; k < parts; k++) {
    const target = Math.floor((text.length * k) / parts);
    if (target <= start) continue;
    const marker = /^---(?=[ \t\r\n]|$)/gm;
    marker.lastIndex = target;
    const found = marker.exec(text);
    if (!found) break;
    const piece = text.slice(start, found.index);
    pieces.push({ text: piece, lineOffset });
    lineOffset += countLines(piece);
    start = found.index;
  }
  pieces.push({ text: text.slice(start), lineOffset });
  return pieces;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
