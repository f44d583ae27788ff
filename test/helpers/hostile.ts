/**
 * Hostile text for the tests of issue 9: strings that try to reach a terminal as control codes,
 * a diagram as syntax or KaTeX, or Markdown as structure; and the checks that they did not.
 */
import { lint } from 'markdownlint/sync';

/** What no output of k8snet may contain: C0 controls but newline and tab, DEL, C1 controls, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const UNSAFE_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Retitle the window, then clear the screen (issue 9's reproduction). */
export const TERMINAL_ATTACK = '\u001b]0;pwned\u0007\u001b[2Jimg';

export const HOSTILE_STRINGS = [
  TERMINAL_ATTACK,
  '\u009b31mCSI\u009b0m',
  'abc\u202edcba\u2066x\u2069',
  '\u0000nul\u0008bs\u007fdel',
  'line one\nline two\r\nthree\rfour',
  'tab\there',
  '$$\\rule{20000px}{20000px}$$',
  '$$\\color{red}{\\Huge PWNED}$$',
  'https://evil.example/x www.evil.example a@b.example',
  '| a | b |',
  '# heading',
  '- item',
  '1. item',
  '> quote',
  '```',
  '<script>alert(1)</script>',
  '&#x202E;&amp;',
  '%%{init: {"theme":"dark"}}%%',
  'ends with a colon:',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'a/b',
  '',
  ' ',
] as const;

/** markdownlint's default rules, as the project lints its Markdown (line length off: generated prose is not wrapped). */
export function markdownlintErrors(markdown: string): string[] {
  const results = lint({ strings: { out: markdown }, config: { default: true, MD013: false } });
  return (results.out ?? []).map((e) => `${e.lineNumber}: ${e.ruleNames.join('/')} ${e.errorDetail ?? ''} ${e.errorContext ?? ''}`);
}

/** The text with the table renderer's own colour codes removed: what must then be free of controls. */
export function withoutStyling(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the SGR sequences chalk writes
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
