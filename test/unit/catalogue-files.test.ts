/**
 * Reading the user's --catalog files safely: only regular files, within a size limit, no alias
 * bombs, and folders whose bad entries (dangling links, loops, unreadable subfolders) are
 * warnings while the rest is still read.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue, mergeUserCatalogue } from '../../src/catalogue/compile.ts';
import { CATALOG_FILE_LIMIT, listDataFiles } from '../../src/catalogue/load.ts';
import { IoError, UsageError } from '../../src/errors.ts';
import { formatSize, sizeLimit } from '../../src/io/read-file.ts';
import { tempFolders } from '../helpers/temp-dirs.ts';

const data = compileCatalogue('data');
const VALID = 'test/fixtures/catalog/valid-entry.yaml';
const { fresh } = tempFolders('k8snet-catalog-files-');
const asRoot = process.getuid?.() === 0;

function mergeWithWarnings(paths: string[], limit = CATALOG_FILE_LIMIT): { catalogue: Catalogue; warnings: string[] } {
  const warnings: string[] = [];
  const merged = mergeUserCatalogue(data, paths, { warn: (m) => warnings.push(m), limit });
  return { catalogue: new Catalogue(merged), warnings };
}

describe('--catalog files', () => {
  it('refuses a device or a FIFO instead of reading it for ever', () => {
    expect(() => mergeWithWarnings(['/dev/zero'])).toThrow(
      new IoError('cannot read /dev/zero: not a regular file (a device, FIFO or socket)'),
    );
    const fifo = join(fresh(), 'entries.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(() => mergeWithWarnings([fifo])).toThrow(/^cannot read .*entries\.yaml: not a regular file/);
  });

  it('refuses a file over the size limit, naming the limit and how to raise it', () => {
    const file = join(fresh(), 'big.yaml');
    writeFileSync(file, `# ${'x'.repeat(5000)}\n`);
    const limit = { ...CATALOG_FILE_LIMIT, maxBytes: 4096 };
    expect(() => mergeWithWarnings([file], limit)).toThrow(
      new IoError(
        `${file} is larger than the limit of 4 KiB for a catalogue file; to read it anyway, raise the limit with K8SNET_MAX_CATALOG_BYTES=16K`,
      ),
    );
    expect(formatSize(CATALOG_FILE_LIMIT.maxBytes)).toBe('8 MiB');
  });

  it('reads the limit from the environment, in bytes or with a unit', () => {
    const name = 'K8SNET_MAX_CATALOG_BYTES';
    expect(sizeLimit({}, name, 10)).toBe(10);
    expect(sizeLimit({ [name]: '500000' }, name, 10)).toBe(500_000);
    expect(sizeLimit({ [name]: '64M' }, name, 10)).toBe(64 * 2 ** 20);
    expect(sizeLimit({ [name]: '1GiB' }, name, 10)).toBe(2 ** 30);
    for (const bad of ['lots', '-1', '0', '1.5M', '9'.repeat(30)]) {
      expect(() => sizeLimit({ [name]: bad }, name, 10), bad).toThrow(UsageError);
    }
  });
});

describe('--catalog folders', () => {
  it('warns about a dangling link and a link loop, and reads the rest', () => {
    const dir = fresh();
    copyFileSync(VALID, join(dir, 'valid.yaml'));
    symlinkSync('missing.yaml', join(dir, 'dangling.yaml'));
    symlinkSync('.', join(dir, 'loop'));
    symlinkSync('self.yaml', join(dir, 'self.yaml'));
    const { catalogue, warnings } = mergeWithWarnings([dir]);
    expect(catalogue.resolve('egress-gw').id).toBe('acme-egress');
    expect(warnings).toEqual([
      `skipped ${join(dir, 'dangling.yaml')}: a dangling symbolic link`,
      `skipped ${join(dir, 'loop')}: a symbolic link loop (it leads back to ${dir})`,
      `skipped ${join(dir, 'self.yaml')}: too many levels of symbolic links (a link loop?)`,
    ]);
  });

  it('follows a linked file once, however many links reach it', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'a'));
    copyFileSync(VALID, join(dir, 'a', 'valid.yaml'));
    symlinkSync('a/valid.yaml', join(dir, 'b.yaml'));
    symlinkSync('a', join(dir, 'c'));
    expect(listDataFiles(dir)).toEqual([join(dir, 'a', 'valid.yaml')]);
    expect(mergeWithWarnings([dir]).warnings).toEqual([]);
  });

  it.skipIf(asRoot)('warns about an unreadable subfolder and reads the rest (not as root, who reads everything)', () => {
    const dir = fresh();
    copyFileSync(VALID, join(dir, 'valid.yaml'));
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0);
    try {
      const { catalogue, warnings } = mergeWithWarnings([dir]);
      expect(catalogue.resolve('egress-gw').id).toBe('acme-egress');
      expect(warnings).toEqual([`skipped folder ${join(dir, 'locked')}: permission denied`]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  it('without a warning callback (the shipped data), a bad entry is an error', () => {
    const dir = fresh();
    symlinkSync('missing.yaml', join(dir, 'dangling.yaml'));
    expect(() => listDataFiles(dir)).toThrow(new IoError(`skipped ${join(dir, 'dangling.yaml')}: a dangling symbolic link`));
  });

  it('confined to a folder, refuses a file or a link that leads outside it', () => {
    const outside = fresh();
    const inside = fresh();
    copyFileSync(VALID, join(outside, 'theirs.yaml'));
    copyFileSync(VALID, join(inside, 'mine.yaml'));
    expect(listDataFiles(inside, { within: inside })).toEqual([join(inside, 'mine.yaml')]);
    symlinkSync(join(outside, 'theirs.yaml'), join(inside, 'link.yaml'));
    expect(() => listDataFiles(inside, { within: inside })).toThrow(/^cannot read .*link\.yaml: it is outside /);
    expect(() => listDataFiles(join(outside, 'theirs.yaml'), { within: inside })).toThrow(/theirs\.yaml: it is outside /);
  });
});
