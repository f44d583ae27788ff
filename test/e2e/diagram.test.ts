import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { buildDiagram, diagramDocument, diagramToMermaid } from '../../src/diagrams/index.ts';
import { BROWSER_PATHS } from '../../src/io/render-mermaid.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { runCli } from '../helpers/cli.ts';

const catalogue = new Catalogue(compileCatalogue('data'));
const temp = mkdtempSync(join(tmpdir(), 'k8snet-diagram-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const hasBrowser = BROWSER_PATHS.some((p) => existsSync(p));

describe('k8snet diagram', () => {
  it('prints Mermaid source by default', () => {
    const result = runCli(['diagram', 'service-flow', '--proxy-mode', 'nftables', '--cni', 'calico']);
    expect(result).toEqual({
      code: 0,
      stdout: diagramToMermaid(buildDiagram(catalogue, 'service-flow', { lang: 'en', proxyMode: 'nftables', cni: 'calico' })),
      stderr: '',
    });
  });

  it('takes the language from --lang or the locale', () => {
    const expected = diagramToMermaid(buildDiagram(catalogue, 'deployment', { lang: 'zh', workers: 3 }));
    expect(runCli(['diagram', 'deployment', '--workers', '3', '--lang', 'zh']).stdout).toBe(expected);
    expect(runCli(['diagram', 'deployment', '--workers', '3'], { env: { LANG: 'zh_CN.UTF-8' } }).stdout).toBe(expected);
  });

  it('prints a Markdown block and JSON', () => {
    const view = buildDiagram(catalogue, 'layers', { lang: 'en', layout: 'compact', direction: 'TD', theme: 'forest' });
    const markdown = runCli(['diagram', 'layers', '--layout', 'compact', '--direction', 'TD', '--theme', 'forest', '--format', 'markdown']);
    expect(markdown).toEqual({ code: 0, stdout: renderDocumentAsMarkdown(diagramDocument(view)), stderr: '' });
    const json = runCli(['diagram', 'relations', '--kind', 'cni-plugin', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(JSON.stringify(buildDiagram(catalogue, 'relations', { lang: 'en', kind: 'cni-plugin' }))),
    );
  });

  it('writes .mmd and .md files by extension', () => {
    const mmd = join(temp, 'flow.mmd');
    expect(runCli(['diagram', 'service-flow', '-o', mmd])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(mmd, 'utf8')).toBe(diagramToMermaid(buildDiagram(catalogue, 'service-flow', { lang: 'en' })));
    const md = join(temp, 'flow.md');
    expect(runCli(['diagram', 'service-flow', '-o', md]).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^\*\*Pod A reaches a Service[^\n]*\n\n```mermaid\nsequenceDiagram\n/);
  });

  it('reports usage errors with exit code 2', () => {
    expect(runCli(['diagram', 'service-flow', '--cluster-ip', '10.96.0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --cluster-ip must be an IPv4 address such as 10.96.0.100, not "10.96.0"\n',
    });
    expect(runCli(['diagram', 'service-flow', '--cni', 'kube-proxy'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: "kube-proxy" is not a CNI plugin (run "k8snet list --kind cni-plugin")\n',
    });
    const badKind = runCli(['diagram', 'sequence']);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(
      /^error: command-argument value 'sequence' is invalid for argument 'kind'\. Choose one of: service-flow, deployment, layers, relations\.\n$/,
    );
    const badCount = runCli(['diagram', 'deployment', '--workers', '0']);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toMatch(/^error: option '--workers <n>' argument '0' is invalid\. expected a whole number from 1 to 8/);
    expect(runCli(['diagram', 'layers', '--format', 'json', '-o', join(temp, 'x.svg')]).code).toBe(2);
  });

  it('exits 3 with a one-line hint and leaves no file when there is no browser', () => {
    const out = join(temp, 'none.svg');
    expect(runCli(['diagram', 'layers', '-o', out], { env: { PUPPETEER_EXECUTABLE_PATH: join(temp, 'no-chrome') } })).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: PUPPETEER_EXECUTABLE_PATH is ${join(temp, 'no-chrome')}, which does not exist; point it at a Chrome or Chromium executable\n`,
    });
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!hasBrowser)(
    'renders SVG, PNG and PDF images (needs Chrome or Chromium; skipped without one)',
    () => {
      for (const [ext, magic] of [
        ['svg', '<svg'],
        ['png', '\u0089PNG'],
        ['pdf', '%PDF'],
      ] as const) {
        const out = join(temp, `deployment.${ext}`);
        const args = [
          'diagram',
          'deployment',
          '--lang',
          'zh',
          '-o',
          out,
          ...(ext === 'png' ? ['--scale', '2', '--background', 'transparent'] : []),
        ];
        expect(runCli(args)).toEqual({ code: 0, stdout: '', stderr: '' });
        expect(readFileSync(out, 'latin1').slice(0, 4)).toBe(magic);
      }
      expect(readFileSync(join(temp, 'deployment.svg'), 'utf8')).toContain('工作节点 1');
      expect(readdirSync(temp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
    60_000,
  );
});
