/**
 * Multi-document YAML to plain values, one document at a time, so a 20,000-document file never
 * holds 20,000 syntax trees at once. Problems are returned as data (line, column, document
 * number) so that a stream parsed in parts can report them with the numbers of the whole file.
 */
import { Composer, LineCounter, Parser } from 'yaml';

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
  const composer = new Composer({ merge: true, uniqueKeys: false });
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
    const number = documents.length + 1;
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') || 'invalid YAML';
      problems.push({ kind: 'syntax', line: pos.line, col: pos.col, doc: number, message });
      documents.push(null);
      continue;
    }
    try {
      documents.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch (e) {
      problems.push({ kind: 'convert', doc: number, message: e instanceof Error ? e.message : String(e) });
      documents.push(null);
    }
  }
  return { documents, problems };
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
