import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { Localized, SourceUrl } from '../../src/catalogue/schema.ts';
import { DIAGRAM_FACTS, PROXY_MODES } from '../../src/diagrams/facts.ts';

const ProxyMode = z.strictObject({
  id: z.enum(PROXY_MODES),
  programmer: z.string(),
  rules: Localized,
  datapath: Localized,
  choose: Localized,
  reverse: Localized,
  source: SourceUrl,
});
const Facts = z.strictObject({
  $comment: z.string(),
  proxyModes: z.array(ProxyMode),
  podNetworkSetup: z.strictObject({ caller: Localized, call: Localized, note: Localized, source: SourceUrl }),
  controlPlane: z.strictObject({
    components: z.array(z.strictObject({ id: z.string(), name: Localized })),
    source: SourceUrl,
  }),
});

describe('data/diagrams/diagram-facts.json', () => {
  it('matches its schema, with a primary source for every group of facts', () => {
    const result = Facts.safeParse(DIAGRAM_FACTS);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('describes every proxy mode once, programmed by a catalogue entry', () => {
    const catalogue = new Catalogue(compileCatalogue('data'));
    expect(DIAGRAM_FACTS.proxyModes.map((m) => m.id)).toEqual([...PROXY_MODES]);
    for (const mode of DIAGRAM_FACTS.proxyModes) expect(catalogue.find(mode.programmer), mode.programmer).toBeDefined();
    expect(DIAGRAM_FACTS.controlPlane.components.map((c) => c.id)).toEqual(['api-server', 'etcd', 'controller-manager', 'scheduler']);
  });
});
