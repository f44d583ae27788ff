/**
 * Rendering: every standard diagram in one `k8snet render --all` call against ONE plain `mmdc` call
 * for a single diagram. Target: the whole set in at most 1.5× that one mmdc call.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BROWSERS = [
  process.env.PUPPETEER_EXECUTABLE_PATH,
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export async function cases({ root, bin, tmp }) {
  const node = process.execPath;
  const browser = BROWSERS.find((p) => p && existsSync(p));
  const title = 'Rendering: all standard diagrams in one call vs one `mmdc` call';
  if (!browser) return [{ title, skip: 'no Chrome or Chromium found' }];
  const dir = join(tmp, 'render');
  mkdirSync(dir, { recursive: true });
  // The same diagram source k8snet renders first, and the same browser flags.
  const source = join(dir, 'service-flow.mmd');
  writeFileSync(source, execFileSync(node, [bin, 'diagram', 'service-flow'], { encoding: 'utf8' }));
  const config = join(dir, 'puppeteer-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      executablePath: browser,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-setuid-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--no-default-browser-check',
      ],
    }),
  );
  const mmdc = join(root, 'node_modules/@mermaid-js/mermaid-cli/src/cli.js');
  return [
    {
      title,
      target: '`k8snet render --all` (7 diagrams) at most 1.5× one `mmdc` call',
      runs: 7,
      commands: [
        { label: 'one `mmdc` call: service-flow → SVG', argv: [node, mmdc, '-q', '-p', config, '-i', source, '-o', join(dir, 'mmdc.svg')] },
        {
          label: '`k8snet render --all` (7 SVGs, one language)',
          argv: [node, bin, 'render', '--all', '-d', join(dir, 'one')],
          env: { PUPPETEER_EXECUTABLE_PATH: browser },
        },
        {
          label: '`k8snet render --all --lang all` (14 SVGs)',
          argv: [node, bin, 'render', '--all', '--lang', 'all', '-d', join(dir, 'all')],
          env: { PUPPETEER_EXECUTABLE_PATH: browser },
        },
        {
          label: '`k8snet diagram service-flow -o x.svg` (the same one-page renderer)',
          argv: [node, bin, 'diagram', 'service-flow', '-o', join(dir, 'one.svg')],
          env: { PUPPETEER_EXECUTABLE_PATH: browser },
        },
      ],
    },
  ];
}
