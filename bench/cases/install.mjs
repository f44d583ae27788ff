/**
 * The installed size: `npm pack`, then `npm install -g` of the tarball into a temporary prefix with
 * a clean environment (as test/e2e/install.test.ts does), and measure what landed on disk: the
 * packages npm added, their size, and what each direct dependency brings (the packages reached only
 * through it). Not a timing table: one install is measured once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Apparent bytes and disk blocks of a folder, optionally without nested node_modules. */
function measure(dir, { skipNodeModules = false } = {}) {
  let bytes = 0;
  let blocks = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipNodeModules && entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const stat = lstatSync(path);
    blocks += stat.blocks;
    if (entry.isDirectory()) {
      const inner = measure(path, { skipNodeModules });
      bytes += inner.bytes;
      blocks += inner.blocks;
    } else bytes += stat.size;
  }
  return { bytes, blocks };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Each direct dependency: packages it reaches, and those reached only through it, with their size. */
function dependencyCosts(installed) {
  const result = spawnSync('npm', ['ls', '--all', '--json', '--long', '--omit=dev'], {
    cwd: installed,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const tree = JSON.parse(result.stdout || '{}');
  const size = new Map();
  const reach = new Map();
  const walk = (node, seen) => {
    for (const dep of Object.values(node.dependencies ?? {})) {
      if (!dep.path || seen.has(dep.path)) continue;
      seen.add(dep.path);
      if (!size.has(dep.path)) size.set(dep.path, measure(dep.path, { skipNodeModules: true }).bytes);
      walk(dep, seen);
    }
  };
  for (const [name, dep] of Object.entries(tree.dependencies ?? {})) {
    if (!dep.path) continue;
    const seen = new Set([dep.path]);
    size.set(dep.path, measure(dep.path, { skipNodeModules: true }).bytes);
    walk(dep, seen);
    reach.set(name, seen);
  }
  const owners = new Map();
  for (const seen of reach.values()) for (const path of seen) owners.set(path, (owners.get(path) ?? 0) + 1);
  const sum = (paths) => paths.reduce((total, path) => total + (size.get(path) ?? 0), 0);
  return [...reach]
    .map(([name, seen]) => {
      const only = [...seen].filter((path) => owners.get(path) === 1);
      return { name, reached: seen.size, reachedBytes: sum([...seen]), only: only.length, onlyBytes: sum(only) };
    })
    .sort((a, b) => b.onlyBytes - a.onlyBytes);
}

export async function cases({ root, tmp }) {
  const title = 'Installed size: `npm install -g` of the packed tarball';
  const dir = join(tmp, 'install');
  const home = join(dir, 'home');
  const prefix = join(dir, 'prefix');
  for (const d of [home, prefix]) mkdirSync(d, { recursive: true });
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { cwd: root, encoding: 'utf8' }).trim();
  const env = {
    PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: home,
    npm_config_cache: cache,
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
  };
  const [{ filename, size: packed }] = JSON.parse(
    execFileSync('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: root, env, encoding: 'utf8' }),
  );
  const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(dir, filename)], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  if (install.status !== 0) return [{ title, skip: `npm install -g failed: ${install.stderr.trim().split('\n').pop()}` }];
  const added = /added (\d+) packages?/.exec(install.stdout)?.[1] ?? '?';
  const installed = join(prefix, 'lib', 'node_modules', 'k8snet');
  const total = measure(installed);
  const dependencyBytes = existsSync(join(installed, 'node_modules')) ? measure(join(installed, 'node_modules')).bytes : 0;
  const mermaid = measure(join(installed, 'dist', 'node_modules'));
  const costs = dependencyCosts(installed);
  const rows = [
    '| what | value |',
    '| --- | --- |',
    `| packages npm added | ${added} |`,
    `| installed size on disk (\`du\`) | ${mb(total.blocks * 512)} |`,
    `| installed size, apparent | ${mb(total.bytes)} |`,
    `| of which the Mermaid files the render page loads (\`dist/node_modules/mermaid\`) | ${mb(mermaid.bytes)} |`,
    `| of which in the package's own \`node_modules/\` (dependencies) | ${mb(dependencyBytes)} |`,
    `| tarball (\`npm pack\`) | ${mb(packed)} |`,
  ];
  const dependencies =
    costs.length === 0
      ? 'No npm dependencies: commander, chalk, yaml, zod and puppeteer-core are bundled into `dist/`, and Mermaid is copied there.'
      : [
          '| dependency | packages reached | size reached | packages only through it | size only through it |',
          '| --- | ---: | ---: | ---: | ---: |',
          ...costs.map((c) => `| ${c.name} | ${c.reached} | ${mb(c.reachedBytes)} | ${c.only} | ${mb(c.onlyBytes)} |`),
        ].join('\n');
  const text = `Target: no browser download, no package the CLI does not run. One install into a temporary prefix (HOME and environment clean, npm's cache shared).\n\n${rows.join('\n')}\n\n${dependencies}`;
  return [{ title, text }];
}
