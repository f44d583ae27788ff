/**
 * Install k8snet as a user does: pack the tarball (`npm pack`), install it globally into a
 * temporary prefix with a clean environment (no PUPPETEER_* or other variables of this shell, a
 * fresh HOME; only npm's cache is the shared one), then run the installed `k8snet` from another
 * folder: a comparison, and an SVG rendered with the system Chromium. Nothing may download a
 * browser, and the install must not need one. One pack and one install per run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_PATHS } from '../../src/io/render-mermaid.ts';
import { ROOT } from '../helpers/cli.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const browser = BROWSER_PATHS.find((p) => existsSync(p));
const tmp = mkdtempSync(join(tmpdir(), 'k8snet-install-'));
const home = join(tmp, 'home');
const prefix = join(tmp, 'prefix');
const elsewhere = join(tmp, 'elsewhere');
const installed = join(prefix, 'lib', 'node_modules', pkg.name);

/** npm's cache of the calling shell: reused so that a registry download, if any, is not repeated. */
function npmCache(): string {
  const result = spawnSync('npm', ['config', 'get', 'cache'], { cwd: ROOT, encoding: 'utf8' });
  return result.stdout.trim() || join(process.env.HOME ?? tmp, '.npm');
}

/** Only what a login shell has: PATH (with this node and npm), HOME, LANG; plus npm's cache and the CA bundle npm may need. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    npm_config_cache: npmCache(),
    npm_config_update_notifier: 'false',
  };
  for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string>) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let env: Record<string, string>;
let install: ReturnType<typeof run>;

beforeAll(() => {
  for (const dir of [home, prefix, elsewhere]) mkdirSync(dir, { recursive: true });
  env = cleanEnv();
  const pack = run('npm', ['pack', '--pack-destination', tmp, '--json'], ROOT, env);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
  install = run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(tmp, filename)], elsewhere, env);
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm install -g of the packed tarball', () => {
  it('installs with no browser download and without the full puppeteer', () => {
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.code).toBe(0);
    expect(existsSync(join(installed, 'node_modules', 'puppeteer'))).toBe(false);
    expect(install.stderr).not.toMatch(/puppeteer/i);
    expect(existsSync(join(home, '.cache', 'puppeteer'))).toBe(false);
  });

  it('ships the licence, the third-party notices and the Mermaid the render page loads', () => {
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(
      /^Copyright \d{4} The k8snet Authors\n\n\s+Apache License\n\s+Version 2\.0/,
    );
    expect(readFileSync(join(installed, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8')).toMatch(/^puppeteer-core@[\d.]+ \(Apache-2\.0\)$/m);
    expect(readdirSync(join(installed, 'dist', 'node_modules', 'mermaid', 'dist'))).toContain('mermaid.esm.min.mjs');
  });

  it('runs k8snet from another folder', () => {
    const version = run('k8snet', ['--version'], elsewhere, env);
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const compare = run('k8snet', ['compare', 'kube-proxy', 'cni'], elsewhere, env);
    expect(compare.stderr).toBe('');
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/^Comparison: kube-proxy · CNI\n/);
    expect(compare.stdout).toContain('Sources');
  });

  it.skipIf(browser === undefined)(`renders an SVG with the system browser (${browser ?? 'none found: skipped'})`, () => {
    const result = run('k8snet', ['diagram', 'service-flow', '--lang', 'zh', '-o', 'flow.svg'], elsewhere, env);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const svg = readFileSync(join(elsewhere, 'flow.svg'), 'utf8');
    expect(svg).toMatch(/^<svg id="k8snet-1"/);
    expect(svg).toContain('kube-proxy');
    expect(svg).not.toContain('aria-roledescription="error"');
  });
});
