/**
 * The process's streams and environment, passed in from main.ts so that everything below it can
 * be run in-process by tests.
 */
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

/** Width to lay text out to: the terminal's, else $COLUMNS, else 100 (readable in files and docs). */
export function outputWidth(io: Io): number {
  if (io.stdout.isTTY && io.stdout.columns) return Math.max(40, io.stdout.columns);
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv >= 40 ? fromEnv : 100;
}
