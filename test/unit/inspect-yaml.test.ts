import { describe, expect, it } from 'vitest';
import { parseYamlDocuments, splitYamlStream } from '../../src/cluster/yaml-documents.ts';

const service = (i: number): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns\nspec:\n  ports:\n    - port: 80\n`;

describe('large YAML streams parsed in pieces', () => {
  const docs = Array.from({ length: 300 }, (_, i) => service(i));
  docs[250] = 'apiVersion: v1\nkind: Service\nmetadata: {name: broken\n';
  const text = `${docs.join('---\n')}`;

  it('cuts only at document markers, keeping every byte and counting the lines before each piece', () => {
    const pieces = splitYamlStream(text, 4);
    expect(pieces.length).toBe(4);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    for (const piece of pieces.slice(1)) expect(piece.text.startsWith('---\n')).toBe(true);
    let lines = 0;
    for (const piece of pieces) {
      expect(piece.lineOffset).toBe(lines);
      lines += piece.text.split('\n').length - 1;
    }
  });

  it('gives the same documents and problems, renumbered, as parsing the whole stream', () => {
    const whole = parseYamlDocuments(text);
    const pieces = splitYamlStream(text, 3);
    const parts = pieces.map((p) => parseYamlDocuments(p.text));
    const documents = parts.flatMap((p) => p.documents);
    expect(documents).toEqual(whole.documents);
    let docOffset = 0;
    const problems = parts.flatMap((part, i) => {
      const shifted = part.problems.map((p) =>
        p.kind === 'syntax'
          ? { ...p, line: p.line + (pieces[i]?.lineOffset ?? 0), doc: p.doc + docOffset }
          : { ...p, doc: p.doc + docOffset },
      );
      docOffset += part.documents.length;
      return shifted;
    });
    expect(problems).toEqual(whole.problems);
    expect(whole.problems).toMatchObject([{ kind: 'syntax', doc: 251 }]);
  });

  it('keeps a stream without markers in one piece', () => {
    expect(splitYamlStream(service(1), 4)).toEqual([{ text: service(1), lineOffset: 0 }]);
  });
});
