import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, ROOT, runCli } from '../helpers/cli.ts';
import { parseMermaid } from '../helpers/mermaid.ts';

/** The escape that starts every ANSI colour code. */
const ANSI = `${String.fromCharCode(27)}[`;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
let tmp: string;
const hasBrowser =
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((p) => existsSync(p)) ||
  Boolean(process.env.PUPPETEER_EXECUTABLE_PATH);

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/k8snet.mjs'))) throw new Error('run "npm run build" first (npm test does)');
  tmp = mkdtempSync(join(tmpdir(), 'k8snet-e2e-'));
});

const COMMANDS: { args: string[]; formats: string[] }[] = [
  { args: ['list'], formats: ['table', 'markdown', 'json', 'yaml'] },
  { args: ['list', '--kind', 'cni-plugin'], formats: ['table', 'json'] },
  { args: ['explain', 'kube-proxy'], formats: ['table', 'markdown', 'json'] },
  { args: ['explain', 'cilium'], formats: ['table', 'markdown', 'json'] },
  { args: ['explain', 'networkpolicy'], formats: ['table', 'markdown', 'json'] },
  { args: ['explain', 'AdminNetworkPolicy'], formats: ['table', 'markdown', 'json'] },
  { args: ['compare', 'kube-proxy', 'cni'], formats: ['table', 'markdown', 'json'] },
  { args: ['compare', 'flannel', 'calico', 'cilium'], formats: ['table', 'markdown', 'json'] },
  { args: ['layers'], formats: ['table', 'markdown', 'json', 'mermaid'] },
  { args: ['layers', '--by', 'layer'], formats: ['table', 'markdown', 'json', 'yaml'] },
  { args: ['layers', '--layout', 'compact', '--type', 'project', '--direction', 'TD'], formats: ['mermaid'] },
];

describe('every command, format and language', () => {
  const cases = COMMANDS.flatMap(({ args, formats }) =>
    formats.flatMap((format) => (['en', 'zh'] as const).map((lang) => ({ args, format, lang }))),
  );
  it.each(cases)('$args --format $format --lang $lang', async ({ args, format, lang }) => {
    const result = runCli([...args, '--format', format, '--lang', lang]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(ANSI);
    expect(result.stdout.endsWith('\n')).toBe(true);
    if (format === 'json' || format === 'yaml') {
      const view = (format === 'json' ? JSON.parse(result.stdout) : parseYaml(result.stdout)) as { view: string; lang: string };
      expect(view.lang).toBe(lang);
    }
    // The layer map's full diagram (the default) is a matrix, a block diagram.
    if (format === 'mermaid')
      await expect(parseMermaid(result.stdout)).resolves.toBe(args[0] === 'layers' && !args.includes('compact') ? 'block' : 'flowchart-v2');
    if (lang === 'zh' && format !== 'json') expect(result.stdout).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('policy enforcement facts', () => {
  it('explain shows which policy APIs a CNI plugin enforces, with what, in both languages', () => {
    const en = runCli(['explain', 'calico', '--format', 'markdown'], { env: { COLUMNS: '200' } });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('## Policy enforcement');
    expect(en.stdout).toMatch(
      /\| AdminNetworkPolicy \/ BaselineAdminNetworkPolicy \| enforced \| Felix in calico-node [^|]*\| since v3\.29, removed v3\.32 \|/,
    );
    const zh = runCli(['explain', 'calico', '--format', 'markdown', '--lang', 'zh']);
    expect(zh.stdout).toContain('## 策略实施');
    const json = JSON.parse(runCli(['explain', 'flannel', '--format', 'json']).stdout) as { policy: { api: string; support: string }[] };
    expect(json.policy.find((p) => p.api === 'networkPolicy')?.support).toBe('none');
  });

  it('explain networkpolicy says who enforces it, and compare puts it next to the network-policy row', () => {
    const table = runCli(['explain', 'networkpolicy'], { env: { COLUMNS: '160' } }).stdout;
    expect(table).toContain('Who enforces it');
    expect(table).toMatch(/Flannel\s+│ not enforced/);
    const compare = JSON.parse(runCli(['compare', 'flannel', 'kube-router', '--format', 'json']).stdout) as {
      policy: { api: string; cells: { value: string | null }[] }[];
    };
    expect(compare.policy[0]?.cells.map((c) => c.value?.split(':')[0])).toEqual(['not enforced', 'enforced']);
  });
});

describe('compare kube-proxy cni (the main job)', () => {
  it('prints the comparison table with sources and corrections', () => {
    const { stdout, code, stderr } = runCli(['compare', 'kube-proxy', 'cni'], { env: { COLUMNS: '240' } });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const labels = (
      JSON.parse(runCli(['compare', 'kube-proxy', 'cni', '--format', 'json']).stdout) as { rows: { label: string }[] }
    ).rows.map((r) => r.label);
    for (const label of [
      'Main function',
      'Works on',
      'Where it runs',
      'How it is implemented',
      'Depends on',
      'Relation to the network model',
      'Data plane',
      'OSI layers',
    ]) {
      expect(labels).toContain(label);
    }
    expect(stdout).toContain('Main function');
    expect(stdout).toContain('Common misconceptions, corrected');
    expect(stdout).toMatch(/\[1\] https:\/\/kubernetes\.io\//);
    const json = JSON.parse(runCli(['compare', 'kube-proxy', 'cni', '--format', 'json']).stdout);
    expect(json.rows.find((r: { dimension: string }) => r.dimension === 'implementation').cells[0].value).toMatch(
      /userspace removed in v1\.26/,
    );
  });

  it('matches the reviewed output in English and Chinese', async () => {
    await expect(runCli(['compare', 'kube-proxy', 'cni']).stdout).toMatchFileSnapshot('../fixtures/golden/compare-kube-proxy-cni.en.txt');
    await expect(runCli(['compare', 'kube-proxy', 'cni', '--lang', 'zh']).stdout).toMatchFileSnapshot(
      '../fixtures/golden/compare-kube-proxy-cni.zh.txt',
    );
    await expect(runCli(['compare', 'kube-proxy', 'cni', '--format', 'markdown']).stdout).toMatchFileSnapshot(
      '../fixtures/golden/compare-kube-proxy-cni.en.md',
    );
  });

  it('takes the language from the locale', () => {
    expect(runCli(['compare', 'kube-proxy', 'cni'], { env: { LANG: 'zh_CN.UTF-8' } }).stdout).toContain('主要功能');
    expect(runCli(['compare', 'kube-proxy', 'cni'], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' } }).stdout).toContain(
      'Main function',
    );
  });

  it('wraps the table to $COLUMNS', () => {
    const { stdout } = runCli(['compare', 'kube-proxy', 'cni'], { env: { COLUMNS: '72' } });
    const tableLines = stdout.split('\n').filter((l) => /^[│┌├└]/.test(l));
    expect(tableLines.length).toBeGreaterThan(10);
    for (const line of tableLines) expect([...line].length).toBeLessThanOrEqual(72);
  });
});

describe('explain says how fresh its facts are', () => {
  const reviewedOf = (file: string): string => /^reviewed: (\S+)$/m.exec(readFileSync(join(ROOT, file), 'utf8'))?.[1] ?? '';

  it('exposes the reviewed date in JSON and as one line in the table and Markdown, in both languages', () => {
    const date = reviewedOf('data/projects/cilium.yaml');
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const json = JSON.parse(runCli(['explain', 'cilium', '--format', 'json']).stdout) as { reviewed: string };
    expect(json.reviewed).toBe(date);
    for (const format of ['table', 'markdown']) {
      expect(runCli(['explain', 'cilium', '--format', format]).stdout).toContain(`Facts last checked against their sources on ${date}.`);
      expect(runCli(['explain', 'cilium', '--format', format, '--lang', 'zh']).stdout).toContain(
        `以上事实最近一次对照来源核对于 ${date}。`,
      );
    }
    expect(JSON.parse(runCli(['explain', 'cni', '--format', 'json']).stdout).reviewed).toBe(reviewedOf('data/components/cni.yaml'));
  });
});

describe('markdown output passes markdownlint', () => {
  it('for list, explain, compare and layers in both languages', () => {
    const dir = join(tmp, 'md');
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const lang of ['en', 'zh']) {
      for (const args of [['list'], ['explain', 'kube-proxy'], ['explain', 'cni'], ['compare', 'kube-proxy', 'cni'], ['layers']]) {
        const file = join(dir, `${args.join('-')}.${lang}.md`);
        const result = runCli([...args, '--lang', lang, '-o', file]);
        expect(result.code, result.stderr).toBe(0);
        files.push(file);
      }
    }
    // MD013 (line length) does not fit generated tables.
    writeFileSync(join(dir, '.markdownlint.json'), JSON.stringify({ default: true, MD013: false }));
    const lint = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'), ...files.map((f) => f.slice(dir.length + 1))],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(lint.stderr + lint.stdout).toContain('0 error(s)');
    expect(lint.status).toBe(0);
  });
});

describe('conventions', () => {
  it('--version prints the package version', () => {
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help has examples and exit codes; each command has its own examples', () => {
    const main = runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Examples:');
    expect(main.stdout).toContain('Exit codes:');
    for (const command of ['list', 'explain', 'compare', 'layers']) {
      const help = runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`$ k8snet ${command}`);
      expect(help.stdout).toContain('--format');
    }
  });

  it('colours only a terminal, or when FORCE_COLOR asks; --no-color always wins', () => {
    expect(runCli(['explain', 'kube-proxy'], { env: { NO_COLOR: undefined } }).stdout).not.toContain(ANSI);
    expect(runCli(['explain', 'kube-proxy'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toContain(ANSI);
    expect(runCli(['explain', 'kube-proxy', '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toContain(ANSI);
    expect(runCli(['explain', 'kube-proxy'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).toContain(ANSI);
  });

  it('writes files atomically, inferring the format from the extension, never with colour', () => {
    for (const [ext, check] of [
      ['md', (s: string) => s.startsWith('# ')],
      ['json', (s: string) => JSON.parse(s).view === 'compare'],
      ['txt', (s: string) => s.includes('┌')],
    ] as const) {
      const file = join(tmp, `out.${ext}`);
      const result = runCli(['compare', 'kube-proxy', 'cni', '-o', file], { env: { FORCE_COLOR: '1' } });
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      const text = readFileSync(file, 'utf8');
      expect(check(text)).toBe(true);
      expect(text).not.toContain(ANSI);
    }
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes mermaid to a .mmd file', async () => {
    const file = join(tmp, 'layers.mmd');
    expect(runCli(['layers', '-o', file]).code).toBe(0);
    await expect(parseMermaid(readFileSync(file, 'utf8'))).resolves.toBe('block');
  });

  it.skipIf(!hasBrowser)('renders the layer map to SVG with -o layers.svg', () => {
    const file = join(tmp, 'layers.svg');
    expect(runCli(['layers', '--kind', 'cni-plugin', '-o', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*Flannel[\s\S]*<\/svg>$/);
  });

  it('refuses an image for a command that draws no diagram, and writes nothing', () => {
    const file = join(tmp, 'list.png');
    expect(runCli(['list', '-o', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot render ${file}: this command draws no diagram; write .md, .json, .yaml or .txt\n`,
    });
    expect(existsSync(file)).toBe(false);
  });

  it('ends quietly when the reader closes the pipe (| head)', async () => {
    const child = spawn(process.execPath, [BIN, 'layers', '--format', 'json'], { env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" explain kube-proxy | head -n 1`], {
      encoding: 'utf8',
    });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });
});

describe('bad input: one line on stderr, exit 2, nothing on stdout', () => {
  const cases: { name: string; args: string[]; stderr: RegExp }[] = [
    {
      name: 'unknown component',
      args: ['explain', 'kube-proxi'],
      stderr: /^error: unknown component "kube-proxi"; did you mean "kube-proxy"\? \(run "k8snet list" to see them all\)\n$/,
    },
    {
      name: 'unknown component in compare',
      args: ['compare', 'kube-proxy', 'calcio'],
      stderr: /^error: unknown component "calcio"; did you mean "calico"\?/,
    },
    { name: 'one id only', args: ['compare', 'kube-proxy'], stderr: /^error: compare needs at least two ids/ },
    {
      name: 'bad flag',
      args: ['compare', 'kube-proxy', 'cni', '--bogus'],
      stderr: /^error: unknown option '--bogus'\n$/,
    },
    {
      name: 'bad format',
      args: ['list', '--format', 'yml'],
      stderr:
        /^error: option '-f, --format <format>' argument 'yml' is invalid\. Did you mean "yaml"\? Choose one of: table, markdown, json, yaml\.\n$/,
    },
    {
      name: 'format the command lacks',
      args: ['compare', 'flannel', 'calico', '-o', 'x.mmd'],
      stderr: /^error: the extension of x\.mmd is not supported by this command; choose one of: table, markdown, json, yaml\n$/,
    },
    {
      name: 'bad layer',
      args: ['list', '--layer', '9'],
      stderr: /^error: option '--layer <n>' argument '9' is invalid\. an OSI layer is 1 to 7/,
    },
    {
      name: 'unknown command',
      args: ['comapre'],
      stderr: /^error: unknown command "comapre"; did you mean "compare"\? \(run "k8snet help"\)\n$/,
    },
    {
      name: 'missing catalog file',
      args: ['list', '--catalog', 'no/such/file.yaml'],
      stderr: /^error: cannot read no\/such\/file\.yaml: no such file or directory\n$/,
    },
    {
      name: 'catalog YAML syntax error',
      args: ['list', '--catalog', 'test/fixtures/catalog/yaml-syntax.expect-error.yaml'],
      stderr: /^error: test\/fixtures\/catalog\/yaml-syntax\.expect-error\.yaml:6:3: /,
    },
    {
      name: 'catalog schema error',
      args: ['list', '--catalog', 'test/fixtures/catalog/missing-chinese.expect-error.yaml'],
      stderr: /^error: test\/fixtures\/catalog\/missing-chinese\.expect-error\.yaml: layers\[0\]\.what\.zh: /,
    },
  ];
  it.each(cases)('$name', ({ args, stderr }) => {
    const result = runCli(args);
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('an unwritable output path fails cleanly and leaves nothing behind', () => {
    const dir = join(tmp, 'readonly');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o555);
    const asRoot = process.getuid?.() === 0;
    writeFileSync(join(tmp, 'a-file'), '');
    const target = asRoot ? join(tmp, 'a-file', 'out.md') : join(dir, 'out.md');
    const result = runCli(['compare', 'kube-proxy', 'cni', '-o', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot write .*out\.md: (permission denied|a parent is not a directory)\n$/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(asRoot ? tmp : dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const intoDir = runCli(['compare', 'kube-proxy', 'cni', '-o', tmp]);
    expect(intoDir.stderr).toMatch(/^error: cannot write .*: is a directory\n$/);
  });

  it('a user catalogue adds entries to every command', () => {
    const result = runCli(['explain', 'egress-gw', '--catalog', 'test/fixtures/catalog/valid-entry.yaml', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).id).toBe('acme-egress');
  });
});
