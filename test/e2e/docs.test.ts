import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { buildDiagram, diagramDocument } from '../../src/diagrams/index.ts';
import { docsDocument } from '../../src/docs/generate.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { runCli } from '../helpers/cli.ts';

const catalogue = new Catalogue(compileCatalogue('data'));
const temp = mkdtempSync(join(tmpdir(), 'k8snet-docs-e2e-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('k8snet docs', () => {
  it('prints the explainer as Markdown, or writes it to a file', () => {
    expect(runCli(['docs', '--lang', 'zh'])).toEqual({
      code: 0,
      stdout: renderDocumentAsMarkdown(docsDocument(catalogue, 'zh')),
      stderr: '',
    });
    const file = join(temp, 'explainer.md');
    expect(runCli(['docs', '-o', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(renderDocumentAsMarkdown(docsDocument(catalogue, 'en')));
    expect(runCli(['docs', '--section', 'projects']).stdout).toBe(renderDocumentAsMarkdown(docsDocument(catalogue, 'en', 'projects')));
  });

  it('--sync fills the marked blocks by running their commands, and a second run changes nothing', () => {
    const file = join(temp, 'README.md');
    const before = [
      '# My cluster',
      '',
      'Hand-written text stays exactly as it is.   ',
      '',
      '<!-- k8snet:diagram service-flow --cni flannel -->',
      'stale',
      '<!-- /k8snet:diagram -->',
      '',
      '<!-- k8snet:docs --section summary --lang zh -->',
      '<!-- /k8snet:docs -->',
      '',
      '<!-- k8snet:compare kube-proxy cni -->',
      '<!-- /k8snet:compare -->',
      '',
    ].join('\n');
    writeFileSync(file, before);
    expect(runCli(['docs', '--sync', file])).toEqual({ code: 0, stdout: '', stderr: `${file}: updated 3 block(s)\n` });
    const after = readFileSync(file, 'utf8');
    const diagram = renderDocumentAsMarkdown(
      diagramDocument(buildDiagram(catalogue, 'service-flow', { lang: 'en', cni: 'flannel' })),
    ).trimEnd();
    const summary = renderDocumentAsMarkdown(docsDocument(catalogue, 'zh', 'summary')).trimEnd();
    expect(
      after.startsWith(
        '# My cluster\n\nHand-written text stays exactly as it is.   \n\n<!-- k8snet:diagram service-flow --cni flannel -->\n\n',
      ),
    ).toBe(true);
    expect(after).toContain(`<!-- k8snet:diagram service-flow --cni flannel -->\n\n${diagram}\n\n<!-- /k8snet:diagram -->\n`);
    expect(after).toContain(`<!-- k8snet:docs --section summary --lang zh -->\n\n${summary}\n\n<!-- /k8snet:docs -->\n`);
    expect(after).toMatch(/<!-- k8snet:compare kube-proxy cni -->\n\n# Comparison: kube-proxy · CNI\n/);
    expect(runCli(['docs', '--sync', file])).toEqual({ code: 0, stdout: '', stderr: `${file}: up to date (3 block(s))\n` });
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('--sync leaves the file untouched when a closing marker is missing or a command fails', () => {
    const file = join(temp, 'broken.md');
    const broken = 'Text\n<!-- k8snet:diagram layers -->\nold\n';
    writeFileSync(file, broken);
    expect(runCli(['docs', '--sync', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${file}:2: marker "k8snet:diagram" has no closing "<!-- /k8snet:diagram -->"; the file was not changed\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe(broken);
    const failing =
      '<!-- k8snet:diagram layers -->\n<!-- /k8snet:diagram -->\n<!-- k8snet:explain no-such-thing -->\n<!-- /k8snet:explain -->\n';
    writeFileSync(file, failing);
    const result = runCli(['docs', '--sync', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: "k8snet explain no-such-thing" failed: unknown component "no-such-thing"`,
      ),
    );
    expect(readFileSync(file, 'utf8')).toBe(failing);
    const writer = '<!-- k8snet:diagram layers -o x.svg -->\n<!-- /k8snet:diagram -->\n';
    writeFileSync(file, writer);
    expect(runCli(['docs', '--sync', file]).stderr).toContain('--output is not allowed in a marker');
    expect(runCli(['docs', '--sync', join(temp, 'missing.md')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot read ${join(temp, 'missing.md')}: no such file or directory\n`,
    });
  });
});
