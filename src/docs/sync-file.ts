/**
 * `k8snet docs --sync FILE`: refresh the k8snet blocks of a Markdown file in place, running each
 * marker's command line in this process with captured output. The markers are parsed by the same
 * commander tree as the command line and may only use the options of SYNC_OPTIONS: a marker never
 * chooses where output goes, and reads catalogue files only inside the document's folder.
 */
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { isInside, listDataFiles } from '../catalogue/load.ts';
import type { Lang } from '../catalogue/constants.ts';
import type { CommandContext } from '../commands/context.ts';
import { describeSystemError, IoError, K8snetError, UsageError } from '../errors.ts';
import { type DiagramTranslator, diagramTranslator } from '../i18n/diagram-messages.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { Io, OutStream } from '../io/io.ts';
import { type ReadLimit, readRegularFile, sizeLimit } from '../io/read-file.ts';
import { type BlockRunner, SYNC_COMMON_OPTIONS, SYNC_OPTIONS, type SyncCommand, syncMarkdown } from './sync.ts';

/** A README or a guide; the limit keeps /dev/zero-like input out of memory. */
export const SYNC_FILE_LIMIT: ReadLimit = { maxBytes: 16 * 2 ** 20, variable: 'K8SNET_MAX_SYNC_BYTES', what: 'a document for docs --sync' };

export async function syncFile(context: CommandContext, file: string, lang: Lang): Promise<void> {
  const { env } = context.io;
  const text = readRegularFile(file, {
    ...SYNC_FILE_LIMIT,
    maxBytes: sizeLimit(env, SYNC_FILE_LIMIT.variable, SYNC_FILE_LIMIT.maxBytes),
  }).toString('utf8');
  const folder = dirname(realpathSync.native(file));
  const { text: updated, count } = await syncMarkdown(text, file, lang, inProcessRunner(context, lang, folder));
  const t = diagramTranslator(lang);
  if (updated === text) {
    context.io.stderr.write(`${t.t('syncUnchanged', { file, count })}\n`);
    return;
  }
  writeFileAtomic(file, updated);
  context.io.stderr.write(`${t.t('syncUpdated', { file, count })}\n`);
}

/**
 * Refuse every option the marker gave that is not on the allow-list, and replace its --catalog
 * paths (relative to the document's folder) by the files they name, all inside that folder.
 */
function confineMarker(action: Command, name: SyncCommand, folder: string, t: DiagramTranslator, io: Io): void {
  const allowed: readonly string[] = [...SYNC_OPTIONS[name], ...SYNC_COMMON_OPTIONS];
  for (const option of action.options) {
    const flag = option.long ?? option.flags;
    if (action.getOptionValueSource(option.attributeName()) === 'cli' && !allowed.includes(flag)) {
      throw new UsageError(t.t('syncOptionRefused', { option: flag, allowed: allowed.join(', ') }));
    }
  }
  const paths = action.getOptionValue('catalog') as string[] | undefined;
  if (!paths) return;
  const files = paths.flatMap((path) => {
    let real: string;
    try {
      real = realpathSync.native(resolve(folder, path));
    } catch (error) {
      throw new IoError(`cannot read ${path}: ${describeSystemError(error)}`);
    }
    if (!isInside(real, folder)) throw new UsageError(t.t('syncCatalogOutside', { path, folder }));
    return listDataFiles(real, { within: folder, warn: (message) => io.stderr.write(`warning: ${message}\n`) });
  });
  action.setOptionValueWithSource('catalog', files, 'cli');
}

/** Runs a marker's command line in this process with captured output, as Markdown. */
function inProcessRunner(context: CommandContext, lang: Lang, folder: string): BlockRunner {
  const t = diagramTranslator(lang);
  return async (name, args) => {
    const out: string[] = [];
    const err: string[] = [];
    const capture = (sink: string[]): OutStream => ({ write: (chunk) => sink.push(String(chunk)) > 0, isTTY: false });
    const io: Io = { ...context.io, stdout: capture(out), stderr: capture(err) };
    if (!context.createProgram) throw new Error('internal: docs --sync needs the command tree');
    const program = context.createProgram({ ...context, io });
    program.hook('preAction', (_program, action) => {
      confineMarker(action, name as SyncCommand, folder, t, io);
      // Markdown in the document's language, without colour, unless the marker says otherwise.
      const defaults = { format: 'markdown', lang, color: false } as const;
      for (const [key, value] of Object.entries(defaults)) {
        if (action.getOptionValueSource(key) !== 'cli') action.setOptionValueWithSource(key, value, 'default');
      }
    });
    const lines = (): string[] => err.join('').split('\n');
    try {
      await program.parseAsync(['node', 'k8snet', name, ...args]);
    } catch (error) {
      if (error instanceof K8snetError) throw error;
      const first = lines().find((l) => l.startsWith('error: '));
      throw new Error(first?.replace(/^error: /, '') ?? (error instanceof Error ? error.message : String(error)));
    }
    for (const line of lines()) if (line.startsWith('warning: ')) context.io.stderr.write(`${line}\n`);
    return out.join('');
  };
}
