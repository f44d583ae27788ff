/**
 * Build: validate and compile the catalogue to dist/catalogue.json, then bundle the CLI with
 * esbuild. Heavy modules (yaml and zod for --catalog; puppeteer-core for rendering) become lazy
 * chunks so that `k8snet compare` starts fast. Everything the CLI runs is in dist/ (see
 * package-files.ts), so the package has no npm dependencies to install.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { copyPagePackages, writeThirdPartyNotices } from './package-files.ts';
import { compileCatalogue } from '../src/catalogue/compile.ts';
import { DataError } from '../src/errors.ts';
import { loadTraceData } from '../src/trace/build-data.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// Build into a fresh folder and swap it in at the end, so a running CLI or test never sees a half-built dist/.
const out = `dist.build-${process.pid}`;
try {
  const data = compileCatalogue(process.argv[2] ?? 'data');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}/catalogue.json`, JSON.stringify(data));
  // The packet walks of `k8snet trace`, validated against src/catalogue/trace-schema.ts.
  writeFileSync(`${out}/traces.json`, JSON.stringify(loadTraceData(`${process.argv[2] ?? 'data'}/traces`)));
} catch (error) {
  if (!(error instanceof DataError)) throw error;
  for (const issue of error.issues.length > 0 ? error.issues : [error.message]) console.error(issue);
  process.exit(1);
}

/**
 * commander requires node:child_process when it loads, only to spawn stand-alone executable
 * subcommands, which k8snet does not have; loading it (with net and dgram) costs every command
 * ~2 ms. Defer the require to the first spawn. The build fails if the line is not found.
 */
const lazyCommanderChildProcess: Plugin = {
  name: 'lazy-commander-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!source.includes(line)) throw new Error('commander changed: update lazyCommanderChildProcess in scripts/build.ts');
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(line, lazy), loader: 'js' };
    });
  },
};

const bundle = await build({
  metafile: true,
  plugins: [lazyCommanderChildProcess],
  // The YAML worker is its own entry: inspect starts it with new Worker() for large inputs.
  entryPoints: { k8snet: 'src/main.ts', 'cluster-yaml-worker': 'src/cluster/yaml-worker.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { K8SNET_VERSION: JSON.stringify(pkg.version) },
  // puppeteer-core is bundled, into a chunk loaded only to render: one file loads in about half
  // the time of its ~400 modules. Mermaid is not imported by Node at all: the page loads it.
  banner: { js: "import { createRequire as __k8snetRequire } from 'node:module'; const require = __k8snetRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeThirdPartyNotices(out, [bundle.metafile], copyPagePackages(out));

rmSync(`${out}.old`, { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', `${out}.old`);
renameSync(out, 'dist');
rmSync(`${out}.old`, { recursive: true, force: true });
