/**
 * The one process boundary: build Io from the real process, run the program, map any error to a
 * one-line message and an exit code. Nothing else touches `process`.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import type { CatalogueData } from './catalogue/schema.ts';
import { K8snetError, NegativeResult } from './errors.ts';
import type { Io } from './io/io.ts';
import { createProgram } from './program.ts';

declare const K8SNET_VERSION: string;

function loadBuiltinCatalogue(): CatalogueData {
  // Compiled and validated by the build (scripts/build.ts); no YAML or schema work at run time.
  return JSON.parse(readFileSync(new URL('./catalogue.json', import.meta.url), 'utf8')) as CatalogueData;
}

export async function main(argv: readonly string[]): Promise<number> {
  const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  // `k8snet … | head` closes the pipe early: end quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const version = typeof K8SNET_VERSION === 'string' ? K8SNET_VERSION : '0.0.0-dev';
  const program = createProgram({ io, loadBuiltinCatalogue }, version);
  try {
    // `k8snet` alone shows the help on stdout and succeeds, as `k8snet --help` does.
    await program.parseAsync(argv.length > 2 ? [...argv] : [...argv, '--help']);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; every other commander error is a usage error, already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof K8snetError) {
      // A negative result (exit 1) is an answer, not a failure.
      io.stderr.write(`${error instanceof NegativeResult ? 'note' : 'error'}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`error: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.K8SNET_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 70;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
