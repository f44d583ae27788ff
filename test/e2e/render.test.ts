import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_PATHS } from '../../src/io/render-mermaid.ts';
import { runCli } from '../helpers/cli.ts';

const temp = mkdtempSync(join(tmpdir(), 'k8snet-render-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const hasBrowser = BROWSER_PATHS.some((p) => existsSync(p));
const NAMES = ['service-flow', 'deployment', 'layers', 'layers-compact', 'relations', 'relations-cilium', 'relations-cni-plugin'];

describe('k8snet render', () => {
  it('needs diagram names or --all, and an output folder', () => {
    expect(runCli(['render', '-d', temp])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: name the diagrams to render (service-flow, deployment, layers, layers-compact, relations, relations-cilium, relations-cni-plugin) or use --all\n',
    });
    const noDir = runCli(['render', '--all']);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/^error: required option '-d, --out-dir <dir>' not specified/);
  });

  it('exits 3 without a browser, before writing anything', () => {
    const out = join(temp, 'none');
    const result = runCli(['render', '--all', '-d', out], { env: { CHROME_PATH: '/nonexistent/chrome' } });
    expect(result).toEqual({
      code: 3,
      stdout: '',
      stderr: 'error: CHROME_PATH is /nonexistent/chrome, which does not exist; point it at a Chrome or Chromium executable\n',
    });
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!hasBrowser)(
    'renders every standard diagram in both languages in one call (needs Chrome or Chromium; skipped without one)',
    () => {
      const out = join(temp, 'all');
      const result = runCli(['render', '--all', '--lang', 'all', '-d', out]);
      const files = ['en', 'zh'].flatMap((lang) => NAMES.map((name) => join(out, `${name}.${lang}.svg`)));
      expect(result).toEqual({ code: 0, stdout: files.map((f) => `${f}\n`).join(''), stderr: '' });
      for (const file of files) expect(readFileSync(file, 'utf8')).toMatch(/^<svg [^>]*id="k8snet-\d+"/);
      expect(readFileSync(join(out, 'service-flow.zh.svg'), 'utf8')).toContain('控制面');
    },
    90_000,
  );

  it.skipIf(!hasBrowser)(
    'renders chosen diagrams to several formats (needs Chrome or Chromium; skipped without one)',
    () => {
      const out = join(temp, 'some');
      const result = runCli(['render', 'layers-compact', '-d', out, '--image', 'png', 'pdf', '--scale', '2', '--lang', 'zh']);
      expect(result).toEqual({
        code: 0,
        stdout: `${join(out, 'layers-compact.zh.png')}\n${join(out, 'layers-compact.zh.pdf')}\n`,
        stderr: '',
      });
      expect(readFileSync(join(out, 'layers-compact.zh.pdf'), 'latin1').slice(0, 5)).toBe('%PDF-');
    },
    60_000,
  );
});
