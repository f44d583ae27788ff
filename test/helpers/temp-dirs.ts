/** A temporary folder for one test file, removed afterwards, and a fresh subfolder per case. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function tempFolders(prefix: string): { root: string; fresh: () => string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let counter = 0;
  return {
    root,
    fresh: () => {
      counter += 1;
      const dir = join(root, `case-${counter}`);
      mkdirSync(dir);
      return dir;
    },
  };
}
