import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/atomic-write.ts';
import { tempFolders } from '../helpers/temp-dirs.ts';

const { fresh } = tempFolders('k8snet-write-');
const asRoot = process.getuid?.() === 0;
const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** mknod needs root (CAP_MKNOD); a container may refuse it even then. */
function mknod(path: string, type: 'c' | 'b', major: number, minor: number): boolean {
  return spawnSync('mknod', [path, type, String(major), String(minor)]).status === 0;
}

describe('writeFileAtomic', () => {
  it('replaces a regular file and leaves no temporary file', () => {
    const dir = fresh();
    const file = join(dir, 'out.md');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes text given in chunks', () => {
    const file = join(fresh(), 'big.json');
    writeFileAtomic(file, ['{', '"a": ', '"中文"', '}\n']);
    expect(readFileSync(file, 'utf8')).toBe('{"a": "中文"}\n');
  });

  it('follows a symbolic link: the target gets the text, the link stays a link', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'target.md'), 'old');
    symlinkSync('real/target.md', join(dir, 'link.md'));
    symlinkSync('link.md', join(dir, 'link-to-link.md'));
    writeFileAtomic(join(dir, 'link-to-link.md'), 'new');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'link-to-link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'target.md'), 'utf8')).toBe('new');
    expect(leftovers(dir)).toEqual([]);
    expect(leftovers(join(dir, 'real'))).toEqual([]);
  });

  it('creates the missing file a dangling link points to, and keeps the link', () => {
    const dir = fresh();
    symlinkSync('sub/made.md', join(dir, 'dangling.md'));
    writeFileAtomic(join(dir, 'dangling.md'), 'made');
    expect(readlinkSync(join(dir, 'dangling.md'))).toBe('sub/made.md');
    expect(readFileSync(join(dir, 'sub', 'made.md'), 'utf8')).toBe('made');
  });

  it('refuses a link loop with words, not ELOOP', () => {
    const dir = fresh();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    expect(() => writeFileAtomic(join(dir, 'a'), 'x')).toThrow(/^cannot write .*\/a: too many levels of symbolic links \(a link loop\?\)$/);
  });

  it("keeps the existing file's mode: a private file stays private", () => {
    const file = join(fresh(), 'secret.md');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o7777).toBe(0o600);
    chmodSync(file, 0o640);
    writeFileAtomic(file, 'newer');
    expect(statSync(file).mode & 0o7777).toBe(0o640);
  });

  it.skipIf(!asRoot)("keeps the existing file's owner and group (as root; skipped otherwise)", () => {
    const file = join(fresh(), 'owned.md');
    writeFileSync(file, 'old');
    chownSync(file, 1234, 2345);
    writeFileAtomic(file, 'new');
    expect(statSync(file)).toMatchObject({ uid: 1234, gid: 2345 });
  });

  it('creates a missing parent folder, as render -d does', () => {
    const dir = fresh();
    writeFileAtomic(join(dir, 'docs', 'deep', 'x.md'), 'x');
    expect(readFileSync(join(dir, 'docs', 'deep', 'x.md'), 'utf8')).toBe('x');
    writeFileSync(join(dir, 'plain'), '');
    expect(() => writeFileAtomic(join(dir, 'plain', 'x.md'), 'x')).toThrow(/^cannot write .*: a parent is not a directory$/);
  });

  it('refuses a directory', () => {
    const dir = fresh();
    expect(() => writeFileAtomic(dir, 'x')).toThrow(/^cannot write .*: is a directory$/);
    symlinkSync(dir, `${dir}-link`);
    expect(() => writeFileAtomic(`${dir}-link`, 'x')).toThrow(/: is a directory$/);
  });

  it('writes straight into a FIFO, which stays a FIFO', async () => {
    const dir = fresh();
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (d) => {
      received += d;
    });
    const done = new Promise((resolve) => reader.on('close', resolve));
    try {
      writeFileAtomic(fifo, 'through the pipe\n');
      await done;
    } finally {
      reader.kill();
    }
    expect(received).toBe('through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes straight into /proc/self/fd/N', () => {
    // A pipe's /proc/self/fd entry is a link to "pipe:[inode]": the pipe is written, nothing replaced.
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writeToOwnStdout], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('to my own stdout\n');
  });

  it.skipIf(!asRoot)('writes straight into a character device and never replaces it (as root; skipped otherwise)', (context) => {
    const dir = fresh();
    const device = join(dir, 'null');
    if (!mknod(device, 'c', 1, 3)) context.skip();
    writeFileAtomic(device, 'discarded');
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    const full = join(dir, 'full');
    if (!mknod(full, 'c', 1, 7)) context.skip();
    expect(() => writeFileAtomic(full, 'x')).toThrow(/^cannot write .*full: no space left on device$/);
    expect(lstatSync(full).isCharacterDevice()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it.skipIf(!asRoot)('refuses a block device (as root; skipped otherwise)', (context) => {
    const dir = fresh();
    const device = join(dir, 'disk');
    // Major 240 is reserved for local use: no driver answers it, so nothing real can be written.
    if (!mknod(device, 'b', 240, 0)) context.skip();
    expect(() => writeFileAtomic(device, 'x')).toThrow(/^cannot write .*disk: not a regular file/);
    expect(lstatSync(device).isBlockDevice()).toBe(true);
  });
});

const writeToOwnStdout = `
import { writeFileAtomic } from ${JSON.stringify(new URL('../../src/io/atomic-write.ts', import.meta.url).href)};
writeFileAtomic('/proc/self/fd/1', 'to my own stdout\\n');
`;
