import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../../scripts/render-docs.ts';

describe('docs/ is up to date', () => {
  // The SVGs are compared through the Mermaid sources they were rendered from (the .mmd files
  // written beside them by the same script): Chromium's SVG bytes vary between versions.
  it.each([...generatedDocs()])('%s matches what the code generates (run: npx tsx scripts/render-docs.ts)', (path, text) => {
    expect(readFileSync(path, 'utf8')).toBe(text);
    if (path.endsWith('.mmd')) expect(existsSync(path.replace(/\.mmd$/, '.svg')), `${path} has no SVG`).toBe(true);
  });
});
