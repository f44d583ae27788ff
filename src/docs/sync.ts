/**
 * `k8snet docs --sync FILE`: regenerate the blocks between
 *   <!-- k8snet:NAME ARGS -->  and  <!-- /k8snet:NAME -->
 * in a Markdown file, where NAME ARGS is a k8snet command line (`diagram service-flow --lang zh`).
 * Every byte outside the blocks is kept; running it twice changes nothing; any problem (a missing
 * closing marker, an unknown command, a failing command) leaves the file as it was.
 */

import type { Lang } from '../catalogue/constants.ts';
import { UsageError } from '../errors.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';

/** Commands whose Markdown output can fill a block. None writes files or runs a browser. */
export const SYNC_COMMANDS = ['diagram', 'docs', 'layers', 'compare', 'list', 'explain'] as const;
export type SyncCommand = (typeof SYNC_COMMANDS)[number];

/**
 * The options a marker may give: only those that choose what is generated. A marker comes from a
 * Markdown file that anyone sending a pull request can write, so everything else is refused:
 * where output goes (-o, --sync), image options, and any option a command gains later until it
 * is listed here. --catalog is allowed only for files inside the document's folder.
 */
export const SYNC_OPTIONS: Readonly<Record<SyncCommand, readonly string[]>> = {
  diagram: [
    '--proxy-mode',
    '--cni',
    '--cluster-ip',
    '--backends',
    '--workers',
    '--pods-per-node',
    '--layout',
    '--kind',
    '--direction',
    '--theme',
    '--title',
  ],
  docs: ['--section'],
  layers: ['--kind', '--type', '--by', '--direction', '--layout'],
  compare: [],
  list: ['--kind', '--layer', '--status', '--type'],
  explain: [],
};
/** Allowed in every marker (docs --sync adds --format, --lang and --no-color itself when missing). */
export const SYNC_COMMON_OPTIONS = ['--format', '--lang', '--no-color', '--catalog'] as const;

export interface MarkerBlock {
  name: string;
  args: string[];
  /** 1-based line of the opening marker. */
  line: number;
  /** Offsets: the end of the opening marker line and the start of the closing marker line. */
  contentStart: number;
  contentEnd: number;
}

const OPEN = /^[ \t]*<!--[ \t]*k8snet:([a-z][a-z-]*)((?:[ \t]+[^\n]*?)?)[ \t]*-->[ \t]*$/;
const CLOSE = /^[ \t]*<!--[ \t]*\/k8snet:([a-z][a-z-]*)[ \t]*-->[ \t]*$/;

/** Shell-like splitting of the marker's arguments: spaces separate, quotes group. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) args.push(match[1] ?? match[2] ?? match[3] ?? '');
  return args;
}

export function findMarkers(text: string, file: string, lang: Lang): MarkerBlock[] {
  const t = diagramTranslator(lang);
  const blocks: MarkerBlock[] = [];
  let open: { name: string; args: string[]; line: number; contentStart: number } | undefined;
  let offset = 0;
  // Markers shown inside fenced code blocks (documentation about markers) are not markers.
  let fence: { char: string; length: number } | undefined;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const next = offset + line.length + 1;
    const body = line.replace(/\r$/, '');
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(body)?.[1];
    if (fenceMark) {
      const char = fenceMark.charAt(0);
      if (!fence) fence = { char, length: fenceMark.length };
      else if (char === fence.char && fenceMark.length >= fence.length && body.trim() === fenceMark) fence = undefined;
    }
    if (fence || fenceMark) {
      offset = next;
      continue;
    }
    const opening = OPEN.exec(body);
    const closing = CLOSE.exec(body);
    if (opening && !open) {
      open = { name: opening[1] ?? '', args: splitArgs(opening[2] ?? ''), line: i + 1, contentStart: Math.min(next, text.length) };
    } else if (opening && open) {
      throw new UsageError(t.t('syncMissingClose', { file, line: open.line, name: open.name }));
    } else if (closing) {
      if (!open || closing[1] !== open.name) {
        if (open) throw new UsageError(t.t('syncMissingClose', { file, line: open.line, name: open.name }));
        throw new UsageError(t.t('syncUnexpectedClose', { file, line: i + 1, name: closing[1] ?? '' }));
      }
      blocks.push({ ...open, contentEnd: offset });
      open = undefined;
    }
    offset = next;
  }
  if (open) throw new UsageError(t.t('syncMissingClose', { file, line: open.line, name: open.name }));
  return blocks;
}

export type BlockRunner = (name: string, args: readonly string[]) => Promise<string>;

/** The new text of the file and how many blocks it has; throws before anything is written. */
export async function syncMarkdown(text: string, file: string, lang: Lang, run: BlockRunner): Promise<{ text: string; count: number }> {
  const t = diagramTranslator(lang);
  const blocks = findMarkers(text, file, lang);
  if (blocks.length === 0) throw new UsageError(t.t('syncNone', { file }));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let result = '';
  let last = 0;
  for (const block of blocks) {
    if (!(SYNC_COMMANDS as readonly string[]).includes(block.name)) {
      throw new UsageError(t.t('syncUnknown', { file, line: block.line, name: block.name, names: SYNC_COMMANDS.join(', ') }));
    }
    let generated: string;
    try {
      generated = await run(block.name, block.args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new UsageError(t.t('syncFailed', { file, line: block.line, name: block.name, args: block.args.join(' '), message }));
    }
    const body = generated.replace(/\s+$/, '').split('\n').join(eol);
    result += `${text.slice(last, block.contentStart)}${eol}${body}${eol}${eol}`;
    last = block.contentEnd;
  }
  result += text.slice(last);
  return { text: result, count: blocks.length };
}
