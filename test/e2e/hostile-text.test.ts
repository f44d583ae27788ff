/**
 * Issue 9, items 7–9: text from manifests, kubectl and --catalog files never reaches the terminal
 * as control codes (stdout in every format, and the warning:/error: lines on stderr), never a
 * diagram as KaTeX, and never Markdown as structure.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_PATHS } from '../../src/io/render-mermaid.ts';
import { runCli } from '../helpers/cli.ts';
import { HOSTILE_STRINGS, markdownlintErrors, TERMINAL_ATTACK, UNSAFE_CHAR, withoutStyling } from '../helpers/hostile.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-hostile-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CSI = '\u009b2J';
const RLO = 'evil\u202etxt.exe';

/** A DaemonSet whose image, name and labels carry terminal escapes, and a Service selecting it. */
const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
  labels: { app: ${JSON.stringify(RLO)} }
spec:
  template:
    metadata:
      labels: { app: ${JSON.stringify(RLO)} }
    spec:
      containers:
        - name: kube-proxy
          image: ${JSON.stringify(`registry.k8s.io/kube-proxy:v1.31.0${TERMINAL_ATTACK}`)}
---
apiVersion: v1
kind: Service
metadata:
  name: ${JSON.stringify(`web${CSI}${RLO}`)}
  namespace: kube-system
spec:
  selector: { app: ${JSON.stringify(RLO)} }
  ports: [{ port: 80 }]
`;
const manifestFile = join(tmp, 'hostile.yaml');
writeFileSync(manifestFile, manifest);

describe('no control character from the input reaches stdout', () => {
  it.each(['table', 'markdown', 'mermaid', 'json'])('inspect --format %s escapes them visibly', async (format) => {
    const result = runCli(['inspect', manifestFile, '--format', format]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(UNSAFE_CHAR);
    // Visibly: the table wraps and Markdown escapes the backslash, so look for the code points' names.
    if (format === 'table' || format === 'markdown')
      for (const code of ['u001B', 'u0007', 'u009B', 'u202E']) expect(result.stdout).toContain(code);
    if (format === 'mermaid') await expect(parseMermaid(result.stdout)).resolves.toBe('flowchart-v2');
    if (format === 'json') {
      // JSON stays lossless: the escapes are JSON's own.
      const view = JSON.parse(result.stdout);
      expect(view.findings[0].evidence[0].value).toBe(`registry.k8s.io/kube-proxy:v1.31.0${TERMINAL_ATTACK}`);
      expect(view.topology.services[0].name).toBe(`web${CSI}${RLO}`);
      expect(view.topology.services[0].selector.app).toBe(RLO);
    }
  });

  it('keeps the table renderer own colours but none from the input, when colour is on', () => {
    const result = runCli(['inspect', manifestFile], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\u001b[1m');
    expect(withoutStyling(result.stdout)).not.toMatch(UNSAFE_CHAR);
  });

  it('escapes them in --catalog names, in list, explain and docs', () => {
    const dir = join(tmp, 'catalog');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'evil.yaml'),
      `id: evil-gw
type: project
kind: network-policy
name: { en: ${JSON.stringify(`Evil ${TERMINAL_ATTACK} ${RLO}`)}, zh: ${JSON.stringify(`恶意 ${CSI}`)} }
summary: { en: ${JSON.stringify(`Summary ${TERMINAL_ATTACK}`)}, zh: 摘要 }
source: https://example.com/evil
reviewed: 2026-12-01
responsibilities:
  - text: { en: ${JSON.stringify(`Does \u001b[31mred\u001b[0m things.`)}, zh: 做事。 }
    source: https://example.com/evil
layers:
  - layer: 3
    role: primary
    what: { en: Routing., zh: 路由。 }
    source: https://example.com/evil
status: { state: active, source: https://example.com/evil }
`,
    );
    for (const args of [['list'], ['explain', 'evil-gw'], ['explain', 'evil-gw', '--lang', 'zh'], ['docs']]) {
      for (const format of args[0] === 'docs' ? ['markdown'] : ['table', 'markdown', 'json']) {
        const result = runCli([...args, '--catalog', dir, '--format', format]);
        expect(result.stderr, `${args.join(' ')} ${format}`).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout, `${args.join(' ')} ${format}`).not.toMatch(UNSAFE_CHAR);
      }
    }
  });
});

describe('no control character from the input reaches stderr', () => {
  it('escapes them in warning lines that quote a file name', () => {
    const bad = join(tmp, `bad${TERMINAL_ATTACK}.yaml`);
    writeFileSync(bad, 'kind: [unclosed\n');
    const result = runCli(['inspect', manifestFile, bad]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: .*bad\\u001B\]0;pwned\\u0007\\u001B\[2Jimg\.yaml:\d+:\d+: invalid YAML/);
    expect(result.stderr).not.toMatch(UNSAFE_CHAR);
  });

  it('escapes them in error lines that quote kubectl', () => {
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    const kubectl = join(bin, 'kubectl');
    writeFileSync(kubectl, `#!/bin/sh\nprintf 'Unable to connect \\033]0;pwned\\007\\033[2J\\302\\233 now\\n' >&2\nexit 1\n`);
    chmodSync(kubectl, 0o755);
    const result = runCli(['inspect', '--kubectl'], { env: { PATH: `${bin}${delimiter}${process.env.PATH}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: kubectl could not read the cluster: Unable to connect \\u001B]0;pwned\\u0007\\u001B[2J\\u009B now\n',
    );
  });
});

describe('Markdown keeps its structure whatever the names hold', () => {
  it('docs --catalog passes markdownlint with newlines, CRs, tabs, pipes and bare URLs in names', () => {
    const dir = join(tmp, 'md-catalog');
    mkdirSync(dir, { recursive: true });
    HOSTILE_STRINGS.filter((s) => s.trim() !== '').forEach((text, i) => {
      writeFileSync(
        join(dir, `e${i}.json`),
        JSON.stringify({
          id: `hostile-${i}`,
          type: 'project',
          kind: 'network-policy',
          name: { en: `N ${text}`, zh: `名 ${text}` },
          summary: { en: `S ${text}`, zh: `摘 ${text}` },
          source: 'https://example.com/x',
          reviewed: '2026-12-01',
          responsibilities: [{ text: { en: `R ${text}`, zh: `职 ${text}` }, source: 'https://example.com/x' }],
          layers: [{ layer: 3, role: 'primary', what: { en: `W ${text}`, zh: `做 ${text}` }, source: 'https://example.com/x' }],
          status: { state: 'active', source: 'https://example.com/x' },
        }),
      );
    });
    for (const lang of ['en', 'zh']) {
      const docs = runCli(['docs', '--catalog', dir, '--lang', lang]);
      expect(docs.stderr).toBe('');
      expect(docs.code).toBe(0);
      expect(markdownlintErrors(docs.stdout)).toEqual([]);
      expect(docs.stdout).not.toMatch(UNSAFE_CHAR);
      for (const args of [['list'], ['explain', 'hostile-4']]) {
        const md = runCli([...args, '--catalog', dir, '--lang', lang, '--format', 'markdown']);
        expect(md.code).toBe(0);
        expect(markdownlintErrors(md.stdout), args.join(' ')).toEqual([]);
      }
    }
  });
});

const browser = BROWSER_PATHS.find((p) => existsSync(p)) ?? process.env.PUPPETEER_EXECUTABLE_PATH;

describe.skipIf(browser === undefined || !existsSync(browser))('$$…$$ in diagram text stays literal in images (Chromium)', () => {
  it('draws a normal-width SVG with the text as written, and no KaTeX on stderr', () => {
    const file = join(tmp, 'katex.yaml');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Service
metadata: { name: '$$\\rule{20000px}{20000px}$$', namespace: shop }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
    - host: shop.example
      http:
        paths:
          - path: '/$$\\color{red}{\\Huge PWNED}$$'
            pathType: Prefix
            backend: { service: { name: '$$\\rule{20000px}{20000px}$$', port: { number: 80 } } }
`,
    );
    const out = join(tmp, 'katex.svg');
    const result = runCli(['inspect', file, '-o', out]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const svg = readFileSync(out, 'utf8');
    const [, width] = /^<svg[^>]* viewBox="[-\d.]+ [-\d.]+ ([\d.]+) /.exec(svg) ?? [];
    expect(Number(width)).toBeGreaterThan(200);
    expect(Number(width)).toBeLessThan(2000); // 39,726 px when KaTeX drew the rule
    expect(svg).not.toMatch(/class="katex/);
    // The text as written: the dollars only carry an invisible WORD JOINER between them.
    const text = svg.replace(/\u2060/g, '');
    expect(text).toContain('$$\\rule{20000px}{20000px}$$');
    expect(text).toContain('$$\\color{red}{\\Huge PWNED}$$');
  }, 60_000);
});
