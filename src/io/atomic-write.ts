/**
 * Write an output file (-o, docs --sync, render -d) the way a user expects of a redirection, but
 * atomically where that is possible:
 * - a regular file is replaced through a temporary file beside it and a rename, so a reader never
 *   sees half a file and a failure leaves the old file; the new file keeps the old one's mode and,
 *   where allowed (as root), its owner and group;
 * - a symbolic link is followed: the file it points to is replaced and the link stays a link;
 * - a character device or a FIFO is written straight, never replaced; so is one of the process's
 *   own descriptors named as /proc/self/fd/N, /dev/fd/N or /dev/stdout (a pipe from Node's
 *   child_process is a socket, which open() cannot reopen, so the descriptor itself is written);
 * - a directory, a block device or a socket is refused;
 * - a missing parent folder is created, as `render -d` creates its folder.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeSystemError, IoError } from '../errors.ts';

/** Text, bytes, or text in chunks (a large JSON output is never one string). */
export type WriteData = string | Uint8Array | Iterable<string>;

/** As many links as Linux follows (MAXSYMLINKS) before it gives up with ELOOP. */
const MAX_LINKS = 40;

type Target = { kind: 'stream' } | { kind: 'descriptor'; fd: number } | { kind: 'file'; path: string; existing?: Stats };

/** Names of the process's own file descriptors. */
const OWN_DESCRIPTOR = /^\/(?:proc\/(?:self|thread-self)\/fd|dev\/fd)\/(\d+)$/;
const STANDARD_STREAMS: Readonly<Record<string, number>> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 };

export function writeFileAtomic(path: string, data: WriteData): void {
  try {
    const target = writeTarget(path);
    if (target.kind === 'stream') writeStraight(path, data);
    else if (target.kind === 'descriptor') writeAll(target.fd, data);
    else replaceFile(target.path, data, target.existing);
  } catch (error) {
    throw error instanceof IoError ? error : new IoError(`cannot write ${path}: ${describeSystemError(error)}`);
  }
}

function systemError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/** What writing to `path` means, with every symbolic link resolved. */
function writeTarget(path: string): Target {
  const absolute = resolve(path);
  const own = STANDARD_STREAMS[absolute] ?? OWN_DESCRIPTOR.exec(absolute)?.[1];
  if (own !== undefined) {
    const fd = Number(own);
    if (fstatSync(fd).isDirectory()) throw systemError('EISDIR');
    return { kind: 'descriptor', fd };
  }
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing) {
    if (existing.isDirectory()) throw systemError('EISDIR');
    if (existing.isFIFO() || existing.isCharacterDevice()) return { kind: 'stream' };
    if (!existing.isFile()) {
      throw new IoError(
        `cannot write ${path}: not a regular file (only files, FIFOs and character devices such as /dev/stdout are written)`,
      );
    }
    return { kind: 'file', path: realpathSync.native(path), existing };
  }
  return { kind: 'file', path: danglingTarget(path) };
}

/** Nothing exists at `path`: it may still be a link to a missing file, which is then created. */
function danglingTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    if (!lstatSync(current, { throwIfNoEntry: false })?.isSymbolicLink()) return current;
    const parent = dirname(current);
    const base = statSync(parent, { throwIfNoEntry: false }) ? realpathSync.native(parent) : parent;
    current = resolve(base, readlinkSync(current));
  }
  throw systemError('ELOOP');
}

function chunksOf(data: WriteData): Iterable<string | Uint8Array> {
  return typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
}

function writeAll(fd: number, data: WriteData): void {
  for (const chunk of chunksOf(data)) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }
}

/** A device or FIFO: open what is there (never create or truncate a file) and write. */
function writeStraight(path: string, data: WriteData): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

function replaceFile(path: string, data: WriteData, existing: Stats | undefined): void {
  const dir = dirname(path);
  if (!existing) mkdirSync(dir, { recursive: true });
  // Unique enough with the exclusive 'wx' open below; node:crypto would cost start-up time.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', existing ? 0o600 : 0o666);
    if (existing) keepOwnerAndMode(fd, existing);
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The owner first (changing it clears set-id bits), then the exact mode, which the umask does not narrow. */
function keepOwnerAndMode(fd: number, existing: Stats): void {
  const mine = fstatSync(fd);
  if (mine.uid !== existing.uid || mine.gid !== existing.gid) {
    try {
      fchownSync(fd, existing.uid, existing.gid);
    } catch {
      // Only root may give a file away (or to another group): the new file stays ours.
    }
  }
  fchmodSync(fd, existing.mode & 0o7777);
}
