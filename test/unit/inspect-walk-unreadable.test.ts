/**
 * An unreadable subfolder is a warning and the rest is still read (issue 9, item 12). Root reads
 * any folder whatever its mode, so readdir is made to fail as it does for a user without access.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { readInputs } from '../../src/cluster/read.ts';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: string, options: never) => {
    if (String(path).endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    return fs.readdirSync(path, options);
  }) as typeof fs.readdirSync;
  return { ...fs, readdirSync, default: { ...fs, readdirSync } };
});

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-unreadable-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('warns about an unreadable subfolder and reads the rest', async () => {
  mkdirSync(join(tmp, 'm', 'locked'), { recursive: true });
  writeFileSync(join(tmp, 'm', 'locked', 'x.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: x }\n');
  writeFileSync(join(tmp, 'm', 'z.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: z }\n');
  const result = await readInputs(['m'], tmp, () => Buffer.from(''));
  expect(result.warnings).toEqual(['m/locked: cannot read this folder (permission denied); skipped']);
  expect(result.objects.map((o) => o.name)).toEqual(['z']);
});
