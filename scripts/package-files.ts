/**
 * What the build adds to dist/ besides the bundle, so that the installed CLI needs no npm
 * dependencies at all:
 *
 * - the files of the packages the render page loads in the browser (Mermaid's ESM build), copied
 *   with their licence to dist/node_modules/<name>/, where Node's own resolution finds them from
 *   every file of dist/ (`require.resolve('mermaid/dist/…')` in src/io/render-mermaid.ts); the
 *   ~100 packages Mermaid depends on are already inside that build;
 * - THIRD-PARTY-NOTICES.txt: the licence of every package bundled into dist/ or copied there.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Metafile } from 'esbuild';

/**
 * The packages the page loads, and which of their files: a folder means its .mjs files (no
 * source maps, no types). To ship another page module (say @mermaid-js/layout-elk), add it here
 * and move it to devDependencies.
 */
export const PAGE_PACKAGES: readonly { name: string; files: readonly string[] }[] = [
  { name: 'mermaid', files: ['dist/mermaid.esm.min.mjs', 'dist/chunks/mermaid.esm.min'] },
];

interface PackageJson {
  name: string;
  version: string;
  license?: string;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

function licenceFile(dir: string): string | undefined {
  const name = readdirSync(dir).find((f) => /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i.test(f));
  return name === undefined ? undefined : join(dir, name);
}

/** Copy the page packages into `out`/node_modules; returns their package folders in node_modules. */
export function copyPagePackages(out: string, nodeModules = 'node_modules'): string[] {
  return PAGE_PACKAGES.map(({ name, files }) => {
    const from = join(nodeModules, name);
    const to = join(out, 'node_modules', name);
    const pkg = readPackage(from);
    for (const file of files) {
      const source = join(from, file);
      if (!existsSync(source)) throw new Error(`${name}@${pkg.version} has no ${file}: update PAGE_PACKAGES in scripts/package-files.ts`);
      mkdirSync(dirname(join(to, file)), { recursive: true });
      cpSync(source, join(to, file), { recursive: true, filter: (path) => !/\.(map|d\.ts)$/.test(path) });
    }
    const licence = licenceFile(from);
    if (licence === undefined) throw new Error(`${name} ships no licence file`);
    cpSync(licence, join(to, 'LICENSE'));
    const manifest = {
      name,
      version: pkg.version,
      license: pkg.license,
      type: 'module',
      description: `the files of ${name} k8snet's render page loads`,
    };
    writeFileSync(join(to, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return from;
  });
}

/** The package folder (…/node_modules/name or …/node_modules/@scope/name) a bundled input belongs to. */
export function packageDirOf(input: string): string | undefined {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

/** THIRD-PARTY-NOTICES.txt for every package with a file in the bundle, plus `extra` package folders. */
export function writeThirdPartyNotices(out: string, metafiles: readonly Metafile[], extra: readonly string[]): number {
  const dirs = new Set(extra);
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const dir = packageDirOf(input);
      if (dir !== undefined) dirs.add(dir);
    }
  }
  const packages = [...dirs]
    .map((dir) => ({ dir, pkg: readPackage(dir) }))
    .sort((a, b) => (a.pkg.name < b.pkg.name ? -1 : a.pkg.name > b.pkg.name ? 1 : 0));
  const sections = packages.map(({ dir, pkg }) => {
    const licence = licenceFile(dir);
    const text =
      licence === undefined
        ? `(the package ships no licence file; its package.json says ${pkg.license ?? 'nothing'})`
        : readFileSync(licence, 'utf8').trim();
    return `${pkg.name}@${pkg.version} (${pkg.license ?? 'no licence field'})\n${'-'.repeat(72)}\n${text}\n`;
  });
  const header =
    'k8snet bundles the following packages into dist/ (or copies their files there). Their licences follow.\n' +
    `k8snet itself is licensed under the Apache License 2.0: see LICENSE.\n\n${'='.repeat(72)}\n\n`;
  writeFileSync(join(out, 'THIRD-PARTY-NOTICES.txt'), header + sections.join(`\n${'='.repeat(72)}\n\n`));
  return packages.length;
}
