/**
 * Every command the README shows runs as written, and prints what the README says it prints.
 *
 * The rule, for any README block (so sections other people add are checked too):
 * - In a ```console block, each line starting with `$ ` is a command; the lines after it, up to
 *   the next `$ ` line, are its excerpt. In a ```sh block, each non-empty line that is not a
 *   `#` comment is a command (a leading `$ ` is dropped), without an excerpt.
 * - A command line is split at `&&`. The setup steps `npm ci`, `npm install …`, `npm run build`,
 *   `npm test`, `npm link` and `npm pack` are not run (the test suite has done them: `npm test`
 *   builds first, test/e2e/install.test.ts installs the tarball). What is left must call k8snet
 *   (`k8snet …` or `./bin/k8snet.js …`, also in a pipe, a quoted string or `<(…)`), and its parts
 *   run with bash (`set -o pipefail`), in order, in one temporary copy of the repository's tracked
 *   files (a fresh clone, with the built `dist/`), `k8snet` on PATH, HOME an empty temporary
 *   folder, NO_COLOR=1, LANG=C.UTF-8, no COLUMNS.
 * - A command that writes an image (`.svg`, `.png`, `.pdf`, `k8snet render`) is skipped when no
 *   Chrome or Chromium is installed; one that pipes into a program that is not installed is
 *   skipped. Both skips are visible in the test names.
 * - The exit code must be 0, or 1 if the excerpt has a `note:` line, or non-zero if it has an
 *   `error:` line.
 * - The excerpt is compared with stdout followed by stderr, trailing spaces and trailing empty
 *   lines ignored. A line that is only `…` stands for lines left out. Without one, the output
 *   must equal the excerpt. With them, the excerpt's other lines form blocks that must appear in
 *   the output in order, each as consecutive lines; the first block starts the output unless the
 *   excerpt starts with `…`, and the last block ends it unless the excerpt ends with `…`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_PATHS } from '../../src/io/render-mermaid.ts';
import { BIN, ROOT } from '../helpers/cli.ts';

interface ReadmeCommand {
  /** The line as the README shows it (without `$ `). */
  line: string;
  /** The parts that are run (setup steps removed). */
  run: string[];
  /** The excerpt lines, or undefined when the README shows none. */
  excerpt?: string[];
  /** 1-based line of the README. */
  at: number;
}

const SETUP = /^npm (ci|install\b.*|run build|test|link|pack\b.*)$/;

function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  const lines = markdown.split('\n');
  let fence: string | undefined;
  let current: ReadmeCommand | undefined;
  const add = (line: string, at: number, excerpt: boolean): void => {
    current = {
      line,
      at,
      run: line
        .split('&&')
        .map((p) => p.trim())
        .filter((p) => !SETUP.test(p)),
      ...(excerpt ? { excerpt: [] } : {}),
    };
    commands.push(current);
  };
  for (const [i, raw] of lines.entries()) {
    const open = /^```(\w*)\s*$/.exec(raw);
    if (fence === undefined && open) {
      fence = open[1] ?? '';
      current = undefined;
      continue;
    }
    if (fence !== undefined && raw.startsWith('```')) {
      fence = undefined;
      current = undefined;
      continue;
    }
    if (fence === 'console') {
      if (raw.startsWith('$ ')) add(raw.slice(2).trim(), i + 1, true);
      else current?.excerpt?.push(raw);
    } else if (fence === 'sh' && raw.trim() !== '' && !raw.trim().startsWith('#')) {
      add(raw.replace(/^\$ /, '').trim(), i + 1, false);
    }
  }
  for (const command of commands) {
    const excerpt = command.excerpt?.map((l) => l.trimEnd());
    while (excerpt && excerpt.length > 0 && excerpt.at(-1) === '') excerpt.pop();
    if (excerpt) command.excerpt = excerpt;
  }
  return commands;
}

/** Why `output` does not match `excerpt` under the rule above, or undefined when it does. */
function excerptMismatch(output: string, excerpt: readonly string[]): string | undefined {
  const lines = output.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const gap = (l: string): boolean => l.trim() === '…';
  if (!excerpt.some(gap)) {
    const at = excerpt.findIndex((l, i) => l !== lines[i]);
    if (at >= 0) return `line ${at + 1}: README has ${JSON.stringify(excerpt[at])}, output has ${JSON.stringify(lines[at])}`;
    return lines.length > excerpt.length ? `output goes on after the excerpt: ${JSON.stringify(lines[excerpt.length])}` : undefined;
  }
  const blocks: string[][] = [[]];
  for (const line of excerpt) {
    if (gap(line)) blocks.push([]);
    else blocks.at(-1)?.push(line);
  }
  const anchoredStart = !gap(excerpt[0] ?? '');
  const anchoredEnd = !gap(excerpt.at(-1) ?? '');
  const filled = blocks.filter((b) => b.length > 0);
  let from = 0;
  for (const [n, block] of filled.entries()) {
    const fits = (start: number): boolean => block.every((l, k) => lines[start + k] === l);
    let start = from;
    if (n === 0 && anchoredStart) {
      if (!fits(0)) return `the output does not start with ${JSON.stringify(block[0])} (it starts ${JSON.stringify(lines[0])})`;
    } else if (n === filled.length - 1 && anchoredEnd) {
      start = lines.length - block.length;
      if (start < from || !fits(start)) return `the output does not end with the block starting ${JSON.stringify(block[0])}`;
    } else {
      while (start + block.length <= lines.length && !fits(start)) start += 1;
      if (start + block.length > lines.length)
        return `block ${n + 1} (${JSON.stringify(block[0])}) is not in the output after line ${from}`;
    }
    from = start + block.length;
  }
  return undefined;
}

describe('the excerpt rule', () => {
  const out = 'a\nb\nc\nd\n';
  it.each([
    [['a', 'b', 'c', 'd'], undefined],
    [['a', 'b', 'c'], 'output goes on after the excerpt: "d"'],
    [['a', '…', 'c', 'd'], undefined],
    [['a', '…', 'c', '…'], undefined],
    [['…', 'b', 'c', '…'], undefined],
    [['a', 'c', '…'], 'the output does not start with "a" (it starts "a")'],
    [['…', 'c', 'b', '…'], 'block 1 ("c") is not in the output after line 0'],
    [['a', '…', 'c'], 'the output does not end with the block starting "c"'],
  ] as const)('%j', (excerpt, why) => {
    expect(excerptMismatch(out, excerpt)).toBe(why);
  });

  it('reads console and sh blocks', () => {
    const md =
      '```console\n$ k8snet a\nout\n…\n\n$ k8snet b\n```\n```sh\n# c\nnpm ci && ./bin/k8snet.js c\n```\n```text\n$ k8snet d\n```\n';
    expect(readmeCommands(md)).toEqual([
      { line: 'k8snet a', at: 2, run: ['k8snet a'], excerpt: ['out', '…'] },
      { line: 'k8snet b', at: 6, run: ['k8snet b'], excerpt: [] },
      { line: 'npm ci && ./bin/k8snet.js c', at: 10, run: ['./bin/k8snet.js c'] },
    ]);
  });
});

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const commands = readmeCommands(readme);
const browser = BROWSER_PATHS.find((p) => existsSync(p));
const tmp = mkdtempSync(join(tmpdir(), 'k8snet-readme-'));
const clone = join(tmp, 'clone');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh clone: the tracked files, with the built dist/ beside them. */
function makeClone(): void {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  symlinkSync(join(ROOT, 'dist'), join(clone, 'dist'));
  mkdirSync(join(tmp, 'bin'));
  symlinkSync(BIN, join(tmp, 'bin', 'k8snet'));
}

const installed = (program: string): boolean => spawnSync('bash', ['-c', `command -v ${program}`]).status === 0;

/** Why a command cannot run here, if it cannot. */
function skipReason(part: string): string | undefined {
  if (!browser && /\.(svg|png|pdf)\b|k8snet render\b/.test(part)) return 'needs Chrome or Chromium';
  const piped = part
    .split('|')
    .slice(1)
    .map((p) => p.trim().split(/\s+/)[0] ?? '');
  const missing = piped.find((p) => p !== '' && !installed(p));
  return missing ? `${missing} is not installed` : undefined;
}

describe('the README', () => {
  it('has the quick start: two commands, one installs and runs compare kube-proxy cni, one runs the tests', () => {
    const start = readme.indexOf('## Quick start');
    expect(start).toBeGreaterThanOrEqual(0);
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npm ci && npm run build && \.\/bin\/k8snet\.js compare kube-proxy cni$/);
    expect(lines[1]).toBe('npm test');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.test).toMatch(/^npm run build && vitest run/);
  });

  it('shows commands, and each calls k8snet or is a setup step', () => {
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) {
      if (command.run.length > 0)
        expect(command.run.join(' && '), `README line ${command.at}`).toMatch(/(^|[|('"]\s*|\s)(k8snet|\.\/bin\/k8snet\.js)\s/);
    }
  });

  makeClone();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(PUPPETEER_|CHROME_PATH|COLUMNS|LC_|FORCE_COLOR|npm_)/.test(key)) env[key] = value;
  }
  mkdirSync(join(tmp, 'home'));
  Object.assign(env, { PATH: `${join(tmp, 'bin')}:${process.env.PATH ?? ''}`, HOME: join(tmp, 'home'), NO_COLOR: '1', LANG: 'C.UTF-8' });

  const runnable = commands.flatMap((command) =>
    command.run.map((part, i) => ({ command, part, last: i === command.run.length - 1, skip: skipReason(part) })),
  );
  for (const { command, part, last, skip } of runnable) {
    const name = `line ${command.at}: ${part}${skip ? ` (skipped: ${skip})` : ''}`;
    it.skipIf(skip !== undefined)(
      name,
      () => {
        const result = spawnSync('bash', ['-c', `set -o pipefail; ${part}`], { cwd: clone, env, encoding: 'utf8', timeout: 120_000 });
        const excerpt = last ? command.excerpt : undefined;
        const expected = excerpt?.some((l) => l.startsWith('error:')) ? 'error' : excerpt?.some((l) => l.startsWith('note:')) ? 1 : 0;
        if (expected === 'error') expect(result.status, result.stderr).not.toBe(0);
        else expect(result.status, result.stderr).toBe(expected);
        if (excerpt && excerpt.length > 0) expect(excerptMismatch(result.stdout + result.stderr, excerpt)).toBeUndefined();
      },
      180_000,
    );
  }
});
