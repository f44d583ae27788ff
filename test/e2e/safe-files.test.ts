/**
 * Issue 9, files and processes: what -o, docs --sync and --catalog may read and write, and how
 * output errors end. The built CLI, spawned as a user would run it.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_PATHS } from '../../src/io/render-mermaid.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { tempFolders } from '../helpers/temp-dirs.ts';

const { fresh } = tempFolders('k8snet-safe-files-');

describe('-o writes what the path names, never replaces a link or a device', () => {
  it('-o through a symbolic link writes its target and keeps the link', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'target.md'), 'old');
    symlinkSync('target.md', join(dir, 'link.md'));
    expect(runCli(['list', '-o', join(dir, 'link.md')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readlinkSync(join(dir, 'link.md'))).toBe('target.md');
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toMatch(/^# /);
  });

  it('-o keeps a private file private', () => {
    const file = join(fresh(), 'private.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o600);
    expect(runCli(['list', '-o', file]).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).view).toBe('list');
  });

  it('-o /dev/stdout and -o /proc/self/fd/1 write to standard output', () => {
    const json = runCli(['list', '--format', 'json']).stdout;
    expect(runCli(['list', '--format', 'json', '-o', '/dev/stdout'])).toEqual({ code: 0, stdout: json, stderr: '' });
    expect(runCli(['list', '--format', 'json', '-o', '/proc/self/fd/1'])).toEqual({ code: 0, stdout: json, stderr: '' });
    expect(runCli(['list', '--format', 'json', '-o', '-'])).toEqual({ code: 0, stdout: json, stderr: '' });
  });

  it('-o into a missing folder creates it', () => {
    const dir = fresh();
    expect(runCli(['list', '-o', join(dir, 'docs', 'list.md')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'docs', 'list.md'), 'utf8')).toMatch(/^# /);
  });
});

describe('docs --sync writes the file a link points to', () => {
  it('keeps a symlinked README a link, and keeps its mode', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'real'));
    const real = join(dir, 'real', 'README.md');
    writeFileSync(real, '# Mine\n\n<!-- k8snet:list --kind cluster-dns -->\n<!-- /k8snet:list -->\n');
    chmodSync(real, 0o640);
    symlinkSync('real/README.md', join(dir, 'README.md'));
    const result = runCli(['docs', '--sync', join(dir, 'README.md')]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: `${join(dir, 'README.md')}: updated 1 block(s)\n` });
    expect(lstatSync(join(dir, 'README.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^# Mine\n\n<!-- k8snet:list --kind cluster-dns -->\n\n# .*CoreDNS/s);
    expect(statSync(real).mode & 0o777).toBe(0o640);
  });
});

describe('standard output that cannot be written', () => {
  const full = '/dev/full';
  const hasFull = (() => {
    try {
      return statSync(full).isCharacterDevice();
    } catch {
      return false;
    }
  })();
  const commands = [
    ['list'],
    ['explain', 'kube-proxy'],
    ['compare', 'kube-proxy', 'cni'],
    ['layers', '--format', 'json'],
    ['diagram', 'service-flow'],
    ['docs'],
    ['trace', 'pod-to-service'],
    ['inspect', 'test/fixtures/inspect/kube-proxy-ipvs.yaml'],
    ['--help'],
  ];
  it.skipIf(!hasFull).each(commands)('k8snet %s > /dev/full: one error line, exit 2', (...args) => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const redirected = spawnSync('sh', ['-c', `exec "$0" "$@" > ${full}`, process.execPath, BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(redirected.stderr).toBe('error: cannot write to standard output: no space left on device\n');
    expect(redirected.status).toBe(2);
  });

  it.skipIf(!hasFull || !BROWSER_PATHS.some((p) => existsSync(p)))(
    'render > /dev/full: the error comes after the browser work, which still cleans up (needs Chromium)',
    () => {
      const dir = fresh();
      mkdirSync(join(dir, 'tmp'));
      const redirected = spawnSync(
        'sh',
        ['-c', `exec "$0" "$@" > ${full}`, process.execPath, BIN, 'render', 'layers-compact', '-d', join(dir, 'out')],
        {
          env: { ...process.env, NO_COLOR: '1', TMPDIR: join(dir, 'tmp') },
          encoding: 'utf8',
        },
      );
      expect(redirected.stderr).toBe('error: cannot write to standard output: no space left on device\n');
      expect(redirected.status).toBe(2);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    },
    60_000,
  );
});

describe('--catalog reads only regular files, within a limit', () => {
  it('refuses /dev/zero at once', () => {
    expect(runCli(['list', '--catalog', '/dev/zero'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: cannot read /dev/zero: not a regular file (a device, FIFO or socket)\n',
    });
  });

  it('names the size limit and the variable that raises it', () => {
    const file = 'test/fixtures/catalog/valid-entry.yaml';
    const small = runCli(['explain', 'egress-gw', '--catalog', file], { env: { K8SNET_MAX_CATALOG_BYTES: '100' } });
    expect(small).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${file} is larger than the limit of 100 bytes for a catalogue file; to read it anyway, raise the limit with K8SNET_MAX_CATALOG_BYTES=400\n`,
    });
    expect(runCli(['explain', 'egress-gw', '--catalog', file], { env: { K8SNET_MAX_CATALOG_BYTES: '1M' } }).code).toBe(0);
    expect(runCli(['list', '--catalog', file], { env: { K8SNET_MAX_CATALOG_BYTES: 'huge' } })).toMatchObject({
      code: 2,
      stderr: 'error: K8SNET_MAX_CATALOG_BYTES must be a size such as 64M, 1G or 500000 (bytes), not "huge"\n',
    });
  });

  it('warns about a dangling link in a folder and still reads the rest', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'valid.yaml'), readFileSync('test/fixtures/catalog/valid-entry.yaml'));
    symlinkSync('gone.yaml', join(dir, 'gone-link.yaml'));
    const result = runCli(['explain', 'egress-gw', '--catalog', dir, '--format', 'json']);
    expect(result.stderr).toBe(`warning: skipped ${join(dir, 'gone-link.yaml')}: a dangling symbolic link\n`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe('acme-egress');
  });

  it('an alias bomb is a one-line data error, not a crash', () => {
    const result = runCli(['list', '--catalog', 'test/fixtures/catalog/alias-bomb.expect-error.yaml']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: test/fixtures/catalog/alias-bomb.expect-error.yaml: its YAML aliases expand to far more than the file holds (an alias bomb?); write the repeated parts out\n',
    });
  });
});

describe('docs --sync markers are parsed like the command line and may only choose content', () => {
  const marker = (command: string): string => `# Doc\n\n<!-- k8snet:${command} -->\n<!-- /k8snet:${command.split(' ')[0]} -->\n`;
  const sync = (dir: string, command: string, cwd?: string) => {
    const doc = join(dir, 'README.md');
    writeFileSync(doc, marker(command));
    return { doc, result: runCli(['docs', '--sync', doc], cwd ? { cwd } : {}) };
  };

  it.each([
    ['list -o/VICTIM', '-o, --output'],
    ['list -o /VICTIM', '-o, --output'],
    ['list --output=/VICTIM', '-o, --output'],
    ['list -fmarkdown -o/VICTIM', '-o, --output'],
    ['docs --sync /VICTIM', '--sync'],
    ['diagram service-flow --scale 2', '--scale'],
  ])('refuses "%s" and writes nothing', (command, refused) => {
    const dir = fresh();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const { doc, result } = sync(dir, command.replace('/VICTIM', victim));
    const flag = refused.split(', ').at(-1);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^error: ${doc}:3: .* failed: ${flag} is not allowed in a marker, which may only choose what is generated \\(`),
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(doc, 'utf8')).toBe(marker(command.replace('/VICTIM', victim)));
  });

  it('refuses a --catalog outside the document folder: /dev/zero, ../, a link out', () => {
    const dir = fresh();
    const docs = join(dir, 'docs');
    mkdirSync(docs);
    writeFileSync(join(dir, 'outside.yaml'), readFileSync('test/fixtures/catalog/valid-entry.yaml'));
    symlinkSync('../outside.yaml', join(docs, 'link.yaml'));
    for (const path of ['/dev/zero', '../outside.yaml', 'link.yaml']) {
      const { doc, result } = sync(docs, `list --catalog ${path}`);
      expect(result.stderr, path).toBe(
        `error: ${doc}:3: "k8snet list --catalog ${path}" failed: --catalog ${path} is outside ${docs}, the folder of the document, where a marker may read catalogue files\n`,
      );
      expect(result.code).toBe(2);
    }
    mkdirSync(join(docs, 'entries'));
    symlinkSync('../../outside.yaml', join(docs, 'entries', 'sneaky.yaml'));
    const { result } = sync(docs, 'list --catalog entries');
    expect(result.stderr).toMatch(/failed: cannot read .*sneaky\.yaml: it is outside /);
    expect(result.code).toBe(2);
  });

  it('reads a --catalog inside the folder, relative to the document wherever k8snet runs', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'mine.yaml'), readFileSync('test/fixtures/catalog/valid-entry.yaml'));
    const { doc, result } = sync(dir, 'explain egress-gw --catalog mine.yaml', tmpdir());
    expect(result).toEqual({ code: 0, stdout: '', stderr: `${doc}: updated 1 block(s)\n` });
    expect(readFileSync(doc, 'utf8')).toContain('acme-egress');
  });

  it('keeps a format given in the marker, attached or not, and reports unknown options as commander does', () => {
    const dir = fresh();
    const { doc, result } = sync(dir, 'list --kind cluster-dns -fjson');
    expect(result.code).toBe(0);
    expect(readFileSync(doc, 'utf8')).toContain('"view": "list"');
    const bogus = sync(dir, 'list --bogus');
    expect(bogus.result.stderr).toBe(`error: ${bogus.doc}:3: "k8snet list --bogus" failed: unknown option '--bogus'\n`);
  });
});

describe('rendering leaves nothing behind', () => {
  const hasBrowser = BROWSER_PATHS.some((p) => existsSync(p));

  it('says in words why a browser could not start (no EACCES)', () => {
    const dir = fresh();
    const fake = join(dir, 'chrome');
    writeFileSync(fake, 'not a program');
    chmodSync(fake, 0o644);
    const result = runCli(['diagram', 'layers', '-o', join(dir, 'x.svg')], { env: { CHROME_PATH: fake } });
    expect(result).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: cannot start the browser ${fake}: permission denied; is it a Chrome or Chromium executable?\n`,
    });
    expect(existsSync(join(dir, 'x.svg'))).toBe(false);
  });

  it.skipIf(!hasBrowser)(
    "keeps the browser out of the user's home and removes its temporary folders (needs Chromium)",
    () => {
      const dir = fresh();
      const home = join(dir, 'home');
      const scratch = join(dir, 'tmp');
      mkdirSync(home);
      mkdirSync(scratch);
      const out = join(dir, 'out');
      const result = runCli(['render', 'layers-compact', '-d', out], { env: { HOME: home, TMPDIR: scratch } });
      expect(result).toEqual({ code: 0, stdout: `${join(out, 'layers-compact.en.svg')}\n`, stderr: '' });
      expect(readdirSync(home)).toEqual([]);
      expect(readdirSync(scratch)).toEqual([]);
    },
    60_000,
  );

  it.skipIf(!hasBrowser)(
    'refuses a PNG over the pixel limit, naming it, and creates no file or folder (needs Chromium)',
    () => {
      const dir = fresh();
      const message =
        /^error: the PNG would be [\d,]+ × [\d,]+ pixels \([\d,]+ million\), more than the limit of 64 million; lower --scale or --width\n$/;
      const single = runCli(['diagram', 'layers', '-o', join(dir, 'huge.png'), '--scale', '8', '--width', '10000']);
      expect(single.stderr).toMatch(message);
      expect(single.code).toBe(3);
      const batch = runCli(['render', 'layers', '-d', join(dir, 'out'), '--image', 'png', '--scale', '8', '--width', '10000']);
      expect(batch.stderr).toMatch(message);
      expect(batch.code).toBe(3);
      expect(readdirSync(dir)).toEqual([]);
    },
    90_000,
  );
});

describe('JSON output larger than a string can hold', () => {
  it('inspect --format json of 4,500 Services and 4,500 Deployments sharing one label is streamed (~730 MiB)', () => {
    const dir = fresh();
    const items = Array.from({ length: 4500 }, (_, i) => [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: 'shop' }, spec: { selector: { app: 'web' } } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `dep-${i}`, namespace: 'shop' },
        spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      },
    ]).flat();
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    // Counted in another process, so that this one does not hold the output either.
    const count = `let n = 0, tail = ''; process.stdin.on('data', (d) => { n += d.length; tail = (tail + d.toString('latin1')).slice(-200); }).on('end', () => console.log(JSON.stringify({ n, tail })));`;
    const result = spawnSync(
      'bash',
      ['-c', 'set -o pipefail; "$0" "$1" inspect cluster.json --format json | "$0" -e "$2"', process.execPath, BIN, count],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { n, tail } = JSON.parse(result.stdout) as { n: number; tail: string };
    // V8's longest string is 2^29 - 24 characters.
    expect(n).toBeGreaterThan(2 ** 29);
    expect(tail).toMatch(/\n {2}\}\n\}\n$/);
  }, 180_000);
});
