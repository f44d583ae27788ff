/**
 * A small typed builder for Mermaid sequence diagrams; like the flowchart builder it owns every
 * identifier and escapes all text. https://mermaid.js.org/syntax/sequenceDiagram.html
 */
import { escapeText } from './escape.ts';
import { frontMatter } from './flowchart.ts';

export interface Participant {
  readonly id: string;
}

export type ArrowKind = 'sync' | 'reply' | 'async' | 'async-reply';
const ARROWS: Record<ArrowKind, string> = { sync: '->>', reply: '-->>', async: '-)', 'async-reply': '--)' };

type Line =
  | { type: 'message'; from: string; to: string; text: string; arrow: ArrowKind }
  | { type: 'note'; over: string[]; text: string }
  | { type: 'block'; keyword: 'rect' | 'opt' | 'loop' | 'critical'; header: string; lines: Line[] };

export class SequenceScope {
  protected readonly lines: Line[] = [];

  message(from: Participant, to: Participant, text: string, arrow: ArrowKind = 'sync'): this {
    this.lines.push({ type: 'message', from: from.id, to: to.id, text, arrow });
    return this;
  }

  note(over: readonly Participant[], text: string): this {
    this.lines.push({ type: 'note', over: over.map((p) => p.id), text });
    return this;
  }

  /** A shaded group (`rect`), with a colour from a fixed palette. */
  rect(colour: 'control' | 'data' | 'neutral', build: (scope: SequenceScope) => void): this {
    const rgb = { control: 'rgb(235, 242, 255)', data: 'rgb(236, 250, 236)', neutral: 'rgb(245, 245, 245)' }[colour];
    return this.#block('rect', rgb, build);
  }

  /** An optional, looped or critical section with a caption. */
  section(keyword: 'opt' | 'loop' | 'critical', caption: string, build: (scope: SequenceScope) => void): this {
    return this.#block(keyword, escapeText(caption), build);
  }

  #block(keyword: 'rect' | 'opt' | 'loop' | 'critical', header: string, build: (scope: SequenceScope) => void): this {
    const scope = new SequenceScope();
    build(scope);
    this.lines.push({ type: 'block', keyword, header, lines: scope.lines });
    return this;
  }

  protected renderLines(lines: readonly Line[], indent: string, out: string[]): void {
    for (const line of lines) {
      if (line.type === 'message') out.push(`${indent}${line.from}${ARROWS[line.arrow]}${line.to}: ${escapeText(line.text)}`);
      else if (line.type === 'note') out.push(`${indent}Note over ${line.over.join(',')}: ${escapeText(line.text)}`);
      else {
        out.push(`${indent}${line.keyword} ${line.header}`);
        this.renderLines(line.lines, `${indent}  `, out);
        out.push(`${indent}end`);
      }
    }
  }
}

export class SequenceDiagram extends SequenceScope {
  readonly #participants: { id: string; label: string; actor: boolean }[] = [];
  readonly #options: { title?: string; theme?: string; autonumber?: boolean };

  constructor(options: { title?: string; theme?: string; autonumber?: boolean } = {}) {
    super();
    this.#options = options;
  }

  participant(label: string, options: { actor?: boolean } = {}): Participant {
    const id = `p${this.#participants.length + 1}`;
    this.#participants.push({ id, label, actor: options.actor ?? false });
    return { id };
  }

  override toString(): string {
    const out: string[] = [...frontMatter(this.#options), 'sequenceDiagram'];
    if (this.#options.autonumber) out.push('  autonumber');
    for (const p of this.#participants) out.push(`  ${p.actor ? 'actor' : 'participant'} ${p.id} as ${escapeText(p.label)}`);
    this.renderLines(this.lines, '  ', out);
    return `${out.join('\n')}\n`;
  }
}
