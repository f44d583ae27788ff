/**
 * The diagram facts of data/diagrams/diagram-facts.json, typed. The JSON is bundled into the CLI by
 * esbuild; its shape and sources are checked by test/unit/diagram-facts.test.ts.
 */

import facts from '../../data/diagrams/diagram-facts.json' with { type: 'json' };
import type { Localized } from '../catalogue/schema.ts';

import type { ProxyMode } from './constants.ts';

export { PROXY_MODES, type ProxyMode } from './constants.ts';

export interface ProxyModeFacts {
  id: ProxyMode;
  /** Catalogue id of the component that programs the node in this mode. */
  programmer: string;
  rules: Localized;
  datapath: Localized;
  choose: Localized;
  reverse: Localized;
  source: string;
}

export interface DiagramFacts {
  proxyModes: ProxyModeFacts[];
  podNetworkSetup: { caller: Localized; call: Localized; note: Localized; source: string };
  controlPlane: { components: { id: string; name: Localized }[]; source: string };
}

export const DIAGRAM_FACTS = facts as DiagramFacts;

export function proxyModeFacts(mode: ProxyMode): ProxyModeFacts {
  const found = DIAGRAM_FACTS.proxyModes.find((m) => m.id === mode);
  if (!found) throw new Error(`internal: no diagram facts for proxy mode ${mode}`);
  return found;
}
