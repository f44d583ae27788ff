/**
 * Write a file atomically: into a temporary file beside it, then rename over the target, so a
 * reader never sees half a file and a failure leaves nothing behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeSystemError, IoError } from '../errors.ts';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  } catch (error) {
    throw new IoError(`cannot write ${path}: ${describeSystemError(error)}`);
  }
  // Unique enough with the exclusive 'wx' open below; node:crypto would cost start-up time.
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw new IoError(`cannot write ${path}: ${describeSystemError(error)}`);
  }
}
