/**
 * The one process boundary: build Io from the real process, run the program, map any error to a
 * one-line message and an exit code. Nothing else touches `process`.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import type { CatalogueData } from './catalogue/schema.ts';
import { describeSystemError, EXIT, IoError, K8snetError, NegativeResult } from './errors.ts';
import { type Io, messageStream, type OutStream } from './io/io.ts';
import { createProgram } from './program.ts';

declare const K8SNET_VERSION: string;

function loadBuiltinCatalogue(): CatalogueData {
  // Compiled and validated by the build (scripts/build.ts); no YAML or schema work at run time.
  return JSON.parse(readFileSync(new URL('./catalogue.json', import.meta.url), 'utf8')) as CatalogueData;
}

/**
 * Standard output, whose write errors (ENOSPC on /dev/full, EIO from a lost terminal) arrive
 * asynchronously as 'error' events: the first is kept, later writes throw it as an IoError so the
 * command stops, and main reports it once the command is done. A closed pipe (`k8snet … | head`)
 * ends quietly, as Unix tools do.
 */
function guardedStdout(): { stream: OutStream; error: () => NodeJS.ErrnoException | undefined; flushed: () => Promise<void> } {
  let failure: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    failure ??= error;
  });
  const stream: OutStream = {
    get isTTY() {
      return process.stdout.isTTY;
    },
    get columns() {
      return process.stdout.columns;
    },
    write(chunk) {
      if (failure) throw new IoError(stdoutMessage(failure));
      return process.stdout.write(chunk);
    },
    drained: () => flushed(),
  };
  // Resolves once everything written before has been handed to the system (or has failed).
  const flushed = () => new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  return { stream, error: () => failure, flushed };
}

const stdoutMessage = (error: unknown): string => `cannot write to standard output: ${describeSystemError(error)}`;

export async function main(argv: readonly string[]): Promise<number> {
  const stdout = guardedStdout();
  // Nothing can be reported when stderr itself fails; it must not crash the process either.
  process.stderr.on('error', () => undefined);
  const io: Io = { stdout: stdout.stream, stderr: messageStream(process.stderr), env: process.env, cwd: process.cwd() };
  const version = typeof K8SNET_VERSION === 'string' ? K8SNET_VERSION : '0.0.0-dev';
  const program = createProgram({ io, loadBuiltinCatalogue }, version);
  let code = 0;
  let message: string | undefined;
  try {
    // `k8snet` alone shows the help on stdout and succeeds, as `k8snet --help` does.
    await program.parseAsync(argv.length > 2 ? [...argv] : [...argv, '--help']);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; every other commander error is a usage error, already printed.
      code = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof K8snetError) {
      // A negative result (exit 1) is an answer, not a failure.
      message = `${error instanceof NegativeResult ? 'note' : 'error'}: ${error.message}\n`;
      code = error.exitCode;
    } else {
      // describeSystemError: an unexpected system error is still described in words, never as EBADF.
      message = `error: internal error: ${describeSystemError(error)}\n`;
      if (process.env.K8SNET_DEBUG) message += `${error instanceof Error ? error.stack : ''}\n`;
      code = 70;
    }
  }
  await stdout.flushed();
  const failure = stdout.error();
  if (failure) {
    io.stderr.write(`error: ${stdoutMessage(failure)}\n`);
    return EXIT.usage;
  }
  if (message) io.stderr.write(message);
  return code;
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
