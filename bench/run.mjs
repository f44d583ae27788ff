#!/usr/bin/env node
/**
 * `npm run bench`: time k8snet against its floor and its peers, side by side in one run, and
 * write bench/RESULTS.md. Commands of a group run alternately (A B A B …) so drift on a busy
 * machine hits all of them alike. Case files: bench/cases/*.mjs (see bench/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/k8snet.js');
const only = process.argv.slice(2);
const hasGnuTime = existsSync('/usr/bin/time');

function timeOnce(argv, env) {
  const wrapped = hasGnuTime ? ['/usr/bin/time', '-f', '%M', ...argv] : argv;
  const start = process.hrtime.bigint();
  const result = spawnSync(wrapped[0], wrapped.slice(1), {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0 && !(argv.okExit ?? []).includes(result.status)) {
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${(result.stderr || '').slice(-500)}`);
  }
  const kib = hasGnuTime ? Number((result.stderr || '').trim().split('\n').pop()) : Number.NaN;
  return { seconds, mib: kib / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-bench-'));
const sections = [];
try {
  const files = readdirSync(join(root, 'bench/cases'))
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  for (const file of files) {
    if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
    const { cases } = await import(pathToFileURL(join(root, 'bench/cases', file)).href);
    const groups = await cases({ root, bin, tmp });
    for (const group of groups) {
      if (group.text) {
        // A measured section that is not a timing table (e.g. the installed size).
        sections.push(`## ${group.title}\n\n${group.text}\n`);
        console.log(`\n## ${group.title}\n\n${group.text}`);
        continue;
      }
      if (group.skip) {
        sections.push(`## ${group.title}\n\nSkipped: ${group.skip}\n`);
        console.error(`skip ${group.title}: ${group.skip}`);
        continue;
      }
      const runs = group.runs ?? 15;
      const samples = group.commands.map(() => []);
      for (let i = 0; i < 2; i++) for (const c of group.commands) timeOnce(c.argv, c.env);
      for (let r = 0; r < runs; r++) {
        for (const [i, c] of group.commands.entries()) samples[i].push(timeOnce(c.argv, c.env));
      }
      const base = median(samples[0].map((s) => s.seconds));
      const rows = group.commands.map((c, i) => {
        const secs = samples[i].map((s) => s.seconds);
        const mem = samples[i].map((s) => s.mib);
        const med = median(secs);
        return `| ${c.label} | ${med.toFixed(3)} s | ${Math.min(...secs).toFixed(3)}–${Math.max(...secs).toFixed(3)} s | ${Number.isNaN(mem[0]) ? 'n/a' : `${median(mem).toFixed(0)} MiB`} | ${(med / base).toFixed(2)}× |`;
      });
      const table = [
        '| command | median wall | min–max | peak RSS (median) | ratio to first row |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
      const text = `## ${group.title}\n\nTarget: ${group.target}. ${runs} timed runs per command after 2 warm-ups, alternating.\n\n${table}\n`;
      sections.push(text);
      console.log(`\n${text}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const node = process.version;
const header = `# Benchmark results\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${node}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}. Wall time of whole processes, medians; re-run to refresh.\n`;
if (only.length === 0) writeFileSync(join(root, 'bench/RESULTS.md'), `${header}\n${sections.join('\n')}`);
else console.error('(a filtered run does not rewrite bench/RESULTS.md)');
