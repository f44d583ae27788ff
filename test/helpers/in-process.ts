/**
 * Run a k8snet command line in this process, as main.ts does (the same program, errors mapped to
 * the same exit codes, messages through the same stderr stream), with captured output. Much faster
 * than spawning the CLI, for tests that run many inputs (the fuzz test).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import type { CatalogueData } from '../../src/catalogue/schema.ts';
import { K8snetError, NegativeResult } from '../../src/errors.ts';
import { type Io, messageStream, type OutStream } from '../../src/io/io.ts';
import { createProgram } from '../../src/program.ts';
import { ROOT, type RunResult } from './cli.ts';

let builtin: CatalogueData | undefined;
function loadBuiltinCatalogue(): CatalogueData {
  const built = join(ROOT, 'dist', 'catalogue.json');
  builtin ??= existsSync(built) ? (JSON.parse(readFileSync(built, 'utf8')) as CatalogueData) : compileCatalogue(join(ROOT, 'data'));
  return builtin; // the Catalogue copies what it sorts and never changes its data
}

export async function runInProcess(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]): OutStream => ({ write: (chunk) => sink.push(String(chunk)) > 0, isTTY: false });
  const io: Io = {
    stdout: capture(out),
    stderr: messageStream(capture(err)),
    env: { NO_COLOR: '1', LANG: 'C.UTF-8', ...options.env },
    cwd: options.cwd,
  };
  const program = createProgram({ io, loadBuiltinCatalogue }, '0.0.0-test');
  let code = 0;
  try {
    await program.parseAsync(['node', 'k8snet', ...args]);
  } catch (error) {
    // As main.ts maps them.
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else if (error instanceof K8snetError) {
      io.stderr.write(`${error instanceof NegativeResult ? 'note' : 'error'}: ${error.message}\n`);
      code = error.exitCode;
    } else {
      io.stderr.write(`error: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      code = 70;
    }
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
