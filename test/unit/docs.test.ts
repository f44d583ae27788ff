import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { LANGS } from '../../src/catalogue/constants.ts';
import { DOCS_SECTIONS, docsDocument } from '../../src/docs/generate.ts';
import { findMarkers, splitArgs, syncMarkdown } from '../../src/docs/sync.ts';
import { UsageError } from '../../src/errors.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { ROOT } from '../helpers/cli.ts';
import { mermaidBlocks } from '../helpers/emitted-mermaid.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const catalogue = new Catalogue(compileCatalogue('data'));
const temp = mkdtempSync(join(tmpdir(), 'k8snet-docs-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** markdownlint-cli2 on files in a temp dir: default rules, except line length (generated prose is not wrapped). */
function markdownlint(files: Record<string, string>): { code: number | null; output: string } {
  writeFileSync(join(temp, '.markdownlint-cli2.jsonc'), JSON.stringify({ config: { default: true, MD013: false } }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(temp, name), text);
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'), ...Object.keys(files)],
    {
      cwd: temp,
      encoding: 'utf8',
    },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('k8snet docs', () => {
  const docs = Object.fromEntries(LANGS.map((lang) => [lang, renderDocumentAsMarkdown(docsDocument(catalogue, lang))]));

  it('covers what the seed covers, and more, in both languages', () => {
    expect(docs.en).toMatch(/^# kube-proxy, CNI and the rest of Kubernetes networking\n/);
    for (const heading of [
      '## Definitions and responsibilities',
      '## Working layers',
      '## kube-proxy and CNI compared',
      '## How they cooperate',
      '## Example: Pod A reaches Service B',
      '### Sequence: control plane and data plane',
      '## Diagrams',
      '### Deployment: where the components run',
      '### Layer diagram',
      '## Projects',
      '## Misconceptions corrected',
      '## Summary',
      '## Sources',
    ]) {
      expect(docs.en).toContain(`\n${heading}\n`);
    }
    expect(docs.zh).toContain('\n## 常见误解及更正\n');
    for (const id of ['flannel', 'calico', 'cilium', 'coredns', 'istio', 'linkerd', 'metallb']) {
      expect(docs.en).toContain(`${catalogue.get(id).name.en}`);
    }
  });

  it('numbers every source it cites, and lists each once', () => {
    const cited = new Set([...(docs.en ?? '').matchAll(/\\\[(\d+)\\\]/g)].map((m) => Number(m[1])));
    const listed = [...(docs.en ?? '').matchAll(/^- \\\[(\d+)\\\] </gm)].map((m) => Number(m[1]));
    expect(listed).toEqual(listed.map((_, i) => i + 1));
    for (const n of cited) expect(listed).toContain(n);
  });

  it('has diagrams that Mermaid parses', async () => {
    for (const lang of LANGS) {
      const blocks = mermaidBlocks(docs[lang] ?? '');
      // service flow, deployment, compact layers, relations: overview, --focus cilium, --kind cni-plugin
      expect(blocks.length).toBe(6);
      for (const block of blocks) await parseMermaid(block);
      for (const command of ['k8snet diagram relations --focus cilium', 'k8snet diagram relations --kind cni-plugin']) {
        expect(docs[lang]).toContain(`\`${command}\``);
      }
    }
  });

  it('passes markdownlint, whole and section by section', () => {
    const files: Record<string, string> = { 'docs.en.md': docs.en ?? '', 'docs.zh.md': docs.zh ?? '' };
    for (const section of DOCS_SECTIONS) {
      files[`section-${section}.md`] = `# Title\n\n${renderDocumentAsMarkdown(docsDocument(catalogue, 'zh', section))}`;
    }
    const { code, output } = markdownlint(files);
    expect(output).toContain('Summary: 0 error(s)');
    expect(code).toBe(0);
  });
});

describe('docs --sync markers', () => {
  const run = async (name: string, args: readonly string[]): Promise<string> => `generated ${name} ${args.join('|')}\n`;

  it('splits marker arguments like a shell', () => {
    expect(splitArgs(' service-flow --title "A b" --cni \'x y\'')).toEqual(['service-flow', '--title', 'A b', '--cni', 'x y']);
  });

  it('replaces only the blocks, keeps every other byte, and is idempotent', async () => {
    const text = [
      '# Mine',
      '',
      'Intro  with  spaces   ',
      '<!-- k8snet:diagram service-flow --lang zh -->',
      'old content',
      '<!-- /k8snet:diagram -->',
      'between',
      '<!-- k8snet:layers -->',
      '<!-- /k8snet:layers -->',
      'end without newline',
    ].join('\n');
    const once = await syncMarkdown(text, 'x.md', 'en', run);
    expect(once.count).toBe(2);
    expect(once.text).toBe(
      [
        '# Mine',
        '',
        'Intro  with  spaces   ',
        '<!-- k8snet:diagram service-flow --lang zh -->',
        '',
        'generated diagram service-flow|--lang|zh',
        '',
        '<!-- /k8snet:diagram -->',
        'between',
        '<!-- k8snet:layers -->',
        '',
        'generated layers',
        '',
        '<!-- /k8snet:layers -->',
        'end without newline',
      ].join('\n'),
    );
    expect((await syncMarkdown(once.text, 'x.md', 'en', run)).text).toBe(once.text);
  });

  it('leaves markers shown inside fenced code blocks alone', async () => {
    const text = [
      '```markdown',
      '<!-- k8snet:diagram service-flow -->',
      '<!-- /k8snet:diagram -->',
      '```',
      '<!-- k8snet:list -->',
      '<!-- /k8snet:list -->',
      '',
    ].join('\n');
    const { text: out, count } = await syncMarkdown(text, 'x.md', 'en', run);
    expect(count).toBe(1);
    expect(out).toBe(
      [
        '```markdown',
        '<!-- k8snet:diagram service-flow -->',
        '<!-- /k8snet:diagram -->',
        '```',
        '<!-- k8snet:list -->',
        '',
        'generated list',
        '',
        '<!-- /k8snet:list -->',
        '',
      ].join('\n'),
    );
  });

  it('keeps CRLF line endings', async () => {
    const text = 'a\r\n<!-- k8snet:list -->\r\n<!-- /k8snet:list -->\r\nb\r\n';
    const { text: out } = await syncMarkdown(text, 'x.md', 'en', run);
    expect(out).toBe('a\r\n<!-- k8snet:list -->\r\n\r\ngenerated list\r\n\r\n<!-- /k8snet:list -->\r\nb\r\n');
  });

  it('refuses a missing or stray closing marker, an unknown command and a file without markers', async () => {
    await expect(syncMarkdown('x\n<!-- k8snet:diagram layers -->\nstuff\n', 'f.md', 'en', run)).rejects.toThrow(
      new UsageError('f.md:2: marker "k8snet:diagram" has no closing "<!-- /k8snet:diagram -->"; the file was not changed'),
    );
    await expect(syncMarkdown('<!-- /k8snet:diagram -->\n', 'f.md', 'en', run)).rejects.toThrow(/f\.md:1: closing marker/);
    await expect(syncMarkdown('<!-- k8snet:render --all -->\n<!-- /k8snet:render -->\n', 'f.md', 'en', run)).rejects.toThrow(
      /not a command docs --sync can run/,
    );
    await expect(syncMarkdown('nothing here\n', 'f.md', 'zh', run)).rejects.toThrow(/没有找到 k8snet 标记/);
    expect(() => findMarkers('<!-- k8snet:a -->\n<!-- k8snet:b -->\n<!-- /k8snet:b -->\n', 'f.md', 'en')).toThrow(/f\.md:1/);
  });
});
