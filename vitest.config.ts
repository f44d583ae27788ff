import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The default reporter for people; a JSON report for .ci/run, which prints the plain
    // "N passed, N failed, N skipped" line the CI reads.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
