import type { Lang, Localized } from '../catalogue/schema.ts';

export function pick(text: Localized, lang: Lang): string {
  return text[lang];
}

/** The name diagrams label an entry with: its short name where the catalogue gives one. */
export function shortNameOf(entry: { name: Localized; shortName?: Localized | undefined }, lang: Lang): string {
  return (entry.shortName ?? entry.name)[lang];
}

/** Numbered references: each distinct URL gets one number, in order of first use. */
export class SourceList {
  readonly #numbers = new Map<string, number>();
  ref(url: string): number {
    let n = this.#numbers.get(url);
    if (n === undefined) {
      n = this.#numbers.size + 1;
      this.#numbers.set(url, n);
    }
    return n;
  }
  toArray(): { n: number; url: string }[] {
    return [...this.#numbers].map(([url, n]) => ({ n, url }));
  }
}
