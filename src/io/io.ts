/**
 * The process's streams and environment, passed in from main.ts so that everything below it can
 * be run in-process by tests.
 */
import { safeText } from '../renderers/safe-text.ts';

export interface OutStream {
  /** False when the stream would like the writer to wait (see `drained`). */
  write(chunk: string | Uint8Array): boolean;
  /** Resolves once what was written has been handed on (or has failed). */
  drained?(): Promise<void>;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The narrowest layout: below it a table's columns cannot hold a word. */
export const MIN_OUTPUT_WIDTH = 40;

/**
 * Width to lay text out to: the terminal's, else $COLUMNS, else 100 (readable in files and docs);
 * never less than MIN_OUTPUT_WIDTH (a narrower $COLUMNS is raised to it, not ignored).
 */
export function outputWidth(io: Io): number {
  if (io.stdout.isTTY && io.stdout.columns) return Math.max(MIN_OUTPUT_WIDTH, io.stdout.columns);
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? Math.max(MIN_OUTPUT_WIDTH, fromEnv) : 100;
}

/**
 * A stream for messages (stderr): they quote the input (file and object names, kubectl's stderr),
 * so every control code in them is written as a visible escape before it can reach the terminal.
 */
export function messageStream(stream: OutStream): OutStream {
  return {
    write: (chunk) => stream.write(typeof chunk === 'string' ? safeText(chunk) : chunk),
    ...(stream.isTTY !== undefined ? { isTTY: stream.isTTY } : {}),
  };
}
