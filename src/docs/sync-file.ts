/**
 * `k8snet docs --sync FILE`: refresh the k8snet blocks of a Markdown file in place, running each
 * marker's command line in this process with captured output.
 */
import { readFileSync } from 'node:fs';
import type { Lang } from '../catalogue/constants.ts';
import type { CommandContext } from '../commands/context.ts';
import { describeSystemError, IoError } from '../errors.ts';
import { diagramTranslator } from '../i18n/diagram-messages.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { Io, OutStream } from '../io/io.ts';
import { type BlockRunner, syncMarkdown } from './sync.ts';

export async function syncFile(context: CommandContext, file: string, lang: Lang): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new IoError(`cannot read ${file}: ${describeSystemError(error)}`);
  }
  const { text: updated, count } = await syncMarkdown(text, file, lang, inProcessRunner(context, lang));
  const t = diagramTranslator(lang);
  if (updated === text) {
    context.io.stderr.write(`${t.t('syncUnchanged', { file, count })}\n`);
    return;
  }
  writeFileAtomic(file, updated);
  context.io.stderr.write(`${t.t('syncUpdated', { file, count })}\n`);
}

const FORBIDDEN = /^(-o|--output|--sync)(=|$)/;

/** Runs a marker's command line in this process with captured output, as Markdown. */
function inProcessRunner(context: CommandContext, lang: Lang): BlockRunner {
  return async (name, args) => {
    const bad = args.find((a) => FORBIDDEN.test(a));
    if (bad) throw new Error(`${bad} is not allowed in a marker`);
    const out: string[] = [];
    const err: string[] = [];
    const capture = (sink: string[]): OutStream => ({ write: (chunk) => sink.push(String(chunk)) > 0, isTTY: false });
    const io: Io = { ...context.io, stdout: capture(out), stderr: capture(err) };
    const hasFlag = (...flags: string[]): boolean => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
    const argv = [
      ...args,
      ...(hasFlag('--format', '-f') ? [] : ['--format', 'markdown']),
      ...(hasFlag('--lang', '-l') ? [] : ['--lang', lang]),
      '--no-color',
    ];
    if (!context.createProgram) throw new Error('internal: docs --sync needs the command tree');
    const program = context.createProgram({ ...context, io });
    try {
      await program.parseAsync(['node', 'k8snet', name, ...argv]);
    } catch (error) {
      const first = err
        .join('')
        .split('\n')
        .find((l) => l.trim() !== '');
      throw new Error(first?.replace(/^error: /, '') ?? (error instanceof Error ? error.message : String(error)));
    }
    return out.join('');
  };
}
