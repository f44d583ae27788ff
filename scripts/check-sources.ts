/**
 * `npm run check:sources`: every fact cites a page or file (not a site or repository root), and no
 * text states a version that contradicts a catalogue mode's. The rules are documented in
 * src/catalogue/check-sources.ts; test/unit/check-sources.test.ts runs the same check.
 */
import { readFileSync } from 'node:fs';
import { checkSources } from '../src/catalogue/check-sources.ts';
import { compileCatalogue } from '../src/catalogue/compile.ts';
import { DataError } from '../src/errors.ts';
import { loadTraceData } from '../src/trace/build-data.ts';

try {
  const issues = checkSources({
    catalogue: compileCatalogue('data'),
    traces: loadTraceData('data/traces'),
    diagramFacts: JSON.parse(readFileSync('data/diagrams/diagram-facts.json', 'utf8')) as unknown,
  });
  for (const issue of issues) console.error(issue);
  if (issues.length > 0) {
    console.error(`${issues.length} source problem${issues.length === 1 ? '' : 's'}`);
    process.exitCode = 1;
  } else console.log('sources OK: every fact cites a page or file, and no version contradicts a catalogue mode');
} catch (error) {
  if (!(error instanceof DataError)) throw error;
  for (const issue of error.issues.length > 0 ? error.issues : [error.message]) console.error(issue);
  process.exitCode = 1;
}
