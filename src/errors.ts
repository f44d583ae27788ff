/**
 * Typed errors. Each class owns its exit code; only main.ts turns one into a process exit.
 * Messages are one line, meant for a person, and never include a stack trace.
 */
export const EXIT = {
  ok: 0,
  /** The command worked but found nothing (e.g. inspect found no networking objects). */
  negative: 1,
  /** Bad usage, bad input or bad data. */
  usage: 2,
  /** Rendering an image failed (no browser, browser crashed). */
  render: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class K8snetError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Wrong flags, unknown ids, impossible combinations. */
export class UsageError extends K8snetError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** A data file (built-in or the user's --catalog) that cannot be parsed or fails the schema. */
export class DataError extends K8snetError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = []) {
    super(message, EXIT.usage);
    this.issues = issues;
  }
}

/** A file that cannot be read or written. */
export class IoError extends K8snetError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class RenderError extends K8snetError {
  constructor(message: string) {
    super(message, EXIT.render);
  }
}

/** Not an error for the user: the result is empty (exit 1, like grep). */
export class NegativeResult extends K8snetError {
  constructor(message: string) {
    super(message, EXIT.negative);
  }
}

/** Describe a Node system error (ENOENT, EACCES, …) in one line. */
export function describeSystemError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    const reasons: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EISDIR: 'is a directory',
      ENOTDIR: 'a parent is not a directory',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on device',
    };
    return reasons[code] ?? code;
  }
  return error instanceof Error ? error.message : String(error);
}
