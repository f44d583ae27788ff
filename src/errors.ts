/**
 * Typed errors. Each class owns its exit code; only main.ts turns one into a process exit.
 * Messages are one line, meant for a person, and never include a stack trace.
 */
import { getSystemErrorMap } from 'node:util';

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

/**
 * Plain words for the error codes Node's fs, child_process and streams give (libuv's errno names
 * and Node's own ERR_* codes), phrased for a file or a program rather than a socket. Codes not
 * listed fall back to libuv's own description, and an unknown code to words too: an errno name
 * such as EEXIST or EBADF never reaches the user.
 */
const SYSTEM_ERROR_WORDS: Readonly<Record<string, string>> = {
  E2BIG: 'the argument list is too long',
  EACCES: 'permission denied',
  EAGAIN: 'the resource is temporarily unavailable; try again',
  EBADF: 'the file was closed or cannot be used this way',
  EBUSY: 'the file or device is busy or locked',
  ECANCELED: 'the operation was cancelled',
  ECHARSET: 'the name holds an invalid character',
  EEXIST: 'a file with that name already exists',
  EFAULT: 'bad address',
  EFBIG: 'the file is too large',
  EFTYPE: 'the file has the wrong type or format',
  EILSEQ: 'the name holds an invalid byte sequence',
  EINTR: 'the operation was interrupted',
  EINVAL: 'invalid argument',
  EIO: 'input/output error (the disk or device failed)',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links (a link loop?)',
  EMFILE: 'too many open files',
  EMLINK: 'too many links',
  ENAMETOOLONG: 'the name is too long',
  ENFILE: 'too many open files in the system',
  ENODATA: 'no data available',
  ENODEV: 'no such device',
  ENOENT: 'no such file or directory',
  ENOMEM: 'not enough memory',
  ENOSPC: 'no space left on device',
  ENOSYS: 'the operation is not supported here',
  ENOTDIR: 'a parent is not a directory',
  ENOTEMPTY: 'the directory is not empty',
  ENOTSUP: 'the operation is not supported',
  ENOTTY: 'the operation is not supported by this device',
  ENXIO: 'no such device or address (a FIFO without a reader, or a socket?)',
  EOF: 'unexpected end of file',
  EOVERFLOW: 'the value is too large',
  EPERM: 'operation not permitted',
  EPIPE: 'the reader closed the pipe',
  EREMOTEIO: 'input/output error on a remote file system',
  EROFS: 'read-only file system',
  ESPIPE: 'the file cannot be positioned (a pipe?)',
  ESRCH: 'no such process',
  ETIMEDOUT: 'timed out',
  ETXTBSY: 'the file is a program that is running',
  EXDEV: 'cannot move a file between file systems',
  UNKNOWN: 'an unknown system error',
  ABORT_ERR: 'the operation was aborted',
  ERR_ACCESS_DENIED: 'permission denied',
  ERR_CHILD_PROCESS_STDIO_MAXBUFFER: 'the program printed more than can be read',
  ERR_DIR_CLOSED: 'the directory was closed',
  ERR_FS_EISDIR: 'is a directory',
  ERR_FS_FILE_TOO_LARGE: 'the file is too large to read (2 GiB or more)',
  ERR_INVALID_ARG_TYPE: 'not a valid name',
  ERR_INVALID_ARG_VALUE: 'not a valid name (it holds a NUL character?)',
  ERR_OUT_OF_RANGE: 'a value is out of range',
  ERR_STREAM_DESTROYED: 'the stream was already closed',
  ERR_STREAM_PREMATURE_CLOSE: 'the stream closed early',
  ERR_STREAM_WRITE_AFTER_END: 'the stream was already closed',
  ERR_STRING_TOO_LONG: 'the text is too large to hold in memory',
};

/** Describe a Node system error (ENOENT, EACCES, …) in one line of plain words. */
export function describeSystemError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    const words = SYSTEM_ERROR_WORDS[code];
    if (words) return words;
    const errno = (error as { errno?: unknown }).errno;
    const libuv = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
    const named = libuv ?? [...getSystemErrorMap().values()].find(([name]) => name === code)?.[1];
    return named ?? 'an unexpected system error';
  }
  return error instanceof Error ? error.message : String(error);
}
