/**
 * A small typed builder for Mermaid sequence diagrams; like the flowchart builder it owns every
 * identifier and escapes all text. https://mermaid.js.org/syntax/sequenceDiagram.html
 */
import { escapeText } from './escape.ts';
import { frontMatter } from './flowchart.ts';
import { breakLines } from './wrap.ts';

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

  protected renderLines(lines: readonly Line[], indent: string, out: string[], wrap: SequenceWrap = {}): void {
    for (const line of lines) {
      if (line.type === 'message')
        out.push(`${indent}${line.from}${ARROWS[line.arrow]}${line.to}: ${sequenceText(wrapped(line.text, wrap.message))}`);
      else if (line.type === 'note') {
        const columns = line.over.length > 1 ? wrap.wideNote : wrap.note;
        out.push(`${indent}Note over ${line.over.join(',')}: ${sequenceText(wrapped(line.text, columns))}`);
      } else {
        out.push(`${indent}${line.keyword} ${line.header}`);
        this.renderLines(line.lines, `${indent}  `, out, wrap);
        out.push(`${indent}end`);
      }
    }
  }
}

/**
 * Line widths, in columns (a CJK character counts as two), that the builder breaks text at; a
 * kind left out is not broken. Mermaid's actor boxes are 150 px wide, about 18 columns of its 16 px font.
 */
export interface SequenceWrap {
  participant?: number;
  message?: number;
  /** A note over one participant. */
  note?: number;
  /** A note over two or more participants. */
  wideNote?: number;
}

function wrapped(text: string, columns: number | undefined): string {
  return columns === undefined ? text : breakLines(text, columns);
}

/**
 * Sequence text escaped, and inert where it begins like Mermaid's own `wrap:` or `nowrap:`
 * prefix, which Mermaid would otherwise take off the text (its colon is written as an entity).
 */
function sequenceText(text: string): string {
  return escapeText(text).replace(/^(:?(?:no)?wrap):/, '$1#58;');
}

export interface SequenceOptions {
  title?: string;
  theme?: string;
  autonumber?: boolean;
  wrap?: SequenceWrap;
}

export class SequenceDiagram extends SequenceScope {
  readonly #participants: { id: string; label: string; actor: boolean }[] = [];
  readonly #options: SequenceOptions;

  constructor(options: SequenceOptions = {}) {
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
    const wrap = this.#options.wrap ?? {};
    for (const p of this.#participants) {
      // With `wrap:`, Mermaid makes an actor's box as tall as its lines (else a fixed 65 px).
      const label = wrap.participant === undefined ? sequenceText(p.label) : `wrap:${sequenceText(wrapped(p.label, wrap.participant))}`;
      out.push(`  ${p.actor ? 'actor' : 'participant'} ${p.id} as ${label}`);
    }
    this.renderLines(this.lines, '  ', out, wrap);
    return `${out.join('\n')}\n`;
  }
}
