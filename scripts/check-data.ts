/**
 * Validate the shipped catalogue (schemas + cross-file rules) and print every problem.
 * `npx tsx scripts/check-data.ts` — the build runs the same check.
 */
import { compileCatalogue } from '../src/catalogue/compile.ts';
import { DataError } from '../src/errors.ts';

try {
  const data = compileCatalogue('data');
  console.log(`catalogue OK: ${data.entries.length} entries, ${data.kinds.length} kinds, ${data.layers.length} layers`);
} catch (error) {
  if (!(error instanceof DataError)) throw error;
  for (const issue of error.issues.length > 0 ? error.issues : [error.message]) console.error(issue);
  process.exitCode = 1;
}
