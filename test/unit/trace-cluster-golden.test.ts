// @vitest-environment node
/**
 * Golden walks through real inputs (issue 12): each stack's walk as Markdown and as Mermaid,
 * reviewed against the sources cited in them. Walks whose CNI manifest is in the shared corpus
 * skip, visibly, when the corpus is absent.
 */
import { describe, expect, it } from 'vitest';
import { traceTranslator } from '../../src/i18n/trace-messages.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { buildTraceView, traceDocument, traceSequence } from '../../src/views/trace.ts';
import { corpusPresent } from '../helpers/emitted-mermaid.ts';
import { CLUSTER_WALKS, clusterWalk, usesCorpus } from './trace-cluster-helpers.ts';

describe('golden walks through real clusters', () => {
  for (const c of CLUSTER_WALKS) {
    it.skipIf(usesCorpus(c) && !corpusPresent)(c.name, async () => {
      const { walk, view: input } = await clusterWalk(c.inputs, c.request);
      const t = traceTranslator('en');
      const view = buildTraceView(walk, 'en', t, input);
      await expect(renderDocumentAsMarkdown(traceDocument(view, t))).toMatchFileSnapshot(`../fixtures/trace-cluster/golden/${c.name}.md`);
      await expect(traceSequence(view, t).toString()).toMatchFileSnapshot(`../fixtures/trace-cluster/golden/${c.name}.mmd`);
    });
  }
});
