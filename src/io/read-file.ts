/**
 * Bounded reading of a file the user names (a --catalog file, a document for docs --sync): only
 * a regular file, never a device such as /dev/zero, a FIFO or a socket (which could block or never
 * end), and no more than a limit that the user can raise through an environment variable.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { describeSystemError, IoError, UsageError } from '../errors.ts';

export interface ReadLimit {
  readonly maxBytes: number;
  /** The environment variable that raises the limit, named in the error. */
  readonly variable: string;
  /** What is limited, for the error: "a catalogue file". */
  readonly what: string;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };

/** 8388608 → "8 MiB"; 1500 → "1500 bytes". */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** A size limit from the environment ("64M", "1G", "500000"), or the fallback when unset. */
export function sizeLimit(env: Readonly<Record<string, string | undefined>>, variable: string, fallback: number): number {
  const value = env[variable]?.trim();
  if (!value) return fallback;
  const match = /^(\d+)\s*([KMG]?)(?:i?B)?$/i.exec(value);
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(`${variable} must be a size such as 64M, 1G or 500000 (bytes), not "${value}"`);
  }
  return bytes;
}

/** The error for input beyond `limit`, saying how to raise it. */
export function tooLarge(subject: string, limit: ReadLimit): IoError {
  const raised = formatSize(limit.maxBytes * 4)
    .replace(/ (.)iB$/, '$1')
    .replace(/ bytes$/, '');
  return new IoError(
    `${subject} is larger than the limit of ${formatSize(limit.maxBytes)} for ${limit.what}; to read it anyway, raise the limit with ${limit.variable}=${raised}`,
  );
}

/** The bytes of a regular file, at most `limit.maxBytes` of them. */
export function readRegularFile(path: string, limit: ReadLimit): Buffer {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer before it can be refused.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!stats.isFile()) throw new IoError(`cannot read ${path}: not a regular file (a device, FIFO or socket)`);
    if (stats.size > limit.maxBytes) throw tooLarge(path, limit);
    // The size can be wrong (files in /proc say 0) or grow while read: read until the end, to the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total, 0) + 65_536, limit.maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit.maxBytes) throw tooLarge(path, limit);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw error instanceof IoError ? error : new IoError(`cannot read ${path}: ${describeSystemError(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
